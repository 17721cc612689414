"""The files a content pack folder holds, by name."""

from __future__ import annotations

PACK_FILE = "pack.toml"
"""The one file every pack must have: the pack's identity and its agenda."""

ROLES_FILE = "roles.toml"
"""The roles the workshop maps people onto."""

CONCERNS_FILE = "concerns.toml"
"""Concerns seeded for each role."""

HANDOFFS_FILE = "handoffs.toml"
"""Typical handoffs between roles."""

PROCESS_FILE = "process.toml"
"""Environments, gates, pipeline steps, definition of done and learning pairings."""

RITUALS_FILE = "rituals.toml"
"""The shared backlog and the team's meetings."""

PACK_FILES = (PACK_FILE, ROLES_FILE, CONCERNS_FILE, HANDOFFS_FILE, PROCESS_FILE, RITUALS_FILE)
"""Every file a pack may hold, in the order they are read."""
