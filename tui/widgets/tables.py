"""A DataTable for lists of session items: cells are plain text that wraps, the cursor stays put."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.events import Resize
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from sessions.text import shorten

LONGEST_WORD_KEPT = 16
"""A column narrows no further than its longest word up to this many cells, so words wrap
whole; a longer word (a URL, a path) is folded across lines instead."""
SHORTENED_MIN = 24
"""A column of names shortened rather than wrapped (`RecordTable`'s `shortened`) keeps at
least this many cells: a name this short (`returns-forecast-12.toml`) is never cut."""


def cell(value: Any) -> Text:
    """Return `value` as a table cell that is never parsed as markup."""
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value), no_wrap=True, overflow="ellipsis")


def cells_needed(text: Text) -> int:
    """The cells `text` needs: its longest line, as Rich measures it."""
    return max((cell_len(line) for line in text.plain.splitlines()), default=0)


def longest_word(rows: Sequence[tuple[str, Sequence[Text]]], index: int) -> int:
    """The cells the longest word in column `index` of `rows` takes."""
    return max(
        (
            cell_len(word)
            for _, cells in rows
            if index < len(cells)
            for word in cells[index].plain.split()
        ),
        default=0,
    )


def heading(name: str, width: int) -> Text:
    """Return a column heading for `name`, broken between words onto lines of `width` cells.

    A word longer than `width` keeps its own line whole: the column widens for it rather
    than cut it. Tables show headings this way with `header_height` set to the most lines.
    """
    lines: list[str] = []
    for word in name.split():
        if lines and cell_len(lines[-1]) + 1 + cell_len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return Text("\n".join(lines))


def _rows_high(lengths: Sequence[tuple[tuple[int, ...], int]], widths: Sequence[int]) -> int:
    """About how many lines the rows take at `widths`: a row is as tall as its tallest cell,
    and a cell takes its width over the column's, rounded up. `lengths` holds each distinct
    row's cell widths with how many rows share them (many rows alike, such as concerns hidden
    until revealed, are measured once)."""
    return sum(
        count
        * max(
            (-(-length // max(width, 1)) for length, width in zip(row, widths, strict=False)),
            default=1,
        )
        for row, count in lengths
    )


def _level_widths(natural: Sequence[int], floors: Sequence[int], room: int) -> list[int]:
    """The widest columns brought down to one common width: every column narrower than it
    stays whole (fair to short columns: names, titles, dates)."""

    def total(level: int) -> int:
        return sum(min(n, max(level, f)) for n, f in zip(natural, floors, strict=True))

    low, high = 0, max(natural)
    while low < high:  # the widest common width at which everything fits
        middle = (low + high + 1) // 2
        if total(middle) <= room:
            low = middle
        else:
            high = middle - 1
    widths = [min(n, max(low, f)) for n, f in zip(natural, floors, strict=True)]
    spare = room - sum(widths)
    for index, width in enumerate(widths):  # cells left over go one each to the cut columns
        if spare > 0 and natural[index] > width:
            widths[index] += 1
            spare -= 1
    return widths


def _fewest_lines_widths(
    natural: Sequence[int],
    floors: Sequence[int],
    room: int,
    lengths: Sequence[tuple[tuple[int, ...], int]],
) -> list[int]:
    """Every column from its floor, the cells left handed out a few at a time to the column
    where they save the most lines (good when one column holds most of the text)."""
    widths = list(floors)
    spare = room - sum(widths)
    step = max(1, spare // 16)  # a few cells at a time: 16 rounds of measuring at most
    while spare > 0:
        give = min(step, spare)
        best: tuple[int, int, int] | None = None  # (lines, -natural width, column)
        for index, width in enumerate(widths):
            if width >= natural[index]:
                continue
            trial = list(widths)
            trial[index] = min(width + give, natural[index])
            option = (_rows_high(lengths, trial), -natural[index], index)
            if best is None or option < best:
                best = option
        if best is None:
            break
        index = best[2]
        given = min(give, natural[index] - widths[index])
        widths[index] += given
        spare -= given
    return widths


def fit_widths(
    natural: Sequence[int],
    floors: Sequence[int],
    room: int,
    lengths: Sequence[Sequence[int]] = (),
) -> list[int]:
    """Return column widths that fit `room` cells, so the rows wrap onto as few lines as can be.

    Each column keeps its `natural` width when all fit, and never goes below its floor (the
    floors are returned when even they do not fit). Otherwise two ways of sharing the room are
    measured against the rows (`lengths`: each row's cell widths): the common-width way, which
    keeps short columns whole, unless the other takes at least a fifth fewer lines.
    """
    if sum(natural) <= room:
        return list(natural)
    floors = [min(f, n) for f, n in zip(floors, natural, strict=True)]
    if sum(floors) >= room:
        return floors
    level = _level_widths(natural, floors, room)
    if not lengths:
        return level
    counted = list(Counter(tuple(row) for row in lengths).items())
    fewest = _fewest_lines_widths(natural, floors, room, counted)
    # The common width keeps names and titles whole: the other way must save a fifth of the
    # lines to be worth breaking them.
    return fewest if 5 * _rows_high(counted, fewest) < 4 * _rows_high(counted, level) else level


def add_sized_rows(
    table: DataTable,
    rows: Sequence[tuple[str, Sequence[Text]]],
    *,
    afresh: bool = False,
    heights: Sequence[int] | None = None,
) -> None:
    """Add rows of `(key, cells)` to `table`, sizing its columns for them at once.

    DataTable measures every cell of new rows with Rich when it is next idle, and a frame
    drawn before that squeezes the columns. The cells here are text, whose width is their
    longest line in cells, so the columns are widened from that at once, as the measuring
    will (it then finds nothing wider; telling DataTable to skip it would mean writing its
    private state, and its cost is measured in docs/performance.md).
    `afresh` sizes the columns from their headings up rather than from their widths so far.
    `heights` gives each row's height in lines (one line each without it).
    """
    for index, column in enumerate(table.ordered_columns):
        base = cells_needed(column.label) if afresh else column.content_width
        column.content_width = max(
            [base] + [cells_needed(cells[index]) for _, cells in rows if index < len(cells)]
        )
    for number, (key, cells) in enumerate(rows):
        table.add_row(*cells, key=key, height=heights[number] if heights else 1)


def _same_text(a: Text, b: Text) -> bool:
    """Whether two cells look the same: text, spans and style (`Text`'s `==` skips style)."""
    return a.plain == b.plain and a.spans == b.spans and a.style == b.style


def _same_rows(a: list[tuple[str, list[Text]]], b: list[tuple[str, list[Text]]]) -> bool:
    """Whether two lists of `(key, cells)` rows would be drawn the same."""
    return len(a) == len(b) and all(
        key_a == key_b
        and len(cells_a) == len(cells_b)
        and all(_same_text(x, y) for x, y in zip(cells_a, cells_b, strict=True))
        for (key_a, cells_a), (key_b, cells_b) in zip(a, b, strict=True)
    )


@dataclass(frozen=True)
class _Layout:
    """Rows laid out for a table's width: column widths, cells wrapped, row heights."""

    width: int
    """The table's width the rows were laid out for."""
    widths: list[int]
    """Each column's width for its content."""
    rows: list[tuple[str, list[Text]]]
    """`(key, cells)`, each cell wrapped to its column."""
    heights: list[int]
    """Each row's height in lines."""


class RecordTable(DataTable):
    """Rows of session items keyed by their ids, redrawn in place without losing the cursor.

    Columns take the width their text needs; when the table is narrower than that, the
    widest columns share the room and their text wraps onto more lines of the row, so what
    the team typed is shown whole rather than cut. A resize lays the rows out again.
    """

    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    """

    def __init__(
        self, columns: Sequence[str], *, shortened: Collection[str] = (), **kwargs: Any
    ) -> None:
        """`shortened` names the columns whose text is shortened on one line with "…" rather
        than wrapped (file names, which a wrap breaks mid-word): they give up their room
        first, down to `SHORTENED_MIN` cells, before any other column wraps."""
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self._columns = list(columns)
        self._shortened = frozenset(shortened)
        self._shown: list[tuple[str, list[Text]]] = []
        """The rows as last given, before wrapping."""
        self._drawn: _Layout | None = None
        """The rows as drawn: wrapped, at what width."""

    def on_mount(self) -> None:
        if not self.columns:
            self._add_columns()

    def _add_columns(self) -> None:
        # Headings as text, never markup: a heading may be a name someone typed, and a string
        # would be parsed as markup (which also loads Rich's emoji table, on the home screen's
        # path to its first frame).
        self.add_columns(*(Text(column) for column in self._columns))

    def use_columns(self, columns: Sequence[str]) -> None:
        """Show `columns` from now on (the rows are cleared when they change)."""
        if list(columns) != self._columns:
            self._columns = list(columns)
            self._shown = []
            self._drawn = None
            self.clear(columns=True)
            self._add_columns()

    def show_rows(
        self, rows: Sequence[tuple[str, Sequence[Any]]], *, unfollowed: Collection[str] = ()
    ) -> None:
        """Replace the rows with `(key, cells)` pairs, keeping the cursor on the same key.

        Only what changed is redrawn: changed cells are updated, rows gone are removed and
        new rows at the end are added, as long as the rows kept stay in the same order, the
        columns keep their widths and no changed row grows or shrinks; otherwise the table is
        laid out afresh. (A rebuild lays out and renders every row again, which during a
        burst of cards from the room cost more than a keystroke may.)

        When the rows are the ones shown before plus one, the cursor moves to the new one: an
        item just added is highlighted, so the room sees it (scrolled into view) at once;
        unless its key is in `unfollowed` (an item someone else added, such as a card from the
        room, must not take the facilitator's cursor away).
        """
        before = {key for key, _ in self._shown}
        shown = [(key, [cell(value) for value in cells]) for key, cells in rows]
        if (
            self._drawn is not None
            and self._drawn.width == self.size.width
            and _same_rows(shown, self._shown)
        ):
            return  # nothing changed (the room changed something this table does not show)
        self._shown = shown
        layout = self._layout_for(self._shown)
        if not self._patch(layout):
            self._rebuild(layout)
        added = [key for key, _ in rows if key not in before]
        if before and len(added) == 1 and len(rows) == len(before) + 1:
            if added[0] in unfollowed:
                return
            self.move_cursor(row=[key for key, _ in rows].index(added[0]))

    def _room(self) -> int:
        """The cells the columns' text may take: the width, less padding and the scrollbar."""
        scrollbar = self.styles.scrollbar_size_vertical or 0
        padding = 2 * self.cell_padding * len(self.ordered_columns)
        return self.size.width - scrollbar - padding

    def _layout_for(self, rows: list[tuple[str, list[Text]]]) -> _Layout:
        """Column widths for `rows` at the table's width, and each row wrapped to them."""
        columns = self.ordered_columns
        natural = [
            max([cells_needed(column.label)] + [cells_needed(c[i]) for _, c in rows if i < len(c)])
            for i, column in enumerate(columns)
        ]
        room = self._room()
        if self.size.width <= 0 or sum(natural) <= room:
            # Not laid out yet (a resize follows), or everything fits on one line a row.
            return _Layout(self.size.width, natural, rows, [1] * len(rows))
        floors = [
            max(cells_needed(column.label), min(longest_word(rows, i), LONGEST_WORD_KEPT))
            for i, column in enumerate(columns)
        ]
        short = [i for i, column in enumerate(columns) if str(column.label) in self._shortened]
        for index in short:
            # What the other columns leave, but no less than the minimum: a column that is
            # shortened gives its room before the others wrap, and never wraps itself.
            others = sum(natural) - natural[index]
            natural[index] = floors[index] = min(natural[index], max(SHORTENED_MIN, room - others))
        # A shortened cell takes one line whatever its length: measured as its column's width.
        lengths = [
            [
                min(cell_len(text.plain), natural[i]) if i in short else cell_len(text.plain)
                for i, text in enumerate(cells)
            ]
            for _, cells in rows
        ]
        widths = fit_widths(natural, floors, room, lengths)
        console = self.app.console
        wrapped: list[tuple[str, list[Text]]] = []
        heights: list[int] = []
        for key, cells in rows:
            lines_per_cell = []
            out = []
            for index, text in enumerate(cells):
                width = widths[index] if index < len(widths) else cells_needed(text)
                if cells_needed(text) <= width and "\n" not in text.plain:
                    out.append(text)
                    lines_per_cell.append(1)
                    continue
                if index in short:
                    out.append(Text(shorten(text.plain, width, middle=True), style=text.style))
                    lines_per_cell.append(1)
                    continue
                lines = text.wrap(console, width, no_wrap=False, overflow="fold")
                joined = Text("\n").join(lines)
                joined.no_wrap = True
                joined.overflow = "fold"
                out.append(joined)
                lines_per_cell.append(max(len(lines), 1))
            wrapped.append((key, out))
            heights.append(max(lines_per_cell, default=1))
        return _Layout(self.size.width, widths, wrapped, heights)

    def _rebuild(self, layout: _Layout) -> None:
        """Clear the table and add every row of `layout`, the cursor kept on its key."""
        current = self.current_key
        row = self.cursor_row
        self.clear()
        for column, width in zip(self.ordered_columns, layout.widths, strict=False):
            column.content_width = width
        add_sized_rows(self, layout.rows, heights=layout.heights)
        self._drawn = layout
        keys = [key for key, _ in layout.rows]
        if current in keys:
            self.move_cursor(row=keys.index(current))
        elif keys:
            self.move_cursor(row=min(max(row, 0), len(keys) - 1))

    def _patch(self, layout: _Layout) -> bool:
        """Turn the rows drawn into `layout`'s by changing only what differs.

        Returns `False`, having changed nothing, when that cannot be done in place: the
        width or the column widths differ, the rows kept changed order, a new row comes
        before a kept one (rows can only be added at the end), or a changed row's height
        differs (a row's height is fixed once added).
        """
        drawn = self._drawn
        if (
            drawn is None
            or drawn.width != layout.width
            or layout.width <= 0
            or drawn.widths != layout.widths
            or [column.content_width for column in self.ordered_columns] != layout.widths
        ):
            return False
        new_keys = [key for key, _ in layout.rows]
        staying = set(new_keys)
        old = {
            key: (cells, height)
            for (key, cells), height in zip(drawn.rows, drawn.heights, strict=True)
        }
        kept = [key for key, _ in drawn.rows if key in staying]
        if new_keys[: len(kept)] != kept:
            return False
        changed: list[tuple[str, int, Text]] = []
        for (key, cells), height in zip(
            layout.rows[: len(kept)], layout.heights[: len(kept)], strict=True
        ):
            old_cells, old_height = old[key]
            differ = [
                (key, index, text)
                for index, text in enumerate(cells)
                if index >= len(old_cells) or not _same_text(text, old_cells[index])
            ]
            if differ and height != old_height:
                return False
            changed += differ
        current = self.current_key
        for key in old.keys() - staying:
            self.remove_row(key)
        columns = self.ordered_columns
        for key, index, text in changed:
            self.update_cell(key, columns[index].key, text)
        added = len(kept)
        if added < len(layout.rows):
            add_sized_rows(self, layout.rows[added:], heights=layout.heights[added:])
        self._drawn = layout
        if current in new_keys and self.cursor_row != new_keys.index(current):
            self.move_cursor(row=new_keys.index(current))
        return True

    def _lay_out(self) -> None:
        """Lay out the rows as last given afresh (at a new width)."""
        self._rebuild(self._layout_for(self._shown))

    def on_resize(self, event: Resize) -> None:
        if self._shown and (self._drawn is None or event.size.width != self._drawn.width):
            self._lay_out()

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


def highlight(table: DataTable, key: str) -> None:
    """Put the cursor on the row with `key`, if there is one (such as an item just added)."""
    keys = [row.value for row in table.rows]
    if key in keys:
        table.move_cursor(row=keys.index(key))
