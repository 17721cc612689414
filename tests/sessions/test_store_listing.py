"""The home list reads only the parts of a file it shows, and shows what the full parse gives.

It reads them without the session model (pydantic): each field the list shows is compared here
with what the model gives for the same file, and a file the model refuses is listed with the
model's own first message.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

import sessions.store as store
from content.loader import bundled_demo_text
from sessions.errors import SessionFileError
from sessions.events import EventError
from sessions.live import LiveSession
from sessions.store import folder as store_folder
from sessions.store import list_sessions, read_session, reading, save_session
from tests.sessions.test_store import HAND_WRITTEN
from tests.strategies import AT, PROPERTY, WORKSHOP_PROPERTY, event_for, hostile_text, make_session


def _fields(summary: store.SessionSummary) -> tuple:
    return (
        summary.team,
        summary.stage_title,
        summary.people,
        summary.updated_at,
        summary.error,
        summary.session_id,
        summary.follows_id,
    )


def _full(path: Path) -> tuple:
    """The fields as the whole file, parsed and checked by the session model, gives them."""
    session = read_session(path)
    stage = session.stage(session.session.stage)
    title = stage.title if stage else session.session.stage
    follows = (session.session.model_extra or {}).get("follows_id")
    return (
        session.session.team,
        title,
        len(session.people),
        session.session.updated_at,
        None,
        session.session.id,
        follows if isinstance(follows, str) else None,
    )


def _listed_as_opened(path: Path) -> None:
    """The list shows what the model gives, or the model's first message when it refuses."""
    [summary] = list_sessions(path.parent)
    try:
        expected = _full(path)
    except SessionFileError as error:
        assert summary.error == error.lines()[0]
        assert (summary.team, summary.updated_at) == (path.stem, None)
        return
    assert _fields(summary) == expected


def test_the_listing_of_the_demo_equals_the_full_parse(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text(bundled_demo_text(), encoding="utf-8")
    _listed_as_opened(path)
    [summary] = list_sessions(tmp_path)
    assert summary.error is None and summary.people > 0


def _toml(value: object) -> str:
    return tomli_w.dumps({"v": value})[4:].strip()


@PROPERTY
@given(
    team=hostile_text(max_size=100),
    title=hostile_text(max_size=100),
    stage=st.sampled_from(["roles", "welcome", "nowhere", "bad id!"]),
    updated=st.sampled_from(
        ["2026-03-02T11:30:00Z", "2026-03-02T11:30:00", "2026-03-02T11:30:00+05:30", "2026-03-02"]
    ),
    follows=st.none() | st.just('"earlier-1"') | st.just("7"),
)
def test_the_listing_of_hostile_hand_written_fields_equals_the_full_parse(
    team, title, stage, updated, follows
):
    # Text written by hand (control characters, bidi overrides, lone surrogates, overlong,
    # blank, not text at all), cleaned by the same helpers as the model uses, or refused with
    # the model's words. The title changed is the one the list shows (the stage the room is
    # on); the other stages are checked when the file is opened.
    welcome = stage == "welcome"
    shown_title = 'title = "Purpose and setup"' if welcome else 'title = "Role mapping"'
    text = (
        HAND_WRITTEN.replace('team = "Returns forecast"', f"team = {_toml(team)}", 1)
        .replace(shown_title, f"title = {_toml(title)}", 1)
        .replace('stage = "roles"', f'stage = "{stage}"', 1)
        .replace("updated_at = 2026-03-02T11:30:00Z", f"updated_at = {updated}", 1)
        .replace('stage = "', "" if follows is None else f'follows_id = {follows}\nstage = "', 1)
    )
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return  # a lone surrogate cannot be written to a file at all
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        path.write_bytes(data)
        _listed_as_opened(path)


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
    _listed_as_opened(path)


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


def test_a_broken_line_is_named_where_it_is_in_the_whole_file(tmp_path):
    # The short cut parses only the parts it lists (the roles above the people are left
    # out), so a mistake it meets is located again in the whole file.
    path = tmp_path / "s.toml"
    path.write_text(HAND_WRITTEN.replace('name = "Sam"', 'name = "Sam', 1), encoding="utf-8")
    _listed_as_opened(path)
    [summary] = list_sessions(tmp_path)
    assert summary.error is not None and summary.error.startswith("s.toml:")
