"""The app's own keys: one table of the bindings `FormingApp` holds.

Which of them work at a given moment is the action table's to say (`tui.actions`); what they
do is the app's (`action_*`). The replay's and the room's keys come from their controllers'
modules, so each is listed once.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.replay_mode import REPLAY_BINDINGS
from tui.room.mode import ROOM_BINDINGS

APP_BINDINGS: list[BindingType] = [
    Binding("f1", "help", "Help", tooltip="Keys and the stage's prompts", id="help"),
    Binding(
        "ctrl+n",
        "next_stage",
        "Next stage",
        priority=True,
        tooltip="Move the room to the next stage",
        id="next-stage",
    ),
    Binding(
        "ctrl+b",
        "previous_stage",
        "Back",
        priority=True,
        tooltip="Go back to the previous stage",
        id="previous-stage",
    ),
    Binding(
        "ctrl+g",
        "jump_stage",
        "Go to",
        priority=True,
        show=False,
        tooltip="Jump to any stage",
        id="jump-stage",
    ),
    Binding(
        "ctrl+o",
        "park",
        "Park",
        priority=True,
        tooltip="Park an off-topic item for the wrap-up",
        id="park",
    ),
    Binding(
        "ctrl+z",
        "undo",
        "Undo",
        priority=True,
        show=False,
        tooltip="Undo the last change",
        id="undo",
    ),
    Binding(
        "ctrl+y",
        "redo",
        "Redo",
        priority=True,
        show=False,
        tooltip="Redo the change just undone",
        id="redo",
    ),
    Binding(
        "ctrl+t",
        "timer_toggle",
        "Timer",
        priority=True,
        tooltip="Start or pause the stage timer",
        id="timer-toggle",
    ),
    Binding(
        "f2",
        "toggle_agenda",
        "Agenda",
        show=False,
        tooltip="Show or hide the agenda",
        id="toggle-agenda",
    ),
    Binding(
        "f3",
        "toggle_prompts",
        "Prompts",
        show=False,
        tooltip="Show or hide the facilitator's prompts",
        id="toggle-prompts",
    ),
    Binding(
        "z",
        "focus_view",
        "Focus",
        tooltip="Show the highlighted item large and whole, for the room (z returns)",
        id="focus-view",
    ),
    Binding(
        "f4",
        "big_timer",
        "Big timer",
        show=False,
        tooltip="Show the timer in big digits",
        id="big-timer",
    ),
    Binding(
        "f6",
        "timer_minus",
        "-1 min",
        show=False,
        tooltip="Shorten the timebox",
        id="timer-minus",
    ),
    Binding(
        "f7",
        "timer_plus",
        "+1 min",
        show=False,
        tooltip="Lengthen the timebox",
        id="timer-plus",
    ),
    Binding(
        "f8",
        "timer_reset",
        "Reset timer",
        show=False,
        tooltip="Reset the stage timer",
        id="timer-reset",
    ),
    Binding(
        "ctrl+s",
        "save",
        "Save",
        priority=True,
        show=False,
        tooltip="Save now (Forming also saves after every change)",
        id="save",
    ),
    Binding(
        "ctrl+e",
        "export",
        "Export",
        priority=True,
        show=False,
        tooltip="Write the charter as Markdown or HTML",
        id="export",
    ),
    *REPLAY_BINDINGS,
    *ROOM_BINDINGS,
    Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Save and quit", id="quit"),
    Binding(
        "pagedown,pageup",
        "hold_palette_paging",
        "",
        priority=True,
        show=False,
        tooltip="Paging in the command palette waits until its list is on screen",
        id="hold-palette-paging",
    ),
]
