"""The role matrix: people down, roles across, each cell a person's share of time in a role.

The roles stage (`tui/screens/roles.py`) decides which people are shown; this widget draws them
and, when only some values changed, redraws those rows alone.

It is a DataTable for its data, cursor, keys, mouse and scrolling, and draws its own lines
through the Line API (`render_line`), as DataTable draws them, keeping each row's rendered
cells until they change (the mouse's hover highlight is not drawn: the matrix is worked
from the keyboard). DataTable's own drawing forgets every rendered cell on any `update_cell`, so one
changed share rendered every visible cell again (33 to 50 ms of CPU a key on a loaded
machine; see docs/performance.md, "Keystrokes on the role matrix").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.renderables.styled import Styled
from textual.strip import Strip
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


@dataclass(frozen=True)
class _Look:
    """What a row's rendering depends on besides its cells: when it changes, all are redrawn."""

    width: int
    widths: tuple[int, ...]
    header_height: int
    base: Style
    header: Style
    fixed: Style
    even: Style
    odd: Style
    cursor: Style
    header_cursor: Style
    fixed_cursor: Style
    background: Color
    options: tuple[Any, ...]


_Line = tuple[list[Segment], list[Segment]]
"""One line of a row: the fixed columns' segments, and every column's (cropped when shown)."""


@dataclass
class _RowCells:
    """One line of a row, cell by cell, without the cursor: kept until a cell changes."""

    fixed: list[list[Segment] | None]
    """Each fixed column's segments, in the fixed columns' style (`None`: draw it again)."""
    scrollable: list[list[Segment] | None]
    """Each column's segments, in the row's style (`None`: draw it again)."""
    tail: Segment
    """What runs on to the widget's edge after the last column."""


def _joined(cells: list[list[Segment] | None]) -> list[Segment]:
    """One line's segments from its cells' (each drawn by then: `_row_cells` fills them)."""
    return [segment for cell in cells if cell is not None for segment in cell]


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
        self._look: _Look | None = None
        self._lines: dict[tuple[RowKey | None, int, int], _Line] = {}
        """Rendered lines without the cursor, by (row key, row index, line), for `_look`."""
        self._cells: dict[tuple[RowKey | None, int, int], _RowCells] = {}
        """The same lines cell by cell: the cursor's line is made of them and one cell drawn
        with the cursor, and a changed share draws its own cells again, not the whole row's."""

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
            # Labels as text: a string label is read as markup, which loads Rich's table of
            # emoji codes on first use (about 2 ms of the first frame).
            self.add_column(Text("Person"), key="person")
            self.add_column(Text("Time"), key="time")
            headings = [heading(role.name, HEADING_WIDTH) for role in session.roles]
            self.header_height = max([1, *(len(h.plain.splitlines()) for h in headings)])
            for role, label in zip(session.roles, headings, strict=True):
                self.add_column(label, key=role.id)
            self.add_column(Text("Sum"), key="total")
            self.column_roles = role_ids
        else:
            self.clear()
        self._forget_lines()
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
        key = RowKey(row_key)
        for column_key, cell in cells.items():
            self.update_cell(key, column_key, cell)
        for cached in [k for k in self._lines if k[0] == key]:
            del self._lines[cached]
        changed = [self.get_column_index(column_key) for column_key in cells]
        for cached_key, row in self._cells.items():
            if cached_key[0] == key:
                for index in changed:
                    row.scrollable[index] = None
                    if index < len(row.fixed):
                        row.fixed[index] = None
        return True

    def _forget_lines(self) -> None:
        """Forget every rendered line: the look or the table's shape changed."""
        self._lines.clear()
        self._cells.clear()

    # -- drawing ----------------------------------------------------------------------------------

    def _current_look(self) -> _Look:
        component = self.get_component_styles
        return _Look(
            width=self.size.width,
            widths=tuple(column.get_render_width(self) for column in self.ordered_columns),
            header_height=self.header_height if self.show_header else 0,
            base=self.rich_style,
            header=component("datatable--header").rich_style,
            fixed=component("datatable--fixed").rich_style,
            even=component("datatable--even-row").rich_style,
            odd=component("datatable--odd-row").rich_style,
            cursor=self.get_component_rich_style("datatable--cursor"),
            header_cursor=self.get_component_rich_style("datatable--header-cursor"),
            fixed_cursor=self.get_component_rich_style("datatable--fixed-cursor"),
            background=self.background_colors[1],
            options=(
                self.fixed_columns,
                self.zebra_stripes,
                self.show_cursor,
                self.cell_padding,
                self.cursor_foreground_priority,
                self.cursor_background_priority,
            ),
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        look = self._current_look()
        if look != self._look:
            self._look = look
            self._forget_lines()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        look = self._look
        if look is None or look.width != self.size.width:
            self._look = look = self._current_look()
            self._forget_lines()
        width = look.width
        scroll_x, scroll_y = self.scroll_offset
        if y < look.header_height:
            row_key, index, line_no = None, -1, y
        else:
            index, line_no = y - look.header_height + scroll_y, 0
            if not 0 <= index < self.row_count:
                return Strip.blank(width, look.base)
            row_key = self.ordered_rows[index].key
        cursor = self.cursor_coordinate
        key = (row_key, index, line_no)
        if index >= 0 and cursor.row == index and self.show_cursor and self.cursor_type == "cell":
            fixed, scrollable = self._cursor_line(look, key, cursor.column)
        else:
            cached = self._lines.get(key)
            if cached is None:
                cells = self._row_cells(look, key)
                cached = (_joined(cells.fixed), [*_joined(cells.scrollable), cells.tail])
                self._lines[key] = cached
            fixed, scrollable = cached
        fixed_width = sum(look.widths[: self.fixed_columns])
        shown = Strip(scrollable).crop(scroll_x + fixed_width, scroll_x + width)
        return Strip.join([Strip(fixed), shown]).adjust_cell_length(width, look.base).simplify()

    def _cursor_line(self, look: _Look, key: tuple[RowKey | None, int, int], column: int) -> _Line:
        """The cursor's line: the row's kept cells, and the one under the cursor drawn with it."""
        row_key, index, line_no = key
        cells = self._row_cells(look, key)
        fixed_parts: list[list[Segment] | None] = list(cells.fixed)
        parts: list[list[Segment] | None] = list(cells.scrollable)
        if 0 <= column < len(parts):
            row = self.get_row(row_key) if row_key is not None else []
            fixed_count = self.fixed_columns
            if column < len(fixed_parts):
                fixed_style = self._fixed_style(look)
                fixed_parts[column] = self._render_cell_line(
                    look, row[column], index, column, fixed_style, line_no, True, fixed=True
                )
            row_style = self._row_style(look, index)
            parts[column] = self._render_cell_line(
                look,
                row[column],
                index,
                column,
                row_style,
                line_no,
                True,
                fixed=column < fixed_count,
            )
        return _joined(fixed_parts), [*_joined(parts), cells.tail]

    def _row_style(self, look: _Look, index: int) -> Style:
        if index == -1:
            return look.header
        if self.zebra_stripes:
            return look.odd if index % 2 else look.even
        return look.base

    def _fixed_style(self, look: _Look) -> Style:
        return look.fixed + Style.from_meta({"fixed": True})

    def _row_cells(self, look: _Look, key: tuple[RowKey | None, int, int]) -> _RowCells:
        """One line of a row, cell by cell without the cursor: the kept cells, and any missing
        (a changed share) drawn again the way DataTable draws them."""
        row_key, index, line_no = key
        header = row_key is None
        cached = self._cells.get(key)
        if cached is not None and None not in cached.scrollable and None not in cached.fixed:
            return cached
        if header:
            values: list[Any] = [column.label for column in self.ordered_columns]
            fixed_style = look.header
        else:
            values = self.get_row(row_key) if row_key is not None else []
            fixed_style = self._fixed_style(look)
        row_style = self._row_style(look, index)
        fixed_count = self.fixed_columns
        if cached is None:
            # The row's look runs on to the widget's edge, a little faded where it has a
            # background.
            remaining = max(0, look.width - sum(look.widths[fixed_count:]))
            if row_style.bgcolor is not None:
                faded = Color.from_rich_color(row_style.bgcolor).blend(look.background, factor=0.25)
                extend = Style.from_color(color=row_style.color, bgcolor=faded.rich_color)
            else:
                extend = Style.from_color(row_style.color, row_style.bgcolor)
            extend += Style.from_meta({"row": index, "column": 0, "out_of_bounds": True})
            cached = _RowCells(
                [None] * min(fixed_count, len(values)),
                [None] * len(values),
                Segment(" " * remaining, extend),
            )
            self._cells[key] = cached
        for n, part in enumerate(cached.fixed):
            if part is None:
                cached.fixed[n] = self._render_cell_line(
                    look, values[n], index, n, fixed_style, line_no, False, fixed=not header
                )
        for n, part in enumerate(cached.scrollable):
            if part is None:
                cached.scrollable[n] = self._render_cell_line(
                    look, values[n], index, n, row_style, line_no, False, fixed=n < fixed_count
                )
        return cached

    def _render_cell_line(
        self,
        look: _Look,
        cell: Any,
        index: int,
        column: int,
        base_style: Style,
        line_no: int,
        cursor: bool,
        *,
        fixed: bool,
    ) -> list[Segment]:
        """One line of one cell: padded, in its row's style, with the cursor's if it is there."""
        component = Style()
        if cursor and self.show_cursor:
            component += look.cursor
            if index == -1:
                component += look.header_cursor
            elif fixed:
                component += look.fixed_cursor
        post = Style.null()
        if self.cursor_foreground_priority == "css":
            post += Style.from_color(color=component.color)
        if self.cursor_background_priority == "css":
            post += Style.from_color(bgcolor=component.bgcolor)
        height = look.header_height if index == -1 else 1
        options = self.app.console_options.update_dimensions(look.widths[column], height)
        if height == 1:
            options = options.update(no_wrap=True)
        style = base_style + Style.from_meta({"row": index, "column": column})
        lines = self.app.console.render_lines(
            Styled(
                Padding(cell, (0, self.cell_padding)), pre_style=style + component, post_style=post
            ),
            options,
        )
        return lines[line_no]
