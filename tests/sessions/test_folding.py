"""The indexed fold gives exactly what `apply` gives, event by event, errors included."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions import events
from sessions.events import EventError, make_event, state_event_data
from sessions.folding import Folding, fold
from sessions.model import Event, Session, dump_session
from tests.strategies import AT, WORKSHOP_PROPERTY, event_for, make_session


def _outcome(step, *args):
    try:
        return step(*args), None
    except Exception as error:  # compared below: the same kind and the same words
        return None, (type(error), str(error))


def _same(a: Session, b: Session) -> None:
    assert a == b
    assert dump_session(a) == dump_session(b)
    # What each copy records as set decides what `exclude_unset` dumps would hold.
    assert a.model_fields_set == b.model_fields_set
    assert a.session.model_fields_set == b.session.model_fields_set


@WORKSHOP_PROPERTY
@given(data=st.data(), steps=st.integers(min_value=5, max_value=60))
def test_folding_matches_apply_event_by_event(data, steps):
    reference = make_session()
    folding = Folding(reference)
    seen: list[Event] = []
    for step in range(steps):
        at = AT + timedelta(minutes=step + 1)
        if seen and data.draw(st.integers(0, 5), label="again") == 0:
            # An earlier event again: an item that exists already, or is gone, or moved on.
            earlier = data.draw(st.sampled_from(seen), label="earlier")
            event = make_event(reference, earlier.type, earlier.data, at)
        else:
            type_, payload = data.draw(event_for(reference), label="event")
            event = make_event(reference, type_, payload, at)
        expected, expected_error = _outcome(events.apply, reference, event)
        got, error = _outcome(folding.apply, event)
        assert error == expected_error
        if expected_error is None:
            _same(got, expected)
            reference = expected
            seen.append(event)
        # A refused event leaves the fold where it was.
        _same(folding.session, reference)


@WORKSHOP_PROPERTY
@given(data=st.data(), steps=st.integers(min_value=3, max_value=40))
def test_fold_of_a_timeline_equals_the_reducers_fold(data, steps):
    session = make_session()
    for step in range(steps):
        type_, payload = data.draw(event_for(session), label="event")
        try:
            session = events.record(
                session, make_event(session, type_, payload, AT + timedelta(minutes=step))
            )
        except EventError:
            continue
    _same(fold(session.timeline), events.fold(session.timeline))


def test_odd_events_get_the_reducers_own_errors():
    session = make_session()
    person = session.people[0].id if session.people else None
    session = events.record(
        session, make_event(session, "person.added", {"id": "p-odd", "name": "Odd", "title": "x"})
    )
    odd = [
        ("person.updated", {"id": ["not", "hashable"], "set": {"name": "x"}}),
        ("person.updated", {"id": "nobody", "set": {"name": "x"}}),
        ("person.updated", {"id": "p-odd", "set": {"id": "p-other"}}),
        ("person.added", {"id": "p-odd", "name": "Again", "title": "x"}),
        ("assignment.added", {"person": "nobody", "role": session.roles[0].id, "share": 10}),
        ("assignment.updated", {"person": person, "set": {"share": 5}}),
        ("need.added", {"id": "n", "provider": "r", "receiver": "r", "artefact": "a"}),
        ("gate.updated", {"from": "dev", "to": "dev", "set": {}}),
        ("person.added", {"id": "p-bad", "name": "", "title": "x"}),
        ("nonsense.added", {}),
    ]
    folding = Folding(session)
    for type_, data in odd:
        event = make_event(session, type_, data)
        assert _outcome(folding.apply, event)[1] == _outcome(events.apply, session, event)[1]
        assert _outcome(events.apply, session, event)[1] is not None
        _same(folding.session, session)


def test_a_hand_edited_state_with_a_key_twice_folds_as_apply_does():
    session = make_session()
    state = dump_session(session, timeline=False)
    state["people"] = [
        {"id": "p-twin", "name": "First", "title": "x"},
        {"id": "p-twin", "name": "Second", "title": "y"},
    ]
    imported = make_event(session, "session.imported", {"state": state})
    update = Event(
        seq=2, at=AT, type="person.updated", data={"id": "p-twin", "set": {"title": "z"}}
    )
    added = Event(
        seq=3, at=AT, type="person.added", data={"id": "p-new", "name": "New", "title": "z"}
    )
    timeline = [imported, update, added]
    _same(fold(timeline), events.fold(timeline))
    assert [p.title for p in fold(timeline).people] == ["z", "y", "z"]


def test_folding_needs_a_whole_state_first():
    folding = Folding()
    event = Event(seq=1, at=AT, type="person.added", data={"id": "p", "name": "P", "title": "x"})
    with pytest.raises(EventError, match="must start with"):
        folding.apply(event)
    with pytest.raises(EventError, match="empty"):
        fold([])
    start = make_event(make_session(), "session.created", state_event_data(make_session()))
    assert Folding().apply(start) == events.fold([start])


def test_an_update_that_changes_an_items_key_moves_it_in_the_index():
    session = make_session()
    session = events.record(
        session, make_event(session, "person.added", {"id": "p-a", "name": "A", "title": "x"})
    )
    first, second = session.roles[0].id, session.roles[1].id
    changes = [
        ("assignment.added", {"person": "p-a", "role": first, "share": 10}),
        ("assignment.updated", {"person": "p-a", "role": first, "set": {"role": second}}),
        ("assignment.updated", {"person": "p-a", "role": first, "set": {"share": 20}}),
        ("assignment.added", {"person": "p-a", "role": first, "share": 30}),
        ("assignment.updated", {"person": "p-a", "role": second, "set": {"role": first}}),
        ("assignment.updated", {"person": "p-a", "role": second, "set": {"share": 40}}),
    ]
    folding, reference = Folding(session), session
    outcomes = []
    for type_, data in changes:
        event = make_event(reference, type_, data)
        expected, expected_error = _outcome(events.apply, reference, event)
        got, error = _outcome(folding.apply, event)
        assert error == expected_error
        outcomes.append(error is None)
        if error is None:
            _same(got, expected)
            reference = expected
    assert outcomes == [True, True, False, True, False, True]


def test_the_fold_keeps_the_reducers_own_rules(pack):
    """The fold finds items faster but applies the reducer's rules, such as adopting a
    suggestion by editing it: no copy of those rules can fall behind."""
    from sessions.live import LiveSession
    from sessions.start import new_session

    live = LiveSession(new_session(pack, team="Rules", at=AT, session_id="rules"))
    concern = next(c for c in live.session.concerns if c.suggested)
    live.change("concern.updated", {"id": concern.id, "set": {"text": "Ours now"}}, at=AT)
    live.change("person.added", {"id": "p1", "name": "Ana", "availability": 50}, at=AT)
    role = live.session.roles[0]
    holders = [["p1"], *([[]] * (len(role.responsibilities) - 1))]
    live.change("role.updated", {"id": role.id, "set": {"holders": holders}}, at=AT)
    folded = fold(live.session.timeline)
    _same(folded, events.fold(live.session.timeline))
    assert next(c for c in folded.concerns if c.id == concern.id).suggested is None
    assert folded.role(role.id).holders == [["p1"]]


def test_removals_move_the_index_on_without_reading_the_list_again():
    """A removal leaves a hole in the index rather than indexing the list afresh: items
    after it, items added later and keys changed later are all still found where they are."""
    session = make_session()
    for n in range(3):
        session = events.record(
            session,
            make_event(session, "person.added", {"id": f"p{n}", "name": f"P{n}", "title": "x"}),
        )
    roles = [role.id for role in session.roles]
    changes: list[tuple[str, dict]] = [
        *(
            ("assignment.added", {"person": f"p{n}", "role": role, "share": 10})
            for n in range(3)
            for role in roles[:3]
        ),
        ("assignment.removed", {"person": "p0", "role": roles[1]}),
        ("assignment.updated", {"person": "p2", "role": roles[2], "set": {"share": 20}}),
        ("assignment.removed", {"person": "p0", "role": roles[0]}),
        ("assignment.updated", {"person": "p1", "role": roles[0], "set": {"role": roles[3]}}),
        ("assignment.added", {"person": "p0", "role": roles[1], "share": 30}),
        ("assignment.removed", {"person": "p2", "role": roles[2]}),
        ("assignment.updated", {"person": "p0", "role": roles[1], "set": {"share": 40}}),
        ("assignment.removed", {"person": "p0", "role": roles[0]}),  # gone already
        ("assignment.added", {"person": "p1", "role": roles[0], "share": 50}),
        ("assignment.removed", {"person": "p1", "role": roles[3]}),
        ("assignment.updated", {"person": "p2", "role": roles[1], "set": {"share": 60}}),
        ("person.removed", {"id": "p2"}),  # its assignments go with it: another list
        ("assignment.updated", {"person": "p1", "role": roles[0], "set": {"share": 70}}),
    ]
    folding, reference = Folding(session), session
    index = None
    for type_, data in changes:
        event = make_event(reference, type_, data)
        expected, expected_error = _outcome(events.apply, reference, event)
        got, error = _outcome(folding.apply, event)
        assert error == expected_error, (type_, data)
        if error is None:
            _same(got, expected)
            reference = expected
        if type_ == "person.removed":
            break
        index = index or folding._indexes[("assignments",)]
        assert folding._indexes[("assignments",)] is index  # never indexed afresh
    assert index is not None and index.holes  # the removals left holes
    for type_, data in changes[-1:]:
        event = make_event(reference, type_, data)
        _same(folding.apply(event), events.apply(reference, event))


def test_a_fold_marks_only_the_states_it_is_asked_for(monkeypatch):
    """`apply` marks every state with its event's time (two copies of the session); a fold
    marks the one it returns, and gives exactly the same state."""
    session = make_session()
    for n in range(20):
        payload = {"id": f"p{n}", "name": f"P{n}", "title": "x"}
        session = events.record(
            session, make_event(session, "person.added", payload, AT + timedelta(minutes=n))
        )
    marked = {"n": 0}
    real = events._stamped

    def counting(state, event):
        marked["n"] += 1
        return real(state, event)

    monkeypatch.setattr(events, "_stamped", counting)
    folded = fold(session.timeline)
    assert marked["n"] == 1
    _same(folded, events.fold(session.timeline))
    assert folded.session.updated_at == session.session.updated_at
