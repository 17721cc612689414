"""The role matrix: people down, roles across, each cell a person's share of time in a role.

The roles stage (`tui/screens/roles.py`) decides which people are shown; this widget draws them
and, when only some values changed, redraws those cells alone.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from sessions.coverage import person_load
from sessions.model import Session
from tui.widgets.tables import add_sized_rows, heading

FIXED_COLUMNS = 2
"""The matrix's first columns: the person and their time on the team."""
HEADING_WIDTH = 12
"""Cells a role's name takes on each line of its column heading (its words are never cut)."""


def row_cells(values: tuple[Any, ...]) -> list[Text]:
    """Return a row's cells from its values: name, time, a share per role, and the sum."""
    name, availability, *shares, total = values
    cells = [Text(name), Text(f"{availability}%")]
    cells += [
        Text(f"{share}%", style="bold") if share else Text("·", style="dim") for share in shares
    ]
    cells.append(Text(f"✗ {total}%", style="bold") if total > 100 else Text(f"{total}%"))
    return cells


def row_values(session: Session, people: list[str]) -> dict[str, tuple[Any, ...]]:
    """Return the values of each of `people`'s rows, by person id, in their order."""
    shares = {(a.person, a.role): a.share for a in session.assignments}
    load = person_load(session)
    by_id = {p.id: p for p in session.people}
    role_ids = [r.id for r in session.roles]
    rows: dict[str, tuple[Any, ...]] = {}
    for person_id in people:
        person = by_id.get(person_id)
        if person is not None:
            rows[person_id] = (
                person.name,
                person.availability,
                *(shares.get((person_id, role_id)) for role_id in role_ids),
                load.get(person_id, 0),
            )
    return rows


class RoleMatrix(DataTable):
    """People down, roles across, each cell the share of the person's time in that role."""

    DEFAULT_CSS = """
    RoleMatrix { height: auto; max-height: 50%; min-height: 5; }
    .-coverage-hidden RoleMatrix { height: 1fr; max-height: 100%; }
    RoleMatrix > .datatable--fixed { background: $panel; text-style: bold; }
    """

    def __init__(self, **kwargs: Any) -> None:
        # The person and their time stay in place when the matrix scrolls sideways.
        super().__init__(
            cursor_type="cell", zebra_stripes=True, fixed_columns=FIXED_COLUMNS, **kwargs
        )
        self.row_people: list[str] = []
        """The person id of each row, in order."""
        self.column_roles: list[str] = []
        """The role id of each share column, in order."""
        self.drawn: dict[str, tuple[Any, ...]] = {}
        """Each row's values as last drawn, by person id, in table order (empty: rebuild)."""

    def cell_at_cursor(self) -> tuple[str | None, str | None]:
        """The person and the role (ids) under the cursor, each `None` where there is none."""
        if not self.row_count:
            return None, None
        row, column = self.cursor_coordinate
        person = self.row_people[row] if 0 <= row < len(self.row_people) else None
        index = column - FIXED_COLUMNS
        role = self.column_roles[index] if 0 <= index < len(self.column_roles) else None
        return person, role

    def show(self, session: Session, people: list[str]) -> None:
        """Show `people`'s rows of `session`: the changed cells alone when the shape is the same."""
        cursor = self.cursor_coordinate
        role_ids = [r.id for r in session.roles]
        rows = row_values(session, people)
        same_shape = role_ids == self.column_roles and len(self.columns) > 0
        # A change to one share or name redraws those cells alone, not 200 x 12 of them.
        if same_shape and self._update_cells(rows):
            return
        if not same_shape:
            self.clear(columns=True)
            self.add_column("Person", key="person")
            self.add_column("Time", key="time")
            headings = [heading(role.name, HEADING_WIDTH) for role in session.roles]
            self.header_height = max([1, *(len(h.plain.splitlines()) for h in headings)])
            for role, label in zip(session.roles, headings, strict=True):
                self.add_column(label, key=role.id)
            self.add_column("Sum", key="total")
            self.column_roles = role_ids
        else:
            self.clear()
        self.row_people = list(rows)
        add_sized_rows(self, [(key, row_cells(values)) for key, values in rows.items()])
        self.drawn = dict(rows)
        if self.row_count:
            row = min(cursor.row, self.row_count - 1)
            column = min(max(cursor.column, FIXED_COLUMNS), len(self.columns) - 2)
            self.cursor_coordinate = Coordinate(row, max(column, 0))

    def _update_cells(self, rows: dict[str, tuple[Any, ...]]) -> bool:
        """Redraw only the cells whose values changed; `False` if the table must be rebuilt."""
        if list(rows) != list(self.drawn):
            return False
        keys = ["person", "time", *self.column_roles, "total"]
        for person_id, values in rows.items():
            before = self.drawn[person_id]
            if values == before:
                continue
            cells = row_cells(values)
            changed = {keys[i]: cells[i] for i, value in enumerate(values) if value != before[i]}
            if not self.update_row(person_id, changed):
                return False
            self.drawn[person_id] = values
        return True

    def update_row(self, row_key: str, cells: dict[str, Text]) -> bool:
        """Put new `cells` (by column key) in one row, through DataTable's `update_cell`.

        Returns `False`, changing nothing, when the row is not in the table or a cell is wider
        than its column: then the caller redraws the table, which sizes the columns again.
        """
        if RowKey(row_key) not in self.rows:
            return False
        for column_key, cell in cells.items():
            column = self.columns.get(ColumnKey(column_key))
            if column is None or cell.cell_len > column.content_width:
                return False
        for column_key, cell in cells.items():
            self.update_cell(row_key, column_key, cell)
        return True
