"""Deciding a coverage risk or a missing handoff: an event, in the charter, notes and diff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sessions.coverage import (
    HANDOFF_MISSING,
    decision_for,
    missing_handoffs,
    open_handoff_gaps,
    pair_subject,
    split_risks,
)
from sessions.diff.render import render_text
from sessions.diff.sections import diff_sessions
from sessions.events import EventError, fold
from sessions.export import charter_markdown
from sessions.followup import follow_up
from sessions.live import LiveSession
from sessions.model import Session, integrity_problems
from sessions.replay import Replay

LATER = datetime(2027, 2, 26, 9, 0, tzinfo=UTC)
RISK = {"kind": "role.single_part_time", "subject": "platform-engineer"}


def edited(session: Session, *changes: tuple[str, dict]) -> Session:
    live = LiveSession(session)
    for n, (type_, data) in enumerate(changes):
        live.change(type_, data, at=LATER + timedelta(minutes=n))
    return live.session


def section(markdown: str, heading: str) -> str:
    return markdown.split(heading + "\n", 1)[1].split("\n## ", 1)[0]


def accepted(session: Session) -> Session:
    return edited(
        session,
        ("decision.added", {**RISK, "outcome": "accepted", "reason": "Hiring in May"}),
    )


def test_an_accepted_risk_is_a_decision_not_a_warning_in_the_charter(team_session) -> None:
    before = section(charter_markdown(team_session), "## Risks")
    assert "- ⚠ Platform / ML engineer: rests on one part-time person" in before
    after = section(charter_markdown(accepted(team_session)), "## Risks")
    warnings, decisions = after.split("### Decisions about risks")
    assert "Platform / ML engineer" not in warnings
    assert (
        "- Platform / ML engineer: rests on one part-time person, Tomás Silva (0.2 FTE). "
        "Decided: accepted: Hiring in May."
    ) in decisions


def test_a_decision_is_an_undoable_replayable_event(team_session) -> None:
    live = LiveSession(team_session)
    live.change("decision.added", {**RISK, "outcome": "not_needed"}, at=LATER)
    assert decision_for(live.session, RISK["kind"], RISK["subject"]) is not None
    assert fold(live.session.timeline).decisions == live.session.decisions
    replay = Replay(live.session)
    assert "Risk decided, not needed: Platform / ML engineer" in replay.describe(replay.replayed)
    live.undo()
    assert live.session.decisions == []
    open_, decided = split_risks(live.session)
    assert not decided and any(r.subject == "platform-engineer" for r in open_)


def test_a_gap_decided_either_way_round_is_no_longer_open(team_session) -> None:
    session = edited(team_session, ("stage.entered", {"stage": "needs", "done": {"needs": True}}))
    a, b = missing_handoffs(session)[0]
    session = edited(
        session,
        (
            "decision.added",
            {
                "kind": HANDOFF_MISSING,
                "subject": pair_subject(b.id, a.id),
                "outcome": "not_needed",
                "reason": "They never meet",
            },
        ),
    )
    assert (a, b) not in open_handoff_gaps(session)
    handoffs = section(charter_markdown(session), "## Handoffs")
    assert f"- {a.name} and {b.name}: not needed: They never meet" in handoffs
    risks = section(charter_markdown(session), "## Risks")
    assert f"{a.name} and {b.name}: no handoff agreed either way. Decided: not needed" in risks


def test_covered_by_an_action_names_it_and_removing_the_action_reopens_the_risk(
    team_session,
) -> None:
    session = edited(
        team_session,
        ("action.added", {"id": "a1", "text": "Hire a platform engineer", "owner": "p1"}),
        ("decision.added", {**RISK, "outcome": "action", "action": "a1"}),
    )
    assert "Decided: covered by an action: “Hire a platform engineer”." in charter_markdown(session)
    with pytest.raises(EventError):
        edited(team_session, ("decision.added", {**RISK, "outcome": "action", "action": "a9"}))
    session = edited(session, ("action.removed", {"id": "a1"}))
    assert session.decisions == []
    assert integrity_problems(session) == []


def test_diff_tells_a_decision_apart_from_a_resolution(team_session) -> None:
    follow = follow_up(team_session, at=LATER)
    after = accepted(follow)
    changes = [
        line.strip() for line in render_text(diff_sessions(team_session, after)).splitlines()
    ]
    assert (
        "~ decided: Platform / ML engineer: rests on one part-time person, Tomás Silva "
        "(0.2 FTE) → accepted: Hiring in May."
    ) in changes
    assert not any(line.startswith("- resolved: ⚠ Platform") for line in changes)
    back = [line.strip() for line in render_text(diff_sessions(after, follow)).splitlines()]
    assert any(line.startswith("~ open again: ⚠ Platform / ML engineer") for line in back)


def test_a_follow_up_drops_a_decision_whose_action_was_done(team_session) -> None:
    session = edited(
        team_session,
        ("action.added", {"id": "a1", "text": "Hire a platform engineer", "owner": "p1"}),
        ("decision.added", {**RISK, "outcome": "action", "action": "a1"}),
        (
            "decision.added",
            {"kind": "person.unassigned", "subject": "p5", "outcome": "not_needed"},
        ),
        ("action.updated", {"id": "a1", "set": {"done": True}}),
    )
    follow = follow_up(session, at=LATER)
    assert [(d.kind, d.subject) for d in follow.decisions] == [("person.unassigned", "p5")]
    assert integrity_problems(follow) == []


def test_accepting_a_risk_without_a_reason_is_refused(team_session) -> None:
    with pytest.raises(EventError, match="needs a reason"):
        edited(team_session, ("decision.added", {**RISK, "outcome": "accepted"}))
