"""The history read after its state (`parse_history`) refuses exactly what the whole read does.

`parse_history` checks only the timeline: the state was checked by `parse_state`, and of the
walk of every table and list for depth (`_parse_toml`), only the events' data is walked, the
rest being bounded by checks that run anyway. These tests hold it to `parse_session`: a
timeline nested too deeply, carrying too much, or out of order is refused with the whole
read's message, and one just inside each limit is read the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.loader import bundled_demo_text
from sessions.errors import SessionFileError
from sessions.model import dump_session
from sessions.store import MAX_DEPTH, parse_history, parse_session, parse_state, reading
from tests.reliability.test_fuzz import mutated_files
from tests.strategies import PROPERTY

PATH = Path("s.toml")
DEMO = bundled_demo_text()
EVENTS = len(parse_session(DEMO).timeline)


def with_event(body: str, *, seq: int = EVENTS + 1) -> bytes:
    """The demo file with one more event at the end of its timeline, `body` under it."""
    head = f'\n[[timeline]]\nseq = {seq}\nat = 2026-11-27T18:00:00Z\ntype = "note.added"\n'
    return (DEMO + head + body + "\n").encode()


def outcome(read) -> tuple[str, object]:
    """The session `read()` gives, dumped, or the message it is refused with."""
    try:
        return "read", dump_session(read())
    except SessionFileError as error:
        return "refused", str(error)


def outcomes(data: bytes) -> tuple[tuple[str, object], tuple[str, object]]:
    """What the history read after the state gives, and what the whole read gives."""
    state = parse_state(data, PATH)
    assert state.timeline == []  # the state was read alone: the history read is the short cut
    return outcome(lambda: parse_history(data, state, PATH)), outcome(
        lambda: parse_session(data, PATH)
    )


def nested(header: int, key: int, brackets: int, *, inline: bool = False) -> str:
    """A value under the event's data that nests `3 + header + key + brackets` levels deep in
    the document (the document, the timeline's list and the event's table above it)."""
    table = "[timeline.data" + "".join(f".h{n}" for n in range(header)) + "]\n"
    name = ".".join(f"k{n}" for n in range(key))
    opened, closed = ("{a = ", "}") if inline else ("[", "]")
    return table + f"{name} = {opened * brackets}1{closed * brackets}"


@pytest.mark.parametrize(
    ("header", "key", "inline"),
    [(0, 1, False), (20, 20, False), (0, 1, True), (30, 10, True)],
    ids=["brackets", "header, dotted key and brackets", "inline tables", "header and inline"],
)
def test_a_timeline_nested_past_the_limit_is_refused_as_the_whole_read_refuses_it(
    header: int, key: int, inline: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    deepest = MAX_DEPTH - 3 - header - key  # brackets that take the value to the limit
    data = with_event(nested(header, key, deepest, inline=inline))
    at_limit, history_at_limit = outcomes(data)
    assert at_limit == history_at_limit and at_limit[0] == "read"
    # At the limit, the short cut reads it itself, without falling back to the whole read.
    state = parse_state(data, PATH)
    with monkeypatch.context() as patched:
        patched.setattr(reading, "parse_session", pytest.fail)
        assert dump_session(parse_history(data, state, PATH)) == at_limit[1]
    refused, history_refused = outcomes(with_event(nested(header, key, deepest + 1, inline=inline)))
    assert refused == history_refused
    assert refused == (
        "refused",
        f"s.toml: tables or lists are nested more than {MAX_DEPTH} levels deep",
    )


def test_unknown_keys_of_an_event_nested_too_deeply_are_refused_by_the_history_read() -> None:
    # The unknown keys' table counts as a level, and so does the value inside the lists.
    ok, whole_ok = outcomes(with_event("later = " + "[" * 14 + "1" + "]" * 14))
    assert ok == whole_ok and ok[0] == "read"
    refused, whole = outcomes(with_event("later = " + "[" * 15 + "1" + "]" * 15))
    assert refused == whole and refused[0] == "refused"
    assert f"timeline[{EVENTS}]: unknown keys (later) nest more than 16 levels" in str(refused[1])


def test_an_event_out_of_its_place_is_refused_by_the_history_read() -> None:
    refused, whole = outcomes(with_event("", seq=EVENTS + 2))
    assert refused == whole
    assert refused == (
        "refused",
        f"s.toml: timeline[{EVENTS}].seq: expected {EVENTS + 1}, found {EVENTS + 2}",
    )


def test_the_history_read_checks_the_timeline_only(monkeypatch: pytest.MonkeyPatch) -> None:
    data = DEMO.encode()
    state = parse_state(data, PATH)

    def refused(*_args: object) -> list[object]:
        raise AssertionError("the state was checked again")

    # `parse_state` checked the state (references, unknown keys): the history read does not
    # walk it a second time (about 15 ms on the benchmark's 10,000-event session).
    monkeypatch.setattr(reading, "integrity_problems", refused)
    monkeypatch.setattr(reading, "_unknown_problems", refused)
    monkeypatch.setattr(reading, "parse_session", refused)
    whole = parse_history(data, state, PATH)
    assert len(whole.timeline) == EVENTS
    monkeypatch.undo()
    assert dump_session(whole) == dump_session(parse_session(data))


@PROPERTY
@given(
    header=st.integers(0, 40),
    key=st.integers(1, 40),
    brackets=st.integers(0, 70),
    inline=st.booleans(),
    under_data=st.booleans(),
)
def test_the_history_read_agrees_with_the_whole_read_at_every_depth(
    header: int, key: int, brackets: int, inline: bool, under_data: bool
) -> None:
    body = nested(header, key, brackets, inline=inline)
    if not under_data:  # the event's own unknown keys, not its data
        body = body.replace("[timeline.data", "[timeline", 1)
    history, whole = outcomes(with_event(body))
    assert history == whole


@PROPERTY
@given(mutated_files())
def test_a_file_mutated_anywhere_gives_the_same_history_read_after_its_state(data: bytes) -> None:
    """The file fuzzer's mutations (tests/reliability/test_fuzz.py), timeline included."""
    try:
        state = parse_state(data, PATH)
    except SessionFileError:
        return  # refused before any history is read, as the whole read refuses it
    assert outcome(lambda: parse_history(data, state, PATH)) == outcome(
        lambda: parse_session(data, PATH)
    )


def test_a_plain_timeline_is_read_without_the_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    data = DEMO.encode()
    state = parse_state(data, PATH)
    # Lines of ordinary length, few dots and no multi-line strings: nothing the scan guards
    # against can be there, and tomli (2.5 on) bounds how deep brackets go by itself.
    monkeypatch.setattr(reading, "_structure_problem", pytest.fail)
    monkeypatch.setattr(reading, "parse_session", pytest.fail)
    assert dump_session(parse_history(data, state, PATH)) == dump_session(parse_session(data))


@pytest.mark.parametrize(
    "body",
    [
        'later = """a text\nover two lines"""',
        "later = '''a text'''",
        f'later = "{"x" * reading._LINE_MAX}"',
        f'later = "{"." * MAX_DEPTH}"',
    ],
    ids=["multi-line basic string", "multi-line literal string", "a long line", "many dots"],
)
def test_a_slice_the_look_at_its_lines_cannot_clear_is_scanned(
    body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = with_event(body)
    state = parse_state(data, PATH)
    scanned: list[str] = []

    def scan(piece: str) -> None:
        scanned.append(piece)

    monkeypatch.setattr(reading, "_structure_problem", scan)
    history = outcome(lambda: parse_history(data, state, PATH))
    assert scanned  # the slice holding the event went through the scan
    monkeypatch.undo()
    assert history == outcome(lambda: parse_session(data, PATH))
    assert history[0] == "read"


_WORKER_READ = """
import json, sys, threading
from pathlib import Path
from sessions.errors import SessionFileError
from sessions.store import parse_history, parse_state

# A thread stack far smaller than Linux's (8 MiB) or CPython's on macOS: tomli 2.4's compiled
# parser, allowing 1,000 levels, overflows it; 2.5's limit of 400 leaves room to spare.
threading.stack_size(1024 * 1024)
messages = []

def read(path):
    data = path.read_bytes()
    state = parse_state(data, Path("s.toml"))
    try:
        parse_history(data, state, Path("s.toml"))
        messages.append("read")
    except SessionFileError as error:
        messages.append(str(error))

for name in sys.argv[1:]:
    worker = threading.Thread(target=read, args=(Path(name),))
    worker.start()
    worker.join()
print(json.dumps(messages))
"""


def test_a_timeline_nested_far_past_every_limit_is_refused_in_a_worker_thread(
    tmp_path: Path,
) -> None:
    import json
    import subprocess
    import sys

    bodies = {}
    for depth in (MAX_DEPTH + 1, 401, 1_000, 100_000):
        bodies[f"{depth} brackets"] = "x = " + "[" * depth + "1" + "]" * depth
        bodies[f"{depth} inline tables"] = "x = " + "{a = " * depth + "1" + "}" * depth
        bodies[f"{depth} arrays of inline tables"] = "x = " + "[{a = " * depth
        bodies[f"{depth}-part dotted key"] = ".".join(["k"] * depth) + " = 1"
        bodies[f"{depth}-part table header"] = "[timeline." + ".".join(["h"] * depth) + "]"
    paths = []
    for index, body in enumerate(bodies.values()):
        paths.append(tmp_path / f"{index}.toml")
        paths[-1].write_bytes(with_event("[timeline.data]\n" + body))
    # In a child process, so a crash (a stack overflowed in C) fails this test, not the run.
    done = subprocess.run(
        [sys.executable, "-c", _WORKER_READ, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    for (name, _body), path, message in zip(
        bodies.items(), paths, json.loads(done.stdout), strict=True
    ):
        assert message == outcome(lambda p=path: parse_session(p.read_bytes(), PATH))[1], name
        assert (
            f"nested more than {MAX_DEPTH} levels deep" in message
            or f"a dotted key has more than {MAX_DEPTH} parts" in message
        ), name
