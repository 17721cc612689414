"""Follow-up sessions: what a re-forming check-in carries from the earlier session, and what not."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sessions.events import fold, same_state
from sessions.followup import FOLLOWS_ID, FOLLOWS_TEAM, carried_over, follow_up, follows
from sessions.live import LiveSession
from sessions.model import Session, integrity_problems
from sessions.store import read_session, save_session
from tests.conftest import FIXED

LATER = datetime(2027, 2, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def previous(team_session: Session) -> Session:
    """A finished workshop: handoffs, actions (one done), parking (one resolved), votes."""
    live = LiveSession(team_session)
    change = live.change
    change("settings.updated", {"set": {"vote_budget": 3, "vote_cap": 2}}, at=FIXED)
    change("concern.updated", {"id": "c1", "set": {"votes": 4, "heard_by": ["software-engineer"]}})
    change(
        "need.added",
        {
            "id": "n1",
            "provider": "data-scientist",
            "receiver": "platform-engineer",
            "artefact": "Versioned model package",
            "format": "Wheel with an input schema",
            "when": "After each approved change",
        },
    )
    change("learning.added", {"id": "l1", "learner": "p3", "topic": "Staging", "partner": "p4"})
    change("process.updated", {"set": {"definition_of_done": ["Deployed by the pipeline"]}})
    change("rituals.updated", {"set": {"backlog": "One board", "backlog_owner": "p1"}})
    change("action.added", {"id": "a1", "text": "Book the walkthrough", "owner": "p4"})
    change(
        "action.added",
        {"id": "a2", "text": "Write the runbook", "owner": "p2", "due": date(2026, 12, 1)},
    )
    change("action.updated", {"id": "a1", "set": {"done": True}})
    for item_id, text in (("k1", "Feature store?"), ("k2", "On-call rota")):
        change("parking.added", {"id": item_id, "text": text, "stage": "roles", "at": FIXED})
    change("parking.updated", {"id": "k2", "set": {"outcome": "action"}})
    change("vote.added", {"person": "p1", "score": 4})
    change(
        "stage.entered",
        {"stage": "wrapup", "done": {"welcome": True, "roles": True}, "spent_s": {"roles": 900}},
    )
    return live.session


def test_carries_people_roles_assignments_and_agreements(previous: Session) -> None:
    follow = follow_up(previous, at=LATER)
    assert follow.people == previous.people
    assert follow.roles == previous.roles
    assert [r.responsibilities for r in follow.roles] == [
        r.responsibilities for r in previous.roles
    ]
    assert follow.assignments == previous.assignments
    assert follow.needs == previous.needs
    assert follow.learning == previous.learning
    assert follow.process == previous.process
    assert follow.rituals == previous.rituals
    assert follow.settings.vote_budget == 3 and follow.settings.vote_cap == 2
    info, before = follow.session, previous.session
    assert (info.team, info.purpose, info.product, info.goals, info.facilitator) == (
        before.team,
        before.purpose,
        before.product,
        before.goals,
        before.facilitator,
    )
    assert integrity_problems(follow) == []


def test_only_open_actions_and_unresolved_parking_are_carried(previous: Session) -> None:
    follow = follow_up(previous, at=LATER)
    assert [a.id for a in follow.actions] == ["a2"]
    assert follow.actions[0].due == date(2026, 12, 1)
    assert [p.id for p in follow.parking_lot] == ["k1"]
    counts = carried_over(previous, follow)
    assert (counts.open_actions, counts.done_actions) == (1, 1)
    assert (counts.parking, counts.resolved_parking) == (1, 1)
    assert "5 people" in counts.sentence() and "1 open action" in counts.sentence()


def test_concerns_start_a_new_round_and_the_vote_is_not_carried(previous: Session) -> None:
    assert previous.concerns[0].votes == 4 and previous.confidence
    live = LiveSession(previous)
    live.change(
        "concern.added",
        {"id": "c99", "role": "data-scientist", "text": "Written silently", "masked": True},
    )
    follow = follow_up(live.session, at=LATER)
    assert [c.text for c in follow.concerns] == [c.text for c in live.session.concerns]
    assert all(c.votes == 0 and c.heard_by == [] for c in follow.concerns)
    assert all(c.masked is None for c in follow.concerns)
    assert follow.confidence == []


def test_fresh_stages_same_agenda_on_the_first(previous: Session) -> None:
    follow = follow_up(previous, at=LATER)
    assert [(s.id, s.title, s.timebox_min, s.prompts) for s in follow.stages] == [
        (s.id, s.title, s.timebox_min, s.prompts) for s in previous.stages
    ]
    assert all(not s.done and s.spent_s == 0 for s in follow.stages)
    assert previous.session.stage == "wrapup"
    assert follow.session.stage == follow.stages[0].id == "welcome"


def test_new_id_dates_and_link_back(previous: Session) -> None:
    follow = follow_up(previous, at=LATER)
    assert follow.session.id != previous.session.id
    assert uuid.UUID(follow.session.id).version == 4
    assert follow.session.created_at == follow.session.updated_at == LATER
    assert follows(follow) == (previous.session.id, "Returns Forecast")
    assert follows(previous) is None
    renamed = follow_up(previous, at=LATER, team="Returns Forecast II")
    assert renamed.session.team == "Returns Forecast II"
    assert follows(renamed) == (previous.session.id, "Returns Forecast")


def test_link_survives_a_save_and_read(previous: Session, tmp_path: Path) -> None:
    follow = follow_up(previous, at=LATER)
    path = tmp_path / "follow.toml"
    save_session(follow, path)
    text = path.read_text(encoding="utf-8")
    assert f'{FOLLOWS_ID} = "{previous.session.id}"' in text
    assert f'{FOLLOWS_TEAM} = "Returns Forecast"' in text
    back = read_session(path)
    assert follows(back) == (previous.session.id, "Returns Forecast")
    assert same_state(back, follow)


def test_timeline_is_one_creation_event_that_folds_to_the_state(previous: Session) -> None:
    follow = follow_up(previous, at=LATER)
    assert [(e.seq, e.type, e.at) for e in follow.timeline] == [(1, "session.created", LATER)]
    assert same_state(fold(follow.timeline), follow)


def test_previous_session_is_not_changed(previous: Session) -> None:
    before = previous.model_dump()
    follow_up(previous, at=LATER)
    assert previous.model_dump() == before


def test_pack_refreshes_prompts_of_known_stages(previous: Session, pack) -> None:
    stale = previous.model_copy(
        update={
            "stages": [s.model_copy(update={"prompts": ["Old question?"]}) for s in previous.stages]
        }
    )
    follow = follow_up(stale, at=LATER, pack=pack)
    assert follow.stages[0].prompts == list(pack.stages[0].prompts)
    assert follow.session.pack == pack.meta.id
    assert [s.id for s in follow.stages] == [s.id for s in previous.stages]


def test_a_follow_up_of_a_follow_up_links_to_its_own_previous(previous: Session) -> None:
    first = follow_up(previous, at=LATER)
    second = follow_up(first, at=LATER)
    assert follows(second) == (first.session.id, "Returns Forecast")
