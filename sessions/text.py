"""Cleaning of text that people type or that arrives in files other people wrote."""

from __future__ import annotations

import re
import unicodedata

from content.controls import REMOVE_FORBIDDEN, SURROGATES

_SURROGATE = re.compile(f"[{SURROGATES}]")
_LINE_BREAKS = re.compile(r"\r\n|\r")
_WHITESPACE_RUN = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Return `text` safe to store and show, keeping line breaks and tabs.

    Lone surrogates become U+FFFD, CR LF and lone CR become LF, ESC and every other C0 or C1
    control, DEL, bidi overrides and byte-order marks are removed, and the result is NFC.
    Leading and trailing whitespace is trimmed.
    """
    if text.isascii() and text.isprintable() and text.strip() == text:
        # Nothing to do, the common case (ids, choices, most names): printable ASCII holds
        # no control, bidi mark or surrogate, is its own NFC form, and is already trimmed.
        # Reading a long timeline cleans tens of thousands of such strings.
        return text
    text = _SURROGATE.sub("\ufffd", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = text.translate(REMOVE_FORBIDDEN)
    return unicodedata.normalize("NFC", text).strip()


def clean_line(text: str) -> str:
    """Return `text` cleaned as by `clean_text` and folded onto one line."""
    return _WHITESPACE_RUN.sub(" ", clean_text(text))


def slugify(text: str, *, fallback: str = "item") -> str:
    """Return a lowercase id made of letters, digits and hyphens, for a name typed by a person."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:40].strip("-") or fallback


def plural(n: int, word: str, words: str | None = None) -> str:
    """Return a count with its noun: `1 role`, `3 roles`; `words` for an irregular plural."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def one_line(text: str) -> str:
    """Return `text` with its line breaks, tabs and runs of spaces folded into single spaces."""
    return " ".join(text.split())


def shorten(text: str, width: int, *, middle: bool = False) -> str:
    """Return `text` on one line, cut with `…` to at most `width` terminal cells.

    The one place Forming shortens text, for where there is truly no room for all of it (a
    quote inside a sentence, a label beside fixed columns). It counts terminal cells, not
    characters, so wide characters (CJK, most emoji) take the two cells they need on screen.
    `middle` cuts from the middle, keeping the end: for names told apart by how they end,
    such as file names (`returns-forecast-2.toml`, `returns-forecast-3.toml`).
    """
    from rich.cells import cell_len, set_cell_size  # Rich's own measure, as the screen uses

    line = one_line(text)
    if cell_len(line) <= width:
        return line
    if width <= 1:
        return "…"[:width]
    if middle and width >= 5:
        head = set_cell_size(line, width - 1 - (width - 1) // 2).rstrip()
        # The end takes the cells the head left, counted from the right: a wide character
        # that does not fit whole is left out.
        end = ""
        for char in reversed(line):
            if cell_len(head) + 1 + cell_len(char + end) > width:
                break
            end = char + end
        return head + "…" + end
    # `set_cell_size` pads with a space when a wide character straddles the edge: dropped.
    return set_cell_size(line, width - 1).rstrip() + "…"
