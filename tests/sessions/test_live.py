"""Tests of the live session: changes, undo and redo, and navigation that undo steps over."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sessions.events import EventError, fold, same_state
from sessions.live import LiveSession
from sessions.model import dump_session
from tests.strategies import AT, make_session


def at(minutes: int):
    return AT + timedelta(minutes=minutes)


@pytest.fixture
def live() -> LiveSession:
    return LiveSession(make_session())


def types(live: LiveSession) -> list[str]:
    return [e.type for e in live.session.timeline]


def people(live: LiveSession) -> list[str]:
    return [p.id for p in live.session.people]


def test_a_new_session_has_nothing_to_undo_or_redo(live):
    assert not live.can_undo
    assert not live.can_redo
    assert live.undo() is None
    assert live.redo() is None
    assert types(live) == ["session.created"]
    assert live.revision == 0


def test_change_records_an_event_and_returns_the_session(live):
    result = live.change("person.added", {"id": "p1", "name": "Ana"}, at=at(1))
    assert result is live.session
    assert people(live) == ["p1"]
    assert types(live) == ["session.created", "person.added"]
    assert live.session.timeline[-1].seq == 2
    assert live.session.timeline[-1].at == at(1)
    assert live.can_undo and not live.can_redo
    assert live.revision == 1


def test_a_refused_change_leaves_everything_as_it_was(live):
    live.change("person.added", {"id": "p1", "name": "Ana"}, at=at(1))
    before = dump_session(live.session)
    with pytest.raises(EventError):
        live.change("person.added", {"id": "p1", "name": "Twin"}, at=at(2))
    assert dump_session(live.session) == before
    assert live.revision == 1
    live.undo()
    assert people(live) == []
    assert not live.can_undo


def test_undo_then_redo(live):
    live.change("person.added", {"id": "p1", "name": "Ana"}, at=at(1))
    live.change("person.added", {"id": "p2", "name": "Bo"}, at=at(2))
    created = live.session

    undone = live.undo()
    assert undone.type == "person.added" and undone.data == {"id": "p2", "name": "Bo"}
    assert people(live) == ["p1"]
    assert types(live) == ["session.created", "person.added"]
    assert live.can_undo and live.can_redo

    live.undo()
    assert people(live) == []
    assert not live.can_undo

    redone = live.redo()
    assert redone.type == "person.added" and redone.data["id"] == "p1"
    assert redone.seq == 2
    live.redo()
    assert people(live) == ["p1", "p2"]
    assert not live.can_redo
    assert dump_session(live.session, timeline=False)["people"] == created.state_dump()["people"]
    assert [e.seq for e in live.session.timeline] == [1, 2, 3]
    assert same_state(fold(live.session.timeline), live.session)


def test_undo_restores_cascaded_removals(live):
    live.change("person.added", {"id": "p1", "name": "Ana"}, at=at(1))
    live.change("assignment.added", {"person": "p1", "role": "data-scientist", "share": 50})
    live.change("action.added", {"id": "a1", "text": "Write it", "owner": "p1"}, at=at(2))
    before = live.session.state_dump()
    live.change("person.removed", {"id": "p1"}, at=at(3))
    assert live.session.assignments == [] and live.session.actions[0].owner is None
    live.undo()
    assert live.session.state_dump() == before


def test_undo_steps_over_navigation_and_keeps_it(live):
    live.change("person.added", {"id": "p1", "name": "Ana"}, at=at(1))
    live.change(
        "stage.entered",
        {"stage": "roles", "spent_s": {"welcome": 300}, "done": {"welcome": True}},
        at=at(2),
    )
    assert live.session.session.stage == "roles"

    undone = live.undo()
    assert undone.type == "person.added"
    assert people(live) == []
    assert live.session.session.stage == "roles"
    assert live.session.stage("welcome").spent_s == 300
    assert live.session.stage("welcome").done is True
    assert types(live) == ["session.created", "stage.entered"]
    assert [e.seq for e in live.session.timeline] == [1, 2]
    assert live.session.timeline[-1].at == at(2)
    assert same_state(fold(live.session.timeline), live.session)

    live.redo()
    assert people(live) == ["p1"]
    assert live.session.session.stage == "roles"
    assert types(live) == ["session.created", "stage.entered", "person.added"]
    assert same_state(fold(live.session.timeline), live.session)


def test_navigation_alone_is_not_undoable(live):
    live.change("stage.entered", {"stage": "roster"}, at=at(1))
    live.change("stage.timed", {"spent_s": {"roster": 60}}, at=at(2))
    assert not live.can_undo
    assert live.undo() is None
    assert live.session.session.stage == "roster"
    assert live.revision == 2


def test_navigation_does_not_clear_redo(live):
    live.change("person.added", {"id": "p1", "name": "Ana"}, at=at(1))
    live.undo()
    live.change("stage.entered", {"stage": "roster"}, at=at(2))
    assert live.can_redo
    live.redo()
    assert people(live) == ["p1"]
    assert live.session.session.stage == "roster"


def test_a_new_change_clears_redo(live):
    live.change("person.added", {"id": "p1", "name": "Ana"}, at=at(1))
    live.undo()
    assert live.can_redo
    live.change("person.added", {"id": "p2", "name": "Bo"}, at=at(2))
    assert not live.can_redo
    assert live.redo() is None
    assert people(live) == ["p2"]


def test_navigation_that_no_longer_fits_is_dropped_on_undo(live):
    live.change("stage.added", {"id": "retro", "title": "Retro", "timebox_min": 10}, at=at(1))
    live.change("stage.entered", {"stage": "retro"}, at=at(2))
    live.undo()
    assert live.session.stage("retro") is None
    assert live.session.session.stage == "welcome"
    assert types(live) == ["session.created"]
    assert same_state(fold(live.session.timeline), live.session)


def test_redo_that_no_longer_fits_is_dropped(live):
    live.change("person.added", {"id": "p1", "name": "Ana"}, at=at(1))
    live.change("assignment.added", {"person": "p1", "role": "data-scientist", "share": 50})
    live.undo()
    assert live.can_redo
    # A hand edit taken in (not undoable, so redo survives it) removes the person.
    state = live.session.state_dump()
    state["people"] = []
    live.change("session.imported", {"state": state}, at=at(2))
    assert live.can_redo
    revision = live.revision
    assert live.redo() is None
    assert not live.can_redo
    assert live.revision == revision
    assert live.session.assignments == []
    assert types(live)[-1] == "session.imported"


def test_undo_many_steps_back_to_the_start(live):
    steps = [
        ("person.added", {"id": "p1", "name": "Ana"}),
        ("stage.entered", {"stage": "roster"}),
        ("person.added", {"id": "p2", "name": "Bo"}),
        ("assignment.added", {"person": "p2", "role": "data-engineer", "share": 80}),
        ("stage.entered", {"stage": "roles"}),
        ("person.updated", {"id": "p1", "set": {"name": "Ana María"}}),
    ]
    for minute, (type_, data) in enumerate(steps, start=1):
        live.change(type_, data, at=at(minute))
    final = live.session.state_dump()
    while live.can_undo:
        live.undo()
    assert people(live) == []
    assert live.session.assignments == []
    assert live.session.session.stage == "roles"
    assert types(live) == ["session.created", "stage.entered", "stage.entered"]
    while live.can_redo:
        live.redo()
    redone = live.session.state_dump()
    final["session"].pop("updated_at")
    redone["session"].pop("updated_at")  # redo stamps the time it was done
    assert redone == final
    assert same_state(fold(live.session.timeline), live.session)


def test_revision_counts_changes_undos_and_redos(live):
    live.change("person.added", {"id": "p1", "name": "Ana"}, at=at(1))
    live.undo()
    live.redo()
    assert live.revision == 3


def test_preview_records_nothing(live):
    preview = live.preview("person.added", {"id": "p1", "name": "Ana"})
    assert [p.id for p in preview.people] == ["p1"]
    assert people(live) == []
    assert types(live) == ["session.created"]
    assert not live.can_undo
    with pytest.raises(EventError):
        live.preview("person.removed", {"id": "nobody"})


def test_changes_made_together_are_undone_and_redone_together(live):
    before = people(live)
    added = [("person.added", {"id": f"x{n}", "name": f"Pasted {n}"}) for n in range(3)]
    live.change_many(added, at=at(1))
    live.change("stage.entered", {"stage": "roles"}, at=at(2))  # navigation after it stays
    assert people(live) == [*before, "x0", "x1", "x2"]
    undone = live.undo()
    assert undone is not None and undone.type == "person.added"
    assert people(live) == before and live.session.session.stage == "roles"
    assert not live.can_undo or live.session.timeline[-1].type == "stage.entered"
    live.redo()
    assert people(live) == [*before, "x0", "x1", "x2"]
    assert same_state(fold(live.session.timeline), live.session)


def test_changes_made_together_are_all_or_nothing(live):
    before = dump_session(live.session)
    with pytest.raises(EventError):
        live.change_many(
            [
                ("person.added", {"id": "x1", "name": "Fine"}),
                ("person.added", {"id": "x1", "name": "Same id again"}),
            ],
            at=at(1),
        )
    assert dump_session(live.session) == before and not live.can_undo
