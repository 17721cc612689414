"""Replay: every step equals a plain fold, seeks stay cheap, and each step reads as a sentence."""

from __future__ import annotations

import contextlib
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions import events
from sessions.events import COLLECTIONS, SINGLETONS, EventError, fold, same_state
from sessions.folding import Folding
from sessions.live import LiveSession
from sessions.model import NAME_MAX, Event, Session
from sessions.narration import describe_event, touched_fields
from sessions.replay import (
    CHECKPOINT_EVERY,
    DECISION_KINDS,
    Replay,
    branch_session,
)
from sessions.store import parse_session, read_session
from tests.conftest import FIXED, HOSTILE
from tests.strategies import AT, WORKSHOP_PROPERTY, event_for, make_session

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "content" / "demo" / "demo-session.toml"
DOCS = ROOT / "docs" / "session-format.md"


def docs_example() -> str:
    """Return the complete example file from the session format's documentation."""
    text = DOCS.read_text(encoding="utf-8")
    return text.split("```toml\n", 1)[1].split("```", 1)[0]


@pytest.fixture(scope="module")
def demo() -> Session:
    return read_session(DEMO)


def ids_in(session: Session) -> set[str]:
    """Every id a sentence must not show: people, roles, concerns, handoffs, actions, ..."""
    found = {p.id for p in session.people} | {r.id for r in session.roles}
    found |= {c.id for c in session.concerns} | {n.id for n in session.needs}
    found |= {a.id for a in session.actions} | {k.id for k in session.parking_lot}
    found |= {item.id for item in session.learning}
    # Stage, environment and pipeline ids in the pack are plain words ("concerns", "staging",
    # "package"): the scripted events below use ids that cannot be mistaken for words.
    return found


def shows_an_id(sentence: str, ids: set[str]) -> set[str]:
    return {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", sentence)}


# -- the demo ----------------------------------------------------------------------------------


def test_every_step_of_the_demo_equals_a_plain_fold(demo: Session) -> None:
    replay = Replay(demo)
    assert len(replay) == len(demo.timeline) == 27
    assert replay.matches_file and not replay.imported_step
    for step in range(1, len(replay) + 1):
        expected = fold(demo.timeline[:step])
        state = replay.state_at(step)
        assert same_state(state, expected), step
        assert state.timeline == demo.timeline[:step]
        assert replay.stage_at(step) == expected.session.stage
    assert same_state(replay.state_at(len(replay)), demo)


def test_seeking_backwards_and_at_random_gives_the_same_states(demo: Session) -> None:
    replay = Replay(demo, checkpoint_every=5)
    steps = list(range(1, len(replay) + 1))
    random.Random(3).shuffle(steps)
    for step in [*reversed(range(1, len(replay) + 1)), *steps]:
        assert same_state(replay.state_at(step), fold(demo.timeline[:step])), step


def test_demo_sentences_use_names_never_ids(demo: Session) -> None:
    replay = Replay(demo)
    ids = ids_in(demo)
    for step in range(1, len(replay) + 1):
        sentence = replay.describe(step)
        assert sentence and sentence.endswith("."), step
        assert not shows_an_id(sentence, ids), (step, sentence)
    said = [replay.describe(step) for step in range(1, len(replay) + 1)]
    assert said[0] == "The session was created from the mlops pack."
    assert "Jonas Berg joined the team (Data scientist, 100% available)." in said
    assert "Jonas Berg took on Data engineer at 40%." in said
    assert "The room moved to Role mapping." in said
    assert "Handoff agreed: Data scientist → Software engineer: Trained forecast model." in said
    assert said[19].startswith("A concern for Data scientist got 4 dots")
    assert said[21].startswith("Software engineer and Platform / ML engineer heard a concern")


def test_stage_changes_and_decisions_in_the_demo(demo: Session) -> None:
    replay = Replay(demo)
    assert replay.stage_changes == [1, 3, 9, 17, 19, 25]
    assert replay.next_stage_change(1) == 3
    assert replay.next_stage_change(3) == 9
    assert replay.next_stage_change(25) is None
    assert replay.previous_stage_change(12) == 9
    assert replay.previous_stage_change(9) == 3
    assert replay.previous_stage_change(1) is None
    assert replay.decisions == [16, 26, 27]
    assert replay.next_decision(1) == 16
    assert replay.next_decision(16) == 26
    assert replay.next_decision(27) is None
    assert replay.previous_decision(26) == 16
    assert [replay.stage_at(k) for k in (1, 3, 9, 17, 19, 25, 27)] == [
        "welcome",
        "roster",
        "roles",
        "responsibilities",
        "concerns",
        "needs",
        "needs",
    ]
    assert replay.entering("roles", 27) == 9
    assert replay.entering("wrapup", 1) is None
    assert replay.at(1) == demo.timeline[0].at


def test_steps_outside_the_replay_are_refused(demo: Session) -> None:
    replay = Replay(demo)
    for step in (0, len(replay) + 1):
        with pytest.raises(IndexError):
            replay.state_at(step)


# -- a long session: checkpoints keep seeks cheap ------------------------------------------------


def long_session(count: int = 10_000, people: int = 30) -> Session:
    """A 10,000-event session: a roster, then availability, dots, stage moves and roles."""
    from content.loader import load_pack
    from sessions.start import new_session

    live = LiveSession(new_session(load_pack(), team="Long day", at=FIXED, session_id="long"))
    roles = [r.id for r in live.session.roles]
    stages = [s.id for s in live.session.stages]
    concerns = [c.id for c in live.session.concerns]
    for n in range(people):
        live.change("person.added", {"id": f"p{n}", "name": f"Person {n}"}, at=FIXED)
    n = 0
    while len(live.session.timeline) < count:
        person = f"p{n % people}"
        at = FIXED + timedelta(seconds=n)
        if n % 4 == 0:
            live.change("person.updated", {"id": person, "set": {"availability": 1 + n % 100}}, at)
        elif n % 4 == 1:
            live.change(
                "concern.updated", {"id": concerns[n % len(concerns)], "set": {"votes": n % 7}}, at
            )
        elif n % 4 == 2:
            live.change("stage.entered", {"stage": stages[n % len(stages)]}, at)
        else:
            role = roles[n % len(roles)]
            held = any(a.person == person and a.role == role for a in live.session.assignments)
            key = {"person": person, "role": role}
            if held:
                live.change("assignment.removed", key, at)
            else:
                live.change("assignment.added", {**key, "share": 20}, at)
        n += 1
    return live.session


@pytest.fixture(scope="module")
def long() -> Session:
    return long_session()


def test_a_seek_in_10000_events_folds_at_most_one_checkpoint_interval(
    long: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    replay = Replay(long)
    assert len(replay) == 10_000 and replay.matches_file
    calls = {"n": 0}
    real_advance = Folding.advance

    # Replay folds with `Folding`, the reducer with indexed lookups: count its steps.
    def counting(folding: Folding, event: Event) -> None:
        calls["n"] += 1
        real_advance(folding, event)

    monkeypatch.setattr(Folding, "advance", counting)
    rng = random.Random(11)
    steps = [1, 2, 99, 100, 101, 199, 5_000, 9_999, 10_000, *rng.sample(range(1, 10_001), 60)]
    worst = 0
    for step in steps:
        calls["n"] = 0
        replay.state_at(step)
        worst = max(worst, calls["n"])
        assert calls["n"] < CHECKPOINT_EVERY, step
        calls["n"] = 0
        replay.describe(step)
        assert calls["n"] <= CHECKPOINT_EVERY, step
    assert worst > 0  # the counter sees the reducer: this test can fail
    # Stepping one at a time folds one event per step.
    replay.state_at(4_321)
    for step in range(4_322, 4_330):
        calls["n"] = 0
        replay.state_at(step)
        assert calls["n"] == 1


def test_long_session_states_match_an_incremental_fold(long: Session) -> None:
    replay = Replay(long, checkpoint_every=250)
    wanted = {1, 2, 249, 250, 251, 777, 5_000, 9_999, 10_000}
    state = fold(long.timeline[:1])
    for step in range(2, 10_001):
        state = events.apply(state, long.timeline[step - 1])
        if step in wanted:
            assert same_state(replay.state_at(step), state), step
    assert same_state(replay.state_at(1), fold(long.timeline[:1]))


@WORKSHOP_PROPERTY
@given(data=st.data(), steps=st.integers(min_value=3, max_value=40))
def test_every_step_of_a_random_workshop_is_the_reducers_state(data, steps) -> None:
    """Built with checkpoints at any interval and sought in any order, each step is the state
    `apply` gives event by event (its time of change included), events that no longer fit
    are steps where nothing changed, and the stages, stage changes and decisions follow."""
    session = make_session()
    for step in range(steps):
        at = AT + timedelta(minutes=step)
        if data.draw(st.integers(0, 9), label="misfit") == 0:  # as a hand-edited file may hold
            event = events.make_event(session, "person.updated", {"id": "ghost", "set": {}}, at)
            session = session.model_copy(update={"timeline": [*session.timeline, event]})
            continue
        type_, payload = data.draw(event_for(session), label="event")
        with contextlib.suppress(EventError):
            session = events.record(session, events.make_event(session, type_, payload, at))
    timeline = session.timeline
    replay = Replay(session, checkpoint_every=data.draw(st.integers(1, 12), label="every"))
    expected, misfits = [fold(timeline[:1])], set()
    for k, event in enumerate(timeline[1:], start=2):
        try:
            expected.append(events.apply(expected[-1], event))
        except EventError:
            expected.append(expected[-1])
            misfits.add(k)
    assert replay.replayed == len(timeline) and replay.unreplayable == misfits
    order = data.draw(st.permutations(range(1, len(timeline) + 1)), label="order")
    for k in order:
        state = replay.state_at(k)
        assert state.state_dump() == expected[k - 1].state_dump(), k
        assert state.timeline == timeline[:k]
    stages = [state.session.stage for state in expected]
    assert [replay.stage_at(k) for k in range(1, len(timeline) + 1)] == stages
    moved = [
        k
        for k in range(1, len(replay) + 1)
        if k == 1
        or replay.stage_at(k) != replay.stage_at(k - 1)
        or (k <= len(timeline) and timeline[k - 1].type == "stage.entered")
    ]
    assert replay.stage_changes == moved
    agreements = [
        k
        for k, event in enumerate(timeline, start=1)
        if k not in misfits
        and (
            (
                event.type.partition(".")[0] in DECISION_KINDS
                and not event.type.endswith((".removed", ".moved"))
            )
            or event.type == "rituals.updated"
            or (
                event.type == "process.updated"
                and "definition_of_done" in touched_fields(event.data)
            )
        )
    ]
    assert replay.decisions == agreements


# -- every event type reads as a sentence ---------------------------------------------------------

SCRIPT: list[tuple[str, dict]] = [
    ("session.updated", {"set": {"product": "Churn score", "goals": ["Know who owns what"]}}),
    ("session.updated", {"set": {"team": "Churn Crew"}}),
    ("stage.entered", {"stage": "roster", "spent_s": {"welcome": 300}, "done": {"welcome": True}}),
    ("stage.timed", {"spent_s": {"roster": 125}}),
    ("person.added", {"id": "pid-ana", "name": "Ana Costa", "title": "Data scientist"}),
    ("person.added", {"id": "pid-raj", "name": "Raj Patel", "availability": 50}),
    ("person.updated", {"id": "pid-raj", "set": {"availability": 60}}),
    ("person.updated", {"id": "pid-raj", "set": {"name": "Raj P. Patel"}}),
    ("person.updated", {"id": "pid-raj", "set": {"title": "Platform engineer"}}),
    ("person.moved", {"id": "pid-raj", "position": 0}),
    ("role.added", {"id": "role-risk", "name": "Model risk analyst", "custom": True}),
    ("role.updated", {"id": "role-risk", "set": {"responsibilities": ["Sign off models"]}}),
    ("role.updated", {"id": "role-risk", "set": {"summary": "Signs off models."}}),
    ("role.moved", {"id": "role-risk", "position": 0}),
    ("assignment.added", {"person": "pid-ana", "role": "data-scientist", "share": 80}),
    ("assignment.added", {"person": "pid-raj", "role": "role-risk", "share": 20}),
    ("assignment.updated", {"person": "pid-ana", "role": "data-scientist", "set": {"share": 70}}),
    ("assignment.moved", {"person": "pid-raj", "role": "role-risk", "position": 0}),
    ("assignment.removed", {"person": "pid-raj", "role": "role-risk"}),
    ("concern.added", {"id": "cid-1", "role": "data-scientist", "text": "Room to experiment"}),
    (
        "concern.added",
        {"id": "cid-2", "role": "role-risk", "text": "Secret worry", "masked": True},
    ),
    ("concern.updated", {"id": "cid-1", "set": {"votes": 1}}),
    ("concern.updated", {"id": "cid-1", "set": {"votes": 2}}),
    ("concern.updated", {"id": "cid-1", "set": {"votes": 0}}),
    ("concern.updated", {"id": "cid-1", "set": {"heard_by": ["software-engineer"]}}),
    ("concern.updated", {"id": "cid-1", "set": {"text": "Room to experiment freely"}}),
    ("concern.moved", {"id": "cid-1", "position": 0}),
    ("concerns.revealed", {"role": "role-risk"}),
    ("concerns.revealed", {}),
    ("concerns.votes_cleared", {"role": "data-scientist"}),
    ("concerns.votes_cleared", {}),
    ("concern.removed", {"id": "cid-2"}),
    (
        "need.added",
        {
            "id": "nid-1",
            "provider": "data-scientist",
            "receiver": "software-engineer",
            "artefact": "Model package",
        },
    ),
    ("need.updated", {"id": "nid-1", "set": {"format": "Wheel with a schema"}}),
    ("need.moved", {"id": "nid-1", "position": 0}),
    ("need.removed", {"id": "nid-1"}),
    (
        "learning.added",
        {"id": "lid-1", "learner": "pid-ana", "topic": "Docker", "partner": "pid-raj"},
    ),
    ("learning.updated", {"id": "lid-1", "set": {"topic": "Docker and CI"}}),
    ("learning.moved", {"id": "lid-1", "position": 0}),
    ("learning.removed", {"id": "lid-1"}),
    ("environment.added", {"id": "env-sbx", "name": "Sandbox", "deployers": ["data-scientist"]}),
    ("environment.updated", {"id": "env-sbx", "set": {"deployers": ["role-risk"]}}),
    ("environment.moved", {"id": "env-sbx", "position": 0}),
    ("gate.added", {"from": "env-sbx", "to": "dev", "checks": ["Tests pass"]}),
    ("gate.updated", {"from": "env-sbx", "to": "dev", "set": {"checks": ["Tests", "Review"]}}),
    ("gate.moved", {"from": "env-sbx", "to": "dev", "position": 0}),
    ("gate.removed", {"from": "env-sbx", "to": "dev"}),
    ("environment.removed", {"id": "env-sbx"}),
    ("step.added", {"id": "sid-scan", "name": "Security scan", "owner": "platform-engineer"}),
    ("step.updated", {"id": "sid-scan", "set": {"owner": "role-risk"}}),
    ("step.moved", {"id": "sid-scan", "position": 0}),
    ("step.removed", {"id": "sid-scan"}),
    ("meeting.added", {"name": "Model clinic", "cadence": "Monthly", "minutes": 30}),
    ("meeting.updated", {"name": "Model clinic", "set": {"minutes": 45}}),
    ("meeting.moved", {"name": "Model clinic", "position": 0}),
    ("meeting.removed", {"name": "Model clinic"}),
    ("process.updated", {"set": {"definition_of_done": ["Merged", "Monitored"]}}),
    ("rituals.updated", {"set": {"backlog": "Team board", "backlog_owner": "pid-ana"}}),
    ("settings.updated", {"set": {"vote_budget": 3, "vote_cap": 2}}),
    ("action.added", {"id": "aid-1", "text": "Book the walkthrough", "owner": "pid-ana"}),
    ("action.updated", {"id": "aid-1", "set": {"done": True}}),
    ("action.updated", {"id": "aid-1", "set": {"owner": "pid-raj"}}),
    ("action.moved", {"id": "aid-1", "position": 0}),
    (
        "decision.added",
        {"kind": "role.unheld", "subject": "role-risk", "outcome": "accepted", "reason": "Hiring"},
    ),
    (
        "decision.updated",
        {"kind": "role.unheld", "subject": "role-risk", "set": {"outcome": "action"}},
    ),
    ("decision.moved", {"kind": "role.unheld", "subject": "role-risk", "position": 0}),
    ("decision.removed", {"kind": "role.unheld", "subject": "role-risk"}),
    ("parking.added", {"id": "kid-1", "text": "Feature store?", "stage": "roster", "at": FIXED}),
    ("parking.updated", {"id": "kid-1", "set": {"outcome": "dropped"}}),
    ("parking.moved", {"id": "kid-1", "position": 0}),
    ("parking.removed", {"id": "kid-1"}),
    ("vote.added", {"person": "pid-ana", "score": 4}),
    ("vote.updated", {"person": "pid-ana", "set": {"score": 5}}),
    ("vote.moved", {"person": "pid-ana", "position": 0}),
    ("vote.removed", {"person": "pid-ana"}),
    ("stage.added", {"id": "stg-retro", "title": "Retro", "timebox_min": 10}),
    ("stage.updated", {"id": "stg-retro", "set": {"timebox_min": 15}}),
    ("stage.moved", {"id": "stg-retro", "position": 0}),
    ("action.removed", {"id": "aid-1"}),
    ("role.removed", {"id": "role-risk"}),
    ("person.removed", {"id": "pid-raj"}),
]


@pytest.fixture(scope="module")
def scripted() -> Session:
    from content.loader import load_pack
    from sessions.start import new_session

    base = new_session(load_pack(), team="Churn", at=FIXED, session_id="scripted")
    live = LiveSession(base)
    for n, (type_, data) in enumerate(SCRIPT):
        live.change(type_, data, at=FIXED + timedelta(minutes=n))
    return live.session


def test_every_event_type_is_covered_by_the_script() -> None:
    types = {type_ for type_, _ in SCRIPT} | {"session.created"}
    every = {f"{kind}.{verb}" for kind in COLLECTIONS for verb in events._VERBS}
    every |= {f"{kind}.updated" for kind in SINGLETONS}
    every |= {"stage.entered", "stage.timed", "concerns.revealed", "concerns.votes_cleared"}
    every |= {"session.created"}
    # A stage cannot be removed, so that event never reaches a timeline.
    assert every - types == {"stage.removed"}


def test_every_event_type_reads_as_a_sentence_without_ids(scripted: Session) -> None:
    replay = Replay(scripted)
    assert replay.matches_file
    ids = ids_in(scripted) | {
        "pid-ana", "pid-raj", "role-risk", "cid-1", "cid-2", "nid-1", "lid-1", "env-sbx",
        "sid-scan", "aid-1", "kid-1", "stg-retro",
    }  # fmt: skip
    revealed = next(
        k for k in range(1, len(replay) + 1) if replay.event_at(k).type == "concerns.revealed"
    )
    for step in range(1, len(replay) + 1):
        event = replay.event_at(step)
        sentence = replay.describe(step)
        assert sentence and sentence.endswith("."), (step, event.type)
        assert not sentence.startswith("A change was recorded"), (step, event.type, sentence)
        assert not shows_an_id(sentence, ids), (step, event.type, sentence)
        if step <= revealed:
            assert "Secret worry" not in sentence  # written silently: hidden until revealed
    said = [replay.describe(k) for k in range(1, len(replay) + 1)]
    joined = "\n".join(said)
    assert "Ana Costa took on Data scientist at 80%." in joined
    assert "Raj Patel now gives the team 60% of their time." in joined
    assert "A concern for Data scientist got its 1st dot" in joined
    assert "A concern for Data scientist got its 2nd dot" in joined
    assert "Software engineer heard a concern of Data scientist" in joined
    assert "A concern for Model risk analyst was written silently" in joined
    assert "Ana Costa will learn “Docker” with Raj P. Patel." in joined
    assert "Gate agreed: Sandbox → Development, with 1 check." in joined
    assert "The role Model risk analyst changed (summary)." in joined
    assert "A concern for Model risk analyst was removed: “Secret worry”." in joined
    assert "Definition of done changed: 2 items." in joined
    assert "Ana Costa will order the backlog." in joined
    assert "Each person now has 3 dots to place." in joined
    assert "Action done: “Book the walkthrough”." in joined
    assert "Parking-lot item dropped on purpose: “Feature store?”." in joined
    assert "Ana Costa voted 4 of 5 on confidence (fist of five)." in joined
    assert "The timebox for Retro became 15 minutes." in joined
    assert "The role Model risk analyst was removed" in joined
    assert "Raj P. Patel left the team." in joined
    assert "The team is now called Churn Crew." in joined
    assert "The room moved to Who is here." in joined


def test_an_unknown_event_type_gets_a_plain_fallback(scripted: Session) -> None:
    event = Event(seq=1, at=FIXED, type="mystery.happened", data={})
    assert describe_event(event, None, scripted) == ""
    assert describe_event(Event(seq=1, at=FIXED, type="stage.removed", data={"id": "x"}),
                          scripted, scripted)  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_kept_literally(fresh_session: Session, name: str) -> None:
    live = LiveSession(fresh_session)
    live.change("person.added", {"id": "p1", "name": name, "title": name}, at=FIXED)
    live.change("role.added", {"id": "odd", "name": name}, at=FIXED)
    live.change("assignment.added", {"person": "p1", "role": "odd", "share": 30}, at=FIXED)
    replay = Replay(live.session)
    stored = live.session.person("p1").name
    assert replay.describe(2) == f"{stored} joined the team ({stored}, 100% available)."
    assert replay.describe(4) == f"{stored} took on {stored} at 30%."
    for step in range(1, len(replay) + 1):
        assert "\x1b" not in replay.describe(step)


# -- files without a history, and files edited by hand -------------------------------------------


def test_a_file_without_a_timeline_replays_as_one_imported_step() -> None:
    session = parse_session(docs_example())
    assert not session.timeline
    replay = Replay(session)
    assert len(replay) == 1
    assert replay.is_imported(1) and replay.event_at(1) is None
    assert replay.state_at(1) is session
    assert replay.stage_at(1) == session.session.stage == "process"
    assert "imported" in replay.describe(1)
    assert replay.stage_changes == [1]
    assert replay.next_stage_change(1) is None and replay.next_decision(1) is None
    assert replay.at(1) == session.session.updated_at


def test_a_hand_edited_file_replays_its_timeline_then_the_file(demo: Session) -> None:
    people = [p.model_copy(update={"name": "Jonas Berg-Lund"}) if p.id == "p2" else p
              for p in demo.people]  # fmt: skip
    edited = demo.model_copy(update={"people": people})
    replay = Replay(edited)
    assert len(replay) == len(demo.timeline) + 1
    assert not replay.matches_file and replay.is_imported(len(replay))
    for step in range(1, len(demo.timeline) + 1):
        assert same_state(replay.state_at(step), fold(demo.timeline[:step]))
    last = replay.state_at(len(replay))
    assert same_state(last, edited) and not same_state(last, demo)
    assert "edited outside Forming" in replay.describe(len(replay))
    assert replay.at(len(replay)) == edited.session.updated_at


def test_an_event_that_no_longer_fits_is_a_step_where_nothing_changed(demo: Session) -> None:
    timeline = list(demo.timeline)
    timeline[5] = Event(
        seq=6, at=timeline[5].at, type="person.updated", data={"id": "ghost", "set": {}}
    )  # in place of adding Priya Raman
    broken = demo.model_copy(update={"timeline": timeline})
    replay = Replay(broken)
    # Jonas Berg is never added, so his role assignment cannot be replayed either.
    assert replay.unreplayable == {6, 12}
    assert len(replay) == len(timeline) + 1
    assert same_state(replay.state_at(6), replay.state_at(5))
    assert "could not be replayed" in replay.describe(6)
    assert same_state(replay.state_at(len(replay)), broken)
    assert 6 not in replay.decisions


def test_a_timeline_that_cannot_start_replays_the_file_alone(demo: Session) -> None:
    broken = demo.model_copy(update={"timeline": demo.timeline[1:]})
    replay = Replay(broken)
    assert len(replay) == 1 and replay.is_imported(1)
    assert replay.state_at(1) is broken
    assert replay.describe(1)


# -- branching -----------------------------------------------------------------------------------


def _without_identity(session: Session) -> dict:
    data = session.state_dump()
    for key in ("id", "team", "created_at", "updated_at", "ids_used"):
        data["session"].pop(key, None)
    return data


def test_a_branch_starts_a_new_session_from_the_step(demo: Session) -> None:
    state = Replay(demo).state_at(16)
    moment = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)
    branch = branch_session(state, at=moment)
    assert branch.session.id != demo.session.id
    assert re.fullmatch(r"[0-9a-f-]{36}", branch.session.id)
    assert branch.session.team == "Returns Forecast (branch)"
    assert branch.session.created_at == branch.session.updated_at == moment
    assert [e.type for e in branch.timeline] == ["session.created"]
    assert branch.timeline[0].seq == 1
    assert same_state(fold(branch.timeline), branch)
    assert _without_identity(branch) == _without_identity(state)


def test_a_branch_of_a_long_team_name_stays_within_the_limit(demo: Session) -> None:
    info = demo.session.model_copy(update={"team": "T" * NAME_MAX})
    branch = branch_session(demo.model_copy(update={"session": info}))
    assert len(branch.session.team) == NAME_MAX
    assert branch.session.team.endswith(" (branch)")
