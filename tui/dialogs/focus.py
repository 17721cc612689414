"""The focus view: the highlighted item alone on the screen, whole, for the back of the room."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

FOCUS_KEY = "z"
"""The key that opens the focus view, and closes it again."""


class FocusView(ModalScreen[None]):
    """One item (a concern, a handoff, a gate with its checks, a person's roles) filling the
    screen: bold, centred, spaced, nothing else in view. The same key, Escape or Enter returns.
    """

    DEFAULT_CSS = """
    FocusView > #focus-frame {
        width: 100%; height: 100%; border: tall $primary; background: $surface;
        align: center middle; padding: 1 4;
    }
    FocusView #focus-body { width: 100%; max-width: 100; height: auto; max-height: 100%; }
    FocusView #focus-kind { color: $text-muted; text-style: bold; width: 100%; }
    FocusView #focus-item { text-style: bold; width: 100%; padding: 1 0; }
    FocusView #focus-hint { color: $text-muted; width: 100%; text-align: right; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            f"{FOCUS_KEY},escape,enter",
            "close",
            "Back",
            tooltip="Back to the stage",
            id="focus-close",
        ),
    ]

    def __init__(self, kind: str, item: Content) -> None:
        super().__init__()
        self.kind = kind
        self.item = item

    def compose(self) -> ComposeResult:
        # The whole screen, so nothing else competes with the item; the text stays in a column
        # narrow enough to read, and scrolls only if even the whole screen cannot hold it.
        with Vertical(id="focus-frame"), VerticalScroll(id="focus-body"):
            yield Label(self.kind.upper(), id="focus-kind", markup=False)
            # A blank line between the item's lines: easier to follow from the back of a room.
            spaced = Content("\n\n").join(self.item.split("\n"))
            yield Static(spaced, id="focus-item")
            yield Label(f"{FOCUS_KEY} or Escape returns", id="focus-hint", markup=False)

    def action_close(self) -> None:
        """Back to the stage."""
        self.dismiss(None)
