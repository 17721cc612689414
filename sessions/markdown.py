"""Text people typed, written into the exports safely: Markdown that renders exactly as typed.

The charter, the process document and the diff write what the room typed through these: every
character that could start Markdown syntax is escaped, text is kept on one line where a line is
expected, and no terminal control character gets through (a document may be `cat` to a
terminal).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from content.controls import REMOVE_FORBIDDEN
from sessions.text import one_line

# Characters that start Markdown (and GitHub) inline syntax anywhere in a line: escapes, code,
# emphasis, links, HTML and autolinks, table cells, strikethrough, entities, maths, headings.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&$#])")
# Constructs that only count at the start of a block, and only as CommonMark defines them, so
# text that merely starts with a number or a sign ("4.0 of 5", "-1 min", "= still open") is
# written as typed: an ordered list marker (one to nine digits, "." or ")", then a space or the
# end), a bullet marker ("-" or "+", then a space or the end), and a setext underline or
# thematic break (a line of "=" or "-" alone). "*" and "_" are escaped everywhere (inline).
_MD_BLOCK_START = re.compile(
    r"^(?:(\d{1,9})([.)])(?=[ \t]|$)|([-+])(?=[ \t]|$)|([-=])(?=[-= \t]*$))"
)


def strip_controls(text: str) -> str:
    """Return `text` without any character that must not reach a terminal (`content.controls`).

    The model already removes them, but a charter may be shown in a terminal (`cat`), so the
    export makes sure none can reach one whatever it was given.
    """
    return text.translate(REMOVE_FORBIDDEN)


def plain_line(text: str) -> str:
    """Return `text` without controls, folded onto one line: safe for a terminal or a title."""
    return one_line(strip_controls(text))


def md(text: str) -> str:
    """Return user text as Markdown that renders exactly as typed, on one line.

    Every character that could start inline syntax is backslash-escaped, as is a list marker,
    setext underline or thematic break at the start (and nothing else there: "4.0" stays as
    typed, "4. " becomes "4\\. "), so the text is safe inline, in a list item, in a heading and
    in a table cell (where `|` would otherwise end the cell).
    """
    text = _MD_INLINE.sub(r"\\\1", plain_line(text))
    return _MD_BLOCK_START.sub(_escape_block_start, text, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    number, delimiter, marker, underline = match.groups()
    return f"{number}\\{delimiter}" if number else f"\\{marker or underline}"


def cell(text: str) -> str:
    """Return user text for a table cell; an empty value shows as a dash."""
    return md(text) or "–"


def table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """Return a GitHub table; cells must already be escaped."""
    headers = list(headers)
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def md_names(names: Iterable[str]) -> str:
    """Return escaped names joined by commas."""
    return ", ".join(md(name) for name in names)
