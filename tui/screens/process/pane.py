"""What every part of the process stage shares: its tab, list, detail and warnings."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from sessions.model import Session
from sessions.suggestions import MARK
from tui.dialogs.suggested import ADOPT_HINT, pull
from tui.screens.pane import StagePane
from tui.widgets.chrome import EmptyState, HintLabel
from tui.widgets.tables import RecordTable

Removal = tuple[str, str, str, dict[str, Any]]
"""What removing an item asks and does: the question, the dialog's title, the event, its data."""


def marked(text: str, suggested: bool | None) -> str:
    """Return a cell's text, marked when it is the content pack's suggestion."""
    return f"◇ {text}" if suggested else text


class PartPane(StagePane):
    """One part of the process stage: a hint, its list, the highlighted item whole, warnings.

    Each part knows its own rows, forms and events; the screen owns the keys and sends each
    to the pane on show.
    """

    ID_PREFIX = "part-"
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    """The columns of its list."""
    HINT: ClassVar[str] = ""
    """One line on what the part holds and what its keys do."""
    EMPTY: ClassVar[str] = ""
    """What to do while the list is empty."""
    HINT_FROZEN: ClassVar[str] = ""
    """The hint without its keys, while the session cannot be changed."""
    EMPTY_FROZEN: ClassVar[str] = ""
    """The empty list's line without its keys, likewise."""
    ITEM_NAME: ClassVar[str] = ""
    """What the focus view calls the highlighted item."""
    FINE: ClassVar[str] = ""
    """The line shown when the part has items and nothing to warn about (empty: no line)."""
    MOVABLE: ClassVar[bool] = False
    """Whether the order of the part's items matters (so [ and ] move them)."""

    def compose(self) -> ComposeResult:
        yield HintLabel(self.HINT, frozen=self.HINT_FROZEN, classes="part-hint")
        yield RecordTable(list(self.COLUMNS), id=f"{self.KEY}-table")
        yield EmptyState(self.EMPTY, frozen=self.EMPTY_FROZEN)
        with VerticalScroll(classes="part-detail"):
            yield Static(id=f"{self.KEY}-detail")
        with VerticalScroll(classes="part-warnings"):
            yield Static(id=f"{self.KEY}-warnings")

    @property
    def current(self) -> str | None:
        """The key of the highlighted row, if any."""
        return self.table.current_key

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        """Redraw the part's list, its detail and its warnings for `session`."""
        shown = self.rows(session)
        self.table.show_rows(shown)
        self.set_class(not shown, "-empty")
        self.draw_detail()
        warnings = self.warnings(session)
        if warnings:
            content = Content("\n").join(warnings)
        elif shown and self.FINE:
            content = Content(self.FINE)
        else:
            content = Content("")
        self.query_one(f"#{self.KEY}-warnings", Static).update(content)

    def detail(self) -> Content:
        """The highlighted item whole, marked when it is still a suggestion, or nothing."""
        key = self.current
        if key is None:
            return Content("")
        content = self.item_content(key)
        if self.is_suggested(key):
            hint = f"{MARK} by the content pack" if self.frozen else ADOPT_HINT
            content = Content.assemble(content, "\n", hint)
        return content

    def focus_item(self) -> tuple[str, Content] | None:
        content = self.detail()
        return (self.ITEM_NAME, content) if content.plain else None

    def rows(self, session: Session) -> list[tuple[str, list[str]]]:
        """The part's rows, as `(key, cells)` pairs."""
        return []

    def warnings(self, session: Session) -> list[Content]:
        """What the room should look at in this part, one line each."""
        return []

    def item_content(self, key: str) -> Content:
        """The item with `key` whole, or nothing."""
        return Content("")

    def is_suggested(self, key: str) -> bool:
        """Whether the item with `key` is still the content pack's suggestion."""
        return False

    # -- the keys the screen sends to the part on show -------------------------------------------

    ADOPT_PART: ClassVar[str] = ""
    """The part's name for `sessions.suggestions` (adopting and pulling suggestions)."""
    SUGGEST_TITLE: ClassVar[str] = ""
    """The title of the picker of the content pack's suggestions for the part."""

    def add(self) -> None:
        """Add an item to the part."""

    def edit(self, key: str) -> None:
        """Edit the item with `key`."""

    def removal(self, key: str) -> Removal | None:
        """What removing the item with `key` asks and does, or `None` if it is gone."""
        return None

    def move(self, key: str, row: int, target: int) -> None:
        """Move the item with `key` from `row` to `target` (parts whose order matters)."""

    def suggest(self) -> None:
        """Offer the content pack's suggestions for the part that are not here yet."""
        pull(self, self.forming.pack, self.ADOPT_PART, self.SUGGEST_TITLE)
