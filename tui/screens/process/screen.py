"""Stage 7, agree the dev process: environments, gates, pipeline, definition of done, learning."""

from __future__ import annotations

import contextlib
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import DataTable, TabbedContent

from sessions.model import Session
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.suggested import adopt, adopt_binding
from tui.screens.process.done import DonePane
from tui.screens.process.environments import EnvironmentsPane
from tui.screens.process.gates import GatesPane
from tui.screens.process.learning import LearningPane
from tui.screens.process.pane import PartPane
from tui.screens.process.pipeline import PipelinePane
from tui.screens.stage import StageScreen, ViewBinding
from tui.widgets.chrome import say_none_yet
from tui.widgets.tables import RecordTable

PANES: tuple[type[PartPane], ...] = (
    EnvironmentsPane,
    GatesPane,
    PipelinePane,
    DonePane,
    LearningPane,
)
"""The five parts, in tab order (the number keys 1 to 5 show them)."""

PART_KEYS = tuple(pane.KEY for pane in PANES)


class ProcessScreen(StageScreen):
    """Agree environments, promotion gates, pipeline steps, a definition of done and learning."""

    STAGE_ID = "process"
    HELP_TEXT = (
        "1 to 5  show environments, gates, pipeline, definition of done or learning\n"
        "a  add to the part on show\n"
        "e or Enter  edit the highlighted item\n"
        "d  remove it (removing an environment removes its gates)\n"
        "[ and ]  move it up or down (environments, pipeline, definition of done)\n"
        "c / x  add a check to / remove a check from the highlighted gate\n"
        "t  pull in one of the content pack's suggestions for the part on show\n"
        "y  adopt the highlighted suggestion (◇) from the content pack; editing adopts it too"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add to the part on show", id="process-add"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted item", id="process-edit"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Remove the highlighted item",
            id="process-remove",
        ),
        Binding(
            "left_square_bracket",
            "move(-1)",
            "Up",
            tooltip="Move the highlighted item up",
            id="process-up",
        ),
        Binding(
            "right_square_bracket",
            "move(1)",
            "Down",
            tooltip="Move the highlighted item down",
            id="process-down",
        ),
        Binding(
            "t",
            "suggest",
            "Suggest",
            tooltip="Pull in one of the content pack's suggestions for the part on show",
            id="process-suggest",
        ),
        adopt_binding("process"),
        Binding(
            "c",
            "add_check",
            "Add check",
            show=False,
            tooltip="Add a check to the highlighted gate",
            id="process-add-check",
        ),
        Binding(
            "x",
            "remove_check",
            "Remove check",
            show=False,
            tooltip="Remove a check from the highlighted gate",
            id="process-remove-check",
        ),
        *(
            ViewBinding(
                str(number),
                f"show_part('{pane.KEY}')",
                pane.TAB[2:],
                show=False,
                tooltip=f"Show {pane.TAB[2:].lower()}",
                id=f"process-part-{pane.KEY}",
            )
            for number, pane in enumerate(PANES, start=1)
        ),
    ]

    CSS_PATH = "screen.tcss"

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="parts", initial=f"part-{PART_KEYS[0]}"):
            for pane in PANES:
                yield pane()

    # -- the parts -------------------------------------------------------------------------------

    @property
    def part(self) -> str:
        """The key of the part on show."""
        active = self.query_one("#parts", TabbedContent).active
        key = active.removeprefix("part-")
        return key if key in PART_KEYS else PART_KEYS[0]

    def pane(self, part: str | None = None) -> PartPane:
        """The pane of a part (by default the one on show)."""
        return self.query_one(f"#part-{part or self.part}", PartPane)

    def table(self, part: str | None = None) -> RecordTable:
        """The list of a part (by default the one on show)."""
        return self.pane(part).table

    def focus_body(self) -> None:
        # Focus inside a TabbedContent makes its tab active, so wait until the tabs are mounted.
        self.call_after_refresh(self._focus_part_on_show)

    def action_show_part(self, part: str) -> None:
        """Show one of the five parts."""
        if part in PART_KEYS:
            self.query_one("#parts", TabbedContent).active = f"part-{part}"
            self.table(part).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        self.refresh_bindings()  # Up and Down show only on the parts whose order matters
        # Focus the list of whichever part is on show by then: keys may have moved on since.
        self.call_after_refresh(self._focus_part_on_show)

    def _focus_part_on_show(self) -> None:
        if not self.is_attached:
            return
        # Asked for a frame later: the screen may be closing by then, its panes already
        # removed, and there is nothing left to focus.
        with contextlib.suppress(NoMatches):
            table = self.table()
            if self.focused is not table:
                table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Also hide Up and Down on the parts whose order does not matter (gates, learning),
        where they could only say so."""
        allowed = super().check_action(action, parameters)
        if action == "move" and allowed:
            with contextlib.suppress(NoMatches):
                return self.pane().MOVABLE
        return allowed

    def show_session(self, session: Session) -> None:
        for pane in self.query(PartPane):
            pane.show_session(session)

    def focus_item(self) -> tuple[str, Content] | None:
        return self.pane().focus_item()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # -- the keys: each goes to the part on show -------------------------------------------------

    def action_add(self) -> None:
        """Add to the part on show."""
        self.pane().add()

    def action_edit(self) -> None:
        """Edit the highlighted item of the part on show."""
        pane = self.pane()
        key = pane.current
        if key is not None:
            pane.edit(key)
        else:
            say_none_yet(self, pane.ITEM_NAME.lower())

    def action_remove(self) -> None:
        """Remove the highlighted item of the part on show, after asking."""
        pane = self.pane()
        key = pane.current
        found = pane.removal(key) if key is not None else None
        if found is None:
            if key is None:
                say_none_yet(self, pane.ITEM_NAME.lower())
            return
        question, title, event_type, data = found

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change(event_type, data)

        self.app.push_screen(
            ConfirmDialog(f"{question} (ctrl+z undoes it.)", title=title, yes="Remove", no="Keep"),
            confirmed,
        )

    def action_move(self, offset: int) -> None:
        """Move the highlighted item up or down, in the parts where order matters."""
        pane = self.pane()
        if not pane.MOVABLE:
            self.notify("Order does not matter here: only lists in order can move.", markup=False)
            return
        key = pane.current
        table = pane.table
        if key is None:
            say_none_yet(self, pane.ITEM_NAME.lower())
            return
        target = table.cursor_row + offset
        if 0 <= target < table.row_count:
            pane.move(key, table.cursor_row, target)

    def action_adopt(self) -> None:
        """Adopt the highlighted suggestion of the part on show."""
        pane = self.pane()
        adopt(self, pane.ADOPT_PART, pane.current)

    def action_suggest(self) -> None:
        """Offer the content pack's suggestions for the part on show that are not here yet."""
        self.pane().suggest()

    def action_suggest_learning(self) -> None:
        """Offer the pack's learning pairings that fit the team's roles as topics to add."""
        self.action_show_part("learning")
        self.pane("learning").suggest()

    def _gates_on_show(self) -> GatesPane | None:
        pane = self.pane()
        if isinstance(pane, GatesPane):
            return pane
        self.notify("Checks belong to gates: press 2 and pick a gate first.", markup=False)
        return None

    def action_add_check(self) -> None:
        """Add one check to the highlighted gate."""
        if gates := self._gates_on_show():
            gates.add_check()

    def action_remove_check(self) -> None:
        """Pick one of the highlighted gate's checks and remove it."""
        if gates := self._gates_on_show():
            gates.remove_check()
