"""Coverage analysis: who holds each role, in full-time equivalents, and the risks that shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from sessions.model import RISK_OUTCOMES, Person, RiskDecision, Role, Session
from sessions.text import shorten

SPREAD_ROLES = 3
"""A person holding this many roles or more is flagged as spread thin."""

SYMBOLS = {"error": "✗", "warning": "⚠", "info": "•"}
"""Text symbols for each severity, so a risk never depends on colour alone."""


@dataclass(frozen=True)
class Risk:
    """One coverage risk, told in a plain sentence."""

    kind: str
    """What sort of risk, such as `role.unheld`."""
    severity: str
    """`error` (work nobody does), `warning` (fragile) or `info`."""
    subject: str
    """The id of the role, person, pair, gate or action the risk is about."""
    message: str
    """A full sentence a room can read."""

    @property
    def symbol(self) -> str:
        """The text symbol for the risk's severity."""
        return SYMBOLS[self.severity]


@dataclass(frozen=True)
class RoleCoverage:
    """How well one role is covered."""

    role: Role
    """The role."""
    holders: list[tuple[Person, int]]
    """Each person holding the role, with their share of time for it."""
    fte: float
    """Full-time equivalents: availability times share, summed over the holders."""

    @property
    def people(self) -> int:
        """How many people hold the role."""
        return len(self.holders)


def person_fte(person: Person, share: int) -> float:
    """Return the full-time equivalent of `person` holding a role at `share` percent."""
    return person.availability / 100 * share / 100


def role_coverage(session: Session) -> list[RoleCoverage]:
    """Return each role's holders and full-time equivalents, in the session's role order."""
    people = {p.id: p for p in session.people}
    by_role: dict[str, list[tuple[Person, int]]] = {r.id: [] for r in session.roles}
    for assignment in session.assignments:
        person = people.get(assignment.person)
        if person is not None and assignment.role in by_role:
            by_role[assignment.role].append((person, assignment.share))
    return [
        RoleCoverage(
            role=role,
            holders=by_role[role.id],
            fte=sum(person_fte(person, share) for person, share in by_role[role.id]),
        )
        for role in session.roles
    ]


def person_load(session: Session) -> dict[str, int]:
    """Return the sum of each person's role shares, in percent of their time on the team."""
    load = {p.id: 0 for p in session.people}
    for assignment in session.assignments:
        if assignment.person in load:
            load[assignment.person] += assignment.share
    return load


def missing_handoffs(session: Session) -> list[tuple[Role, Role]]:
    """Return the pairs of held roles with no agreed handoff in either direction."""
    held = {a.role for a in session.assignments}
    roles = [r for r in session.roles if r.id in held] if held else list(session.roles)
    linked = {frozenset((n.provider, n.receiver)) for n in session.needs}
    return [(a, b) for a, b in combinations(roles, 2) if frozenset((a.id, b.id)) not in linked]


def risks(session: Session) -> list[Risk]:
    """Return every coverage risk, most serious first within each kind's natural order."""
    found: list[Risk] = []
    for cover in role_coverage(session):
        role = cover.role
        if not cover.holders:
            found.append(
                Risk("role.unheld", "error", role.id, f"{role.name}: nobody holds this role.")
            )
        elif cover.people == 1 and cover.fte < 1:
            person, _ = cover.holders[0]
            found.append(
                Risk(
                    "role.single_part_time",
                    "warning",
                    role.id,
                    f"{role.name}: rests on one part-time person, {person.name} "
                    f"({cover.fte:.1f} FTE).",
                )
            )
    load = person_load(session)
    roles_held: dict[str, int] = {}
    for assignment in session.assignments:
        roles_held[assignment.person] = roles_held.get(assignment.person, 0) + 1
    for person in session.people:
        if load[person.id] > 100:
            found.append(
                Risk(
                    "person.over",
                    "error",
                    person.id,
                    f"{person.name}: role shares add up to {load[person.id]}%, over 100%.",
                )
            )
        if roles_held.get(person.id, 0) >= SPREAD_ROLES:
            found.append(
                Risk(
                    "person.spread",
                    "warning",
                    person.id,
                    f"{person.name}: spread over {roles_held[person.id]} roles.",
                )
            )
        if person.id not in roles_held:
            found.append(
                Risk("person.unassigned", "info", person.id, f"{person.name}: holds no role yet.")
            )
    needs_stage = session.stage("needs")
    # Missing handoffs only become a risk once the room has started agreeing handoffs.
    if session.needs or (needs_stage is not None and needs_stage.done):
        for a, b in missing_handoffs(session):
            found.append(
                Risk(
                    HANDOFF_MISSING,
                    "warning",
                    pair_subject(a.id, b.id),
                    f"{a.name} and {b.name}: no handoff agreed either way.",
                )
            )
    for gate in session.process.gates:
        if not gate.checks:
            source = session.environment_name(gate.from_)
            target = session.environment_name(gate.to)
            found.append(
                Risk(
                    "gate.unchecked",
                    "warning",
                    f"{gate.from_}>{gate.to}",
                    f"Gate {source} → {target}: no checks agreed.",
                )
            )
    for action in session.actions:
        if action.done:
            continue
        missing = [
            what
            for what, value in (("owner", action.owner), ("due date", action.due))
            if value is None
        ]
        if missing:
            found.append(
                Risk(
                    "action.incomplete",
                    "warning",
                    action.id,
                    f"Action “{_short(action.text)}”: no {' and no '.join(missing)}.",
                )
            )
    return found


def _short(text: str, limit: int = 60) -> str:
    return shorten(text, limit)


def among(session: Session, person_ids: Iterable[str]) -> Session:
    """Return `session` narrowed to some of its people and their assignments.

    Coverage and risks of a group (a squad, the people a filter shows) are the whole team's
    measures taken over this narrowed copy. The copy is for reading only: it is not validated
    again and never saved.
    """
    chosen = set(person_ids)
    return session.model_copy(
        update={
            "people": [p for p in session.people if p.id in chosen],
            "assignments": [a for a in session.assignments if a.person in chosen],
        }
    )


# -- decisions -------------------------------------------------------------------------------

HANDOFF_MISSING = "handoff.missing"
"""The kind of a missing handoff between two roles, as a risk and as a decision."""


def pair_subject(first: str, second: str) -> str:
    """Return the subject of a missing handoff between two roles, as risks name it."""
    return f"{first}+{second}"


def _same_subject(kind: str, subject: str) -> set[str]:
    """Return the ways a subject may be written: a pair of roles in either order."""
    if kind == HANDOFF_MISSING and "+" in subject:
        first, _, second = subject.partition("+")
        return {subject, pair_subject(second, first)}
    return {subject}


RISK_KINDS = {
    "role.unheld": "a role nobody holds",
    "role.single_part_time": "a role resting on one part-time person",
    "person.over": "a person whose shares add up to over 100%",
    "person.spread": "a person spread over many roles",
    "person.unassigned": "a person with no role",
    HANDOFF_MISSING: "a pair of roles with no handoff agreed",
    "gate.unchecked": "a gate with no checks",
    "action.incomplete": "an action with no owner or due date",
}
"""Each kind of risk in a few words, for where the risk itself is no longer there to quote."""


def risk_about(session: Session, kind: str, subject: str) -> str:
    """Return the sentence of the risk `kind` on `subject` in `session`, or a phrase for it."""
    subjects = _same_subject(kind, subject)
    found = next((r for r in risks(session) if r.kind == kind and r.subject in subjects), None)
    if found is not None:
        return found.message
    if kind == HANDOFF_MISSING and "+" in subject:
        first, _, second = subject.partition("+")
        return f"{session.role_name(first)} and {session.role_name(second)}: no handoff agreed."
    return RISK_KINDS.get(kind, kind).capitalize() + "."


def decision_for(session: Session, kind: str, subject: str) -> RiskDecision | None:
    """Return what the room decided about the risk `kind` on `subject`, if anything."""
    subjects = _same_subject(kind, subject)
    return next((d for d in session.decisions if d.kind == kind and d.subject in subjects), None)


def decision_words(session: Session, decision: RiskDecision) -> str:
    """Return a decision in the room's words: `accepted: hiring in May`, `covered by an
    action: “Train Ana on the pipeline”`, `not needed`."""
    words = RISK_OUTCOMES[decision.outcome]
    if decision.outcome == "action":
        action = next((a for a in session.actions if a.id == decision.action), None)
        if action is not None:
            words += f": “{_short(action.text)}”"
    if decision.reason:
        words += f" ({decision.reason})" if decision.outcome == "action" else f": {decision.reason}"
    return words


def split_risks(session: Session) -> tuple[list[Risk], list[tuple[Risk, RiskDecision]]]:
    """Return the open risks, and the decided ones with what the room decided."""
    open_: list[Risk] = []
    decided: list[tuple[Risk, RiskDecision]] = []
    for risk in risks(session):
        decision = decision_for(session, risk.kind, risk.subject)
        if decision is None:
            open_.append(risk)
        else:
            decided.append((risk, decision))
    return open_, decided


def open_handoff_gaps(session: Session) -> list[tuple[Role, Role]]:
    """Return the role pairs with no agreed handoff and no decision about it."""
    return [
        (a, b)
        for a, b in missing_handoffs(session)
        if decision_for(session, HANDOFF_MISSING, pair_subject(a.id, b.id)) is None
    ]
