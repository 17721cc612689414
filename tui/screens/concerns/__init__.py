"""Stage 5, each other's concerns: the screen (`screen`) and its jobs, one module each.

`screen` draws a role's round and owns the keys; `items` adds, edits and removes concerns;
`votes` places and clears dots and marks who heard a concern; `silent` reveals what the room
wrote silently.
"""

from tui.screens.concerns.screen import ConcernsScreen

__all__ = ["ConcernsScreen"]
