"""The help screen: the keys a facilitator needs, and the current stage's prompts."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.dialogs.base import Dialog
from tui.forming import forming_app


@runtime_checkable
class StageHelp(Protocol):
    """A screen with keys of its own to list under the app's (the stage screens).

    Read through a protocol: a dialog never imports a screen (an import-linter contract).
    """

    HELP_TEXT: ClassVar[str]


GLOBAL_KEYS = [
    ("ctrl+n / ctrl+b", "next stage / back a stage (never automatic)"),
    ("ctrl+g", "go to any stage"),
    ("ctrl+p", "command palette: every action and stage"),
    ("ctrl+o", "park an off-topic item for the wrap-up"),
    ("ctrl+z / ctrl+y", "undo / redo"),
    ("ctrl+t", "start or pause the stage timer"),
    ("F6 / F7 / F8", "timebox -1 minute / +1 minute / reset the timer"),
    ("F4", "big timer for the room"),
    ("z", "focus view: the highlighted item, large and whole, for the room (z returns)"),
    ("F2", "show or hide the agenda"),
    ("F3", "show or hide the facilitator's prompts"),
    ("ctrl+e", "export the charter (Markdown or HTML)"),
    ("ctrl+s", "save now (Forming saves after every change anyway)"),
    ("tab / shift+tab", "move between parts of the screen"),
    ("F1", "this help"),
    ("ctrl+q", "save and quit"),
]

REPLAY_KEYS = [
    ("space", "play or pause the replay"),
    (", / .", "one step back / forward"),
    ("Home / End", "the first / the last step"),
    ("+ / -", "faster / slower (0.5x to 16x)"),
    ("s / S", "next / previous stage change (also ctrl+n / ctrl+b)"),
    ("d / D", "next / previous decision"),
    ("b", "branch: start a new editable session from this step"),
]


class HelpScreen(Dialog[None]):
    """Keys for every stage, the current stage's own keys, and its facilitator prompts."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", tooltip="Back to the stage", id="help-close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._text(), id="help-text")

    def _text(self) -> Content:
        app = forming_app(self)
        parts: list = []
        if app.replay is not None:
            parts += [("Replaying: nothing here changes the file", "bold underline"), "\n"]
            for key, what in REPLAY_KEYS:
                parts += [(f"{key:<18}", "bold"), what, "\n"]
            parts += ["\n"]
        parts += [("Keys on every stage", "bold underline"), "\n"]
        for key, what in GLOBAL_KEYS:
            parts += [(f"{key:<18}", "bold"), what, "\n"]
        below = app.screen_stack[-2] if len(app.screen_stack) > 1 else None
        stage_help = below.HELP_TEXT if isinstance(below, StageHelp) else ""
        if stage_help:
            parts += ["\n", ("Keys on this stage", "bold underline"), "\n"]
            if app.frozen:
                # The footer hides the editing keys then; say why they do nothing.
                parts += [("Only the keys that change the view work now: ", "bold")]
                parts += ["this session cannot be changed here.\n"]
            parts += [stage_help, "\n"]
        session = app.session
        stage = session.stage(app.stage_here()) if session else None
        if stage is not None:
            parts += ["\n", (f"Facilitator prompts: {stage.title}", "bold underline"), "\n"]
            parts += [
                prompt_line for prompt in stage.prompts for prompt_line in ("• ", prompt, "\n")
            ]
            # The screen is shared: the facilitator's private notes show only while the
            # facilitator has asked for the prompts panel (F3), as the panel itself does.
            if stage.notes and app.show_prompts:
                parts += ["\n", ("Notes", "bold"), "\n", stage.notes, "\n"]
            elif stage.notes:
                parts += [
                    "\n",
                    ("Private notes hidden: F3 (facilitator prompts) shows them here.", "dim"),
                ]
                parts += ["\n"]
        parts += ["\n", ("Escape closes this help.", "dim")]
        return Content.assemble(*parts)

    def action_close(self) -> None:
        """Back to the stage."""
        self.dismiss(None)
