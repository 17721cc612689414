"""The app's keys over dialogs and the palette: they wait in line, then act in a defined way.

Priority bindings fire whatever is on top, so without this a stage key pushed the next stage
above an open dialog (burying it with what was typed in it) or the palette. The app owns one
`OverlayKeys` and hands it every action it runs and every key its screens pass up.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events

from tui.forming import TextualApp

if TYPE_CHECKING:
    from textual.actions import ActionParseResult
    from textual.await_complete import AwaitComplete
    from textual.dom import DOMNode
    from textual.message import Message
    from textual.screen import Screen
    from textual.timer import Timer

AFTER_TYPED_AT_MOST_S = 2.0
"""The longest a key pressed over a dialog waits for the keys typed before it (`after_typed`)."""

STAGE_KEYS = frozenset(
    {"next_stage", "previous_stage", "jump_stage", "park", "export", "command_palette"}
)
"""Priority keys that need the stage on top: over a dialog or the palette, it closes first
(`Dialog.close_for_stage_key`: what was typed is saved, an untouched dialog cancelled)."""
WAIT_KEYS = frozenset({"undo", "redo"})
"""Priority keys that would change the session under an open dialog: they wait for it."""
QUEUED_KEYS = STAGE_KEYS | WAIT_KEYS | {"quit"}
"""Keys that wait in line, in the order typed, while a dialog or the palette is open."""


@runtime_checkable
class OverlayApp(TextualApp, Protocol):
    """What the overlay keys need of the app: Textual's own app, and its way to run an action.

    A protocol rather than the app's class: the app imports this module, and nothing in
    `tui/` imports the app back (an import-linter contract, type-only imports included).
    """

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None: ...

    async def run_action_now(self, action: str) -> bool:
        """Run an app action at once, past the line of keys; whether it ran."""

    async def action_quit(self) -> None: ...

    def pop_screen(self) -> AwaitComplete: ...

    def post_message(self, message: Message) -> bool: ...

    def call_next(self, callback: Callable[..., Any], *args: Any) -> None: ...

    def set_timer(self, delay: float, callback: Callable[[], Any]) -> Timer: ...


class OverlayKeys:
    """The app's stage keys, undo, redo and ctrl+q over a dialog or the palette."""

    def __init__(self, app: OverlayApp) -> None:
        self.app = app
        self._queued_keys: deque[str] = deque()
        """App keys pressed over a dialog or the palette, waiting their turn (`queued`)."""
        self._quit_question: Screen[Any] | None = None
        """The "quit and lose what was typed?" dialog, while it is open."""

    @property
    def overlay(self) -> Screen[Any] | None:
        """The dialog or command palette on top of the stage, if any."""
        from textual.screen import ModalScreen

        screen = self.app.screen
        return screen if isinstance(screen, ModalScreen) else None

    def queued(self, action: str | ActionParseResult, namespace: DOMNode | None) -> bool:
        """Put an app key pressed over a dialog or the palette in line; whether it was.

        Keys in line wait for the keys typed before them (`after_typed`), then
        `_handle_queued_key` handles the first.
        """
        app = self.app
        name, params = self._app_action(action, namespace)
        if (
            name in QUEUED_KEYS
            and (self.overlay is not None or self._queued_keys)
            and app.check_action(name, params)
        ):
            self._queued_keys.append(name)
            if len(self._queued_keys) == 1:
                self.after_typed(self._handle_queued_key)
            return True
        return False

    def on_key(self, event: events.Key) -> None:
        """A key a dialog's opener passed up, unused, goes to the dialog."""
        # Typed right after a stage's own key that opens a dialog ("a" on the roster, then the
        # name): those keys went to the stage's controls, which passed them up, unused.
        from tui.dialogs.base import Dialog

        top = self.app.screen
        if isinstance(top, Dialog) and not top.closed and top.came_from_below(event):
            event.stop()
            event.prevent_default()
            top.type_ahead(event)

    def _app_action(
        self, action: str | ActionParseResult, namespace: DOMNode | None
    ) -> tuple[str | None, tuple[Any, ...]]:
        """The name and arguments of `action` if the app runs it, else `(None, ())`."""
        from textual.actions import parse

        target, name, params = parse(action) if isinstance(action, str) else action
        if target == "app" or (not target and namespace in (None, self.app)):
            return name, params
        return None, ()

    def after_typed(self, callback: Callable[[], Any], rounds: int = 3) -> None:
        """Run `callback` once the keys already sent to the focused control are handled.

        Keys reach the focused control through its own queue, after the app has read further
        keys: Enter and ctrl+n in one motion reach the app's binding for ctrl+n before the
        form has seen its Enter. The callback travels the way a key does, from the control up
        through each of its containers to the app, behind the keys typed before it (and their
        bindings, such as Escape, which run once the key is back at the app). If a dialog that
        was opening has focused its first field since, it goes round again from there.
        """
        app = self.app
        target = app.focused or app.screen
        route = list(target.ancestors_with_self)
        ran = False

        def arrive() -> Any:
            nonlocal ran
            if ran:
                return None
            ran = True
            if (app.focused or app.screen) is not target and rounds > 1:
                self.after_typed(callback, rounds - 1)
                return None
            return callback()

        def hop(index: int) -> Any:
            # A node that has gone (an Escape closed its dialog) is passed by.
            while index < len(route):
                if route[index].call_later(hop, index + 1):
                    return None
                index += 1
            return arrive()

        hop(0)
        # Should a node go with the callback still in its queue, the app runs it a bit later.
        app.set_timer(AFTER_TYPED_AT_MOST_S, arrive)

    async def _handle_queued_key(self) -> None:
        """Handle the first key in line once the keys typed before it have been handled.

        A stage key closes the dialogs and the palette over the stage in their defined way,
        then acts once their answers have reached the screens that asked (after a refresh);
        undo and redo wait for an open dialog; ctrl+q asks if a dialog holds typed text.
        """
        if not self._queued_keys:
            return
        name = self._queued_keys[0]
        if self._closes_overlay(name):
            if not self.close_overlays():
                self._queued_keys.clear()  # a form kept its problem in view: the keys wait with it
                return
            self.app.call_after_refresh(self._run_queued_key)
            return
        await self._run_queued_key()

    def _closes_overlay(self, name: str) -> bool:
        return (
            self.overlay is not None
            and name in STAGE_KEYS
            and not (name == "command_palette" and self.palette_open())
        )

    async def _run_queued_key(self) -> None:
        if not self._queued_keys:
            return
        name = self._queued_keys.popleft()
        try:
            await self._run_key_in_line(name)
        finally:
            if self._queued_keys:
                self.after_typed(self._handle_queued_key)

    async def _run_key_in_line(self, name: str) -> None:
        app = self.app
        if self._closes_overlay(name):
            pass  # an answer opened a question of its own: the key gives way to it
        elif name == "quit" and self.overlay is not None:
            self._quit_asking_for_typed()
        elif name in WAIT_KEYS and self.overlay is not None:
            app.notify(
                f"Close {self._overlay_name()} first (Enter saves it, Escape cancels it).",
                markup=False,
            )
        elif name != "command_palette" or not self.palette_open():
            await app.run_action_now(name)

    def close_overlays(self) -> bool:
        """Close every dialog and the palette over the stage, each in its defined way.

        Returns `False` (and says why) when one stays open: a form with a problem in what was
        typed shows it and keeps it.
        """
        from textual.command import CommandPalette

        from tui.dialogs.base import Dialog

        app = self.app
        while (top := self.overlay) is not None:
            if isinstance(top, CommandPalette):
                # Its search text is not work: closed as Escape closes it.
                app.post_message(CommandPalette.Closed(option_selected=False))
                top.dismiss()
            elif isinstance(top, Dialog):
                if not top.close_for_stage_key():
                    app.notify(
                        f"Finish or cancel {top.title_for_message} first: "
                        "Enter saves it, Escape cancels it.",
                        severity="warning",
                        markup=False,
                    )
                    return False
            else:
                app.pop_screen()
        return True

    def _overlay_name(self) -> str:
        from tui.dialogs.base import Dialog

        top = self.overlay
        return top.title_for_message if isinstance(top, Dialog) else "the command palette"

    def _quit_asking_for_typed(self) -> None:
        """Quit, but ask first while a dialog holds something typed and not saved."""
        from tui.dialogs.base import Dialog
        from tui.dialogs.confirm import ConfirmDialog

        app = self.app
        if self._quit_question is not None and app.screen is self._quit_question:
            self._quit_question.dismiss(True)  # ctrl+q again over the question: yes
            return
        typed = [s for s in app.screen_stack if isinstance(s, Dialog) and s.has_typed()]
        if not typed:
            app.call_next(app.action_quit)
            return

        def answer(leave: bool | None) -> None:
            self._quit_question = None
            if leave:
                app.call_next(app.action_quit)

        self._quit_question = ConfirmDialog(
            f"What was typed in {typed[-1].title_for_message} is not saved yet. "
            "Quit anyway and lose it?",
            title="Quit without saving what was typed?",
            yes="Quit",
            no="Go back",
        )
        app.push_screen(self._quit_question, answer)

    def palette_open(self) -> bool:
        """Whether the command palette is on top."""
        from textual.command import CommandPalette

        return isinstance(self.app.screen, CommandPalette)

    def palette_not_laid_out(self) -> bool:
        """Whether the palette is on top with its list not yet on screen (see `laid_out`)."""
        from textual.command import CommandList

        from tui.widgets.lists import laid_out

        if not self.palette_open():
            return False
        lists = self.app.screen.query(CommandList)
        return not lists or not laid_out(lists.first())
