"""Deciding a coverage risk or a missing handoff: the small dialog both stages open."""

from __future__ import annotations

from typing import Any

from sessions.coverage import Risk, decision_for
from sessions.ids import new_item_id
from sessions.model import RISK_OUTCOMES
from sessions.text import shorten
from tui.dialogs.form import CheckedFormDialog, Field
from tui.dialogs.opener import Opener
from tui.dialogs.refusal import Change, refused_by_reducer

REOPEN = "reopen"
"""The choice that clears a decision, so the risk is open again."""

_CHOICES = {
    "accepted": "Accept it as it is (say why)",
    "action": "Cover it with an action",
    "not_needed": "Not needed here",
}


NEEDS_A_REASON = "Say why the room accepts it: the charter records the reason."
"""What the dialog says when the room accepts a risk without saying why (the reducer refuses)."""


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
    actions = [
        (shorten(a.text, 50), a.id) for a in session.actions if not a.done or a.id == covering
    ]
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
            # Not "(optional)", the placeholder of fields that may stay empty: the reducer
            # refuses an accepted risk without a reason.
            placeholder="the reason the room accepts it",
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

    key = {"kind": current.kind, "subject": current.subject} if current else {}

    def decided(values: dict[str, Any], action: str | None) -> Change:
        """The change recording what the room decided, covered by `action` if one is named."""
        decision: dict[str, Any] = {
            "outcome": values["outcome"],
            "reason": values.get("reason") or "",
        }
        if action is not None:
            decision["action"] = action
        if current is None:
            return "decision.added", {"kind": kind, "subject": subject, **decision}
        unset = [] if action is not None else ["action"]
        return "decision.updated", {**key, "set": decision, "unset": unset}

    def chosen(values: dict[str, Any] | None) -> None:
        if not values:
            return
        outcome = values["outcome"]
        if outcome == REOPEN:
            if current is not None and screen.change("decision.removed", key):
                screen.notify("The risk is open again.", markup=False)
            return
        action = values.get("action") if outcome == "action" else None
        if outcome == "action" and action is None:
            action = new_item_id(screen.session, "action")
            text = f"Cover the risk: {about}"
            if not screen.change("action.added", {"id": action, "text": text}):
                return
        if screen.change(*decided(values, action)):
            screen.notify(f"Decided: {RISK_OUTCOMES[outcome]}.", markup=False)

    # The reducer's rules, asked before the dialog closes: accepting needs a reason. The action
    # added to cover a risk does not exist yet, so the check leaves it out.
    check = refused_by_reducer(
        lambda: screen.session,
        lambda values: (
            None
            if values["outcome"] == REOPEN
            else decided(values, values.get("action") if values["outcome"] == "action" else None)
        ),
        where="reason",
        wording={"reason": NEEDS_A_REASON},
    )
    screen.app.push_screen(
        CheckedFormDialog(f"Decide: {about}", fields, check=check, submit="Decide"),
        chosen,
    )


def pick_and_decide(screen: Opener, found: list[Risk]) -> None:
    """Decide one of the risks `found`: at once when there is one, else the one the room picks
    from a list (in the order given, the decided ones marked so), to decide or change."""
    from tui.dialogs.pick import PickDialog

    if not found:
        screen.notify("No coverage risks to decide.", markup=False)
        return
    if len(found) == 1:
        decide(screen, found[0].kind, found[0].subject, found[0].message)
        return
    session = screen.session
    options = [
        (
            f"{'✓ decided: ' if decision_for(session, r.kind, r.subject) else r.symbol + ' '}"
            f"{r.message}",
            str(index),
        )
        for index, r in enumerate(found)
    ]

    def picked(choice: str | None) -> None:
        if choice is not None:
            risk = found[int(choice)]
            decide(screen, risk.kind, risk.subject, risk.message)

    screen.app.push_screen(PickDialog("Which risk does the room decide?", options), picked)
