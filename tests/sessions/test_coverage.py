"""Tests of coverage analysis: full-time equivalents, loads, missing handoffs and risks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sessions.coverage import (
    SYMBOLS,
    missing_handoffs,
    person_load,
    risks,
    role_coverage,
)
from sessions.live import LiveSession
from sessions.model import Session
from tests.strategies import AT, make_session

DS, PE, DE, SE = "data-scientist", "platform-engineer", "data-engineer", "software-engineer"


def build(*events: tuple[str, dict[str, Any]]) -> Session:
    live = LiveSession(make_session())
    for type_, data in events:
        live.change(type_, data, at=AT)
    return live.session


def person(id_: str, name: str, availability: int = 100) -> tuple[str, dict[str, Any]]:
    return ("person.added", {"id": id_, "name": name, "availability": availability})


def holds(person_id: str, role: str, share: int) -> tuple[str, dict[str, Any]]:
    return ("assignment.added", {"person": person_id, "role": role, "share": share})


def need(id_: str, provider: str, receiver: str) -> tuple[str, dict[str, Any]]:
    return ("need.added", {"id": id_, "provider": provider, "receiver": receiver, "artefact": "x"})


FULL_TEAM = [
    person("p1", "Ana"),
    person("p2", "Bo"),
    person("p3", "Cy"),
    person("p4", "Dee"),
    holds("p1", DS, 100),
    holds("p2", PE, 100),
    holds("p3", DE, 100),
    holds("p4", SE, 100),
]


def kinds(session: Session) -> list[tuple[str, str]]:
    return [(r.kind, r.subject) for r in risks(session)]


def only(session: Session, kind: str) -> list[Any]:
    return [r for r in risks(session) if r.kind == kind]


def test_a_fully_staffed_team_without_gaps_has_no_people_or_role_risks():
    session = build(*FULL_TEAM)
    assert [k for k, _ in kinds(session) if k.startswith(("role.", "person."))] == []


def test_a_role_nobody_holds_is_an_error():
    session = build(*FULL_TEAM[:3], *FULL_TEAM[4:7])
    unheld = only(session, "role.unheld")
    assert [(r.subject, r.severity, r.symbol) for r in unheld] == [(SE, "error", "✗")]
    assert unheld[0].message == "Software engineer: nobody holds this role."


def test_a_new_session_has_every_role_unheld():
    assert [s for k, s in kinds(make_session()) if k == "role.unheld"] == [DS, PE, DE, SE]


def test_one_part_time_holder_is_fragile():
    session = build(
        *FULL_TEAM[1:4], *FULL_TEAM[5:], person("p1", "Ana", availability=30), holds("p1", DS, 100)
    )
    [risk] = only(session, "role.single_part_time")
    assert risk.subject == DS
    assert risk.severity == "warning" and risk.symbol == "⚠"
    assert "Ana" in risk.message
    assert "0.3 FTE" in risk.message
    assert risk.message == "Data scientist: rests on one part-time person, Ana (0.3 FTE)."


def test_one_full_time_holder_or_two_part_time_holders_are_not_fragile():
    full = build(*FULL_TEAM)
    assert only(full, "role.single_part_time") == []
    shared = build(
        *FULL_TEAM[1:4],
        *FULL_TEAM[5:],
        person("p1", "Ana", 30),
        person("p5", "Eve", 20),
        holds("p1", DS, 100),
        holds("p5", DS, 100),
    )
    assert only(shared, "role.single_part_time") == []
    assert only(shared, "role.unheld") == []


def test_role_coverage_counts_fte():
    session = build(
        person("p1", "Ana", availability=50),
        person("p2", "Bo", availability=100),
        holds("p1", DS, 60),
        holds("p2", DS, 25),
        holds("p2", PE, 75),
    )
    cover = {c.role.id: c for c in role_coverage(session)}
    assert [c.role.id for c in role_coverage(session)] == [DS, PE, DE, SE]
    assert cover[DS].fte == pytest.approx(0.3 + 0.25)
    assert [(p.id, share) for p, share in cover[DS].holders] == [("p1", 60), ("p2", 25)]
    assert cover[DS].people == 2
    assert cover[PE].fte == pytest.approx(0.75)
    assert cover[DE].fte == 0 and cover[DE].holders == [] and cover[DE].people == 0


def test_fte_of_half_time_person_at_sixty_percent():
    session = build(person("p1", "Ana", availability=50), holds("p1", DS, 60))
    [ds] = [c for c in role_coverage(session) if c.role.id == DS]
    assert ds.fte == pytest.approx(0.3)
    assert "(0.3 FTE)" in only(session, "role.single_part_time")[0].message


def test_person_load_sums_shares():
    session = build(
        person("p1", "Ana"),
        person("p2", "Bo"),
        person("p3", "Cy"),
        holds("p1", DS, 70),
        holds("p1", DE, 60),
        holds("p2", PE, 100),
    )
    assert person_load(session) == {"p1": 130, "p2": 100, "p3": 0}


def test_shares_over_one_hundred_percent_are_an_error():
    session = build(person("p1", "Ana"), holds("p1", DS, 70), holds("p1", DE, 60))
    [risk] = only(session, "person.over")
    assert (risk.subject, risk.severity, risk.symbol) == ("p1", "error", "✗")
    assert risk.message == "Ana: role shares add up to 130%, over 100%."
    exactly = build(person("p1", "Ana"), holds("p1", DS, 40), holds("p1", DE, 60))
    assert only(exactly, "person.over") == []


def test_three_roles_spread_a_person_thin():
    two = build(person("p1", "Ana"), holds("p1", DS, 20), holds("p1", DE, 20))
    assert only(two, "person.spread") == []
    three = build(
        person("p1", "Ana"), holds("p1", DS, 20), holds("p1", DE, 20), holds("p1", SE, 20)
    )
    [risk] = only(three, "person.spread")
    assert (risk.subject, risk.severity) == ("p1", "warning")
    assert risk.message == "Ana: spread over 3 roles."
    assert only(three, "person.over") == []


def test_a_person_without_a_role_is_noted():
    session = build(person("p1", "Ana"), person("p2", "Bo"), holds("p2", DS, 100))
    [risk] = only(session, "person.unassigned")
    assert (risk.subject, risk.severity, risk.symbol) == ("p1", "info", "•")
    assert risk.message == "Ana: holds no role yet."


def test_missing_handoffs_only_among_held_roles():
    session = build(
        person("p1", "Ana"),
        person("p2", "Bo"),
        person("p3", "Cy"),
        holds("p1", DS, 100),
        holds("p2", PE, 100),
        holds("p3", DE, 100),
        need("n1", DE, DS),
    )
    pairs = [(a.id, b.id) for a, b in missing_handoffs(session)]
    assert pairs == [(DS, PE), (PE, DE)]  # software engineer is held by nobody


def test_a_handoff_either_way_links_a_pair():
    session = build(*FULL_TEAM, need("n1", PE, DS))
    pairs = {frozenset((a.id, b.id)) for a, b in missing_handoffs(session)}
    assert frozenset((DS, PE)) not in pairs
    assert len(pairs) == 5


def test_missing_handoffs_are_not_risks_before_the_room_agrees_any():
    session = build(*FULL_TEAM)
    assert len(missing_handoffs(session)) == 6
    assert only(session, "handoff.missing") == []


def test_missing_handoffs_become_risks_once_a_need_exists():
    session = build(*FULL_TEAM, need("n1", DE, DS))
    missing = only(session, "handoff.missing")
    assert len(missing) == 5
    assert {r.subject for r in missing} == {
        f"{DS}+{PE}",
        f"{DS}+{SE}",
        f"{PE}+{DE}",
        f"{PE}+{SE}",
        f"{DE}+{SE}",
    }
    first = missing[0]
    assert first.severity == "warning"
    assert (
        first.message == "Data scientist and Platform / ML engineer: no handoff agreed either way."
    )


def test_missing_handoffs_become_risks_once_the_needs_stage_is_done():
    session = build(*FULL_TEAM, ("stage.entered", {"stage": "process", "done": {"needs": True}}))
    assert session.needs == []
    assert len(only(session, "handoff.missing")) == 6


def test_gate_without_checks():
    session = build(
        *FULL_TEAM, ("gate.updated", {"from": "dev", "to": "staging", "set": {"checks": []}})
    )
    [risk] = only(session, "gate.unchecked")
    assert risk.subject == "dev>staging"
    assert risk.severity == "warning"
    envs = {e.id: e.name for e in session.process.environments}
    assert risk.message == f"Gate {envs['dev']} → {envs['staging']}: no checks agreed."
    assert only(build(*FULL_TEAM), "gate.unchecked") == []


@pytest.mark.parametrize(
    ("action", "missing"),
    [
        ({"id": "a1", "text": "Book a room"}, "no owner and no due date."),
        ({"id": "a1", "text": "Book a room", "owner": "p1"}, "no due date."),
        ({"id": "a1", "text": "Book a room", "due": date(2025, 5, 1)}, "no owner."),
    ],
)
def test_open_action_without_owner_or_due_date(action, missing):
    session = build(*FULL_TEAM, ("action.added", action))
    [risk] = only(session, "action.incomplete")
    assert (risk.subject, risk.severity) == ("a1", "warning")
    assert risk.message == f"Action “Book a room”: {missing}"


def test_complete_or_done_actions_are_not_flagged():
    session = build(
        *FULL_TEAM,
        ("action.added", {"id": "a1", "text": "Done", "done": True}),
        ("action.added", {"id": "a2", "text": "Owned", "owner": "p1", "due": date(2025, 5, 1)}),
    )
    assert only(session, "action.incomplete") == []


def test_long_action_text_is_shortened_in_the_message():
    text = "word " * 40
    session = build(*FULL_TEAM, ("action.added", {"id": "a1", "text": text}))
    [risk] = only(session, "action.incomplete")
    quoted = risk.message.split("“")[1].split("”")[0]
    assert len(quoted) == 60 and quoted.endswith("…")


def test_every_risk_has_a_symbol_and_a_full_sentence():
    session = build(
        person("p1", "Ana", 30),
        person("p2", "Bo"),
        person("p3", "Cy"),
        holds("p1", DS, 100),
        holds("p2", PE, 70),
        holds("p2", DE, 50),
        holds("p2", SE, 10),
        need("n1", DS, PE),
        ("gate.updated", {"from": "staging", "to": "prod", "set": {"checks": []}}),
        ("action.added", {"id": "a1", "text": "Write the charter"}),
    )
    found = risks(session)
    assert {r.kind for r in found} == {
        "role.single_part_time",
        "person.over",
        "person.spread",
        "person.unassigned",
        "handoff.missing",
        "gate.unchecked",
        "action.incomplete",
    }
    for risk in found:
        assert risk.symbol in ("✗", "⚠", "•")
        assert risk.symbol == SYMBOLS[risk.severity]
        assert risk.message.endswith("."), risk.message
        assert risk.message[0].isupper() or not risk.message[0].isalpha()


def test_risks_ignore_assignments_to_missing_people_or_roles():
    session = build(*FULL_TEAM)
    data = session.model_copy(
        update={
            "assignments": [
                *session.assignments,
                session.assignments[0].model_copy(update={"person": "ghost"}),
                session.assignments[0].model_copy(update={"role": "ghost"}),
            ]
        }
    )
    assert {c.role.id: c.people for c in role_coverage(data)} == {DS: 1, PE: 1, DE: 1, SE: 1}
    assert "ghost" not in person_load(data)
