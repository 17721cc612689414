"""What every Forming dialog shares: keys typed ahead, one dismissal, and a defined close."""

from __future__ import annotations

from collections import deque
from typing import Any, ClassVar, Generic, TypeVar

from textual import events
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

ResultType = TypeVar("ResultType")

DIALOG_MIN_WIDTH = 24
"""Narrower than this, a dialog's box is clipped by the terminal instead of squeezed.

Squeezed to a few columns, Textual's text wrapping divides by a width of zero and the app
dies (`range() arg 3 must not be zero`); clipped, the dialog still works by its keys and is
whole again as soon as the terminal grows."""
DIALOG_MIN_HEIGHT = 5
"""Lower than this, a dialog's box is clipped rather than squeezed."""


class Dialog(ModalScreen[ResultType], Generic[ResultType]):
    """A modal dialog that dismisses once, keeps keys typed before it was ready, and closes
    in a defined way when the app needs the stage back (a stage key pressed over it).

    Subclasses say what "closing for a stage key" means for them (`close_for_stage_key`) and
    whether anything typed in them would be lost (`has_typed`).
    """

    DEFAULT_CSS = f"""
    Dialog > * {{ min-width: {DIALOG_MIN_WIDTH}; min-height: {DIALOG_MIN_HEIGHT}; }}
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so Tab moves the focus as soon as the app reads it. As Textual's ordinary
        # binding it acts only once the key has come back up from the field, and the letters
        # typed right after it have by then gone to the field being left: "Zed", Tab, "Eng"
        # typed quickly gave a name of "ZedEng" and an empty job title.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.closed = False
        """Whether the dialog has dismissed (a second dismissal is ignored)."""
        self.ready = False
        """Whether the keys typed while the dialog opened have reached its first control."""
        self._seen_keys: deque[events.Key] = deque(maxlen=64)

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        """Dismiss with `result`, once, and only while on top.

        Textual's `dismiss` pops whatever screen is on top: a second dismissal (an Enter that
        arrives after a stage key already closed the dialog), or one from a dialog buried
        under another screen, would close a screen that is not this one.
        """
        if self.closed or not self.is_active:
            return AwaitComplete.nothing()
        self.closed = True
        return super().dismiss(result)

    def first_control(self) -> Widget | None:
        """The control that keys typed ahead should reach (`None`: the dialog's own keys)."""
        return None

    def on_mount(self) -> None:
        if self.closed:
            return  # closed before it was ever shown: there is nothing to focus
        control = self.first_control()
        if control is not None:
            # At once, not through `focus()` (which waits a turn): from here on the app sends
            # keys to the control.
            self.set_focus(control)
        # Keys already waiting for the screen came while nothing was focused: they were typed
        # ahead. They are handled before this callback runs; keys after it come up from the
        # focused control, which has already seen them.
        self.call_later(self._end_type_ahead)

    def _end_type_ahead(self) -> None:
        self.ready = True

    def on_key(self, event: events.Key) -> None:
        if self.ready or self.closed:
            self._seen_keys.append(event)
            return
        # Typed while the dialog opened: hand the key to the focused control, in order.
        event.stop()
        event.prevent_default()
        self._pass_on(event, self.focused or self)

    def came_from_below(self, event: events.Key) -> bool:
        """Whether `event`, which reached the app, was sent to the screen beneath the dialog.

        A key that opens a dialog from a stage's own bindings is handled only once it comes
        back up to the app; by then the keys typed after it have gone to the stage's controls.
        """
        return not any(seen is event for seen in self._seen_keys)

    def type_ahead(self, event: events.Key) -> None:
        """Take a key that was typed for this dialog but reached the screen beneath it."""
        self._pass_on(event, self.focused if self.ready and self.focused else self)

    def _pass_on(self, event: events.Key, target: Widget | Screen[Any]) -> None:
        key = events.Key(event.key, event.character)
        # Sent as from the control itself: a key bubbles up to its sender and no further, and
        # only the app runs the control's own key bindings (Enter, Backspace), so it must get
        # there. (A key from the dialog would stop at the dialog; one from the app is marked
        # stopped on its way up, and the app forwards it to the control once more.)
        key.set_sender(target)
        target.post_message(key)

    def has_typed(self) -> bool:
        """Whether the dialog holds something typed that closing it would lose."""
        return False

    def close_for_stage_key(self) -> bool:
        """Close the way a stage key over the dialog asks; return `False` if it stays open.

        By default the dialog is cancelled: nothing typed in it is lost.
        """
        self.dismiss(None)
        return True

    @property
    def title_for_message(self) -> str:
        """A short name of the dialog for messages such as "finish X first"."""
        return "the dialog"
