"""The baseline app: the least a Textual app can be (a header, one line of text and a footer).

Run `python bench/hello.py`. The start-up, keystroke and memory benchmarks hold Forming up
against this app, measured in the same run on the same machine. With `--with-model` it first
imports Forming's session model (pydantic), the floor under any `forming open`.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

MARKER = "Hello from the baseline app"
"""The text on the first screen; the start-up benchmark waits for it."""


class Greeting(Static, can_focus=True):
    """The line of text; `+` counts up in it, so a keystroke has something to redraw."""

    BINDINGS = [("plus", "bump", "Count")]  # noqa: RUF012

    count = 0

    def action_bump(self) -> None:
        """Count one more and show it."""
        self.count += 1
        self.update(f"{MARKER} ({self.count})")


class HelloApp(App[None]):
    """Header, a focused line of text, footer."""

    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield Header()
        yield Greeting(MARKER, id="hello")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Greeting).focus()


if __name__ == "__main__":
    if "--with-model" in sys.argv:
        # For reference only: the least that opening a session costs on top of the baseline,
        # importing pydantic and Forming's session model (which `forming open` must, to show a
        # checked session), and nothing else of Forming.
        import sessions.model  # noqa: F401
    HelloApp().run()
