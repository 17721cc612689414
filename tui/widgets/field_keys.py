"""A text field whose editing keys act in the order they were typed.

Textual's Input inserts a letter as soon as the key reaches it, but runs Backspace, Delete,
the arrows, Home and End as bindings, once the key has come back up to the app: by then the
letters typed behind them have gone in. Clearing a share of "100" and typing "40" quickly
left the field empty; "Lend", four Backspaces and "Pay" left a filter of "Len". `FieldInput`
runs those keys as it takes them from its own queue, in line with the letters.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

IN_ORDER: dict[str, str] = {
    key.strip(): binding.action
    for binding in Input.BINDINGS
    if isinstance(binding, Binding) and binding.action != "submit"
    for key in binding.key.split(",")
}
"""Each key Textual's Input binds, and the action it runs there, read from `Input.BINDINGS`
so that a key Textual adds is run in order too. Enter is left to the binding: it submits what
the letters before it typed, which are in by then."""


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
