"""Broken, hostile and odd session files: each is refused with a message that locates it."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessions.store as store
from sessions.errors import SessionFileError
from sessions.live import LiveSession
from sessions.model import Session, dump_session
from sessions.store import (
    MAX_BYTES,
    document,
    open_for_editing,
    parse_session,
    read_session,
    reading,
    save_session,
    session_to_toml,
)

FUZZ = settings(
    max_examples=int(os.environ.get("FORMING_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Fuzzing settings; raise `FORMING_FUZZ_EXAMPLES` for a longer run."""

NAME = Path("returns.toml")

GOOD = """\
format = "forming.session"
schema = 1

[session]
id = "hand-1"
team = "Returns forecast"
created_at = 2026-03-02T09:00:00Z
updated_at = 2026-03-02T11:30:00Z
stage = "roles"

[[stages]]
id = "roles"
title = "Role mapping"
timebox_min = 25

[[roles]]
id = "data-scientist"
name = "Data scientist"

[[people]]
id = "p1"
name = "Zoë"
availability = 80

[[assignments]]
person = "p1"
role = "data-scientist"
share = 100
"""


def saved_text() -> str:
    """Return a file as the app saves it: a few people, some of them with non-ASCII names."""
    session = parse_session(GOOD)
    live = LiveSession(session)
    live.change("session.imported", {"state": dump_session(session, timeline=False)})
    for number, name in [(2, "Grace [ops] 🚀"), (3, "Łukasz"), (4, "李小龙")]:
        live.change("person.added", {"id": f"p{number}", "name": name, "availability": 50})
    live.change("assignment.added", {"person": "p2", "role": "data-scientist", "share": 40})
    return session_to_toml(live.session)


SAVED = saved_text()


def refused(data: bytes | str) -> SessionFileError:
    """Return the error `parse_session` raises for `data` (anything else fails the test)."""
    with pytest.raises(SessionFileError) as caught:
        parse_session(data, NAME)
    error = caught.value
    lines = str(error).splitlines()
    assert lines and all(line.startswith("returns.toml") for line in lines)
    assert error.path == NAME
    return error


# -- one case at a time ----------------------------------------------------------------------

CASES: list[tuple[str, bytes | str, str]] = [
    (
        "truncated mid-string",
        GOOD[: GOOD.index("hand-1") + 3],
        r"returns\.toml:5:\d+: Unterminated",
    ),
    ("truncated mid-table", GOOD[: GOOD.index("[[people]]") + 5], r"returns\.toml:\d+:\d+: "),
    (
        "truncated mid-item",
        GOOD[: GOOD.index('name = "Zoë"')],
        r"returns\.toml: people\[0\]\.name: missing",
    ),
    ("not TOML", GOOD.replace("timebox_min = 25", "timebox_min = = 25"), r":\d+:15: Invalid"),
    ("duplicate key", 'format = "again"\n' + GOOD, r"Cannot overwrite a value"),
    ("invalid date", GOOD.replace("2026-03-02T09", "2026-02-30T09"), r":7:\d+: .*date"),
    ("lone CR", GOOD.replace("\n", "\r", 1), r"returns\.toml:1:\d+: "),
    (
        "wrong type",
        GOOD.replace("availability = 80", 'availability = "80"'),
        r"people\[0\]\.availability: Input should be a valid integer",
    ),
    (
        "table instead of list",
        GOOD.replace("[[roles]]", "[roles]"),
        r"returns\.toml: roles: should be a list",
    ),
    (
        "share over 100",
        GOOD.replace("share = 100", "share = 150"),
        r"assignments\[0\]\.share: Input should be less than or equal to 100",
    ),
    (
        "availability zero",
        GOOD.replace("availability = 80", "availability = 0"),
        r"people\[0\]\.availability: Input should be greater than or equal to 1",
    ),
    (
        "integer beyond 64 bits",
        GOOD.replace("share = 100", "share = 1180591620717411303424"),
        r"assignments\[0\]\.share",
    ),
    (
        "bad id",
        GOOD.replace('id = "p1"', 'id = "../p1"').replace('person = "p1"', 'person = "../p1"'),
        r"people\[0\]\.id: not a valid id",
    ),
    ("newer schema", GOOD.replace("schema = 1", "schema = 2"), r"newer Forming \(schema 2\)"),
    ("schema as text", GOOD.replace("schema = 1", 'schema = "1"'), r'whole number .*found "1"$'),
    ("schema as float", GOOD.replace("schema = 1", "schema = 1.0"), r"schema: must be a whole"),
    ("schema as bool", GOOD.replace("schema = 1", "schema = true"), r"whole number .*found true$"),
    (
        "negative schema",
        GOOD.replace("schema = 1", "schema = -1"),
        r"schema: -1 is not a schema Forming knows",
    ),
    ("missing schema", GOOD.replace("schema = 1\n", ""), r"returns\.toml: schema: missing"),
    ("missing format", GOOD.replace('format = "forming.session"\n', ""), r"format: missing"),
    (
        "another format",
        GOOD.replace("forming.session", "forming.pack"),
        r'not a Forming session file \(format is "forming.pack"',
    ),
    (
        "dangling reference",
        GOOD.replace('person = "p1"', 'person = "p9"'),
        r"returns\.toml: assignments\[0\]\.person: no person with id 'p9'",
    ),
    (
        "duplicate id",
        GOOD + '\n[[people]]\nid = "p1"\nname = "Ada"\n',
        r"returns\.toml: people\[1\]: person id 'p1' appears twice",
    ),
    (
        "timeline out of order",
        GOOD + '\n[[timeline]]\nseq = 4\nat = 2026-03-02T09:00:00Z\ntype = "stage.entered"\n',
        r"timeline\[0\]\.seq: expected 1, found 4",
    ),
    (
        "bad event type",
        GOOD + '\n[[timeline]]\nseq = 1\nat = 2026-03-02T09:00:00Z\ntype = "Drop Table"\n',
        r"timeline\[0\]\.type: not a valid event type",
    ),
    ("empty", b"", r"^returns\.toml: the file is empty$"),
    ("whitespace only", " \n\t\r\n  \n", r"^returns\.toml: the file is empty$"),
    ("comments only", "# nothing here\n\n# nor here\n", r"only comments or blank lines"),
    ("a BOM and nothing else", b"\xef\xbb\xbf", r"the file is empty"),
    ("UTF-16 with BOM", GOOD.encode("utf-16"), r"UTF-16"),
    ("UTF-16 without BOM", GOOD.encode("utf-16-le"), r"returns\.toml:1:2: .*NUL"),
    (
        "invalid UTF-8",
        GOOD.encode().replace(b"Zo\xc3\xab", b"Zo\xff"),
        r"returns\.toml:22:11: .*not UTF-8",
    ),
    ("Latin-1", GOOD.encode("latin-1"), r"returns\.toml:\d+:11: .*byte 0xeb"),
    ("NUL byte", GOOD.encode().replace(b"Role", b"Ro\x00le"), r"returns\.toml:\d+:12: .*NUL"),
    ("zeros", bytes(4096), r"returns\.toml:1:1: .*NUL"),
    ("random binary", random.Random(7).randbytes(4096), r"returns\.toml"),
    ("5,000-deep [", "x = " + "[" * 5000, r":1:\d+: .*nested more than 64"),
    ("1,000-deep balanced [", "x = " + "[" * 1000 + "]" * 1000, r"nested more than 64"),
    ("100,000-deep {a=", "x = " + "{a=" * 100_000, r":1:\d+: .*nested more than 64"),
    ("100,000-part dotted key", "a" + ".a" * 100_000 + " = 1", r"dotted key has more than"),
    ("100,000-part table header", "[" + "a." * 100_000 + "a]", r"dotted key has more than"),
    ("deep inline arrays of tables", "x = " + "[{a=" * 40, r"nested more than 64"),
    ("escape sequences in a key", '"\\u001b[2J" = 1\n', r"format: missing"),
]


@pytest.mark.parametrize(("data", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_broken_file_is_refused_with_a_located_message(data, message):
    error = refused(data)
    assert re.search(message, str(error)), str(error)


def test_a_byte_order_mark_is_accepted():
    plain = parse_session(GOOD)
    assert dump_session(parse_session(b"\xef\xbb\xbf" + GOOD.encode())) == dump_session(plain)
    assert dump_session(parse_session("\ufeff" + GOOD)) == dump_session(plain)


def test_crlf_line_ends_are_accepted():
    assert parse_session(GOOD.replace("\n", "\r\n")).people[0].name == "Zoë"


def test_nesting_up_to_the_limit_is_kept_in_unknown_keys():
    # Unknown keys nest less deeply than the document may: a state taken in as an event sits a
    # few levels deeper in the timeline, and must still read back (issue 13).
    depth = store.MAX_UNKNOWN_DEPTH - 1  # the unknown keys' own table is the first level
    text = GOOD.replace("schema = 1\n", "schema = 1\nnested = " + "[" * depth + "]" * depth + "\n")
    session = parse_session(text)
    assert session.model_extra["nested"] is not None
    deeper = GOOD.replace("schema = 1\n", "schema = 1\nnested = " + "[" * 40 + "]" * 40 + "\n")
    assert "nest more than" in str(refused(deeper))


def test_every_problem_is_listed_not_just_the_first():
    text = GOOD.replace("share = 100", "share = 150").replace(
        "availability = 80", "availability = 0"
    )
    error = refused(text)
    assert [p.where for p in error.problems] == ["people[0].availability", "assignments[0].share"]


def test_many_problems_are_capped_with_a_count():
    people = "".join(f'\n[[people]]\nid = "x{n}"\nname = ""\n' for n in range(100))
    error = refused(GOOD + people)
    assert len(error.problems) == 31
    assert error.problems[-1].reason == "and 70 more problems"


# -- size ------------------------------------------------------------------------------------


def test_an_oversized_file_is_refused_before_parsing(monkeypatch):
    parsed = []
    monkeypatch.setattr(document.tomli, "loads", lambda *a, **k: parsed.append(a) or {})
    big = GOOD + "#" + "x" * MAX_BYTES + "\n"
    for data in (big, big.encode()):
        error = refused(data)
        assert "too large" in str(error) and f"{MAX_BYTES // 2**20} MB" in str(error)
    assert parsed == []


def test_an_oversized_file_on_disk_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.toml"
    with open(path, "wb") as file:
        file.truncate(100 * MAX_BYTES)  # sparse: costs no disk
    with pytest.raises(SessionFileError, match="too large"):
        read_session(path)


def test_a_file_at_the_size_limit_is_read(tmp_path):
    text = GOOD + "#" * (MAX_BYTES - len(GOOD.encode()) - 1) + "\n"
    assert len(text.encode()) == MAX_BYTES
    path = tmp_path / "big.toml"
    path.write_text(text, encoding="utf-8")
    assert read_session(path).session.team == "Returns forecast"


# -- things that are not session files -------------------------------------------------------


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(SessionFileError, match="folder, not a session file"):
        read_session(tmp_path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(
        SessionFileError, match=f"there is no such file in {re.escape(str(tmp_path))}"
    ):
        read_session(tmp_path / "missing.toml")
    with pytest.raises(SessionFileError, match="does not exist"):
        read_session(tmp_path / "no-folder" / "missing.toml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(SessionFileError, match="not a regular file"):
        read_session(fifo)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(SessionFileError, match="not a regular file"):
        read_session(link)


def test_a_dangling_link_is_refused(tmp_path):
    link = tmp_path / "gone.toml"
    link.symlink_to(tmp_path / "nowhere.toml")
    with pytest.raises(SessionFileError, match="no such file"):
        read_session(link)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads all")
def test_an_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "secret.toml"
    path.write_text(GOOD)
    path.chmod(0)
    with pytest.raises(SessionFileError, match="no permission to read"):
        read_session(path)


def test_open_for_editing_refuses_what_read_refuses(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(SessionFileError):
        open_for_editing(path)
    assert path.read_bytes() == b"\xff\xfe"


# -- properties ------------------------------------------------------------------------------


NETS = (f"{reading._NOT_FORESEEN} (", reading._NESTED_TOO_DEEPLY)
"""The catch-all wordings of `parse_session`, which turns any exception into a refusal."""


def _session_or_error(data: bytes | str) -> Session | SessionFileError:
    """The session in `data`, or its refusal, whose message names the mistake.

    `parse_session` wraps whatever it did not foresee in its catch-all message, so a check
    that only expected `SessionFileError` could never fail: the message must not be that.
    """
    try:
        return parse_session(data, NAME)
    except SessionFileError as error:
        message = str(error)
        assert message
        assert not any(net in message for net in NETS), message
        return error


def test_every_byte_prefix_of_a_saved_file_reads_or_is_refused():
    data = SAVED.encode()
    assert 2_000 < len(data) < 20_000
    outcomes = [_session_or_error(data[:end]) for end in range(len(data) + 1)]
    assert isinstance(outcomes[-1], Session)
    assert sum(isinstance(o, SessionFileError) for o in outcomes) > len(data) / 2


def test_every_character_prefix_of_a_saved_file_reads_or_is_refused():
    outcomes = [_session_or_error(SAVED[:end]) for end in range(len(SAVED) + 1)]
    assert isinstance(outcomes[-1], Session)


def test_a_saved_file_survives_being_written_and_read(tmp_path):
    path = tmp_path / "s.toml"
    session = parse_session(SAVED)
    save_session(session, path)
    assert path.read_text(encoding="utf-8") == SAVED


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_only_ever_raise_a_session_file_error(data):
    _session_or_error(data)


@FUZZ
@given(st.text(max_size=4096))
def test_arbitrary_text_only_ever_raises_a_session_file_error(text):
    _session_or_error(text)


TOMLISH = st.text(alphabet=list("[]{}=.,\"'#\n \\abcp1-:T"), max_size=400)


@FUZZ
@given(TOMLISH)
def test_toml_like_text_only_ever_raises_a_session_file_error(text):
    _session_or_error('format = "forming.session"\nschema = 1\n' + text)


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(0, len(SAVED.encode())), st.integers(0, 40), st.binary(max_size=8)),
        min_size=1,
        max_size=4,
    )
)
def test_a_damaged_saved_file_only_ever_raises_a_session_file_error(edits):
    data = bytearray(SAVED.encode())
    for at, cut, insert in edits:
        data[at : at + cut] = insert
    _session_or_error(bytes(data))
