"""Keys pressed while an opened session's history is still being read: they wait for it.

A long session's state is on screen at once and its history (thousands of events) is read in
a worker. Handled at once, the first key that changed anything waited for the whole read on
the UI thread, and the app froze; instead they wait in order, with "Reading history" in the
status bar, and the app handles them the moment the history is in (or refused). The app owns
one (`app.history_keys`) and hands it every event first (`KeyFlowApp.on_event`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.session_control import SessionControl


@runtime_checkable
class HistoryKeysApp(Protocol):
    """What the waiting keys need of the app."""

    save_state: str
    sessions: SessionControl

    @property
    def screen(self) -> Screen[Any]: ...

    @property
    def read_only(self) -> bool: ...


class HistoryKeys:
    """Holds the keys pressed while the history is read, in order, until it is in."""

    def __init__(self, app: HistoryKeysApp) -> None:
        self.app = app
        self._keys: list[events.Key] = []

    @property
    def waiting(self) -> bool:
        """Whether any key waits for the history."""
        return bool(self._keys)

    def held(self, event: events.Event) -> bool:
        """Keep `event` if it is a key pressed while the history is read; whether it was kept."""
        app = self.app
        if not (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and app.sessions.history_pending
            and app.sessions.on_ui_thread()
            # A file saved with the ids' mark is changed at once: only the keys that need the
            # whole file wait (`SessionControl.key_waits_for_history`).
            and app.sessions.key_waits_for_history(self._bound_action(app, event.key))
        ):
            return False
        if not self._keys:
            app.save_state = "reading"
        self._keys.append(event)
        return True

    @staticmethod
    def _bound_action(app: HistoryKeysApp, key: str) -> str | None:
        """The action `key` runs on the screen shown, if it is bound to one."""
        bound = app.screen.active_bindings.get(key)
        return bound.binding.action if bound is not None else None

    def release(self) -> list[events.Key]:
        """Return the keys that waited, in order, now that the history is in (or refused)."""
        keys, self._keys = self._keys, []
        app = self.app
        if app.save_state == "reading":
            app.save_state = "read-only" if app.read_only else "saved"
        return keys
