"""RecordTable: cells shown literally, columns sized from the rows at once."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tests.conftest import HOSTILE
from tui.widgets.tables import RecordTable, cells_needed, fit_widths


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordTable(["✓", "Action", "Owner"])


async def test_columns_fit_their_rows_before_the_table_is_next_idle() -> None:
    app = TableApp()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(RecordTable)
        rows = [
            ("a1", ["☐", "Find a second person who can deploy", "Maya Okafor"]),
            ("a2", ["✓", "Write the runbook", "—"]),
        ]
        # No pause between the two: a frame drawn now must already have the widths.
        table.show_rows(rows)
        widths = [column.content_width for column in table.ordered_columns]
        assert widths == [1, len("Find a second person who can deploy"), len("Maya Okafor")]
        await pilot.pause()
        assert [column.content_width for column in table.ordered_columns] == widths
        # Narrower rows shrink the columns again, down to the headings.
        table.show_rows([("a3", ["☐", "Go", "Al"])])
        assert [column.content_width for column in table.ordered_columns] == [1, 6, 5]


async def test_hostile_cells_are_shown_literally_and_measured_as_shown() -> None:
    app = TableApp()
    async with app.run_test(size=(200, 40)) as pilot:
        table = app.query_one(RecordTable)
        table.show_rows([(f"k{i}", ["☐", text, text]) for i, text in enumerate(HOSTILE)])
        await pilot.pause()
        for index, text in enumerate(HOSTILE):
            shown = table.get_row_at(index)[1]
            # Literal: markup stays text. (Rich itself drops the few control codes left, such
            # as BEL; the session model has removed them long before any text gets here.)
            assert isinstance(shown, Text) and shown.plain == Text(text).plain
            assert not shown.spans
        longest = max(cells_needed(Text(text)) for text in HOSTILE)
        assert table.ordered_columns[1].content_width == max(longest, len("Action"))


def test_columns_that_fit_keep_their_width() -> None:
    assert fit_widths([10, 20, 5], [5, 5, 5], 40) == [10, 20, 5]


def test_short_columns_stay_whole_and_the_long_text_shares_the_rest() -> None:
    # Name and title fit at a common width; the roles column takes what is left and wraps.
    lengths = [[11, 16, 3, 48], [10, 14, 4, 37]]
    assert fit_widths([12, 17, 9, 48], [6, 9, 9, 8], 67, lengths) == [12, 17, 9, 29]


def test_one_long_column_takes_the_room_when_that_saves_lines() -> None:
    lengths = [[20, 14, 9, 9, 70]] * 5
    widths = fit_widths([20, 18, 9, 9, 70], [10, 9, 9, 9, 9], 65, lengths)
    assert widths == [10, 9, 9, 9, 28]  # three lines a row; a common width of 15 takes five


def test_floors_are_kept_when_nothing_else_fits() -> None:
    assert fit_widths([30, 30], [10, 12], 15) == [10, 12]


async def test_long_text_wraps_in_its_row_instead_of_being_cut() -> None:
    text = " ".join(f"word{n}" for n in range(40))
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RecordTable)
        table.show_rows([("a1", ["☐", text, "Ada"])])
        await pilot.pause()
        shown = str(table.get_row_at(0)[1])
        assert shown.split() == text.split() and "…" not in shown
        assert table.ordered_rows[0].height == len(shown.splitlines()) > 1
