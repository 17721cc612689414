"""Coverage risks compared across two sessions: new, resolved, still open, decided or open again.

A risk is about a subject (a role, a person, a pair of roles, a gate, an action); the same risk in
A and B compares equal once its subject is said in B's ids (`Pairing`).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from sessions.coverage import Risk, decision_words, risks, split_risks
from sessions.diff.changes import Change
from sessions.diff.pairing import Pairing, same
from sessions.model import RiskDecision, Session


def risk_key(pairing: Pairing, risk: Risk, side: str) -> Hashable:
    """Return what a risk is about, in B's ids, so the same risk in A and B compares equal."""
    role = pairing.role if side == "a" else same
    person = pairing.person if side == "a" else same
    env = pairing.env if side == "a" else same
    action = pairing.action if side == "a" else same
    subject = risk.subject
    if risk.kind.startswith("role."):
        return risk.kind, role(subject)
    if risk.kind.startswith("person."):
        return risk.kind, person(subject)
    if risk.kind == "handoff.missing":
        return risk.kind, frozenset(role(part) for part in subject.split("+"))
    if risk.kind == "gate.unchecked":
        return risk.kind, tuple(env(part) for part in subject.split(">"))
    if risk.kind.startswith("action."):
        return risk.kind, action(subject)
    return risk.kind, subject


def _risks(pairing: Pairing, side: str) -> dict[Hashable, tuple[Risk, RiskDecision | None]]:
    """Return each risk of one side by its key, with the room's decision about it."""
    session = pairing.a if side == "a" else pairing.b
    open_, decided = split_risks(session)
    found: dict[Hashable, tuple[Risk, RiskDecision | None]] = {
        risk_key(pairing, risk, side): (risk, None) for risk in open_
    }
    for risk, decision in decided:
        found[risk_key(pairing, risk, side)] = (risk, decision)
    return found


def _decided(risk: Risk, decision: RiskDecision, session: Session) -> str:
    # The line's label already says "decided": the risk, then what the room made of it.
    return f"{risk.message.rstrip('.')} → {decision_words(session, decision)}."


def risk_changes(pairing: Pairing) -> list[Change]:
    """Return the diff's lines about coverage risks: new, decided, open again, resolved."""
    before, after = _risks(pairing, "a"), _risks(pairing, "b")
    out = []
    for key, (risk, decision) in after.items():
        old = before.get(key)
        if old is None:
            if decision is None:
                out.append(Change("+", "new risk", f"{risk.symbol} {risk.message}"))
            else:
                out.append(Change("+", "new risk, decided", _decided(risk, decision, pairing.b)))
            continue
        was = old[1]
        if decision is None and was is not None:
            out.append(Change("~", "open again", f"{risk.symbol} {risk.message}"))
        elif decision is not None and (
            was is None
            or (was.outcome, was.reason, pairing.action(was.action))
            != (decision.outcome, decision.reason, decision.action)
        ):
            out.append(Change("~", "decided", _decided(risk, decision, pairing.b)))
    out += [
        Change("-", "resolved", f"{risk.symbol} {risk.message}")
        for key, (risk, _) in before.items()
        if key not in after
    ]
    return out


@dataclass(frozen=True)
class RiskComparison:
    """Coverage risks of an earlier session set beside a later one's."""

    still: list[Risk]
    """Risks of the earlier session that the later one still has (worded as they are now)."""
    resolved: list[Risk]
    """Risks of the earlier session that are gone."""
    new: list[Risk]
    """Risks the later session has that the earlier one did not."""


def compare_risks(a: Session, b: Session) -> RiskComparison:
    """Return which of `a`'s coverage risks `b` still has, which are gone, and which are new.

    Risks compare by kind and subject in B's ids, as in `diff_sessions`.
    """
    pairing = Pairing(a, b)
    before = {risk_key(pairing, r, "a"): r for r in risks(a)}
    after = {risk_key(pairing, r, "b"): r for r in risks(b)}
    return RiskComparison(
        still=[risk for key, risk in after.items() if key in before],
        resolved=[risk for key, risk in before.items() if key not in after],
        new=[risk for key, risk in after.items() if key not in before],
    )
