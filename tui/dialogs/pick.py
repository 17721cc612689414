"""Pick one option from a list, dismissing with its value or `None`."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label
from textual.widgets.option_list import Option

from tui.dialogs.base import Dialog
from tui.widgets.lists import SafeOptionList


class PickDialog(Dialog[str | None]):
    """A list of options: Enter picks, Escape cancels."""

    DEFAULT_CSS = """
    PickDialog { align: center middle; }
    PickDialog > Vertical {
        width: 60; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    PickDialog #pick-title { text-style: bold; padding: 0 0 1 0; width: 100%; }
    PickDialog OptionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without choosing", id="pick-cancel"),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.pick_title = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.pick_title, id="pick-title", markup=False)
            yield SafeOptionList(
                *(Option(Text(label), id=value) for label, value in self.options),
                id="pick-options",
            )

    def first_control(self) -> Widget | None:
        return self.query_one(SafeOptionList)

    def on_option_list_option_selected(self, event: SafeOptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)
