"""Changes made before a session's history is read (issue #16): at once, never reusing an id.

A file saved by Forming carries, in its state, the highest number each kind of id ever reached
(`ids_used`), so a change right after opening is made on the state alone, shown at once, and
recorded after the history once that is in. These tests drive the host directly; the history
read is held with the host's public `read_history`/`take_history` split (no sleeps).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.events import same_state
from sessions.folding import fold
from sessions.host import SessionHost
from sessions.ids import ids_used, new_id, with_ids_mark
from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import read_session, read_state, save_session
from sessions.store.editing import open_for_editing
from tests.conftest import FIXED

NEWCOMER = {"name": "Eva Novak", "title": "Engineer", "availability": 50}
PARKED = {"stage": "roles", "at": FIXED}


@pytest.fixture
def left(team_session: Session) -> Session:
    """The team with its last person gone: `p5` was used and must never be handed out again."""
    live = LiveSession(team_session)
    live.change("person.removed", {"id": "p5"})
    return live.session


def saved_by_the_app(session: Session, path: Path) -> Path:
    """Save `session` as the app saves it: through a host, with the ids' high-water mark."""
    host = SessionHost(session, path)
    assert host.live is not None
    host.live.change("person.updated", {"id": "p1", "set": {"availability": 45}})
    report = host.save_latest()
    assert report is not None and report.error is None
    host.close()
    return path


def opened(path: Path) -> SessionHost:
    """A host as the app opens a file: the state now, the history still to read."""
    state, data = read_state(path)
    return SessionHost(state, path, history=data)


def every_timeline_id(session: Session) -> set[str]:
    return {e.data["id"] for e in session.timeline if isinstance(e.data.get("id"), str)}


def test_every_save_marks_the_highest_ids_and_the_file_opens_without_an_import(
    tmp_path: Path, left: Session
) -> None:
    path = saved_by_the_app(left, tmp_path / "team.toml")
    on_disk = read_session(path)
    assert on_disk.session.ids_used is not None and on_disk.session.ids_used["p"] == 5
    assert on_disk.person("p5") is None  # the mark counts the leaver
    # No event records the mark, and the file still opens as its own history's state.
    assert fold(on_disk.timeline).session.ids_used is None
    session, imported = open_for_editing(path)
    assert not imported and len(session.timeline) == len(on_disk.timeline)


def test_a_change_before_the_history_lands_after_it_with_a_fresh_id(
    tmp_path: Path, left: Session
) -> None:
    path = saved_by_the_app(left, tmp_path / "team.toml")
    before = read_session(path)
    host = opened(path)
    early = host.early
    assert early is not None and host.history_pending and host.live is None
    person_id = new_id(early.session, "p")
    assert person_id == "p6"  # from the state's mark alone: p5 left, p6 is new
    early.change("person.added", {"id": person_id, **NEWCOMER})
    early.change("assignment.added", {"person": person_id, "role": "data-scientist", "share": 50})
    assert host.save_latest() is None  # the save waits for the history
    assert host.read_history()
    result = host.take_history()
    assert isinstance(result, tuple) and result[1] is False
    assert host.live is early and host.early is None
    report = host.save_latest()
    assert report is not None and report.error is None
    on_disk = read_session(path)
    assert on_disk.person("p6") is not None
    assert "p6" not in every_timeline_id(before)
    assert on_disk.timeline[: len(before.timeline)] == before.timeline
    added = on_disk.timeline[len(before.timeline) :]
    assert [e.type for e in added] == ["person.added", "assignment.added"]
    assert [e.seq for e in added] == [len(before.timeline) + 1, len(before.timeline) + 2]
    assert same_state(
        fold(on_disk.timeline),
        on_disk.model_copy(
            update={"session": on_disk.session.model_copy(update={"ids_used": None})}
        ),
    )


def test_undo_of_a_change_made_before_the_history(tmp_path: Path, left: Session) -> None:
    path = saved_by_the_app(left, tmp_path / "team.toml")
    before = read_session(path)
    host = opened(path)
    early = host.early
    assert early is not None
    early.change("person.added", {"id": "p6", **NEWCOMER})
    early.change("person.added", {"id": "p7", **NEWCOMER, "name": "Ola Nordmann"})
    assert early.undo() is not None  # before the history: Ola is gone again
    assert early.session.person("p7") is None and early.session.person("p6") is not None
    host.take_history()
    live = host.live
    assert live is early
    # After it: the undo stack follows the changes onto the history.
    assert live.undo() is not None
    assert live.session.person("p6") is None
    assert live.session.timeline == before.timeline[: len(live.session.timeline)]
    assert len(live.session.timeline) == len(before.timeline)
    assert live.redo() is not None and live.session.person("p6") is not None
    assert live.undo() is not None
    report = host.save_latest()
    assert report is not None and report.error is None
    assert read_session(path).people == before.people


def test_a_file_without_the_mark_still_waits_for_its_history(tmp_path: Path, left: Session) -> None:
    path = tmp_path / "team.toml"
    save_session(left, path)  # as an older Forming, or a hand, wrote it: no `ids_used`
    assert read_session(path).session.ids_used is None
    host = opened(path)
    assert host.history_pending and host.early is None and host.live is None
    read_only = SessionHost(*read_state(path)[:1], path, read_only=True)
    assert read_only.early is None


def test_a_mark_lower_than_the_timeline_is_caught_and_no_id_is_reused(
    tmp_path: Path, left: Session
) -> None:
    path = saved_by_the_app(left, tmp_path / "team.toml")
    text = path.read_text(encoding="utf-8")
    assert "\np = 5\n" in text
    path.write_text(text.replace("\np = 5\n", "\np = 1\n"), encoding="utf-8")  # by hand
    before = read_session(path)
    host = opened(path)
    early = host.early
    assert early is not None
    person_id = new_id(early.session, "p")
    assert person_id == "p5"  # the mark says so: the leaver's id
    early.change("person.added", {"id": person_id, **NEWCOMER})
    early.change("assignment.added", {"person": person_id, "role": "data-scientist", "share": 50})
    early.change("person.updated", {"id": person_id, "set": {"availability": 80}})
    host.take_history()
    live = host.live
    assert live is not None
    # Caught once the history is in: the newcomer gets an id no one ever had, everywhere.
    newcomer = next(p for p in live.session.people if p.name == "Eva Novak")
    assert newcomer.id == "p6" and newcomer.availability == 80
    assert {a.person for a in live.session.assignments if a.role == "data-scientist"} >= {"p6"}
    assert "p6" not in every_timeline_id(before)
    added = live.session.timeline[len(before.timeline) :]
    assert [e.data.get("id", e.data.get("person")) for e in added] == ["p6", "p6", "p6"]
    assert ids_used(live.session)["p"] == 6
    # And the next new id, and the next save's mark, count it.
    assert new_id(live.session, "p") == "p7"
    report = host.save_latest()
    assert report is not None and report.error is None
    assert (read_session(path).session.ids_used or {}).get("p") == 6


def test_a_state_that_does_not_replay_is_imported_and_the_change_follows_the_import(
    tmp_path: Path, left: Session
) -> None:
    path = saved_by_the_app(left, tmp_path / "team.toml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Maya Okafor", "Maya O.", 1), encoding="utf-8")  # by hand
    host = opened(path)
    early = host.early
    assert early is not None
    early.change("person.added", {"id": new_id(early.session, "p"), **NEWCOMER})
    result = host.take_history()
    assert isinstance(result, tuple) and result[1] is True  # imported, as before
    live = host.live
    assert live is not None
    kinds = [e.type for e in live.session.timeline[-2:]]
    assert kinds == ["session.imported", "person.added"]
    assert live.session.person("p1").name == "Maya O." and live.session.person("p6") is not None
    assert [e.seq for e in live.session.timeline] == list(range(1, len(live.session.timeline) + 1))


def test_a_replay_of_a_marked_file_ends_on_its_last_event_not_an_import(
    tmp_path: Path, left: Session
) -> None:
    from sessions.replay import Replay

    path = saved_by_the_app(left, tmp_path / "team.toml")
    session = read_session(path)
    assert session.session.ids_used is not None
    replay = Replay(session)
    assert replay.matches_file and not replay.imported_step
    assert len(replay) == len(session.timeline)


def test_the_mark_is_what_the_session_ever_used_after_every_change(left: Session) -> None:
    # The mark is kept per list between saves (only the list a change touched is scanned):
    # after each change, undo and redo it is exactly `ids_used`.
    live = LiveSession(left)
    steps = [
        lambda: live.change("person.added", {"id": new_id(live.session, "p"), **NEWCOMER}),
        lambda: live.change("person.removed", {"id": live.session.people[-1].id}),
        lambda: live.change(
            "parking.added", {"id": "k40", "text": "Later", "stage": "roles", "at": FIXED}
        ),
        live.undo,
        live.redo,
        lambda: live.change("person.removed", {"id": "p1"}),
        live.undo,
    ]
    for step in steps:
        step()
        marked = with_ids_mark(live.session)
        assert marked.session.ids_used == (ids_used(live.session) or None)
