"""The join address as a QR code drawn with half blocks, two rows of modules per terminal line.

segno makes the code (pure Python, no imaging library, well kept); drawing it is ours, since
segno's own terminal output writes colour escape codes, which must never reach a Textual screen.
"""

from __future__ import annotations

from functools import lru_cache

import segno

_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
"""The character for each (top module dark, bottom module dark)."""


@lru_cache(maxsize=4)
def qr_lines(text: str, *, border: int = 2) -> tuple[str, ...]:
    """Return the QR code of `text` as lines of half blocks, dark modules drawn.

    Shown dark on light (the way phones expect), the code needs its quiet `border` around it.
    Kept for the room's address: the panel redraws with every ballot, the code never changes.
    """
    code = segno.make(text, error="m", boost_error=False)
    rows = [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return tuple(
        "".join(_HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    )
