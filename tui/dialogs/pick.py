"""Pick one option from a list, dismissing with its value or `None`."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.widget import Widget
from textual.widgets import Label
from textual.widgets.option_list import Option

from tui.dialogs.board import BoardDialog
from tui.widgets.lists import SafeOptionList


class PickDialog(BoardDialog[str | None]):
    """A list of options over the board: Enter picks, Escape cancels; shortcut keys, if given,
    pick at once."""

    DEFAULT_CSS = """
    PickDialog > Vertical {
        width: 100%; max-width: 100; height: auto; max-height: 75%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    PickDialog #pick-title { text-style: bold; padding: 0 0 1 0; width: 100%; }
    PickDialog OptionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without choosing", id="pick-cancel"),
    ]

    def __init__(
        self,
        title: str,
        options: list[tuple[str, str]],
        *,
        keys: dict[str, str] | None = None,
        initial: str | None = None,
    ) -> None:
        super().__init__()
        self.pick_title = title
        self.options = options
        self.keys = keys or {}
        """Keys (as Textual names them, such as `3`) that pick an option's value at once."""
        self.initial = initial
        """The value highlighted when the list opens (the first option if `None`)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.pick_title, id="pick-title", markup=False)
            yield SafeOptionList(
                *(Option(Text(label), id=value) for label, value in self.options),
                id="pick-options",
            )

    def first_control(self) -> Widget | None:
        return self.query_one(SafeOptionList)

    def on_mount(self) -> None:
        if self.closed:
            return  # dismissed before it was shown (a stage key over it)
        options = self.query_one(SafeOptionList)
        values = [value for _label, value in self.options]
        if self.initial in values:
            options.highlighted = values.index(self.initial)

    def on_key(self, event: Key) -> None:
        value = self.keys.get(event.key)
        if value is not None and not self.closed:
            event.stop()
            event.prevent_default()
            self.dismiss(value)

    def on_option_list_option_selected(self, event: SafeOptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)
