"""Text and ids safe inside a Mermaid diagram, for the exports that draw one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sessions.markdown import plain_line
from sessions.text import shorten

_MERMAID_ID_CHARS = re.compile(r"[^A-Za-z0-9]")


def mermaid_label(text: str, limit: int | None = None) -> str:
    """Return user text safe inside a quoted Mermaid label, using Mermaid's `#...;` codes."""
    text = plain_line(text) if limit is None else shorten(plain_line(text), limit)
    text = text.replace("#", "#35;")  # first, so the codes added below are not re-escaped
    for char, code in (('"', "#quot;"), ("<", "#60;"), (">", "#62;"), ("`", "#96;")):
        text = text.replace(char, code)
    return text


def mermaid_ids(role_ids: Iterable[str], prefix: str = "role_") -> dict[str, str]:
    """Return a distinct Mermaid node id for each id given: letters, digits and `_` only."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for role_id in role_ids:
        if role_id in ids:
            continue
        # The prefix keeps ids clear of Mermaid keywords such as `end` and `graph`.
        base = prefix + _MERMAID_ID_CHARS.sub("_", role_id)
        node, number = base, 2
        while node in taken:
            node, number = f"{base}_{number}", number + 1
        ids[role_id] = node
        taken.add(node)
    return ids
