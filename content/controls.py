"""The characters that must never reach a terminal, in one table for every layer.

They reach a terminal as commands (ESC and every other C0 or C1 control, DEL), reorder what
is shown (the bidi controls of Trojan Source), or hide at the start of a text (the byte-order
mark). Tab and newline are the only controls text may carry. It lives in the lowest layer so
that a pack's text is refused on them (`content.fields`), text people type is cleaned of them
(`sessions.text`) and every export strips them (`sessions.markdown`), all by the same table.
"""

from __future__ import annotations

import re

_C0_EXCEPT_TAB_AND_NEWLINE = "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A))
_DEL_AND_C1 = "\x7f" + "".join(chr(c) for c in range(0x80, 0xA0))
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BYTE_ORDER_MARK = "\ufeff"

FORBIDDEN = _C0_EXCEPT_TAB_AND_NEWLINE + _DEL_AND_C1 + _BIDI + _BYTE_ORDER_MARK
"""Every character text must not hold (CR among them: line breaks are made LF first)."""

REMOVE_FORBIDDEN = dict.fromkeys(map(ord, FORBIDDEN))
"""A `str.translate` table that deletes every forbidden character."""

SURROGATES = "\ud800-\udfff"
"""Lone surrogates, as a character-class range: they cannot be encoded to be written at all."""

FORBIDDEN_OR_SURROGATE = re.compile(f"[{re.escape(FORBIDDEN)}{SURROGATES}]")
"""Finds the first forbidden character or lone surrogate in a text."""
