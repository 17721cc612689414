"""How long a name and a text may be: one pair of limits for packs and sessions alike.

Apart from `content.fields` (the pack's field types, with pydantic) so that code running before
pydantic is imported (the home screen's list of sessions, `sessions.limits`) can read them.
"""

from __future__ import annotations

NAME_MAX = 80
"""Longest name or title, in characters: it has to fit a line on an 80-column screen."""

TEXT_MAX = 2000
"""Longest free text (summaries, prompts, notes), in characters."""
