"""Check-in stages that the room reads together: what changed, last time's risks, newcomers."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content

from sessions.checkin import last_time, newcomers, risks_since, since_last_time
from sessions.coverage import Risk, decision_for, decision_words
from sessions.diff.changes import MARKS, NO_CHANGES
from sessions.model import Session
from tui.screens.stage import TalkStageScreen
from tui.widgets.chrome import NOT_A_FOLLOW_UP, HangingText, hanging


class ReadingScreen(TalkStageScreen):
    """A check-in stage the room reads and talks through: one scrollable page of text."""

    CSS_PATH = "checkin.tcss"

    width = 0
    """The cells a line of the page may take (0 before the first layout: no indents yet)."""

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="reading", can_focus=True):
            yield HangingText(id="reading-text")

    def focus_body(self) -> None:
        self.set_focus(self.query_one("#reading", VerticalScroll))

    def show_session(self, session: Session) -> None:
        text = self.query_one("#reading-text", HangingText)
        self.width = text.content_region.width
        text.update(Content.assemble(*self.page(session)))

    def on_hanging_text_widened(self, event: HangingText.Widened) -> None:
        # Laid out, resized, the agenda hidden or a scroll bar shown: the items that wrap are
        # indented under their own words for the new width.
        event.stop()
        if self.forming.session is not None:
            self.show_session(self.forming.session)

    def page(self, session: Session) -> list[Any]:
        """Return the page's parts for `Content.assemble` (text people typed stays plain)."""
        return []


def _heading(title: str) -> tuple[str, str]:
    return (title, "bold underline")


def _item(width: int, label: Any, *value: Any) -> Content:
    """One item of the page: `label` (a mark, a bold label) then `value`, its wrapped lines
    indented under its first line so each item stands apart."""
    return hanging(Content.assemble(label), Content.assemble(*value), width)


class ChangesScreen(ReadingScreen):
    """What changed since last time: people who joined and left, shares, risks and the rest."""

    STAGE_ID = "changes"
    HELP_TEXT = (
        "The changes from last time to now, people first; they follow every edit.\n"
        "Arrows, PgUp and PgDn scroll · a  agree an action"
    )

    def page(self, session: Session) -> list[Any]:
        diff = since_last_time(session)
        if diff is None:
            return [NOT_A_FOLLOW_UP]
        parts: list[Any] = ["Last time: ", diff.before, "\nNow: ", diff.after, "\n"]
        if diff.empty:
            # Name the stages this check-in has for people and roles, by their own titles (a
            # pack's short check-in may have neither).
            titles = [f"“{s.title}”" for s in session.stages if s.id in ("roster", "roles")]
            where = (
                f"Record who joined, who left and role changes on {' and '.join(titles)}: "
                "they show here at once."
                if titles
                else "Changes to people and roles show here at once."
            )
            return [*parts, "\n", NO_CHANGES, "\n", where]
        parts.append("Marks: " + "; ".join(f"{mark} {words}" for mark, words in MARKS.items()))
        for title, changes in diff.sections():
            parts += ["\n\n", _heading(title)]
            for change in changes:
                label = (f"{change.mark} {change.label}: ", "bold")
                parts += ["\n", _item(self.width, label, change.text)]
        return parts


def _decided_now(session: Session, previous: Session, risk: Risk, width: int) -> list[Any]:
    """The lines under a risk saying what the room decides about it today, where that differs
    from last time (a decision carried over unchanged says nothing new)."""
    now = decision_for(session, risk.kind, risk.subject)
    before = decision_for(previous, risk.kind, risk.subject)
    if now is None:
        if before is None:
            return []
        return ["\n", _item(width, ("   now: ", "bold"), "open again (k decides it)")]
    if before is not None and (now.outcome, now.reason, now.action) == (
        before.outcome,
        before.reason,
        before.action,
    ):
        return []
    return ["\n", _item(width, ("   ✓ decided now: ", "bold"), decision_words(session, now))]


def _risk_lines(
    width: int, risks: list[Risk], empty: str, decisions: tuple[Session, Session] | None = None
) -> list[Any]:
    """A line per risk; with `decisions` (today's session and last time's), what the room
    decides about it today where that is new."""
    if not risks:
        return ["\n", empty]
    parts: list[Any] = []
    for risk in risks:
        parts += ["\n", _item(width, f"{risk.symbol} ", risk.message)]
        if decisions is not None:
            parts += _decided_now(*decisions, risk, width)
    return parts


class RisksScreen(ReadingScreen):
    """Last time's coverage risks: which still hold, which are gone, and which are new; each
    one still true can be decided again where it is shown (`k`)."""

    STAGE_ID = "risks"
    HELP_TEXT = (
        "Last time's coverage risks set beside today's team; they follow every edit.\n"
        "Arrows, PgUp and PgDn scroll · a  agree an action about a risk\n"
        "k  decide a risk again: accept it (with a reason), cover it with an action, not "
        "needed, or open it again"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "k",
            "decide_risk",
            "Decide risk",
            tooltip="Decide a risk that is still true again, or one that is new",
            id="risks-decide",
        )
    ]

    def page(self, session: Session) -> list[Any]:
        found = risks_since(session)
        previous = last_time(session)
        if found is None or previous is None:
            return [NOT_A_FOLLOW_UP]
        decided: list[Any] = []
        undecided: list[Risk] = []
        count = 0
        for risk in found.still:
            decision = decision_for(previous, risk.kind, risk.subject)
            if decision is None:
                undecided.append(risk)
                continue
            count += 1
            words = decision_words(previous, decision)
            decided += ["\n", _item(self.width, f"{risk.symbol} ", risk.message)]
            decided += ["\n", _item(self.width, ("   decided: ", "bold"), words)]
            decided += _decided_now(session, previous, risk, self.width)
        return [
            _heading(f"Decided last time, still true: is the decision still right? ({count})"),
            *(decided or ["\n", "No risk that was decided last time is still true."]),
            "\n\n",
            _heading(f"Still true from last time, never decided ({len(undecided)})"),
            *_risk_lines(
                self.width,
                undecided,
                "✓ None of last time's undecided risks remains.",
                (session, previous),
            ),
            "\n\n",
            _heading(f"New since last time ({len(found.new)})"),
            *_risk_lines(self.width, found.new, "✓ No new risk.", (session, previous)),
            "\n\n",
            _heading(f"Gone since last time ({len(found.resolved)})"),
            *_risk_lines(self.width, found.resolved, "None of last time's risks has gone yet."),
            "\n\nFor each risk that is still true: is it still acceptable? Press k to decide it "
            "again, or a to agree an action where the answer is no.",
        ]

    def action_decide_risk(self) -> None:
        """Decide a risk that is true today (last time's first, then the new ones), or change
        what was decided; the risks that are gone have nothing left to decide."""
        from tui.dialogs.decide import pick_and_decide

        found = risks_since(self.session)
        if found is None:
            self.notify("This session is not a follow-up: it has no earlier risks.", markup=False)
            return
        pick_and_decide(self, found.still + found.new)


class NewcomersScreen(ReadingScreen):
    """What each person who joined since last time needs to hear about their roles."""

    STAGE_ID = "newcomers"
    HELP_TEXT = (
        "Each newcomer's roles, with the concerns and handoffs that touch them.\n"
        "Arrows, PgUp and PgDn scroll · a  agree an action (a pairing, an introduction)"
    )

    def page(self, session: Session) -> list[Any]:
        if session.last_time is None:
            return [NOT_A_FOLLOW_UP]
        found = newcomers(session)
        if not found:
            return [
                "Nobody joined since last time. Add newcomers on “Who is here now” and give "
                "them roles on “Who holds which role now”; they show here with what they need "
                "to hear."
            ]
        parts: list[Any] = []
        for index, newcomer in enumerate(found):
            if index:
                parts.append("\n\n")
            person = newcomer.person
            parts.append(_heading(person.name))
            if person.title:
                parts += [" · ", person.title]
            if not newcomer.roles:
                parts += [
                    "\n⚠ holds no role yet: give them one on “Who holds which role now”, and "
                    "their concerns and handoffs show here."
                ]
                continue
            parts += ["\nRoles: ", ", ".join(role.name for role in newcomer.roles)]
            parts += ["\n", ("Concerns of these roles", "bold")]
            if not newcomer.concerns:
                parts += ["\n  none recorded"]
            for concern in newcomer.concerns:
                role = f"  ({session.role_name(concern.role)})"
                parts += ["\n", _item(self.width, "  • ", concern.text, role)]
            parts += ["\n", ("Handoffs these roles give or receive", "bold")]
            if not newcomer.handoffs:
                parts += ["\n  none agreed"]
            for need in newcomer.handoffs:
                ends = f": {session.role_name(need.provider)} to {session.role_name(need.receiver)}"
                handoff: list[Any] = [need.artefact, ends]
                if need.format:
                    handoff += [", as ", need.format]
                if need.when:
                    handoff += [", ", need.when]
                parts += ["\n", _item(self.width, "  → ", *handoff)]
        return parts
