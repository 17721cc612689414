"""Pack content arrives as suggestions; adopting or editing makes it the team's."""

from __future__ import annotations

from sessions.events import fold
from sessions.live import LiveSession
from sessions.model import Session
from sessions.suggestions import adopt_event, done_is_suggested, leftover


def changed(session: Session, *changes: tuple[str, dict] | None) -> Session:
    live = LiveSession(session)
    for change in changes:
        assert change is not None, "no suggestion to adopt"
        type_, data = change
        live.change(type_, data)
    return live.session


def test_every_seeded_part_starts_as_a_suggestion(fresh_session: Session) -> None:
    s = fresh_session
    assert s.concerns and all(c.suggested for c in s.concerns)
    assert all(e.suggested for e in s.process.environments)
    assert all(g.suggested for g in s.process.gates)
    assert all(step.suggested for step in s.process.pipeline)
    assert all(m.suggested for m in s.rituals.meetings)
    assert s.process.done_suggested == s.process.definition_of_done
    assert s.rituals.backlog_suggested
    assert [title for title, _ in leftover(s)] == [
        "Concerns",
        "Environments",
        "Promotion gates",
        "Pipeline",
        "Definition of done",
        "Meetings",
        "Backlog",
    ]


def test_the_adopt_event_clears_the_mark_and_undo_brings_it_back(fresh_session) -> None:
    gate = fresh_session.process.gates[0]
    event = adopt_event(fresh_session, "gate", f"{gate.from_}>{gate.to}")
    assert event == (
        "gate.updated",
        {"from": gate.from_, "to": gate.to, "unset": ["suggested"]},
    )
    live = LiveSession(fresh_session)
    live.change(*event)
    assert not live.session.process.gates[0].suggested
    assert fold(live.session.timeline).process.gates[0].suggested is None
    assert adopt_event(live.session, "gate", f"{gate.from_}>{gate.to}") is None
    live.undo()
    assert live.session.process.gates[0].suggested


def test_editing_or_a_dot_adopts_but_being_heard_does_not(fresh_session) -> None:
    first, second, third = fresh_session.concerns[:3]
    session = changed(
        fresh_session,
        ("concern.updated", {"id": first.id, "set": {"text": "Room to prototype"}}),
        ("concern.updated", {"id": second.id, "set": {"votes": 1}}),
        ("concern.updated", {"id": third.id, "set": {"heard_by": ["software-engineer"]}}),
    )
    by_id = {c.id: c for c in session.concerns}
    assert not by_id[first.id].suggested and not by_id[second.id].suggested
    assert by_id[third.id].suggested


def test_definition_of_done_and_backlog(fresh_session) -> None:
    items = list(fresh_session.process.definition_of_done)
    edited = ["Reviewed by another role", *items[1:]]
    session = changed(fresh_session, ("process.updated", {"set": {"definition_of_done": edited}}))
    assert not done_is_suggested(session, 0) and done_is_suggested(session, 1)
    session = changed(session, adopt_event(session, "done", "1"))
    assert not done_is_suggested(session, 1) and done_is_suggested(session, 2)
    session = changed(session, ("rituals.updated", {"set": {"backlog": "Our board"}}))
    assert session.rituals.backlog_suggested is None
