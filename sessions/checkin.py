"""The check-in a follow-up runs: what changed since last time, its actions, risks and newcomers."""

from __future__ import annotations

from dataclasses import dataclass

from sessions.diff.changes import SessionDiff
from sessions.diff.risks import RiskComparison, compare_risks
from sessions.diff.sections import diff_sessions
from sessions.model import Action, Concern, Confidence, Need, Person, Role, Session

REVIEW_OUTCOMES = {
    "done": "✓ done",
    "open": "☐ still open",
    "dropped": "✗ dropped on purpose",
    None: "? not reviewed yet",
}
"""How each outcome of reviewing last time's action is shown, by symbol and words."""

REVIEW_CHANGES = {
    "done": {"set": {"reviewed": "done", "done": True}},
    "open": {"set": {"reviewed": "open", "done": False}},
    "dropped": {"set": {"reviewed": "dropped", "done": False}},
}
"""The `action.updated` change that records each review outcome."""


def last_time(session: Session) -> Session | None:
    """Return what the session `session` follows up had agreed, or `None` if it is not one."""
    return session.last_time.as_session() if session.last_time is not None else None


def since_last_time(session: Session) -> SessionDiff | None:
    """Return what changed from last time to now, or `None` when there is no last time.

    Two things every check-in changes on purpose are left out, as they would only be noise:
    the goals (the check-in sets its own) and the confidence vote (taken again at the end and
    shown beside last time's there). `forming diff` of the two files still shows both.
    """
    previous = last_time(session)
    if previous is None:
        return None
    diff = diff_sessions(previous, session)
    diff.team = [change for change in diff.team if "goal" not in change.label.split()]
    diff.confidence = []
    return diff


def risks_since(session: Session) -> RiskComparison | None:
    """Return last time's coverage risks beside today's, or `None` when there is no last time."""
    previous = last_time(session)
    return compare_risks(previous, session) if previous is not None else None


def carried_actions(session: Session) -> list[Action]:
    """Return the actions last time left open that are still in the session, in order."""
    if session.last_time is None:
        return []
    carried = {action.id for action in session.last_time.actions if not action.done}
    return [action for action in session.actions if action.id in carried]


def review_change(action: Action, outcome: str) -> dict[str, object]:
    """Return the data of the `action.updated` event recording `outcome` for `action`."""
    return {"id": action.id, **REVIEW_CHANGES[outcome]}


def last_votes(session: Session) -> list[Confidence]:
    """Return last time's confidence vote (empty when there is no last time)."""
    return list(session.last_time.confidence) if session.last_time is not None else []


@dataclass(frozen=True)
class Newcomer:
    """Someone who joined since last time, and what concerns the roles they hold now."""

    person: Person
    """The newcomer."""
    roles: list[Role]
    """The roles they hold now."""
    concerns: list[Concern]
    """The concerns of those roles, most votes first."""
    handoffs: list[Need]
    """The handoffs those roles give or receive."""


def newcomers(session: Session) -> list[Newcomer]:
    """Return each person who joined since last time, with what their roles need them to hear.

    A follow-up keeps everyone's id, so a person whose id last time did not have joined since.
    """
    if session.last_time is None:
        return []
    before = {person.id for person in session.last_time.people}
    out = []
    for person in session.people:
        if person.id in before:
            continue
        role_ids = [a.role for a in session.assignments_of(person.id)]
        roles = [role for role in session.roles if role.id in role_ids]
        concerns = sorted(
            (c for c in session.concerns if c.role in role_ids and not c.masked),
            key=lambda c: -c.votes,
        )
        handoffs = [n for n in session.needs if n.provider in role_ids or n.receiver in role_ids]
        out.append(Newcomer(person, roles, concerns, handoffs))
    return out
