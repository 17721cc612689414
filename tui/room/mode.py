"""The app's side of the room: opening and closing it, the room panel, and participants' changes.

An object the app owns (`app.room`), kept light: the server, the pages and the QR code are
imported only when the facilitator opens the room. It is the room's host (`RoomHost`): the
pages read the session and submit changes through it, and it hands them to the app's session.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.app import SystemCommand
from textual.binding import Binding, BindingType

from tui.forming import Forming

if TYPE_CHECKING:
    from textual.worker import Worker

    from sessions.host import SessionHost
    from sessions.model import Session
    from tui.room.host import Change
    from tui.room.server import RoomServer

ROOM_REDRAW_S = 0.5
"""How long participants' changes wait before the stages show them (they come in bursts)."""
TYPING_S = 0.3
"""A key pressed less than this long ago means the facilitator is typing: a redraw for the
room then waits until just after the next key is drawn, or until the typing pauses."""

ROOM_BINDINGS: list[BindingType] = [
    Binding(
        "f9",
        "room",
        "Room",
        priority=True,
        show=False,
        tooltip="Open the room to people's own phones and laptops; on the room panel, close it",
        id="room",
    ),
]


@runtime_checkable
class RoomApp(Forming, Protocol):
    """What the room needs of the app, beyond what every screen reads (`Forming`)."""

    @property
    def host(self) -> SessionHost | None: ...

    def show_state(self, session: Session | None, *, redraw: bool = True) -> None: ...

    def request_save(self) -> None: ...

    def save_from_thread(self, host: SessionHost | None = None) -> bool: ...

    def run_worker(self, work: Awaitable[object], *, group: str) -> Worker[object]: ...

    def set_timer(self, delay: float, callback: Callable[[], Any]) -> Any: ...


class RoomControl:
    """Opens and closes the room, and takes participants' changes as the app's own events."""

    def __init__(self, app: RoomApp) -> None:
        self.app = app
        self.server: RoomServer | None = None
        """The room while it is open; `None` while closed (then nothing listens)."""
        self._redraw_due = False
        self._last_key = 0.0
        """When the facilitator last pressed a key (`time.monotonic()`)."""
        self._held_back = False
        """Whether a redraw fell due while the facilitator was typing (their next key brings
        it)."""
        self._timer: Any = None
        """The pending redraw's timer: stopped once the redraw is made another way, so a burst
        that follows is not redrawn early by the one before's timer."""

    # -- opening and closing ---------------------------------------------------------------------

    def may_open(self) -> bool:
        """Whether the room may open: on a session that can be changed (not read-only, not
        replayed)."""
        app = self.app
        return app.session is not None and not app.read_only and app.replay is None

    def act(self) -> None:
        """Open the room; on the room panel, close it; elsewhere, show the panel (F9)."""
        from textual.screen import ModalScreen

        from tui.room.screen import RoomScreen

        app = self.app
        if isinstance(app.screen, ModalScreen):
            return  # a priority key: never a screen above a dialog or the palette
        if self.server is None:
            self.ask_to_open()
        elif isinstance(app.screen, RoomScreen):
            self.ask_to_close()
        else:
            self.show_panel()

    def show_panel(self) -> None:
        """Show the room panel: join details, the open activity, progress, private ballots."""
        from tui.room.screen import RoomScreen

        app = self.app
        if not isinstance(app.screen, RoomScreen):
            app.push_screen(RoomScreen(self))

    def ask_to_open(self) -> None:
        """Ask where the room should listen, then open it."""
        from tui.dialogs.form import Field, FormDialog
        from tui.room.net import DEFAULT_PORT, LOOPBACK, lan_addresses

        app = self.app
        options = [(f"Local network: {address}", address) for address in lan_addresses()]
        options.append((f"Loopback: this laptop only ({LOOPBACK})", LOOPBACK))
        fields = [
            Field("address", "Where people reach the room", "select", options[0][1], True, options),
            Field("port", "Port", "int", DEFAULT_PORT, minimum=1024, maximum=65535),
        ]

        def chosen(values: dict[str, Any] | None) -> None:
            if values:
                app.run_worker(self.open(values["address"], values["port"]), group="room")

        app.push_screen(FormDialog("Open the room", fields, submit="Open the room"), chosen)

    async def open(self, address: str, port: int) -> bool:
        """Start listening on `address:port` and show the room panel; say why when it cannot."""
        from tui.room.server import RoomError, RoomServer

        app = self.app
        if self.server is not None or app.wait_for_history() is None:
            return False
        try:
            server = RoomServer(self, address=address, port=port)
            server.start()
            await server.started()
        except RoomError as error:
            app.notify(str(error), title="The room did not open", severity="error", markup=False)
            return False
        server.site.progress = self.changed
        self.server = server
        self.show_panel()
        self.changed()
        return True

    def ask_to_close(self) -> None:
        """Close the room after the facilitator confirms (every device is signed out)."""
        from tui.dialogs.confirm import ConfirmDialog

        app = self.app
        server = self.server
        if server is None:
            return
        joined = len(server.keys.joined)
        question = (
            f"Close the room? {joined} device{'s' if joined != 1 else ''} will be signed out and "
            "the join address stops answering. Everything received is saved."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                app.run_worker(self.close(), group="room")

        dialog = ConfirmDialog(
            question, title="Close the room?", yes="Close the room", no="Keep it open"
        )
        app.push_screen(dialog, answered)

    async def close(self) -> None:
        """End every token and stop listening."""
        server, self.server = self.server, None
        if server is None:
            return
        await server.stop()
        self.changed()
        self.app.notify("The room is closed: nothing listens now.", markup=False)

    def close_now(self) -> None:
        """Close the room at once, without waiting (on quit and when the session closes)."""
        server, self.server = self.server, None
        if server is not None:
            server.close_now()

    def changed(self) -> None:
        """Redraw the room panel (someone joined or left, or the room opened or closed)."""
        from tui.room.screen import RoomScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, RoomScreen):
                screen.redraw()

    # -- participants' changes (the room's host: see `tui.room.host.RoomHost`) --------------------

    def current(self) -> Session | None:
        """The session as it is now, for the pages (`None` while none is open for the room)."""
        app = self.app
        live = app.live
        if live is None or app.replay is not None:
            return None
        return live.session

    async def submit(self, build: Callable[[Session], Change]) -> str | None:
        """Apply the change `build` makes from the current state, and answer once it is saved."""
        app = self.app
        live = app.live
        if live is None or app.read_only or app.replay is not None:
            return "the facilitator's session is not open for changes"
        # Built and applied with no await in between: on the app's loop, nothing else changes
        # the session meanwhile, so the event fits the state it was built from.
        type_, data = build(live.session)
        problem = self.change(type_, data)
        if problem is not None:
            return problem
        revision = live.revision
        if not await asyncio.to_thread(self.save_through, revision):
            return "the facilitator's laptop could not save it; try again in a moment"
        return None

    def change(self, type_: str, data: dict[str, Any]) -> str | None:
        """Record a participant's change; return why it was refused (told to them only)."""
        from sessions.events import EventError

        app = self.app
        live = app.wait_for_history()
        if live is None or app.read_only:
            return "the facilitator's session is not open for changes"
        try:
            live.change(type_, data)
        except EventError as error:
            return str(error)
        # The session every reader sees is current at once (so nothing is built from a state
        # behind the room), and the room panel's counts redraw at once (a few lines); the
        # stages redraw at most once per ROOM_REDRAW_S during a burst: sixty ballots in a few
        # seconds would otherwise rebuild the stage on screen sixty times between the
        # facilitator's keys (see docs/performance.md).
        app.show_state(live.session, redraw=False)
        self.changed()
        if not self._stage_shows(type_):
            return None
        if not self._redraw_due:
            self._redraw_due = True
            self._set_timer(ROOM_REDRAW_S)
        # No save is asked for here: `submit` saves the change before it answers (a second,
        # background save per card found nothing to write, but flipped the status bar to
        # "saving" and back for each one).
        return None

    def _stage_shows(self, type_: str) -> bool:
        """Whether the stage on screen shows what an event of `type_` changes.

        Stages show no one's dots before the reveal, and only the wrap-up shows that a score
        was given; anything else from the room (cards, heard marks) may show anywhere.
        """
        if type_ == "dots.given":
            return False
        if type_ == "fist.given":
            return getattr(self.app.screen, "STAGE_ID", None) == "wrapup"
        return True

    def key_pressed(self) -> None:
        """The facilitator pressed a key: a redraw for the room held back by their typing goes
        just after it."""
        self._last_key = time.monotonic()
        if self._held_back:
            self._held_back = False
            # After this key's frame: the next key comes later than a stage takes to redraw,
            # and no key waits behind it (a redraw due at a random moment made the key that
            # landed behind it wait for the whole stage; see docs/performance.md).
            self.app.call_after_refresh(partial(self._redraw, typing=False))

    def _redraw(self, *, typing: bool = True) -> None:
        if not self._redraw_due:
            return
        if typing and time.monotonic() - self._last_key < TYPING_S:
            # The facilitator is typing: their next key brings the redraw (`key_pressed`),
            # or this, once they pause.
            self._held_back = True
            self._set_timer(TYPING_S)
            return
        self._stop_timer()
        self._redraw_due = self._held_back = False
        live = self.app.live
        if live is not None:
            self.app.show_state(live.session)

    def flush_redraw(self) -> None:
        """Let the screens show the room's latest changes now (a stage comes back on screen)."""
        app = self.app
        self._stop_timer()
        self._redraw_due = self._held_back = False
        live = app.live
        if live is not None and app.session is not None:
            app.show_state(live.session)

    def _set_timer(self, delay: float) -> None:
        self._stop_timer()
        self._timer = self.app.set_timer(delay, self._redraw)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def save_through(self, revision: int) -> bool:
        """On a worker thread: save now, and return whether `revision` is on disk.

        Saves queue on the session host's save lock; the first saves every change applied so
        far, so a burst of participants costs a few saves, not one each.
        """
        host = self.app.host
        if host is None:
            return False
        self.app.save_from_thread(host)
        return host.saved_through(revision)

    # -- the app's palette -----------------------------------------------------------------------

    def commands(self) -> Iterable[SystemCommand]:
        """The room's commands for the palette."""
        if not self.may_open():
            return
        yield SystemCommand(
            "Room panel: activities, progress and private ballots",
            "Open silent writing, dot voting or fist of five; type ballots without a network",
            self.show_panel,
        )
        if self.server is not None:
            yield SystemCommand(
                "Close the room",
                "Sign every device out; the join address stops answering",
                self.ask_to_close,
            )
