"""Dialogs that leave the board in view: docked to the top or bottom over a dimmed screen."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.widget import Widget
from textual.widgets import DataTable, OptionList

from tui.dialogs.base import Dialog

ResultType = TypeVar("ResultType")


def highlighted_row_y(widget: Widget) -> int | None:
    """The screen row the highlighted item of `widget` is drawn on, if it has one in view."""
    if isinstance(widget, DataTable):
        if widget.row_count == 0 or widget.cursor_row < 0:
            return None
        above = sum(row.height for row in widget.ordered_rows[: widget.cursor_row])
        header = widget.header_height if widget.show_header else 0
        return widget.content_region.y + header + above - round(widget.scroll_y)
    if isinstance(widget, OptionList) and widget.highlighted is not None:
        return widget.content_region.y + widget.highlighted - round(widget.scroll_y)
    return widget.region.y + widget.region.height // 2 if widget.region.height else None


class BoardDialog(Dialog[ResultType]):
    """A modal dialog the room reads over the board, not instead of it.

    The board stays drawn and dimmed behind the dialog, which takes only the height it needs
    and docks to the bottom of the screen, or to the top when the item being changed is
    highlighted in the lower half: the room sees what is being changed while it is typed.
    """

    DEFAULT_CSS = """
    BoardDialog { align: center bottom; }
    BoardDialog.-top { align: center top; }
    /* Toasts show at the other edge from the dialog: at the bottom right (where Textual puts
       them) a toast such as "Follow-up started" covered the question and the buttons. */
    BoardDialog > ToastRack { dock: top; align: right top; margin: 0; }
    BoardDialog.-top > ToastRack { dock: bottom; align: right bottom; margin: 0 0 1 0; }
    """

    BOARD_SCREEN_DEPTH: ClassVar[int] = 2
    """Where the board is in the screen stack, counted from the top (this dialog is 1)."""

    def on_mount(self) -> None:
        self.set_class(self._item_in_lower_half(), "-top")

    def _item_in_lower_half(self) -> bool:
        stack = self.app.screen_stack
        if len(stack) < self.BOARD_SCREEN_DEPTH:
            return False
        board = stack[-self.BOARD_SCREEN_DEPTH]
        focused = board.focused
        y = highlighted_row_y(focused) if focused is not None else None
        return y is not None and y >= self.app.size.height // 2
