"""The wrap-up's actions: what will be done, by whom, by when."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from sessions.ids import new_item_id
from sessions.model import Action, Session
from sessions.text import one_line
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.fields import action_fields
from tui.dialogs.form import FormDialog
from tui.screens.pane import StagePane
from tui.screens.stage import StageScreen, changes, present
from tui.widgets.chrome import EmptyState, say_none_yet
from tui.widgets.tables import RecordTable


def people_options(session: Session) -> list[tuple[str, str]]:
    """The team's people, as a form's options."""
    return [(person.name, person.id) for person in session.people]


def add_action(stage: StageScreen, values: dict[str, Any]) -> bool:
    """Record a new action from a form's values; return whether it was made."""
    action_id = new_item_id(stage.session, "action")
    return stage.change("action.added", {"id": action_id, **present(values)})


class ActionsPane(StagePane):
    """The actions agreed, each with an owner and a due date, and how many are still open."""

    KEY = "actions"
    TAB = "1 Actions"
    ACTIONS = ("add_action", "edit_action", "toggle_done", "remove_action")

    def compose(self) -> ComposeResult:
        yield Static(id="actions-summary", classes="summary")
        yield RecordTable(["✓", "Action", "Owner", "Due"], id="actions-table")
        yield Static(id="actions-detail", classes="detail")
        yield EmptyState(
            "No actions yet. Press a to add one, or turn a parked item (2).",
            frozen="No actions yet.",
        )

    @property
    def current(self) -> Action | None:
        """The highlighted action, if any."""
        key = self.table.current_key
        return next((a for a in self.session.actions if a.id == key), None) if key else None

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        """Redraw the list of actions, its summary and the highlighted one."""
        rows = []
        unclear = 0
        for action in session.actions:
            if action.done:
                owner = session.person_name(action.owner) if action.owner else "—"
                due = action.due.isoformat() if action.due else "—"
            else:
                owner = session.person_name(action.owner) if action.owner else "⚠ no owner"
                due = action.due.isoformat() if action.due else "⚠ no date"
                unclear += not (action.owner and action.due)
            rows.append((action.id, ["✓" if action.done else "☐", action.text, owner, due]))
        self.table.show_rows(rows)
        self.set_class(not rows, "-empty")
        open_count = sum(not a.done for a in session.actions)
        parts: list[Any] = [f"☐ {open_count} open · ✓ {len(rows) - open_count} done"]
        if unclear:
            parts += [f"\n⚠ {unclear} open without an owner or a due date"]
        elif open_count:
            parts += ["\n✓ every open action has an owner and a due date"]
        self.query_one("#actions-summary", Static).update(Content.assemble(*parts))

    def detail(self) -> Content:
        """The highlighted action whole, or nothing."""
        session = self.session
        action = self.current
        parts: list[Any] = []
        if action is not None:
            parts = [("✓ done: " if action.done else "☐ open: ", "bold"), action.text, "\n"]
            no_owner, no_date = ("—", "—") if action.done else ("⚠ nobody yet", "⚠ no date yet")
            parts += ["Owner: ", session.person_name(action.owner) if action.owner else no_owner]
            parts += [" · Due: ", action.due.isoformat() if action.due else no_date]
        return Content.assemble(*parts)

    def focus_item(self) -> tuple[str, Content] | None:
        """The highlighted action, for the room's focus view."""
        return ("Action", self.detail()) if self.current is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.edit()

    # -- keys ------------------------------------------------------------------------------------

    def add(self) -> None:
        """Add an action."""

        def added(values: dict[str, Any] | None) -> None:
            if values:
                add_action(self.stage, values)

        self.app.push_screen(
            FormDialog("Add an action", action_fields(None, people_options(self.session))), added
        )

    def edit(self) -> None:
        """Edit the highlighted action."""
        action = self.current
        if action is None:
            say_none_yet(self, "action")
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("action.updated", {"id": action.id, **changes(values)})

        self.app.push_screen(
            FormDialog("Edit the action", action_fields(action, people_options(self.session))),
            edited,
        )

    def toggle_done(self) -> None:
        """Mark the highlighted action done, or not done."""
        action = self.current
        if action is None:
            say_none_yet(self, "action")
            return
        self.change("action.updated", {"id": action.id, "set": {"done": not action.done}})

    def remove_action(self) -> None:
        """Remove the highlighted action, after asking."""
        action = self.current
        if action is None:
            say_none_yet(self, "action")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("action.removed", {"id": action.id})

        self.app.push_screen(
            ConfirmDialog(
                f"Remove the action “{one_line(action.text)}”? (ctrl+z undoes it.)",
                title="Remove action",
                yes="Remove",
                no="Keep",
            ),
            confirmed,
        )
