"""Deciding a coverage risk or a missing handoff: the small dialog both stages open."""

from __future__ import annotations

from typing import Any

from sessions.coverage import decision_for
from sessions.ids import new_id
from sessions.model import RISK_OUTCOMES
from tui.dialogs.form import CheckedFormDialog, Field
from tui.dialogs.opener import Opener

REOPEN = "reopen"
"""The choice that clears a decision, so the risk is open again."""

_CHOICES = {
    "accepted": "Accept it as it is (say why)",
    "action": "Cover it with an action",
    "not_needed": "Not needed here",
}


def _short(text: str, width: int = 50) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _check(values: dict[str, Any]) -> tuple[str, str] | None:
    if values.get("outcome") == "accepted" and not values.get("reason"):
        return "reason", "Say why the room accepts it: the charter records the reason."
    return None


def decide(screen: Opener, kind: str, subject: str, about: str) -> None:
    """Ask what the room decides about the risk `kind` on `subject` (told by `about`).

    Accepting needs a reason. Covering it with an action picks an open action, or adds one
    (to the wrap-up's list) named after the risk. A decided risk can be opened again.
    """
    session = screen.session
    current = decision_for(session, kind, subject)
    options = [(words, value) for value, words in _CHOICES.items()]
    if current is not None:
        options.append(("Open it again (clear the decision)", REOPEN))
    covering = current.action if current else None
    actions = [(_short(a.text), a.id) for a in session.actions if not a.done or a.id == covering]
    fields = [
        Field(
            "outcome",
            "What does the room decide?",
            kind="select",
            options=options,
            value=current.outcome if current else None,
        ),
        Field(
            "reason",
            "Why (needed when accepted)",
            kind="text",
            required=False,
            value=(current.reason or None) if current else None,
        ),
        Field(
            "action",
            "Which action covers it (leave empty to add one)",
            kind="select",
            required=False,
            options=actions,
            value=covering,
        ),
    ]

    def chosen(values: dict[str, Any] | None) -> None:
        if not values:
            return
        outcome = values["outcome"]
        key = {"kind": current.kind, "subject": current.subject} if current else {}
        if outcome == REOPEN:
            if current is not None and screen.change("decision.removed", key):
                screen.notify("The risk is open again.", markup=False)
            return
        action = values.get("action") if outcome == "action" else None
        if outcome == "action" and action is None:
            action = new_id(screen.session, "a")
            text = f"Cover the risk: {about}"
            if not screen.change("action.added", {"id": action, "text": text}):
                return
        decision: dict[str, Any] = {"outcome": outcome, "reason": values.get("reason") or ""}
        if action is not None:
            decision["action"] = action
        if current is None:
            done = screen.change("decision.added", {"kind": kind, "subject": subject, **decision})
        else:
            unset = [] if action is not None else ["action"]
            done = screen.change("decision.updated", {**key, "set": decision, "unset": unset})
        if done:
            screen.notify(f"Decided: {RISK_OUTCOMES[outcome]}.", markup=False)

    screen.app.push_screen(
        CheckedFormDialog(f"Decide: {about}", fields, check=_check, submit="Decide"),
        chosen,
    )
