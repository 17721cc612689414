"""The app's side of the room: opening and closing it, the room panel, and participants' changes.

A mixin of the app (as replay is), kept light: the server, the pages and the QR code are
imported only when the facilitator opens the room.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from tui.room.server import RoomServer

ROOM_REDRAW_S = 0.5
"""The longest participants' changes wait before the stages show them (they come in bursts)."""

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


class RoomMode:
    """Opens and closes the room, and takes participants' changes as the app's own events."""

    room_server: RoomServer | None = None
    """The room while it is open; `None` while closed (then nothing listens)."""

    # -- opening and closing ---------------------------------------------------------------------

    def action_room(self) -> None:
        """Open the room; on the room panel, close it; elsewhere, show the panel."""
        from textual.screen import ModalScreen

        from tui.room.screen import RoomScreen

        app: Any = self
        if isinstance(app.screen, ModalScreen):
            return  # a priority key: never a screen above a dialog or the palette
        if self.room_server is None:
            self.ask_to_open_room()
        elif isinstance(app.screen, RoomScreen):
            self.ask_to_close_room()
        else:
            self.show_room_panel()

    def show_room_panel(self) -> None:
        """Show the room panel: join details, the open activity, progress, private ballots."""
        from tui.room.screen import RoomScreen

        app: Any = self
        if not isinstance(app.screen, RoomScreen):
            app.push_screen(RoomScreen())

    def ask_to_open_room(self) -> None:
        """Ask where the room should listen, then open it."""
        from tui.dialogs.form import Field, FormDialog
        from tui.room.net import DEFAULT_PORT, LOOPBACK, lan_addresses

        app: Any = self
        options = [(f"Local network: {address}", address) for address in lan_addresses()]
        options.append((f"Loopback: this laptop only ({LOOPBACK})", LOOPBACK))
        fields = [
            Field("address", "Where people reach the room", "select", options[0][1], True, options),
            Field("port", "Port", "int", DEFAULT_PORT, minimum=1024, maximum=65535),
        ]

        def chosen(values: dict[str, Any] | None) -> None:
            if values:
                app.run_worker(self.open_room(values["address"], values["port"]), group="room")

        app.push_screen(FormDialog("Open the room", fields, submit="Open the room"), chosen)

    async def open_room(self, address: str, port: int) -> bool:
        """Start listening on `address:port` and show the room panel; say why when it cannot."""
        from tui.room.app_host import AppHost
        from tui.room.server import RoomError, RoomServer

        app: Any = self
        if self.room_server is not None or app.wait_for_history() is None:
            return False
        try:
            server = RoomServer(AppHost(app), address=address, port=port)
            server.start()
            await server.started()
        except RoomError as error:
            app.notify(str(error), title="The room did not open", severity="error", markup=False)
            return False
        server.site.progress = self.room_changed
        self.room_server = server
        self.show_room_panel()
        self.room_changed()
        return True

    def ask_to_close_room(self) -> None:
        """Close the room after the facilitator confirms (every device is signed out)."""
        from tui.dialogs.confirm import ConfirmDialog

        app: Any = self
        server = self.room_server
        if server is None:
            return
        joined = len(server.keys.joined)
        question = (
            f"Close the room? {joined} device{'s' if joined != 1 else ''} will be signed out and "
            "the join address stops answering. Everything received is saved."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                app.run_worker(self.close_room(), group="room")

        dialog = ConfirmDialog(
            question, title="Close the room?", yes="Close the room", no="Keep it open"
        )
        app.push_screen(dialog, answered)

    async def close_room(self) -> None:
        """End every token and stop listening."""
        app: Any = self
        server, self.room_server = self.room_server, None
        if server is None:
            return
        await server.stop()
        self.room_changed()
        app.notify("The room is closed: nothing listens now.", markup=False)

    def close_room_now(self) -> None:
        """Close the room at once, without waiting (on quit and when the session closes)."""
        server, self.room_server = self.room_server, None
        if server is not None:
            server.close_now()

    def room_changed(self) -> None:
        """Redraw the room panel (someone joined or left, or the room opened or closed)."""
        from tui.room.screen import RoomScreen

        app: Any = self
        for screen in app.screen_stack:
            if isinstance(screen, RoomScreen):
                screen.redraw()

    # -- participants' changes -------------------------------------------------------------------

    def room_change(self, type_: str, data: dict[str, Any]) -> str | None:
        """Record a participant's change; return why it was refused (told to them only)."""
        from sessions.events import EventError

        app: Any = self
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
        self.room_changed()
        if not self._stage_shows(type_):
            return None
        if not self._room_redraw_due:
            self._room_redraw_due = True
            app.set_timer(ROOM_REDRAW_S, self._room_redraw)
        app.request_save()
        return None

    _room_redraw_due = False

    def _stage_shows(self, type_: str) -> bool:
        """Whether the stage on screen shows what an event of `type_` changes.

        Stages show no one's dots before the reveal, and only the wrap-up shows that a score
        was given; anything else from the room (cards, heard marks) may show anywhere.
        """
        app: Any = self
        if type_ == "dots.given":
            return False
        if type_ == "fist.given":
            return getattr(app.screen, "STAGE_ID", None) == "wrapup"
        return True

    def _room_redraw(self) -> None:
        app: Any = self
        if not self._room_redraw_due:
            return
        self._room_redraw_due = False
        if app.live is not None:
            app.show_state(app.live.session)

    def flush_room_redraw(self) -> None:
        """Let the screens show the room's latest changes now (a stage comes back on screen)."""
        app: Any = self
        self._room_redraw_due = False
        if app.live is not None and app.session is not None:
            app.show_state(app.live.session)

    def save_through(self, revision: int) -> bool:
        """On a worker thread: save now, and return whether `revision` is on disk.

        Saves queue on the app's save lock; the first saves every change applied so far, so a
        burst of participants costs a few saves, not one each.
        """
        app: Any = self
        host = app.host
        if host is None:
            return False
        app.save_from_thread(host)
        return host.saved_through(revision)

    # -- the app's hooks -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The room opens only on a session that can be changed (not read-only, not replayed)."""
        app: Any = self
        if action == "room" and (
            app.session is None or app.read_only or getattr(app, "replay", None) is not None
        ):
            return self.room_server is not None
        return super().check_action(action, parameters)  # type: ignore[misc]

    def room_commands(self) -> Iterable[SystemCommand]:
        """The room's commands for the palette."""
        app: Any = self
        if app.session is None or app.read_only or getattr(app, "replay", None) is not None:
            return
        yield SystemCommand(
            "Room panel: activities, progress and private ballots",
            "Open silent writing, dot voting or fist of five; type ballots without a network",
            self.show_room_panel,
        )
        if self.room_server is not None:
            yield SystemCommand(
                "Close the room",
                "Sign every device out; the join address stops answering",
                self.ask_to_close_room,
            )
