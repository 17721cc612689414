"""A yes-or-no question that dismisses with `True` or `False`."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label

from tui.dialogs.board import BoardDialog


class ConfirmDialog(BoardDialog[bool]):
    """Ask before doing something that cannot be taken back easily, with the board in view."""

    DEFAULT_CSS = """
    ConfirmDialog > Vertical {
        width: 100%; max-width: 100; height: auto; max-height: 75%;
        border: thick $warning; background: $surface; padding: 0 2;
    }
    ConfirmDialog #confirm-title { text-style: bold; padding-bottom: 1; width: 100%; }
    ConfirmDialog #confirm-question { width: 100%; }
    ConfirmDialog Horizontal { height: auto; align-horizontal: right; padding-top: 1; }
    ConfirmDialog Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,n", "answer(False)", "No", tooltip="Keep things as they are", id="confirm-no"
        ),
        Binding("y", "answer(True)", "Yes", tooltip="Go ahead", id="confirm-yes"),
    ]

    def __init__(
        self, question: str, *, title: str = "Are you sure?", yes: str = "Yes", no: str = "No"
    ) -> None:
        super().__init__()
        self.question = question
        self.dialog_title = title
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.dialog_title, id="confirm-title", markup=False)
            yield Label(self.question, id="confirm-question", markup=False)
            with Horizontal():
                yield Button(f"{self.no} (n)", id="no", compact=True)
                yield Button(f"{self.yes} (y)", id="yes", variant="warning", compact=True)

    def first_control(self) -> Widget | None:
        return self.query_one("#no", Button)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def close_for_stage_key(self) -> bool:
        """Answer "no": a stage key is never a "yes" to a question the room did not read."""
        self.dismiss(False)
        return True

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)
