"""The stage timer in big digits, for the whole room to see."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Digits, Label

from tui.dialogs.base import Dialog

if TYPE_CHECKING:
    from tui.app import FormingApp


class BigTimerScreen(Dialog[None]):
    """Big digits and the timer's state in words; any of Escape, F4 or Enter closes it."""

    DEFAULT_CSS = """
    BigTimerScreen { align: center middle; }
    BigTimerScreen > Vertical {
        width: auto; height: auto; max-width: 100%; padding: 1 4;
        border: thick $primary; background: $surface;
    }
    BigTimerScreen Digits { width: auto; }
    BigTimerScreen #big-words { width: 100%; text-align: center; text-style: bold; }
    BigTimerScreen.-warn > Vertical { border: thick $warning; }
    BigTimerScreen.-urgent > Vertical { border: double $warning; }
    BigTimerScreen.-over > Vertical { border: double $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,f4,enter", "close", "Close", tooltip="Back to the stage", id="big-timer-close"
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Digits("", id="big-digits")
            yield Label("", id="big-words", markup=False)

    def on_mount(self) -> None:
        self.refresh_timer()
        self.set_interval(0.5, self.refresh_timer)

    def refresh_timer(self) -> None:
        """Redraw the digits and the words."""
        app: FormingApp = self.app  # type: ignore[assignment]
        state = app.timer.state()
        self.query_one(Digits).update(state.clock)
        paused = "" if state.running else "  (paused: ctrl+t starts)"
        self.query_one("#big-words", Label).update(f"{state.symbol} {state.words}{paused}")
        for level in ("warn", "urgent", "over"):
            self.set_class(state.level == level, f"-{level}")

    def action_close(self) -> None:
        """Back to the stage."""
        self.dismiss(None)
