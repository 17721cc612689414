"""The QR code drawn with half blocks holds exactly segno's modules, quiet zone included."""

from __future__ import annotations

import segno

from tui.room.qr import qr_lines


def test_half_blocks_hold_every_module() -> None:
    url = "http://192.168.1.20:8765/"
    lines = qr_lines(url, border=2)
    matrix = [[bool(m) for m in row] for row in segno.make(url, error="m").matrix_iter(border=2)]
    top = {"▀": (True, False), "▄": (False, True), "█": (True, True), " ": (False, False)}
    drawn: list[list[bool]] = []
    for line in lines:
        pairs = [top[char] for char in line]
        drawn.append([upper for upper, _ in pairs])
        drawn.append([lower for _, lower in pairs])
    assert drawn[: len(matrix)] == matrix
    assert not any(drawn[len(matrix) :][0]) if len(drawn) > len(matrix) else True
    assert len(lines) <= 20, "fits beside the room's details on an 80 x 24 projector"
