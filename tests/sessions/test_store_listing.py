"""The home list reads only the parts of a file it shows, and shows what the full parse gives."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sessions.store as store
from sessions.errors import SessionFileError
from sessions.events import EventError
from sessions.live import LiveSession
from sessions.store import folder as store_folder
from sessions.store import list_sessions, read_session, reading, save_session
from tests.sessions.test_store import HAND_WRITTEN
from tests.strategies import AT, WORKSHOP_PROPERTY, event_for, make_session


def _fields(summary: store.SessionSummary) -> tuple:
    return (summary.team, summary.stage_title, summary.people, summary.updated_at, summary.error)


def _full(path: Path) -> tuple:
    """The four fields as the whole file, parsed and checked, gives them."""
    session = read_session(path)
    stage = session.stage(session.session.stage)
    title = stage.title if stage else session.session.stage
    return (session.session.team, title, len(session.people), session.session.updated_at, None)


@WORKSHOP_PROPERTY
@given(data=st.data(), steps=st.integers(min_value=0, max_value=40))
def test_the_listing_equals_the_full_parse_of_random_workshops(data, steps):
    live = LiveSession(make_session())
    for step in range(steps):
        type_, payload = data.draw(event_for(live.session), label="event")
        try:
            live.change(type_, payload, at=AT + timedelta(minutes=step + 1))
        except EventError:
            continue
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        save_session(live.session, path)
        state = reading._state_text(path.read_text(encoding="utf-8"))
        assert (
            store_folder._outline_text(state) is not None
        )  # what Forming writes takes the short cut
        [summary] = list_sessions(folder)
        assert _fields(summary) == _full(path)


HAND_VARIANTS = {
    "as typed": HAND_WRITTEN,
    "people inline": HAND_WRITTEN.replace(
        "schema = 1\n",
        'schema = 1\npeople = [\n    { id = "p1", name = "Zoë" },\n'
        '    { id = "p2", name = "Sam" },\n    { id = "p3", name = "Kim" },\n]\n',
        1,
    ).replace(
        '[[people]]\nid = "p1"\nname = "Zoë [lead] 🚀"\ntitle = "Data scientist"\n'
        'availability = 80\n\n[[people]]\nid = "p2"\nname = "Sam"\n',
        "",
    ),
    "a comment before a table": HAND_WRITTEN.replace("[[stages]]", "# the agenda\n[[stages]]", 1),
    "a header with spaces": HAND_WRITTEN.replace("[session]", "[ session ]  # who", 1),
    "a quoted header": HAND_WRITTEN.replace("[session]", '["session"]', 1),
    "a dotted root key": HAND_WRITTEN.replace(
        '[session]\nid = "hand-1"', 'session.id = "hand-1"\n[session]', 1
    ),
    "a multi-line string": HAND_WRITTEN.replace(
        'purpose = "Forecast parcel returns for the warehouses."',
        'purpose = """Forecast parcel\n[[people]]\nreturns."""',
        1,
    ),
}


@pytest.mark.parametrize("name", sorted(HAND_VARIANTS))
def test_the_listing_of_hand_written_files_equals_the_full_parse(name, tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(HAND_VARIANTS[name], encoding="utf-8")
    [summary] = list_sessions(tmp_path)
    try:
        expected = _full(path)
    except SessionFileError as error:
        assert summary.error is not None, error
        return
    assert _fields(summary) == expected


def test_the_listing_parses_only_the_parts_it_shows(tmp_path, monkeypatch):
    live = LiveSession(make_session())
    for number in range(30):
        live.change("person.added", {"id": f"p{number}", "name": f"P {number}", "title": "x"})
    role = live.session.roles[0].id
    for number in range(30):
        live.change("assignment.added", {"person": f"p{number}", "role": role, "share": 10})
    save_session(live.session, tmp_path / "s.toml")
    parsed: list[str] = []
    real = store_folder._parse_toml

    def spy(text):
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(store_folder, "_parse_toml", spy)
    [summary] = list_sessions(tmp_path)
    assert summary.people == 30 and summary.error is None
    [text] = parsed
    assert "people" in text and "[session]" in text and "[[stages]]" in text
    assert "assignments" not in text and "[[roles]]" not in text and "timeline" not in text
