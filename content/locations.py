"""Where something is in a pack file: a location as a dotted key, and the line it is written on.

Problems in a pack (and in a session file, `sessions.store`) are named by a dotted key such as
`roles[2].name`; for a pack the line is found too, so an editor can jump to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Loc = tuple[str | int, ...]
"""A location inside one file, e.g. `("roles", 2, "name")`."""


def format_loc(loc: Iterable[str | int]) -> str:
    """Turn a location such as `("roles", 2, "name")` into a dotted key `roles[2].name`."""
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else str(part)
    return key


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


def key_line(text: str, loc: Loc) -> int | None:
    """Find the line (1-based) where the entry at `loc` is written, or None.

    Pack files are plain: tables and lists of tables (`[pack]`, `[[roles]]`) holding
    `key = value` lines. `("roles", 2, "name")` is the `name =` line under the third
    `[[roles]]`; a missing key points at its table's header. Anything else gives None, and
    the problem is still named by its key.
    """
    if not text or not loc:
        return None
    lines = text.split("\n")
    parts = [part for part in loc if isinstance(part, str)]
    index = next((part for part in loc[1:2] if isinstance(part, int)), None)
    table = str(loc[0])
    start = 0
    header_line = None
    if len(parts) > 1 or index is not None:
        seen = -1
        for number, line in enumerate(lines):
            header = _HEADER.match(line)
            if header and header.group(1) == table:
                seen += 1
                if index is None or seen == index:
                    header_line = number
                    start = number + 1
                    break
        if header_line is None:
            return _key_in(lines, 0, table)
        wanted = parts[1] if len(parts) > 1 else None
        if wanted is None:
            return header_line + 1
        found = _key_in(lines, start, wanted)
        return found if found is not None else header_line + 1
    return _key_in(lines, 0, table)


def _key_in(lines: list[str], start: int, key: str) -> int | None:
    """Return the line of `key = ...` in the table starting at `start`, or None."""
    for number in range(start, len(lines)):
        if _HEADER.match(lines[number]):
            return None
        match = _KEY.match(lines[number])
        if match and key in match.groups():
            return number + 1
    return None
