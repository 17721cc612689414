"""The store's short cuts for long sessions give exactly what the plain ways give.

`session_to_toml` reuses the text of unchanged parts between saves, and `parse_state` reads
only the state before the timeline: both must agree byte for byte and field for field with the
slow paths, whatever the session went through (undo, redo, removals, hostile text, extras).
"""

from __future__ import annotations

import tomllib
from datetime import timedelta

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from sessions.errors import SessionFileError
from sessions.events import EventError
from sessions.live import LiveSession
from sessions.model import Session, dump_session
from sessions.store import (
    open_for_editing,
    parse_session,
    parse_state,
    prepare_to_save,
    read_state,
    save_session,
    session_to_toml,
)
from tests.conftest import HOSTILE
from tests.strategies import AT, WORKSHOP_PROPERTY, event_for, make_session


def _plain(session: Session) -> str:
    return tomli_w.dumps(dump_session(session))


@WORKSHOP_PROPERTY
@given(data=st.data(), steps=st.integers(min_value=3, max_value=25))
def test_formatting_after_every_change_matches_plain_tomli_w(data, steps):
    live = LiveSession(make_session())
    assert session_to_toml(live.session) == _plain(live.session)
    for step in range(steps):
        choice = data.draw(st.sampled_from(["event"] * 6 + ["undo", "redo"]), label="op")
        if choice == "undo":
            live.undo()
        elif choice == "redo":
            live.redo()
        else:
            type_, payload = data.draw(event_for(live.session), label="event")
            try:
                live.change(type_, payload, at=AT + timedelta(minutes=step + 1))
            except EventError:
                continue
        assert session_to_toml(live.session) == _plain(live.session)


def test_formatting_alternating_sessions_and_hostile_text_matches(team_session, fresh_session):
    live = LiveSession(team_session)
    for index, text in enumerate(HOSTILE):
        live.change("person.added", {"id": f"h{index}", "name": text[:80] or "x"})
        for session in (live.session, fresh_session, live.session):
            assert session_to_toml(session) == _plain(session)


def test_unknown_top_level_keys_and_a_lone_small_event_still_format_exactly(fresh_session):
    with_extra = Session.model_validate({**dump_session(fresh_session), "kept": {"a": 1}})
    assert session_to_toml(with_extra) == _plain(with_extra)
    small = fresh_session.model_copy(
        update={"timeline": [fresh_session.timeline[0].model_copy(update={"data": {}})]}
    )
    assert session_to_toml(small) == _plain(small)
    assert session_to_toml(fresh_session) == _plain(fresh_session)


def test_prepare_to_save_changes_nothing_saved(team_session, tmp_path):
    prepare_to_save(team_session)
    path = tmp_path / "s.toml"
    save_session(team_session, path)
    assert path.read_text(encoding="utf-8") == _plain(team_session)


def test_prepare_to_save_keeps_the_pieces_without_joining_the_whole_text(team_session, monkeypatch):
    from sessions.store import toml_text

    def joined(*_args):
        raise AssertionError("the whole text was joined")

    live = LiveSession(team_session)
    for n in range(12):
        live.change("person.added", {"id": f"q{n}", "name": f"Person {n}", "title": "Engineer"})
    session = live.session
    # Joining (and decoding) the whole file once was the highest point of memory on opening.
    monkeypatch.setattr(toml_text._SavedText, "dumps", joined)
    prepare_to_save(session)
    monkeypatch.undo()
    plain = _plain(session)
    formatted: list[object] = []
    real_dumps = tomli_w.dumps
    monkeypatch.setattr(
        toml_text.tomli_w, "dumps", lambda data, **kw: formatted.append(data) or real_dumps(data)
    )
    assert session_to_toml(session) == plain
    assert formatted == []  # every part and event was formatted by the warm-up


def test_the_history_is_read_without_decoding_the_whole_file(team_session, tmp_path, monkeypatch):
    from sessions.store import reading

    path = tmp_path / "s.toml"
    save_session(team_session, path)
    state, data = read_state(path)

    def refused(*_args, **_kwargs):
        raise AssertionError("the whole file was decoded or read again")

    # A decoded copy of the whole file would be megabytes more while the history is read.
    monkeypatch.setattr(reading, "_decode", refused)
    monkeypatch.setattr(reading, "parse_session", refused)
    whole = reading.parse_history(data, state, path)
    assert dump_session(whole) == dump_session(team_session)


def test_state_is_read_without_the_timeline_and_equals_the_full_read(team_session, tmp_path):
    path = tmp_path / "s.toml"
    save_session(team_session, path)
    state, data = read_state(path)
    assert data == path.read_bytes()
    assert state.timeline == []
    full = parse_session(data, path)
    assert dump_session(state, timeline=False) == dump_session(full, timeline=False)
    session, imported = open_for_editing(path, data)
    assert not imported and dump_session(session) == dump_session(full)


def test_state_short_cut_falls_back_to_the_whole_file(team_session):
    text = _plain(team_session)
    # Timeline first: there is no state before it, so the whole file is read.
    document = tomllib.loads(text)
    moved = tomli_w.dumps({"timeline": document.pop("timeline"), **document})
    assert parse_state(moved.encode()).timeline != []
    # A broken timeline is not noticed by the short cut, but is by the whole read.
    broken = text + "\n[[timeline]]\nseq = 'x'\n"
    assert parse_state(broken.encode()).timeline == []
    try:
        parse_session(broken.encode())
    except SessionFileError as error:
        assert "timeline" in str(error)
    else:
        raise AssertionError("a broken timeline must be refused by the whole read")
    # A broken state is refused with the same message as the whole read gives.
    bad_state = text.replace("schema = 1", 'schema = "one"', 1).encode()
    messages = []
    for reader in (parse_state, parse_session):
        try:
            reader(bad_state)
        except SessionFileError as error:
            messages.append(str(error))
    assert len(messages) == 2 and messages[0] == messages[1]


def test_long_lists_formatted_item_by_item_match_plain_tomli_w(team_session):
    live = LiveSession(team_session)
    roles = [r.id for r in team_session.roles]
    for n in range(30):
        live.change("person.added", {"id": f"q{n}", "name": f"Person {n}"}, at=AT)
        live.change("assignment.added", {"person": f"q{n}", "role": roles[n % 4], "share": 50})
        assert session_to_toml(live.session) == _plain(live.session)
    for n in range(0, 30, 3):
        data = {"person": f"q{n}", "role": roles[n % 4], "set": {"share": 10 + n}}
        live.change("assignment.updated", data)
        assert session_to_toml(live.session) == _plain(live.session)
    live.change("person.moved", {"id": "q3", "position": 0})
    live.undo()
    assert session_to_toml(live.session) == _plain(live.session)
    # One person too long for a line: tomli-w writes all people as tables from then on.
    long_title = "a title long enough that this person no longer fits on one line " * 2
    live.change("person.updated", {"id": "q5", "set": {"title": long_title[:80]}})
    assert session_to_toml(live.session) == _plain(live.session)
    assert "[[people]]" in session_to_toml(live.session)
    live.undo()
    assert session_to_toml(live.session) == _plain(live.session)


@pytest.mark.parametrize("as_tables", [False, True], ids=["inline", "tables"])
def test_a_change_to_one_record_of_a_long_list_formats_that_record_only(
    team_session, monkeypatch, as_tables
):
    from sessions.store import toml_text

    live = LiveSession(team_session)
    long_title = ("a title long enough that this person no longer fits on one line " * 2)[:80]
    for n in range(40):
        title = long_title if as_tables and n == 7 else "Engineer"
        live.change("person.added", {"id": f"q{n}", "name": f"Person {n}", "title": title})
    assert ("[[people]]" in session_to_toml(live.session)) == as_tables
    # The first change after a list was formatted whole finds which record is too long for a
    # line (once).
    live.change("person.updated", {"id": "q1", "set": {"availability": 10}})
    session_to_toml(live.session)
    formatted: list[tuple[str, int]] = []
    real_dumps = tomli_w.dumps

    def counting(data, **kwargs):
        for name, value in data.items():
            formatted.append((name, len(value) if isinstance(value, list) else 0))
        return real_dumps(data, **kwargs)

    monkeypatch.setattr(toml_text.tomli_w, "dumps", counting)
    for n in (3, 7, 20):
        live.change("person.updated", {"id": f"q{n}", "set": {"availability": 40 + n}})
        formatted.clear()
        text = session_to_toml(live.session)
        # The people (the record changed, beside the marker that keeps it a table when
        # tables), the session's header (its `updated_at`) and the new event (beside the same
        # marker): no other part, no other person, no older event.
        assert {name for name, _ in formatted} == {"people", "session", "timeline"}, formatted
        assert sum(count for _, count in formatted) <= 5, formatted
        assert text == _plain(live.session)
