"""A DataTable for lists of session items: cells are plain text, the cursor stays put on redraw."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowKey


def cell(value: Any) -> Text:
    """Return `value` as a table cell that is never parsed as markup."""
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value), no_wrap=True, overflow="ellipsis")


def cells_needed(text: Text) -> int:
    """The cells `text` needs: its longest line, as Rich measures it."""
    return max((cell_len(line) for line in text.plain.splitlines()), default=0)


def add_sized_rows(
    table: DataTable, rows: Sequence[tuple[str, Sequence[Text]]], *, afresh: bool = False
) -> None:
    """Add one-line rows of `(key, cells)` to `table`, sizing its columns for them at once.

    DataTable measures every cell of new rows with Rich when it is next idle (3,000 cells for
    200 people and 12 roles, before the first frame), and a frame drawn before that squeezes
    the columns. The cells here are text, whose width is their longest line in cells, so the
    columns are widened from that, as the measuring would, and the rows are left out of it.
    `afresh` sizes the columns from their headings up rather than from their widths so far.
    """
    for index, column in enumerate(table.ordered_columns):
        base = column.label.cell_len if afresh else column.content_width
        column.content_width = max(
            [base] + [cells_needed(cells[index]) for _, cells in rows if index < len(cells)]
        )
    for key, cells in rows:
        table.add_row(*cells, key=key)
    table._new_rows.difference_update(RowKey(key) for key, _ in rows)


class RecordTable(DataTable):
    """Rows of session items keyed by their ids, redrawn in place without losing the cursor."""

    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    """

    def __init__(self, columns: Sequence[str], **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self._columns = list(columns)

    def on_mount(self) -> None:
        self.add_columns(*self._columns)

    def show_rows(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Replace the rows with `(key, cells)` pairs, keeping the cursor on the same key."""
        current = self.current_key
        row = self.cursor_row
        self.clear()
        shown = [(key, [cell(value) for value in cells]) for key, cells in rows]
        # Auto-sized columns only ever grow, so they are sized afresh from the rows about to be
        # shown, and at once: DataTable measures new rows only when it is next idle, and a frame
        # drawn before that would squeeze every column to its heading.
        add_sized_rows(self, shown, afresh=True)
        keys = [key for key, _ in rows]
        if current in keys:
            self.move_cursor(row=keys.index(current))
        elif keys:
            self.move_cursor(row=min(max(row, 0), len(keys) - 1))

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        if self.row_count == 0 or self.cursor_row < 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return key.value
