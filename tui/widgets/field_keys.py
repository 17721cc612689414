"""A text field whose editing keys act in the order they were typed.

Textual's Input inserts a letter as soon as the key reaches it, but runs Backspace, Delete,
the arrows, Home and End as bindings, once the key has come back up to the app: by then the
letters typed behind them have gone in. Clearing a share of "100" and typing "40" quickly
left the field empty; "Lend", four Backspaces and "Pay" left a filter of "Len". `FieldInput`
runs those keys as it takes them from its own queue, in line with the letters.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

IN_ORDER = {
    "backspace": "delete_left",
    "delete": "delete_right",
    "left": "cursor_left",
    "right": "cursor_right",
    "shift+left": "cursor_left(True)",
    "shift+right": "cursor_right(True)",
    "ctrl+left": "cursor_left_word",
    "ctrl+right": "cursor_right_word",
    "home": "home",
    "end": "end",
    "shift+home": "home(True)",
    "shift+end": "end(True)",
}
"""The keys run in order, and the action of Textual's Input each runs (`Input.BINDINGS`)."""


class FieldInput(Input):
    """Textual's Input, with its editing keys run in the order typed (see the module)."""

    async def on_key(self, event: events.Key) -> None:
        action = IN_ORDER.get(event.key)
        if action is None:
            return
        # Handled here, so the key does not go on up to the app's bindings to run again.
        event.stop()
        event.prevent_default()
        await self.run_action(action)
