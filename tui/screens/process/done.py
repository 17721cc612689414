"""The process stage's definition of done: what must be true before a model change is done."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from sessions.model import Session
from sessions.suggestions import done_is_suggested
from sessions.text import one_line
from tui.dialogs.form import Field, FormDialog
from tui.screens.process.pane import PartPane, Removal, marked


class DonePane(PartPane):
    """The definition of done, in order; its rows are keyed by position."""

    KEY = "done"
    TAB = "4 Done"
    COLUMNS = ("#", "Done when")
    HINT = "Definition of done for a model change."
    EMPTY = "No definition of done yet. Press a to add what must be true before a change is done."
    HINT_FROZEN = "Definition of done for a model change."
    EMPTY_FROZEN = "No definition of done yet."
    ITEM_NAME = "Definition of done"
    MOVABLE = True
    ADOPT_PART = "done"
    SUGGEST_TITLE = "Add to the definition of done, as suggested"

    def rows(self, session: Session) -> list[tuple[str, list[str]]]:
        return [
            (str(index), [str(index + 1), marked(item, done_is_suggested(session, index))])
            for index, item in enumerate(session.process.definition_of_done)
        ]

    def item_content(self, key: str) -> Content:
        items = self.session.process.definition_of_done
        if key.isdigit() and int(key) < len(items):
            index = int(key)
            return Content.assemble((f"{index + 1}. ", "bold"), items[index])
        return Content("")

    def is_suggested(self, key: str) -> bool:
        return key.isdigit() and done_is_suggested(self.session, int(key))

    def _set(self, items: list[str]) -> bool:
        return self.change("process.updated", {"set": {"definition_of_done": items}})

    def add(self) -> None:
        def added(values: dict[str, Any] | None) -> None:
            if values and self._set([*self.session.process.definition_of_done, values["item"]]):
                self.table.move_cursor(row=self.table.row_count - 1)

        self.app.push_screen(
            FormDialog(
                "Add to the definition of done",
                [Field("item", "What must be true before a model change is done", kind="text")],
            ),
            added,
        )

    def edit(self, key: str) -> None:
        items = list(self.session.process.definition_of_done)
        index = int(key)
        if index >= len(items):
            return

        def edited(values: dict[str, Any] | None) -> None:
            current = list(self.session.process.definition_of_done)
            if values and index < len(current):
                current[index] = values["item"]
                self._set(current)

        self.app.push_screen(
            FormDialog(
                f"Edit item {index + 1} of the definition of done",
                [Field("item", "What must be true", kind="text", value=items[index])],
            ),
            edited,
        )

    def removal(self, key: str) -> Removal | None:
        items = list(self.session.process.definition_of_done)
        index = int(key)
        if index >= len(items):
            return None
        removed = items.pop(index)
        return (
            f"Remove “{one_line(removed)}” from the definition of done?",
            "Remove item",
            "process.updated",
            {"set": {"definition_of_done": items}},
        )

    def move(self, key: str, row: int, target: int) -> None:
        items = list(self.session.process.definition_of_done)
        items.insert(target, items.pop(row))
        if self._set(items):
            self.table.move_cursor(row=target)
