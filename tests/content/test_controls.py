"""One table of the characters that must never reach a terminal, read by every layer."""

from __future__ import annotations

import pytest

from content.controls import FORBIDDEN, FORBIDDEN_OR_SURROGATE
from content.fields import _clean_text
from sessions.markdown import strip_controls
from sessions.text import clean_text


@pytest.mark.parametrize("char", list(FORBIDDEN), ids=lambda c: f"U+{ord(c):04X}")
def test_every_layer_keeps_out_the_same_characters(char):
    """The pack refuses, typing cleans and the export strips exactly the same characters
    (the export's own list once let a byte-order mark through)."""
    text = f"a{char}b"
    assert clean_text(text) in ("ab", "a\nb")  # CR becomes a line break before cleaning
    assert strip_controls(text) == "ab"
    if char != "\r":  # a pack's CR is a line break too
        with pytest.raises(ValueError, match="control character"):
            _clean_text(text)


def test_tab_newline_and_ordinary_text_pass():
    text = "Ana\tBo\nCé 日本 👍"
    assert clean_text(text) == text
    assert strip_controls(text) == text
    assert _clean_text(text) == text
    assert FORBIDDEN_OR_SURROGATE.search(text) is None
    assert FORBIDDEN_OR_SURROGATE.search("a\ud800") is not None
