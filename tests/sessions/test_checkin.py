"""The check-in a follow-up runs: its own agenda, last time carried in, and what changed."""

from __future__ import annotations

from pathlib import Path

from content.schema import Pack
from sessions.checkin import (
    carried_actions,
    last_votes,
    newcomers,
    review_change,
    risks_since,
    since_last_time,
)
from sessions.diff.sections import diff_sessions
from sessions.export import charter_markdown
from sessions.followup import follow_up, follows
from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import read_session, save_session
from tests.conftest import FIXED

CHECKIN_STAGES = ["welcome", "roster", "roles", "changes", "review", "risks", "newcomers", "wrapup"]


def _workshop(team_session: Session) -> Session:
    """The first session: goals, two open actions and one done, a vote and a parked item."""
    live = LiveSession(team_session)
    for data in (
        {"id": "a1", "text": "Book the walkthrough", "owner": "p2"},
        {"id": "a2", "text": "Write the runbook", "owner": "p3"},
        {"id": "a3", "text": "Already done", "done": True},
    ):
        live.change("action.added", data, at=FIXED)
    live.change("vote.added", {"person": "p1", "score": 2}, at=FIXED)
    live.change("vote.added", {"person": "p2", "score": 4}, at=FIXED)
    live.change(
        "parking.added",
        {"id": "k1", "text": "GPU budget", "stage": "concerns", "at": FIXED},
        at=FIXED,
    )
    live.change("session.updated", {"set": {"goals": ["Agree the roles"]}}, at=FIXED)
    return live.session


def test_follow_up_runs_the_packs_checkin_agenda(team_session: Session, pack: Pack) -> None:
    first = _workshop(team_session)
    follow = follow_up(first, at=FIXED, checkin=pack.checkin)
    assert [s.id for s in follow.stages] == CHECKIN_STAGES
    assert follow.session.stage == "welcome"
    assert follow.session.goals == []  # the check-in sets its own
    assert follow.last_time is not None
    assert follow.last_time.session.goals == ["Agree the roles"]
    assert [a.id for a in carried_actions(follow)] == ["a1", "a2"]
    assert [(v.person, v.score) for v in last_votes(follow)] == [("p1", 2), ("p2", 4)]
    assert follow.confidence == []
    # A parked item from a stage the check-in has no longer is filed under its first stage.
    assert [(p.id, p.stage) for p in follow.parking_lot] == [("k1", "welcome")]
    assert follow.last_time.parking_lot[0].stage == "concerns"


def test_without_a_checkin_agenda_the_whole_workshop_runs_again(team_session: Session) -> None:
    first = _workshop(team_session)
    follow = follow_up(first, at=FIXED)
    assert [s.id for s in follow.stages] == [s.id for s in first.stages]
    assert follow.session.goals == first.session.goals
    assert follow.last_time is not None


def test_the_follow_up_stands_alone_on_disk(
    team_session: Session, pack: Pack, tmp_path: Path
) -> None:
    follow = follow_up(_workshop(team_session), at=FIXED, checkin=pack.checkin)
    path = tmp_path / "check-in.toml"
    save_session(follow, path)
    back = read_session(path)
    assert back.last_time == follow.last_time
    assert "[last_time.session]" in path.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8").rstrip().splitlines()[-1] != "[last_time]"


def test_what_changed_shows_who_left_and_joined_and_risks(
    team_session: Session, pack: Pack
) -> None:
    live = LiveSession(follow_up(_workshop(team_session), at=FIXED, checkin=pack.checkin))
    assert since_last_time(live.session).empty
    live.change("person.removed", {"id": "p5"}, at=FIXED)
    live.change("person.added", {"id": "p9", "name": "Nia [new]", "title": "ML eng"}, at=FIXED)
    live.change(
        "assignment.added", {"person": "p9", "role": "data-scientist", "share": 60}, at=FIXED
    )
    diff = since_last_time(live.session)
    people = [(c.label, c.text.split(" (")[0]) for c in diff.people]
    assert ("joined", "Nia [new]") in people
    assert ("left", team_session.person_name("p5")) in people
    assert not diff.team  # the check-in's own goals are not reported as removed
    compared = risks_since(live.session)
    assert compared is not None
    assert len(compared.still) + len(compared.resolved) == len(
        risks_since(follow_up(_workshop(team_session), at=FIXED)).still
    )


def test_newcomers_hear_their_roles_concerns_and_handoffs(
    team_session: Session, pack: Pack
) -> None:
    live = LiveSession(follow_up(team_session, at=FIXED, checkin=pack.checkin))
    live.change("person.added", {"id": "p9", "name": "Nia"}, at=FIXED)
    assert [(n.person.id, n.roles) for n in newcomers(live.session)] == [("p9", [])]
    live.change(
        "assignment.added", {"person": "p9", "role": "data-scientist", "share": 60}, at=FIXED
    )
    (newcomer,) = newcomers(live.session)
    assert [r.id for r in newcomer.roles] == ["data-scientist"]
    assert newcomer.concerns and all(c.role == "data-scientist" for c in newcomer.concerns)
    assert all("data-scientist" in (n.provider, n.receiver) for n in newcomer.handoffs)


def test_review_outcomes_are_events_and_reach_the_charter(
    team_session: Session, pack: Pack
) -> None:
    live = LiveSession(follow_up(_workshop(team_session), at=FIXED, checkin=pack.checkin))
    a1, a2 = carried_actions(live.session)
    live.change("action.updated", review_change(a1, "done"), at=FIXED)
    live.change("action.updated", review_change(a2, "dropped"), at=FIXED)
    session = live.session
    assert [e.type for e in session.timeline[-2:]] == ["action.updated", "action.updated"]
    assert [(a.reviewed, a.done) for a in carried_actions(session)] == [
        ("done", True),
        ("dropped", False),
    ]
    charter = charter_markdown(session)
    since = charter.split("## Since last time")[1].split("\n## ")[0]
    assert "✓ done: Book the walkthrough" in since
    assert "✗ dropped on purpose: Write the runbook" in since
    assert charter.index("## Goals") < charter.index("## Since last time")
    assert "## Since last time" not in charter_markdown(team_session)


def test_a_follow_up_of_a_follow_up_compares_with_the_one_before(
    team_session: Session, pack: Pack
) -> None:
    first = _workshop(team_session)
    second_live = LiveSession(follow_up(first, at=FIXED, checkin=pack.checkin))
    second_live.change("person.removed", {"id": "p5"}, at=FIXED)
    second_live.change("action.added", {"id": "a9", "text": "New in the second"}, at=FIXED)
    second_live.change("vote.added", {"person": "p1", "score": 5}, at=FIXED)
    second = second_live.session
    third = follow_up(second, at=FIXED, checkin=pack.checkin)
    assert follows(third) == (second.session.id, second.session.team)
    assert third.last_time is not None
    assert third.last_time.session.id == second.session.id
    assert [(v.person, v.score) for v in last_votes(third)] == [("p1", 5)]
    assert "a9" in [a.id for a in carried_actions(third)]
    # The third file carries only the second's state, not a chain of earlier ones.
    assert not hasattr(third.last_time, "last_time")
    assert since_last_time(third).empty
    # `diff` compares any two of the chain.
    assert any(c.label == "left" for c in diff_sessions(first, third).people)
