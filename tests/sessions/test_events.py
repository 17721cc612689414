"""Tests of the pure reducer: every collection verb, the special events, cascades and refusals."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from sessions.events import (
    COLLECTIONS,
    NOT_UNDOABLE,
    EventError,
    apply,
    fold,
    make_event,
    record,
    same_state,
    state_event_data,
)
from sessions.model import Session, dump_session, integrity_problems
from tests.strategies import AT, make_session

LATER = AT + timedelta(hours=1)


def do(session: Session, type_: str, data: dict[str, Any], at: datetime = LATER) -> Session:
    """Apply one event to `session` without recording it."""
    return apply(session, make_event(session, type_, data, at))


def rec(session: Session, type_: str, data: dict[str, Any]) -> Session:
    """Record one event on `session`."""
    return record(session, make_event(session, type_, data, LATER))


def build(*events: tuple[str, dict[str, Any]]) -> Session:
    session = make_session()
    for type_, data in events:
        session = rec(session, type_, data)
    return session


TEAM: list[tuple[str, dict[str, Any]]] = [
    ("person.added", {"id": "p1", "name": "Ana", "availability": 50}),
    ("person.added", {"id": "p2", "name": "Bo"}),
    ("assignment.added", {"person": "p1", "role": "data-scientist", "share": 60}),
    ("assignment.added", {"person": "p2", "role": "platform-engineer", "share": 100}),
    ("assignment.added", {"person": "p1", "role": "data-engineer", "share": 40}),
    ("vote.added", {"person": "p2", "score": 3}),
    ("action.added", {"id": "a0", "text": "Share the notes"}),
    ("learning.added", {"id": "l0", "learner": "p2", "topic": "Experiment tracking"}),
    ("parking.added", {"id": "park0", "text": "Budget", "stage": "welcome", "at": AT}),
    (
        "need.added",
        {
            "id": "n0",
            "provider": "software-engineer",
            "receiver": "platform-engineer",
            "artefact": "App",
        },
    ),
]


@pytest.fixture(scope="module")
def team() -> Session:
    """A session with two people holding three roles between them."""
    return build(*TEAM)


# -- every collection kind: added, updated, moved, removed ------------------------------------

# kind: (data of a new item, changes for `set`, the field the change shows up on)
CRUD: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "stage": ({"id": "retro", "title": "Retro", "timebox_min": 15}, {"title": "Retrospective"}),
    "role": ({"id": "ml-product-owner", "name": "ML product owner"}, {"summary": "Owns value."}),
    "person": ({"id": "p9", "name": "Zed"}, {"availability": 40}),
    "assignment": ({"person": "p2", "role": "data-scientist", "share": 20}, {"share": 30}),
    "concern": ({"id": "c99", "role": "data-scientist", "text": "Slow reviews"}, {"votes": 4}),
    "need": (
        {"id": "n9", "provider": "data-engineer", "receiver": "data-scientist", "artefact": "x"},
        {"format": "Parquet"},
    ),
    "learning": ({"id": "l9", "learner": "p1", "topic": "Kubernetes"}, {"partner": "p2"}),
    "environment": ({"id": "sandbox", "name": "Sandbox"}, {"purpose": "Try things"}),
    "gate": ({"from": "dev", "to": "prod"}, {"checks": ["Sign-off"]}),
    "step": ({"id": "docs", "name": "Build docs"}, {"owner": "software-engineer"}),
    "meeting": ({"name": "Retro", "minutes": 60}, {"cadence": "Fortnightly"}),
    "action": ({"id": "a9", "text": "Write the charter"}, {"done": True}),
    "parking": (
        {"id": "park9", "text": "Budget", "stage": "roles", "at": AT},
        {"outcome": "dropped"},
    ),
    "vote": ({"person": "p1", "score": 4}, {"score": 2}),
    "decision": (
        {
            "kind": "role.unheld",
            "subject": "ml-engineer",
            "outcome": "accepted",
            "reason": "Hiring",
        },
        {"outcome": "not_needed"},
    ),
}


def test_crud_table_covers_every_collection():
    assert set(CRUD) == set(COLLECTIONS)


def _items(session: Session, kind: str) -> list[Any]:
    value: Any = session
    for part in COLLECTIONS[kind].path:
        value = getattr(value, part)
    return value


def _key(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in COLLECTIONS[kind].key}


def _dumped(item: Any) -> dict[str, Any]:
    return item.model_dump(by_alias=True, exclude_none=True)


@pytest.mark.parametrize("kind", sorted(CRUD))
def test_added_appends_the_item(team, kind):
    new, _ = CRUD[kind]
    before = _items(team, kind)
    after = _items(do(team, f"{kind}.added", new), kind)
    assert len(after) == len(before) + 1
    assert after[:-1] == before
    assert _dumped(after[-1]).items() >= new.items()


@pytest.mark.parametrize("kind", sorted(CRUD))
def test_updated_changes_only_the_fields_set(team, kind):
    new, changes = CRUD[kind]
    session = do(team, f"{kind}.added", new)
    updated = do(session, f"{kind}.updated", {**_key(kind, new), "set": changes})
    item = _items(updated, kind)[-1]
    assert _dumped(item) == {**_dumped(_items(session, kind)[-1]), **changes}
    assert _items(updated, kind)[:-1] == _items(session, kind)[:-1]


# The team session holds no decision yet to move past; gates are moved in their own test.
@pytest.mark.parametrize("kind", sorted(set(CRUD) - {"gate", "decision"}))
def test_moved_puts_the_item_at_the_position(team, kind):
    new, _ = CRUD[kind]
    session = do(team, f"{kind}.added", new)
    items = _items(session, kind)
    assert len(items) >= 2
    moved = _items(do(session, f"{kind}.moved", {**_key(kind, new), "position": 0}), kind)
    assert moved == [items[-1], *items[:-1]]


def test_gates_can_be_moved(team):
    session = do(team, "gate.added", {"from": "dev", "to": "prod"})
    moved = do(session, "gate.moved", {"from": "dev", "to": "prod", "position": 0})
    assert [(g.from_, g.to) for g in moved.process.gates] == [
        ("dev", "prod"),
        ("dev", "staging"),
        ("staging", "prod"),
    ]


@pytest.mark.parametrize("kind", sorted(set(CRUD) - {"stage"}))
def test_removed_takes_the_item_out(team, kind):
    new, _ = CRUD[kind]
    session = do(team, f"{kind}.added", new)
    removed = do(session, f"{kind}.removed", _key(kind, new))
    assert _items(removed, kind) == _items(team, kind)


def test_stages_cannot_be_removed(team):
    with pytest.raises(EventError, match="stages cannot be removed"):
        do(team, "stage.removed", {"id": "roles"})


def test_unset_clears_an_optional_field(team):
    session = do(
        team, "action.added", {"id": "a1", "text": "Book", "owner": "p1", "due": date(2025, 4, 1)}
    )
    cleared = do(session, "action.updated", {"id": "a1", "unset": ["owner"]})
    assert cleared.actions[-1].owner is None
    assert cleared.actions[-1].due == date(2025, 4, 1)


def test_every_applied_event_stamps_updated_at(team):
    assert do(team, "person.added", {"id": "p9", "name": "Zed"}).session.updated_at == LATER


# -- refusals ---------------------------------------------------------------------------------

BAD: list[tuple[str, dict[str, Any], str]] = [
    # duplicate keys
    ("person.added", {"id": "p1", "name": "Again"}, "already exists"),
    ("assignment.added", {"person": "p1", "role": "data-scientist", "share": 5}, "already exists"),
    ("gate.added", {"from": "dev", "to": "staging"}, "already exists"),
    ("role.added", {"id": "data-scientist", "name": "Twin"}, "already exists"),
    ("person.updated", {"id": "p1", "set": {"id": "p2"}}, "id cannot be changed"),
    # unknown ids
    ("person.updated", {"id": "nobody", "set": {"name": "X"}}, "no person 'nobody'"),
    ("role.removed", {"id": "astronaut"}, "no role"),
    ("concern.moved", {"id": "c999", "position": 0}, "no concern"),
    ("assignment.removed", {"person": "p2", "role": "data-engineer"}, "no assignment"),
    ("person.updated", {"set": {"name": "X"}}, "missing id"),
    # dangling references
    ("assignment.added", {"person": "ghost", "role": "data-scientist", "share": 5}, "person"),
    ("assignment.added", {"person": "p1", "role": "ghost", "share": 5}, "role"),
    ("concern.added", {"id": "c99", "role": "ghost", "text": "t"}, "role"),
    (
        "concern.added",
        {"id": "c99", "role": "data-scientist", "text": "t", "heard_by": ["ghost"]},
        "heard_by",
    ),
    (
        "concern.added",
        {"id": "c99", "role": "data-scientist", "text": "t", "author": "ghost"},
        "author",
    ),
    ("concern.updated", {"id": "c1", "set": {"heard_by": ["ghost"]}}, "heard_by"),
    (
        "need.added",
        {"id": "n1", "provider": "ghost", "receiver": "data-scientist", "artefact": "a"},
        "provider",
    ),
    (
        "need.added",
        {"id": "n1", "provider": "data-scientist", "receiver": "ghost", "artefact": "a"},
        "receiver",
    ),
    ("learning.added", {"id": "l1", "learner": "ghost", "topic": "t"}, "learner"),
    ("learning.added", {"id": "l1", "learner": "p1", "topic": "t", "partner": "ghost"}, "partner"),
    ("environment.added", {"id": "e9", "name": "E", "deployers": ["ghost"]}, "deployers"),
    ("gate.added", {"from": "dev", "to": "ghost"}, "to"),
    ("step.added", {"id": "s9", "name": "S", "owner": "ghost"}, "owner"),
    ("action.added", {"id": "a1", "text": "t", "owner": "ghost"}, "owner"),
    ("parking.added", {"id": "k1", "text": "t", "stage": "ghost", "at": AT}, "stage"),
    ("vote.added", {"person": "ghost", "score": 3}, "person"),
    ("rituals.updated", {"set": {"backlog_owner": "ghost"}}, "backlog_owner"),
    # out-of-range and wrongly typed values
    ("person.added", {"id": "p9", "name": "Z", "availability": 0}, "availability"),
    ("person.added", {"id": "p9", "name": "Z", "availability": 101}, "availability"),
    ("person.added", {"id": "p9", "name": "Z", "availability": "50"}, "availability"),
    ("person.added", {"id": "p9", "name": "Z", "availability": True}, "availability"),
    ("person.added", {"id": "p9", "name": "x" * 81}, "name"),
    ("person.added", {"id": "p9", "name": "\x1b\u202e\x00 \x9b"}, "name"),
    ("person.added", {"id": "bad id!", "name": "Z"}, "id"),
    (
        "assignment.updated",
        {"person": "p1", "role": "data-scientist", "set": {"share": 0}},
        "share",
    ),
    ("vote.added", {"person": "p1", "score": 0}, "score"),
    ("vote.added", {"person": "p1", "score": 6}, "score"),
    ("concern.updated", {"id": "c1", "set": {"votes": -1}}, "votes"),
    ("concern.added", {"id": "c99", "role": "data-scientist", "text": "t" * 2001}, "text"),
    ("stage.updated", {"id": "roles", "set": {"timebox_min": 0}}, "timebox_min"),
    ("settings.updated", {"set": {"vote_budget": 0}}, "vote_budget"),
    ("session.updated", {"set": {"org_size": "huge"}}, "org_size"),
    ("person.updated", {"id": "p1", "unset": ["name"]}, "name"),
    ("person.updated", {"id": "p1", "set": ["name"]}, "`set` must be a table"),
    ("person.moved", {"id": "p1", "position": 2}, "`position` must be a whole number from 0 to 1"),
    ("person.moved", {"id": "p1", "position": -1}, "`position`"),
    ("person.moved", {"id": "p1", "position": True}, "`position`"),
    ("person.moved", {"id": "p1", "to": 0}, "`position`"),
    ("person.moved", {"id": "p1"}, "`position`"),
    # unknown types
    ("person.exploded", {"id": "p1"}, "unknown event type"),
    ("widget.added", {"id": "w"}, "unknown event type"),
    ("session.removed", {}, "unknown event type"),
    ("concerns.shuffled", {}, "unknown event type"),
    # fields the reducer manages itself
    ("session.updated", {"set": {"id": "other"}}, "id cannot be changed"),
    ("session.updated", {"set": {"stage": "roles"}}, "stage cannot be changed"),
    ("session.updated", {"set": {"created_at": AT}}, "created_at cannot be changed"),
    ("session.updated", {"set": {"updated_at": AT}}, "updated_at cannot be changed"),
    ("session.updated", {"unset": ["stage"]}, "stage cannot be changed"),
    ("process.updated", {"set": {"environments": []}}, "environments cannot be changed"),
    ("process.updated", {"set": {"gates": []}}, "gates cannot be changed"),
    ("rituals.updated", {"set": {"meetings": []}}, "meetings cannot be changed"),
    # stage navigation and timing
    ("stage.entered", {"stage": "nowhere"}, "no stage 'nowhere'"),
    ("stage.entered", {}, "no stage None"),
    ("stage.entered", {"stage": "roles", "spent_s": {"roles": -1}}, "whole seconds"),
    ("stage.entered", {"stage": "roles", "spent_s": {"roles": 1.5}}, "whole seconds"),
    ("stage.entered", {"stage": "roles", "spent_s": {"roles": True}}, "whole seconds"),
    ("stage.entered", {"stage": "roles", "spent_s": {"nowhere": 5}}, "no stage 'nowhere'"),
    ("stage.entered", {"stage": "roles", "done": {"roles": "yes"}}, "true or false"),
    ("stage.timed", {"spent_s": [1, 2]}, "must be tables"),
    # whole-state events
    ("session.imported", {"state": "everything"}, "`state` must be a table"),
    ("session.imported", {"state": {"session": {"team": "X"}}}, "state.session"),
]


@pytest.mark.parametrize(
    ("type_", "data", "reason"), BAD, ids=[f"{t}-{i}" for i, (t, _, _) in enumerate(BAD)]
)
def test_bad_event_is_refused_with_a_reason(team, type_, data, reason):
    before = dump_session(team)
    with pytest.raises(EventError) as caught:
        do(team, type_, data)
    assert reason in str(caught.value)
    assert dump_session(team) == before


@pytest.mark.parametrize(
    ("type_", "data"),
    [
        ("session.updated", {"set": 5}),
        ("session.updated", {"set": "team"}),
        ("session.updated", {"unset": 5}),
        ("session.updated", {"unset": "team"}),
        ("session.updated", {"unset": [{}]}),
        ("rituals.updated", {"unset": [["backlog"]]}),
        ("person.updated", {"id": "p1", "unset": [{}]}),
        ("person.updated", {"id": "p1", "set": 5}),
    ],
    ids=lambda v: repr(v) if isinstance(v, dict) else v,
)
def test_malformed_update_is_an_event_error(team, type_, data):
    with pytest.raises(EventError, match="`set` must be a table"):
        do(team, type_, data)


@pytest.mark.parametrize(
    ("type_", "data"),
    [
        ("person.updated", {"id": "p1", "set": {"id": "p7"}}),
        ("role.updated", {"id": "data-scientist", "set": {"id": "ds"}}),
        ("environment.updated", {"id": "dev", "set": {"id": "develop"}}),
        ("stage.updated", {"id": "welcome", "set": {"id": "hello"}}),
    ],
    ids=["person", "role", "environment", "stage"],
)
def test_changing_an_id_never_leaves_references_dangling(team, type_, data):
    try:
        session = do(team, type_, data)
    except EventError:
        return  # refusing the rename is a fine answer too
    assert integrity_problems(session) == []


# -- cascades ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def busy() -> Session:
    """A session in which two people and every role are referred to from everywhere."""
    return build(
        *TEAM,
        ("learning.added", {"id": "l1", "learner": "p1", "topic": "Terraform", "partner": "p2"}),
        (
            "learning.added",
            {"id": "l2", "learner": "p2", "topic": "Feature stores", "partner": "p1"},
        ),
        ("vote.added", {"person": "p1", "score": 4}),
        ("action.added", {"id": "a1", "text": "Write the charter", "owner": "p1"}),
        ("action.added", {"id": "a2", "text": "Book the retro", "owner": "p2"}),
        ("rituals.updated", {"set": {"backlog_owner": "p1"}}),
        (
            "concern.added",
            {
                "id": "c90",
                "role": "data-engineer",
                "text": "Schema drift",
                "author": "p1",
                "heard_by": ["data-scientist", "platform-engineer"],
            },
        ),
        (
            "concern.added",
            {
                "id": "c91",
                "role": "platform-engineer",
                "text": "Pager load",
                "author": "p2",
                "heard_by": ["data-scientist"],
            },
        ),
        (
            "concern.added",
            {"id": "c92", "role": "software-engineer", "text": "Flaky", "masked": True, "votes": 3},
        ),
        (
            "need.added",
            {
                "id": "n1",
                "provider": "data-engineer",
                "receiver": "data-scientist",
                "artefact": "Features",
            },
        ),
        (
            "need.added",
            {
                "id": "n2",
                "provider": "data-scientist",
                "receiver": "platform-engineer",
                "artefact": "Model",
            },
        ),
        (
            "need.added",
            {
                "id": "n3",
                "provider": "platform-engineer",
                "receiver": "software-engineer",
                "artefact": "API",
            },
        ),
    )


def test_busy_session_is_consistent(busy):
    assert integrity_problems(busy) == []


def test_removing_a_person_removes_and_clears_what_referred_to_them(busy):
    after = do(busy, "person.removed", {"id": "p1"})
    assert [p.id for p in after.people] == ["p2"]
    assert [(a.person, a.role) for a in after.assignments] == [("p2", "platform-engineer")]
    assert [(item.id, item.partner) for item in after.learning] == [("l0", None), ("l2", None)]
    assert [c.person for c in after.confidence] == ["p2"]
    assert [(a.id, a.owner) for a in after.actions] == [("a0", None), ("a1", None), ("a2", "p2")]
    assert after.rituals.backlog_owner is None
    authors = {c.id: c.author for c in after.concerns if c.id in ("c90", "c91")}
    assert authors == {"c90": None, "c91": "p2"}
    assert integrity_problems(after) == []


def test_removing_a_role_removes_and_clears_what_referred_to_it(busy):
    gone = "data-scientist"
    after = do(busy, "role.removed", {"id": gone})
    assert gone not in [r.id for r in after.roles]
    assert all(a.role != gone for a in after.assignments)
    assert [(a.person, a.role) for a in after.assignments] == [
        ("p2", "platform-engineer"),
        ("p1", "data-engineer"),
    ]
    assert all(c.role != gone for c in after.concerns)
    assert len(after.concerns) == len(busy.concerns) - sum(c.role == gone for c in busy.concerns)
    heard = {c.id: c.heard_by for c in after.concerns if c.id in ("c90", "c91")}
    assert heard == {"c90": ["platform-engineer"], "c91": []}
    assert [n.id for n in after.needs] == ["n0", "n3"]  # both directions dropped
    for env in after.process.environments:
        assert gone not in env.deployers
    dev = after.process.environments[0]
    assert dev.deployers == ["data-engineer", "software-engineer", "platform-engineer"]
    owners = {s.id: s.owner for s in after.process.pipeline}
    assert owners["train"] is None and owners["evaluate"] is None
    assert owners["package"] == "platform-engineer"
    assert integrity_problems(after) == []


def test_removing_an_environment_removes_its_gates(busy):
    after = do(busy, "environment.removed", {"id": "staging"})
    assert [e.id for e in after.process.environments] == ["dev", "prod"]
    assert after.process.gates == []
    after = do(busy, "environment.removed", {"id": "prod"})
    assert [(g.from_, g.to) for g in after.process.gates] == [("dev", "staging")]
    assert integrity_problems(after) == []


CASES_FOR_PURITY = [
    ("person.removed", {"id": "p1"}),
    ("role.removed", {"id": "data-scientist"}),
    ("environment.removed", {"id": "staging"}),
    ("person.updated", {"id": "p2", "set": {"name": "Bob"}}),
    ("concern.moved", {"id": "c91", "position": 0}),
    ("stage.entered", {"stage": "needs", "spent_s": {"welcome": 300}, "done": {"welcome": True}}),
    ("concerns.votes_cleared", {}),
    ("concerns.revealed", {}),
    ("session.updated", {"set": {"team": "Renamed"}, "unset": ["purpose"]}),
    (
        "session.imported",
        {
            "state": {
                "session": {
                    "id": "x",
                    "team": "T",
                    "created_at": AT,
                    "updated_at": AT,
                    "stage": "s",
                }
            }
        },
    ),
]


@pytest.mark.parametrize(("type_", "data"), CASES_FOR_PURITY, ids=[t for t, _ in CASES_FOR_PURITY])
def test_apply_never_changes_its_input(busy, type_, data):
    before = dump_session(busy)
    data_before = copy.deepcopy(data)
    event = make_event(busy, type_, data, LATER + timedelta(hours=1))
    after = apply(busy, event)
    assert dump_session(busy) == before
    assert event.data == data_before
    changed = dump_session(after)
    changed["session"]["updated_at"] = busy.session.updated_at
    assert changed != before  # each case really changes something
    assert after.timeline == busy.timeline  # apply leaves the timeline to `record`


# -- special events ---------------------------------------------------------------------------


def test_stage_entered_moves_the_room_and_logs_time(team):
    after = do(
        team,
        "stage.entered",
        {
            "stage": "roles",
            "spent_s": {"welcome": 420, "roster": 0},
            "done": {"welcome": True, "roster": False},
        },
    )
    assert after.session.stage == "roles"
    stages = {s.id: (s.spent_s, s.done) for s in after.stages}
    assert stages["welcome"] == (420, True)
    assert stages["roster"] == (0, False)
    assert stages["roles"] == (0, False)
    assert after.session.updated_at == LATER


def test_stage_done_can_be_taken_back(team):
    done = do(team, "stage.entered", {"stage": "roster", "done": {"welcome": True}})
    undone = do(done, "stage.entered", {"stage": "welcome", "done": {"welcome": False}})
    assert undone.stage("welcome").done is False
    assert undone.session.stage == "welcome"


def test_stage_timed_logs_time_without_moving(team):
    after = do(team, "stage.timed", {"spent_s": {"welcome": 61}})
    assert after.session.stage == team.session.stage == "welcome"
    assert after.stage("welcome").spent_s == 61


@pytest.fixture(scope="module")
def silent() -> Session:
    """Concerns written silently by two roles, with votes on them."""
    return build(
        (
            "concern.added",
            {"id": "m1", "role": "data-scientist", "text": "One", "masked": True, "votes": 2},
        ),
        ("concern.added", {"id": "m2", "role": "data-scientist", "text": "Two", "masked": True}),
        (
            "concern.added",
            {"id": "m3", "role": "data-engineer", "text": "Three", "masked": True, "votes": 5},
        ),
    )


def _masked(session: Session) -> set[str]:
    return {c.id for c in session.concerns if c.masked}


def test_concerns_revealed_for_one_role(silent):
    after = do(silent, "concerns.revealed", {"role": "data-scientist"})
    assert _masked(after) == {"m3"}
    assert "masked" not in dump_session(after)["concerns"][-2]


def test_concerns_revealed_for_all(silent):
    assert _masked(silent) == {"m1", "m2", "m3"}
    assert _masked(do(silent, "concerns.revealed", {})) == set()


def test_votes_cleared_for_all_and_for_one_role(silent):
    assert {c.id: c.votes for c in silent.concerns if c.votes} == {"m1": 2, "m3": 5}
    one = do(silent, "concerns.votes_cleared", {"role": "data-engineer"})
    assert {c.id: c.votes for c in one.concerns if c.votes} == {"m1": 2}
    assert all(c.votes == 0 for c in do(silent, "concerns.votes_cleared", {}).concerns)


def test_imported_state_replaces_everything_but_the_timeline(team):
    state = state_event_data(team)["state"]
    state["session"]["team"] = "Edited by hand"
    state["people"] = state["people"][:1]
    state["assignments"] = [a for a in state["assignments"] if a["person"] == "p1"]
    after = record(team, make_event(team, "session.imported", {"state": state}, LATER))
    assert after.session.team == "Edited by hand"
    assert [p.id for p in after.people] == ["p1"]
    assert after.timeline[:-1] == team.timeline
    assert after.timeline[-1].type == "session.imported"
    assert same_state(fold(after.timeline), after)


def test_same_state_answers_as_comparing_the_dumps(busy, team):
    def by_dumps(a: Session, b: Session) -> bool:
        first, second = dump_session(a, timeline=False), dump_session(b, timeline=False)
        return first == second or repr(first) == repr(second)

    share = busy.assignments[0].model_copy(update={"share": busy.assignments[0].share % 100 + 1})
    pairs = [
        (busy, fold(busy.timeline)),
        (busy, busy.model_copy(update={"timeline": []})),
        (busy, fold(busy.timeline[:-1])),
        (busy, team),
        (busy, busy.model_copy(update={"assignments": [share, *busy.assignments[1:]]})),
        # Unknown keys count, a `nan` among them included (it never equals itself).
        (busy, Session.model_validate({**dump_session(busy), "later": 1})),
        (
            Session.model_validate({**dump_session(busy), "odd": float("nan")}),
            Session.model_validate({**dump_session(busy), "odd": float("nan")}),
        ),
    ]
    answers = [same_state(a, b) for a, b in pairs]
    assert answers == [by_dumps(a, b) for a, b in pairs]
    assert answers == [True, True, False, False, False, False, True]


def test_event_data_shares_its_keys_and_short_strings(busy):
    from sessions.model import SHARED_MAX, Event

    long_text = "A long note, " * 10
    events = [
        Event.model_validate(
            {
                "seq": n,
                "at": AT,
                "type": "person.updated",
                "data": {"id": "p7", "set": {"note": long_text}},
            }
        )
        for n in (1, 2)
    ]
    first, second = events
    assert first.type is second.type
    assert next(iter(first.data)) is next(iter(second.data))  # the key "id"
    assert first.data["id"] is second.data["id"]  # "p7": short
    assert len(long_text) > SHARED_MAX and first.data["set"]["note"] == second.data["set"]["note"]
    assert first == second.model_copy(update={"seq": 1})


# -- record, fold, make_event -----------------------------------------------------------------


def test_record_appends_numbered_events(team):
    assert [e.seq for e in team.timeline] == list(range(1, len(TEAM) + 2))
    assert [e.type for e in team.timeline] == ["session.created"] + [t for t, _ in TEAM]
    event = make_event(team, "person.added", {"id": "p3", "name": "Cy"}, LATER)
    assert event.seq == len(team.timeline) + 1
    assert record(team, event).timeline[-1] == event


def test_fold_replays_the_timeline(busy):
    assert same_state(fold(busy.timeline), busy)
    assert not same_state(fold(busy.timeline[:-1]), busy)


def test_fold_needs_a_replacing_first_event(busy):
    with pytest.raises(EventError, match="must start with"):
        fold(busy.timeline[1:])
    with pytest.raises(EventError, match="empty"):
        fold([])


def test_make_event_defaults_to_now():
    session = make_session()
    before = datetime.now(UTC)
    event = make_event(session, "person.added", {"id": "p1", "name": "A"})
    assert before <= event.at <= datetime.now(UTC)


def test_navigation_and_creation_are_not_undoable():
    assert {"session.created", "session.imported", "stage.entered", "stage.timed"} == NOT_UNDOABLE


@pytest.mark.parametrize(
    ("type_", "data", "reason"),
    [
        (
            "need.added",
            {
                "id": "n9",
                "provider": "data-scientist",
                "receiver": "data-scientist",
                "artefact": "x",
            },
            "two different roles",
        ),
        ("gate.added", {"from": "dev", "to": "dev"}, "two different environments"),
        ("learning.added", {"id": "l9", "learner": "p1", "topic": "x", "partner": "p1"}, "partner"),
    ],
)
def test_an_item_cannot_point_at_itself(team, type_, data, reason):
    with pytest.raises(EventError, match=reason):
        do(team, type_, data)
