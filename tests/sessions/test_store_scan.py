"""The quick scans before parsing give what the plain, slower scans gave, on any text.

`_structure_problem` (nesting and dotted keys too deep for the parser) and `_state_text` (the
text before a timeline written last) were made faster; the slower versions they replaced are
kept here as the reference, and random texts built from the characters that matter must get
the same answer from both.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import sessions.store as store
from sessions.errors import Problem
from sessions.store import MAX_DEPTH, document, reading

# -- the reference scans: the code before it was made faster ----------------------------------

_TOKEN = re.compile(r"\"\"\"|'''|[\"'#\[\]{}.=,\n]")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*""""{0,2}')
_ML_LITERAL = re.compile(r"'''[\s\S]*?'''(?:'{0,2})")
_SKIP = {'"': _BASIC, "'": _LITERAL, '"""': _ML_BASIC, "'''": _ML_LITERAL}


def reference_nesting(text: str) -> tuple[int, str] | None:
    """Where (offset) and why nesting goes too deep, one token at a time."""
    depth = dots = pos = 0
    while True:
        match = _TOKEN.search(text, pos)
        if match is None:
            return None
        token, start, pos = match.group(), match.start(), match.end()
        if token in _SKIP:
            string = _SKIP[token].match(text, start)
            if string is not None:
                pos = string.end()
            continue
        if token == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline
            continue
        if token == ".":
            dots += 1
            if dots >= MAX_DEPTH:
                return start, "dotted"
            continue
        dots = 0
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return start, "nested"
        elif token in "]}":
            depth = max(depth - 1, 0)


_HEADER = re.compile(r"""^[ \t]*\[\[?[ \t]*("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)""", re.MULTILINE)


def reference_state_text(text: str) -> str:
    """The text before the timeline, checking every later header one by one."""
    start = reading._TIMELINE_START.search(text)
    if start is None:
        return text
    for header in _HEADER.finditer(text, start.start()):
        if header[1].strip("\"'") != "timeline":
            return text
    return text[: start.start()]


def described(problem: Problem | None, text: str) -> tuple[int, str] | None:
    """The fast scan's answer in the reference's terms: the offset it names, and which limit."""
    if problem is None:
        return None
    line, column = map(int, re.findall(r"\d+", problem.where))
    offset = sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1
    return offset, "dotted" if "dotted" in problem.reason else "nested"


# -- texts made of what matters to the scans --------------------------------------------------

PIECES = st.sampled_from(
    [
        '"', "'", '"""', "'''", "#", "[", "]", "{", "}", ".", "=", ",", "\n", "\\", " ",
        "a", "b.c", '"x.y"', "'q'", "1.5", "[[timeline]]", "[timeline]", '["timeline"]',
        "[people]", "[[ timeline ]]", "[timelines]", "timeline", "\t", "\\\"", '"a\\"b"',
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=60).map("".join)


def deep(kind: str, n: int) -> str:
    """A text `n` levels deep: brackets, braces, or a dotted key with `n` dots."""
    if kind == "dots":
        return "x" + ".k" * n + " = 1\n"
    opening, closing = ("[", "]") if kind == "brackets" else ("{a = ", "}")
    return "x = " + opening * n + "1" + closing * n + "\n"


@settings(max_examples=600, deadline=None)
@given(
    prefix=TEXTS,
    middle=TEXTS,
    suffix=TEXTS,
    kind=st.sampled_from(["dots", "brackets", "braces"]),
    n=st.integers(MAX_DEPTH - 2, MAX_DEPTH + 2),
)
def test_the_nesting_scan_agrees_with_the_token_by_token_scan(prefix, middle, suffix, kind, n):
    for text in (prefix + middle + suffix, prefix + deep(kind, n) + suffix, middle + deep(kind, n)):
        assert described(document._structure_problem(text), text) == reference_nesting(text), text


@settings(max_examples=600, deadline=None)
@given(state=TEXTS, events=st.lists(TEXTS, max_size=4), tail=TEXTS)
def test_the_state_text_agrees_with_the_header_by_header_check(state, events, tail):
    body = "".join(f"\n[[timeline]]\nseq = {i}\n{event}" for i, event in enumerate(events))
    for text in (state + body, state + body + "\n" + tail, state + "\n[[timeline]]\n" + tail):
        assert reading._state_text(text) == reference_state_text(text), text


def test_the_scans_agree_on_a_real_session():
    from content.loader import load_pack
    from sessions.live import LiveSession
    from sessions.start import new_session

    pack = load_pack(None)
    live = LiveSession(new_session(pack, team="Scan Team"))
    for i in range(30):
        live.change("person.added", {"id": f"p{i}", "name": f"Person {i}"})
    text = store.session_to_toml(live.session)
    assert "[[timeline]]" in text
    assert (
        reading._state_text(text)
        == reference_state_text(text)
        == text[: text.index("[[timeline]]")]
    )
    assert document._structure_problem(text) is None and reference_nesting(text) is None
