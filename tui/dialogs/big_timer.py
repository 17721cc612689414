"""The stage timer in big digits, for the whole room to see."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label

from tui.dialogs.base import Dialog
from tui.forming import forming_app

GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
}
"""A five-row pixel font for the clock: `#` is lit. Scaled up to fill the room's screen."""
GLYPH_ROWS = 5


class BigClock(Widget):
    """The clock drawn in block pixels, scaled to fill the widget's width and height."""

    DEFAULT_CSS = """
    BigClock { width: 100%; height: 1fr; content-align: center middle; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = ""

    def show(self, clock: str) -> None:
        """Draw `clock` (such as `24:59` or `+1:05`)."""
        if clock != self.clock:
            self.clock = clock
            self.refresh()

    def render(self) -> Text:
        glyphs = [GLYPHS[c] for c in self.clock if c in GLYPHS]
        if not glyphs:
            return Text("")
        # One pixel column between glyphs; a pixel is twice as wide as tall, as a cell is.
        columns = sum(len(g[0]) + 1 for g in glyphs) - 1
        across = max(1, self.size.width // max(columns, 1))
        down = max(1, self.size.height // GLYPH_ROWS)
        scale_x = max(1, min(across, down * 2))
        scale_y = max(1, min(down, max(1, scale_x // 2)))
        lines = []
        for row in range(GLYPH_ROWS):
            pixels = ".".join(glyph[row] for glyph in glyphs)
            line = "".join(("█" if pixel == "#" else " ") * scale_x for pixel in pixels)
            lines.extend([line] * scale_y)
        return Text("\n".join(lines), no_wrap=True)


class BigTimerScreen(Dialog[None]):
    """The clock filling the screen, and the timer's state in words; Escape, F4 or Enter
    closes it."""

    DEFAULT_CSS = """
    BigTimerScreen > Vertical {
        width: 100%; height: 100%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    BigTimerScreen #big-words { width: 100%; text-align: center; text-style: bold; }
    BigTimerScreen.-warn > Vertical { border: thick $warning; }
    BigTimerScreen.-urgent > Vertical { border: double $warning; }
    BigTimerScreen.-over > Vertical { border: double $error; }
    BigTimerScreen.-urgent BigClock { color: $warning; }
    BigTimerScreen.-over BigClock { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,f4,enter", "close", "Close", tooltip="Back to the stage", id="big-timer-close"
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield BigClock(id="big-digits")
            yield Label("", id="big-words", markup=False)

    def on_mount(self) -> None:
        forming_app(self).timer_changed.subscribe(
            self, lambda _: self.refresh_timer(), immediate=True
        )
        self.refresh_timer()
        self.set_interval(0.5, self.refresh_timer)

    def refresh_timer(self) -> None:
        """Redraw the digits and the words."""
        app = forming_app(self)
        state = app.timer.state()
        self.query_one(BigClock).show(state.clock)
        paused = "" if state.running else "  (paused: ctrl+t starts)"
        self.query_one("#big-words", Label).update(f"{state.symbol} {state.words}{paused}")
        for level in ("warn", "urgent", "over"):
            self.set_class(state.level == level, f"-{level}")

    def action_close(self) -> None:
        """Back to the stage."""
        self.dismiss(None)
