"""The session file's marks and the limits of its fields, without pydantic.

The model (`sessions.model`) builds its types from these; the store's document checks and the
home list's summary reader read them too, and both run before pydantic is imported (the home
screen lists sessions without the model, see docs/performance.md).
"""

from __future__ import annotations

from typing import Final

from content.limits import NAME_MAX as NAME_MAX
from content.limits import TEXT_MAX as TEXT_MAX

FORMAT: Final = "forming.session"
"""What every session file says it is (`format = "forming.session"`)."""
SCHEMA: Final = 1
"""The schema this version of Forming reads and writes."""
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
"""An identifier: letters, digits, `_`, `.` and `-`, starting with a letter or digit, at most
64 characters."""
FOLLOWS_ID = "follows_id"
"""The key of `[session]` naming the session a follow-up continues (kept as an unknown key)."""
