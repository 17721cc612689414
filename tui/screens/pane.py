"""A tab of a stage with several parts: its list, and the session reached through its stage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.content import Content
from textual.widgets import DataTable, Static, TabPane

from tui.screens.stage import StageScreen
from tui.widgets.tables import RecordTable

if TYPE_CHECKING:
    from sessions.model import Session
    from tui.forming import Forming


class StagePane(TabPane):
    """One part of a stage, in its own tab (the process stage's five, the wrap-up's three).

    A pane draws its part and runs its part's keys; the screen owns the keys and sends each to
    the pane on show. Changes go through the screen's `change`, like any stage's. The part's
    list has the id `KEY-table`; a part that shows its highlighted item whole below the list
    does so in `KEY-detail` (see `detail`).
    """

    KEY: ClassVar[str] = ""
    """The part's key, which its widgets' ids start with."""
    TAB: ClassVar[str] = ""
    """The tab's label, with the number key that shows it."""
    ID_PREFIX: ClassVar[str] = ""
    """What the pane's own id puts before its key."""
    ACTIONS: ClassVar[tuple[str, ...]] = ()
    """The screen's actions that work only while this part is on show (none: all work in all)."""

    def __init__(self) -> None:
        super().__init__(self.TAB, id=f"{self.ID_PREFIX}{self.KEY}")

    # -- reaching the session through the screen -------------------------------------------------

    @property
    def stage(self) -> StageScreen:
        """The stage screen the pane is on."""
        screen = self.screen
        assert isinstance(screen, StageScreen)
        return screen

    @property
    def forming(self) -> Forming:
        """The app, typed."""
        return self.stage.forming

    @property
    def session(self) -> Session:
        """The live session."""
        return self.stage.session

    @property
    def frozen(self) -> bool:
        """Whether the session on screen cannot be changed here (read-only or replayed)."""
        return self.stage.frozen

    def change(self, type_: str, data: dict[str, Any]) -> bool:
        """Record a change to the session through the screen."""
        return self.stage.change(type_, data)

    # -- the part's list and its highlighted item ------------------------------------------------

    @property
    def table(self) -> RecordTable:
        """The part's list."""
        return self.query_one(f"#{self.KEY}-table", RecordTable)

    def detail(self) -> Content | None:
        """The highlighted item whole, or `None` when the part shows no detail."""
        return None

    def draw_detail(self) -> None:
        """Show the highlighted item whole below the list."""
        content = self.detail()
        if content is not None:
            self.query_one(f"#{self.KEY}-detail", Static).update(content)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.forming.session is not None:
            self.draw_detail()

    def focus_item(self) -> tuple[str, Content] | None:
        """The highlighted item whole, for the room's focus view (see `StageScreen.focus_item`)."""
        return None
