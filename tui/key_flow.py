"""The order the app handles keys in: some wait in line before their action runs.

Textual hands the app every event (`on_event`) and runs every key's action (`run_action`).
`KeyFlowApp`, the app's base class, overrides both so that:

- keys pressed while an opened session's history is still read wait for it, in order
  (`HistoryKeys`), and are handled the moment it is in (`history_taken`);
- the app's stage keys, undo, redo and ctrl+q pressed over a dialog or the palette wait their
  turn (`OverlayKeys`), each then run at once (`run_action_now`);
- every key the facilitator presses tells the room, whose redraws wait for the keys
  (`RoomControl.key_pressed`).

What each key does, and whether it works now (`check_action`), is `FormingApp`'s; this class
only decides when the key reaches it. The app sets the three helpers in its `__init__`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.actions import ActionParseResult
    from textual.dom import DOMNode
    from textual.screen import Screen

    from tui.history_keys import HistoryKeys
    from tui.overlay_keys import OverlayKeys
    from tui.room.mode import RoomControl


class KeyFlowApp(App[int]):
    """The app's base: keys wait for the history, and in line over a dialog or the palette."""

    # Set by the app (`FormingApp.__init__`), each with its own protocol of the app.
    history_keys: HistoryKeys
    overlay_keys: OverlayKeys
    room: RoomControl

    async def on_event(self, event: events.Event) -> None:
        # Keys pressed while a session's history is still being read wait for it (`HistoryKeys`).
        if not self.history_keys.held(event):
            if isinstance(event, events.Key):
                self.room.key_pressed()  # the room's redraws wait for the facilitator's keys
            await super().on_event(event)

    def history_taken(self) -> None:
        """Handle next the keys that waited for the history (it is in, or refused)."""
        if self.history_keys.waiting:
            self.call_next(self._handle_keys_for_history)

    async def _handle_keys_for_history(self) -> None:
        """Handle the keys that waited for the history, in order, before any key typed later."""
        for key in self.history_keys.release():
            await super().on_event(key)

    @property
    def overlay(self) -> Screen[Any] | None:
        """The dialog or command palette on top of the stage, if any."""
        return self.overlay_keys.overlay

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action; the app's stage keys, undo, redo and ctrl+q pressed over a dialog or
        the palette wait in line (`OverlayKeys.queued`) instead of acting at once."""
        if self.overlay_keys.queued(action, default_namespace):
            return True
        return await super().run_action(action, default_namespace, namespaces)

    async def run_action_now(self, action: str) -> bool:
        """Run an app action at once, even over a dialog (a key whose turn in line has come)."""
        return await super().run_action(action)

    def on_key(self, event: events.Key) -> None:
        self.overlay_keys.on_key(event)

    def close_overlays(self) -> bool:
        """Close every dialog and the palette over the stage, each in its defined way;
        `False` when one stays open (see `OverlayKeys.close_overlays`)."""
        return self.overlay_keys.close_overlays()
