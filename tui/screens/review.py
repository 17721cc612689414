"""Check-in stage: last time's open actions, one by one: done, still open, or dropped."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from sessions.checkin import REVIEW_OUTCOMES, carried_actions, review_change
from sessions.model import Action, Session
from tui.dialogs.fields import action_fields
from tui.dialogs.form import FormDialog
from tui.screens.stage import StageScreen, changes
from tui.widgets.chrome import NOT_A_FOLLOW_UP, EmptyState
from tui.widgets.tables import RecordTable


class ReviewScreen(StageScreen):
    """Last time's open actions, reviewed one at a time; each outcome is an event."""

    STAGE_ID = "review"
    HELP_TEXT = (
        "Last time's open actions, one by one (each choice is saved and undoable):\n"
        "d  done · o  still open · x  dropped on purpose · e or Enter  edit owner and date\n"
        "After each choice the next action not yet reviewed is highlighted."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "review('done')", "Done", tooltip="It was done", id="review-done"),
        Binding(
            "o",
            "review('open')",
            "Still open",
            tooltip="It is still to do: it stays open",
            id="review-open",
        ),
        Binding(
            "x",
            "review('dropped')",
            "Drop",
            tooltip="Drop it on purpose: it is no longer worth doing",
            id="review-dropped",
        ),
        Binding(
            "e", "edit", "Edit", tooltip="Change its text, owner or due date", id="review-edit"
        ),
    ]

    CSS_PATH = "review.tcss"

    def compose_body(self) -> ComposeResult:
        yield Static(id="review-summary")
        yield RecordTable(["Outcome", "Action", "Owner", "Due"], id="review-table")
        yield Static(id="review-detail")
        yield EmptyState("", id="review-empty")

    def focus_body(self) -> None:
        self.set_focus(self.query_one("#review-table", RecordTable))

    @property
    def table(self) -> RecordTable:
        """The table of last time's actions."""
        return self.query_one("#review-table", RecordTable)

    def show_session(self, session: Session) -> None:
        actions = carried_actions(session)
        rows = []
        for action in actions:
            owner = session.person_name(action.owner) if action.owner else "—"
            due = action.due.isoformat() if action.due else "—"
            rows.append((action.id, [REVIEW_OUTCOMES[action.reviewed], action.text, owner, due]))
        self.table.show_rows(rows)
        self.set_class(not rows, "-empty")
        if session.last_time is None:
            empty = NOT_A_FOLLOW_UP
        else:
            empty = "Last time left no open action: nothing to review. Go on to the next stage."
        self.query_one("#review-empty", EmptyState).update(empty)
        waiting = sum(action.reviewed is None for action in actions)
        counts = {
            outcome: sum(action.reviewed == outcome for action in actions)
            for outcome in ("done", "open", "dropped")
        }
        summary = (
            f"? {waiting} of {len(actions)} not reviewed yet"
            if waiting
            else f"✓ all {len(actions)} reviewed"
        )
        summary += " · " + " · ".join(
            f"{REVIEW_OUTCOMES[outcome]} {count}" for outcome, count in counts.items()
        )
        self.query_one("#review-summary", Static).update(Content(summary if actions else ""))
        self._draw_detail()

    def _current(self) -> Action | None:
        key = self.table.current_key
        if key is None:
            return None
        return next((a for a in carried_actions(self.session) if a.id == key), None)

    def _draw_detail(self) -> None:
        action = self._current()
        parts: list[Any] = []
        if action is not None:
            session = self.session
            parts = [(REVIEW_OUTCOMES[action.reviewed], "bold"), ": ", action.text, "\n"]
            parts += ["Owner: ", session.person_name(action.owner) if action.owner else "nobody"]
            parts += [" · Due: ", action.due.isoformat() if action.due else "no date"]
        self.query_one("#review-detail", Static).update(Content.assemble(*parts))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.forming.session is not None:
            self._draw_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_review(self, outcome: str) -> None:
        """Record what the room decided about the highlighted action, then go to the next."""
        action = self._current()
        if action is None:
            return
        if action.reviewed != outcome and not self.change(
            "action.updated", review_change(action, outcome)
        ):
            return
        actions = carried_actions(self.session)
        keys = [a.id for a in actions]
        start = keys.index(action.id) + 1 if action.id in keys else 0
        # One by one: the next action nobody has decided about yet, after this one first.
        for candidate in actions[start:] + actions[:start]:
            if candidate.reviewed is None:
                self.table.move_cursor(row=keys.index(candidate.id))
                break
        self._draw_detail()

    def action_edit(self) -> None:
        """Change the highlighted action's text, owner or due date."""
        action = self._current()
        if action is None:
            return
        people = [(person.name, person.id) for person in self.session.people]

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("action.updated", {"id": action.id, **changes(values)})

        fields = [f for f in action_fields(action, people) if f.name != "done"]
        self.app.push_screen(FormDialog("Edit last time's action", fields), edited)
