"""The wrap-up's parking-lot review: each parked item becomes an action or is dropped on purpose."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from sessions.model import ParkingItem, Session
from sessions.text import one_line, plural
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.fields import action_fields
from tui.dialogs.form import FormDialog
from tui.screens.pane import StagePane
from tui.screens.wrapup.actions import add_action, people_options
from tui.widgets.chrome import EmptyState, say_none_yet
from tui.widgets.tables import RecordTable

OUTCOMES = {
    None: "? not reviewed yet",
    "action": "✓ became an action",
    "dropped": "✗ dropped on purpose",
}
"""How each parking-lot outcome is shown, by symbol and words."""


PARKING_HOW = "ctrl+o parks one from any stage"
"""How an item reaches the parking lot, said where the lot is empty."""


class ParkingPane(StagePane):
    """The items parked during the session, each reviewed: made an action, or dropped."""

    KEY = "parking"
    TAB = "2 Parking lot"
    ACTIONS = ("convert", "drop", "reopen")

    def compose(self) -> ComposeResult:
        yield Static(id="parking-summary", classes="summary")
        yield RecordTable(["Outcome", "Item", "Parked at"], id="parking-table")
        yield Static(id="parking-detail", classes="detail")
        yield EmptyState(
            "Nothing was parked. ctrl+o parks an item from any stage.",
            frozen="Nothing was parked.",
        )

    @property
    def current(self) -> ParkingItem | None:
        """The highlighted parked item, if any."""
        key = self.table.current_key
        return next((p for p in self.session.parking_lot if p.id == key), None) if key else None

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        """Redraw the parked items, how many wait for review, and the highlighted one."""
        rows = []
        for item in session.parking_lot:
            stage = session.stage(item.stage)
            rows.append(
                (
                    item.id,
                    [OUTCOMES[item.outcome], item.text, stage.title if stage else item.stage],
                )
            )
        self.table.show_rows(rows)
        self.set_class(not rows, "-empty")
        waiting = sum(item.outcome is None for item in session.parking_lot)
        if not rows:
            summary = "✓ the parking lot is empty"
        elif waiting:
            summary = f"? {waiting} of {plural(len(rows), 'item')} not reviewed yet"
        else:
            summary = "✓ every parked item is reviewed"
        self.query_one("#parking-summary", Static).update(Content(summary))

    def detail(self) -> Content:
        """The highlighted parked item whole, or nothing."""
        session = self.session
        item = self.current
        parts: list[Any] = []
        if item is not None:
            stage = session.stage(item.stage)
            parts = [(OUTCOMES[item.outcome], "bold"), ": ", item.text, "\n"]
            parts += ["Parked at: ", stage.title if stage else item.stage]
        return Content.assemble(*parts)

    def focus_item(self) -> tuple[str, Content] | None:
        """The highlighted parked item, for the room's focus view."""
        return ("Parked item", self.detail()) if self.current is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.convert()

    # -- keys ------------------------------------------------------------------------------------

    def convert(self) -> None:
        """Turn the highlighted parked item into an action with an owner and a due date."""
        item = self.current
        if item is None:
            say_none_yet(self, "parked item", PARKING_HOW)
            return
        if item.outcome == "action":
            self.notify("That item already became an action.", markup=False)
            return

        def converted(values: dict[str, Any] | None) -> None:
            if values and add_action(self.stage, values):
                self.change("parking.updated", {"id": item.id, "set": {"outcome": "action"}})

        self.app.push_screen(
            FormDialog(
                "Turn the parked item into an action",
                action_fields(None, people_options(self.session), text=item.text),
            ),
            converted,
        )

    def drop(self) -> None:
        """Drop the highlighted parked item on purpose, after asking."""
        item = self.current
        if item is None:
            say_none_yet(self, "parked item", PARKING_HOW)
            return
        if item.outcome == "dropped":
            self.notify("That item is already dropped; u reopens it.", markup=False)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("parking.updated", {"id": item.id, "set": {"outcome": "dropped"}})

        self.app.push_screen(
            ConfirmDialog(
                f"Drop “{one_line(item.text)}” on purpose? It stays in the list, marked dropped.",
                title="Drop parked item",
                yes="Drop",
                no="Keep",
            ),
            confirmed,
        )

    def reopen(self) -> None:
        """Mark the highlighted parked item as not reviewed again."""
        item = self.current
        if item is None or item.outcome is None:
            return
        reopened = self.change("parking.updated", {"id": item.id, "unset": ["outcome"]})
        if reopened and item.outcome == "action":
            self.notify("Reopened. The action it became is still in the list.", markup=False)
