"""RecordTable: cells shown literally, columns sized from the rows at once."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tests.conftest import HOSTILE
from tui.widgets.tables import RecordTable, cells_needed


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
