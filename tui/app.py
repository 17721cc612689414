"""The Forming app: holds the live session, saves it after every change, moves between stages."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.signal import Signal

from tui.actions import APP_ACTIONS, REPLAY_ACTIONS, action_name, allowed
from tui.commands import FormingCommands
from tui.keys import APP_BINDINGS
from tui.overlay_keys import OverlayKeys
from tui.replay_mode import ReplayController
from tui.room.mode import RoomControl
from tui.session_control import SessionControl
from tui.themes import DEFAULT_THEME, THEMES
from tui.timer_control import TimerControl
from tui.toasts import ToastCap

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.actions import ActionParseResult
    from textual.command import Provider
    from textual.dom import DOMNode

    # The home screen's first frame needs none of these: they load pydantic, so they are
    # imported where they are used (see docs/performance.md).
    from content.schema import Pack
    from sessions.host import SessionHost
    from sessions.live import LiveSession
    from sessions.model import Session
    from sessions.replay import Replay
    from sessions.store import FileStamp, SessionLock
    from tui.timer import StageTimer
    from tui.widgets.chrome import Agenda
    from tui.widgets.timeline import TimelineBar


class FormingApp(ToastCap, App[int]):
    """Forming in the terminal: home, the workshop's stages, and the facilitation controls."""

    TITLE = "Forming"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        "screens/stage.tcss",
        "screens/home.tcss",
    ]
    """Global rules, the frame every screen shares, and the home screen's own rules (each other
    screen loads its own .tcss). A screen that brings a stylesheet the app has not read makes
    Textual parse and apply the whole stylesheet again when it is first shown: read with the
    app's, the first screen's file is already there (docs/performance.md, Start-up)."""
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {FormingCommands}
    """One provider for the palette: Textual's commands, the session's and the stage's."""

    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS
    """The app's keys (`tui.keys`): stage moves, undo, the timer, save, export, replay, room."""

    session: var[Session | None] = var(None, always_update=True)
    """The session on screen; every change replaces it."""
    save_state: var[str] = var("none")
    """`none`, `saved`, `saving`, `unsaved`, `read-only` or `failed`."""
    show_agenda: var[bool] = var(True)
    """Whether the agenda sidebar is shown."""
    show_prompts: var[bool] = var(False)
    """Whether the facilitator's prompts are shown (hidden by default while presenting)."""

    def __init__(
        self,
        *,
        start: str = "home",
        path: Path | None = None,
        folder: Path | None = None,
        pack_source: str | None = None,
        theme: str | None = None,
        read_only: bool = False,
        team: str | None = None,
        session: Session | None = None,
        follow_from: Path | None = None,
        opened: tuple[Session, bytes] | None = None,
    ) -> None:
        super().__init__()
        self.start = start
        self.start_path = path
        self.folder = folder
        self.pack_source = pack_source
        self.start_read_only = read_only
        self.start_team = team
        self.start_session = session
        self.follow_from = follow_from
        self.start_opened = opened
        """The state and bytes of `path` that the command line already read, if any."""
        self.sessions = SessionControl(self)
        """Opens, shows, closes and saves the session (its `host`: file, lock, live session)."""
        self.room = RoomControl(self)
        """The room: opened to participants' own devices on the facilitator's word (F9)."""
        self.timer_control = TimerControl(self)
        """The stage timer: its keys, and the time spent logged in the session."""
        self.timer_changed: Signal[None] = Signal(self, "timer-changed")
        """Published when the timer is started, paused, reset or given another timebox."""
        self._pack: Pack | None = None
        self.save_note = ""
        """What the facilitator was last told about a save that worked (a backup not kept)."""
        self._keys_for_history: list[events.Key] = []
        """Keys pressed while the history was still being read, in order (see `on_event`)."""
        self.overlay_keys = OverlayKeys(self)
        """The app's keys pressed over a dialog or the palette, which wait in line."""
        self.replay_controller = ReplayController(self)
        """Steps, plays and scrubs through a replayed session (`forming replay`)."""
        for known in THEMES:
            self.register_theme(known)
        # Before the app runs, so the stylesheet is read once, with the theme's colours (set
        # once mounted, the theme has every style parsed and applied again). `launch` refuses
        # an unknown theme with the names it knows.
        wanted = theme or DEFAULT_THEME
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self._theme_at_start: str | None = self.theme
        """The theme the app started with; cleared once the facilitator picks one in the app."""

    # -- start-up ------------------------------------------------------------------------------

    def on_unmount(self) -> None:
        # The app is ending: give what `SessionControl.take_history` froze back to the collector.
        gc.unfreeze()

    def on_mount(self) -> None:
        self.sessions.ui_thread = threading.get_ident()
        # `launch` pauses the garbage collector for the start-up; it runs again from the
        # first frame on.
        self.call_after_refresh(gc.enable)
        # Not here: Textual shows nothing while the app mounts, and a screen pushed now has its
        # first whole frame dropped, so the terminal got only the lines that changed after it
        # (the status bar came a frame or two later). Just after, the first frame is whole.
        self.call_next(self._show_first_screen)
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Any) -> None:
        """Remember a theme chosen in the app for the next run (the command line still wins)."""
        if theme.name == self._theme_at_start:
            return  # the theme the app started with, from the command line or the preferences
        self._theme_at_start = None
        self._store_theme(theme.name)

    @work(thread=True, exit_on_error=False, group="preferences")
    def _store_theme(self, name: str) -> None:
        from sessions.preferences import remember

        problem = remember(theme=name)
        if problem:
            self.call_from_thread(self.notify, problem, severity="warning", markup=False)

    def _show_first_screen(self) -> None:
        if self.start == "replay" and self.start_path is not None:
            # The replay's starting step (the file's state) is the first frame; the steps are
            # built in a worker. The home screen is made only when the viewer goes there.
            opened, self.start_opened = self.start_opened, None
            self.replay_controller.open(self.start_path, opened=opened)
            return
        if self.start in ("open", "demo") and self.start_path is not None:
            # The first frame is the session itself. The home screen is made only when the
            # facilitator goes there (`go_home`).
            opened, self.start_opened = self.start_opened, None  # not kept: it can be megabytes
            self.open_session(self.start_path, read_only=self.start_read_only, opened=opened)
            return
        from tui.screens.home import HomeScreen

        home = HomeScreen()
        self.push_screen(home)
        if self.start == "new" and self.follow_from is not None:
            self.call_after_refresh(self.start_follow_up, self.follow_from, self.start_team)
        elif self.start == "new":
            self.call_after_refresh(home.action_new_session, self.start_team)
        elif self.start_session is not None and self.start_path is not None:
            self.call_after_refresh(self.show_session, self.start_session, self.start_path)

    @property
    def pack(self) -> Pack | None:
        """The content pack for new sessions and suggestions, or `None` if it failed to load."""
        if self._pack is None:
            from content.loader import PackError, load_pack

            try:
                self._pack = load_pack(self.pack_source)
            except PackError as error:
                self.notify(
                    str(error),
                    title="Content pack refused",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
                return None
        return self._pack

    # -- opening and closing sessions ------------------------------------------------------------

    def open_session(
        self,
        path: Path,
        *,
        read_only: bool = False,
        opened: tuple[Session, bytes] | None = None,
    ) -> None:
        """Open the session at `path` for editing (or read-only) and show its saved stage
        (see `SessionControl.open`: the history is read in a worker)."""
        self.sessions.open(path, read_only=read_only, opened=opened)

    def home_if_bare(self) -> None:
        """Show the home screen when nothing else is (a session from the command line failed)."""
        if len(self.screen_stack) <= 1:
            from tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def history_taken(self) -> None:
        """Handle next the keys that waited for the history (it is in, or refused)."""
        if self._keys_for_history:
            self.call_next(self._replay_keys_for_history)

    async def on_event(self, event: events.Event) -> None:
        # Keys pressed while a long session's history is still being read wait for it, in
        # order, with "Reading history" in the status bar: handled now, the first key that
        # changed anything waited for the whole read on the UI thread, and the app froze.
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and self.history_pending
            and self.sessions.on_ui_thread()
        ):
            if not self._keys_for_history:
                self.save_state = "reading"
            self._keys_for_history.append(event)
            return
        await super().on_event(event)

    async def _replay_keys_for_history(self) -> None:
        """Handle the keys that waited for the history, now that it is in (or refused).

        Run just after the history is taken in, before any key that came later.
        """
        keys, self._keys_for_history = self._keys_for_history, []
        if self.save_state == "reading":
            self.save_state = "read-only" if self.read_only else "saved"
        for key in keys:
            await super().on_event(key)

    @property
    def host(self) -> SessionHost | None:
        """The open session's file, lock, live session and saves (`None` on the home screen)."""
        return self.sessions.host

    @property
    def history_pending(self) -> bool:
        """Whether the open session's history is still being read (its state is on screen)."""
        return self.sessions.history_pending

    @property
    def live(self) -> LiveSession | None:
        """The session being edited, with undo and redo, its whole history read in.

        `None` while no session is open, and while its history is still being read: this
        never waits (`wait_for_history` does).
        """
        return self.sessions.live

    def wait_for_history(self) -> LiveSession | None:
        """Return the live session, waiting on the UI thread for its history if need be
        (everything that changes or saves the session calls this first)."""
        return self.sessions.wait_for_history()

    @property
    def session_path(self) -> Path | None:
        """The file the open session is saved to, if one is open."""
        return self.host.path if self.host is not None else None

    @property
    def read_only(self) -> bool:
        """Whether the open session cannot be changed (opened read-only, or replayed)."""
        return self.host is not None and self.host.read_only

    @property
    def last_save_error(self) -> str:
        """What the facilitator was told about the last failed save ("" once one works)."""
        return self.host.last_error if self.host is not None else ""

    @property
    def file_changed(self) -> bool:
        """Whether the last save was refused because another program changed the file."""
        return self.host is not None and self.host.file_changed

    def start_follow_up(self, previous_path: Path, team: str | None = None) -> None:
        """Start a follow-up of the session at `previous_path` in a new file and open it."""
        self.sessions.follow_up(previous_path, team)

    def show_session(
        self,
        session: Session,
        path: Path,
        *,
        lock: SessionLock | None = None,
        read_only: bool = False,
        save_now: bool = False,
        history: bytes | None = None,
    ) -> None:
        """Make `session` the open session and show its current stage."""
        self.sessions.show(
            session, path, lock=lock, read_only=read_only, save_now=save_now, history=history
        )

    def show_state(self, session: Session | None, *, redraw: bool = True) -> None:
        """Put `session` on screen: the one place `session` (which screens watch) is set.

        `redraw=False` replaces it without telling the watchers: the state they show already
        (the same state with its history), or a burst of changes they catch up with later.
        """
        if redraw:
            self.session = session
        else:
            self.set_reactive(FormingApp.session, session)

    def close_session(self) -> None:
        """Close the room, leave a replay, then save and let go of the open session, if any."""
        self.room.close_now()
        self.replay_controller.leave()
        self.sessions.close()

    def show_stage(self, stage_id: str) -> None:
        """Show the screen for `stage_id`, replacing the stage screen on top, if any."""
        from tui.screens.stage import StageScreen, screen_for_stage

        if self.overlay is not None:
            # Never a stage above a dialog: close them first (see `enter_stage`).
            if self.close_overlays():
                self.call_after_refresh(self.show_stage, stage_id)
            return
        screen = screen_for_stage(stage_id)
        if isinstance(self.screen, StageScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def go_home(self, *, asked: bool = False) -> None:
        """Close the session and return to the home screen (asking first if work is unsaved)."""
        from tui.screens.home import HomeScreen

        if not asked and self._unsaved_asked(lambda: self.go_home(asked=True)):
            return
        self.close_session()
        self.show_state(None)
        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if home is None:
            # Opened straight from the command line: the home screen is made now, and reads
            # the sessions folder once it is on screen.
            self.switch_screen(HomeScreen())
            return
        if self.screen is not home:
            self.pop_screen()
        home.refresh_sessions()

    # -- changing the session --------------------------------------------------------------------

    def change(self, type_: str, data: dict[str, Any]) -> bool:
        """Record a change to the session; say why when it cannot be made. Returns success."""
        live = self.wait_for_history()
        if live is None:
            return False
        if self.read_only:
            self.notify(
                "This session is open read-only: nothing can be changed.",
                severity="warning",
                markup=False,
            )
            return False
        from sessions.events import EventError

        try:
            live.change(type_, data)
        except EventError as error:
            self.notify(f"That change was not made: {error}", severity="error", markup=False)
            return False
        self.show_state(live.session)
        self.request_save()
        return True

    def change_many(self, changes: list[tuple[str, dict[str, Any]]]) -> bool:
        """Record several changes as one the room can undo at once; all or none are made."""
        if not changes:
            return False
        live = self.wait_for_history()
        if live is None or self.read_only:
            return self.change(*changes[0])  # which says why nothing can be changed
        from sessions.events import EventError

        try:
            live.change_many(changes)
        except EventError as error:
            self.notify(f"That change was not made: {error}", severity="error", markup=False)
            return False
        self.show_state(live.session)
        self.request_save()
        return True

    def request_save(self) -> None:
        """Save the live session in the background, soon."""
        self.sessions.request_save()

    def save_from_thread(self, host: SessionHost | None = None) -> bool:
        """On a worker thread: save the open session now and tell the UI thread how it went."""
        return self.sessions.save_from_thread(host)

    def use_saved_copy(self, path: Path, lock: SessionLock, stamp: FileStamp) -> None:
        """Make the copy just saved (and locked) at `path` the file Forming saves to."""
        if self.host is None:
            lock.release()
            return
        self.host.use_copy(path, lock, stamp)
        self.save_state = "saved"
        self.refresh_bindings()  # the editing keys come back

    def _overwrite(self) -> None:
        """Save over a file another program changed, as the facilitator chose."""
        if self.host is not None:
            self.host.overwrite_next()
        self.flush_save()

    def flush_save(self) -> None:
        """Save now, on this thread, waiting for any save under way (and for the history)."""
        self.sessions.flush_save()

    # -- stage timer (the timer controller does the work) ---------------------------------------

    @property
    def timer(self) -> StageTimer:
        """The timer of the stage on screen (the status bar and the big timer read it)."""
        return self.timer_control.timer

    def reset_timer(self, stage_id: str | None = None) -> None:
        """Set the timer for `stage_id` (by default the room's stage), as it was logged."""
        self.timer_control.set_for_stage(stage_id)

    def refresh_timer(self) -> None:
        """Have the screens that show the timer redraw it (they subscribe to `timer_changed`)."""
        self.timer_control.refresh()

    def action_timer_toggle(self) -> None:
        """Start or pause the stage timer."""
        self.timer_control.toggle()

    def action_timer_plus(self) -> None:
        """Add a minute to the stage's timebox."""
        self.timer_control.change_timebox(+1)

    def action_timer_minus(self) -> None:
        """Take a minute off the stage's timebox."""
        self.timer_control.change_timebox(-1)

    def action_timer_reset(self) -> None:
        """Reset the stage timer to zero."""
        self.timer_control.reset()

    def action_big_timer(self) -> None:
        """Show the stage timer in big digits."""
        self.timer_control.show_big()

    # -- actions -----------------------------------------------------------------------------------

    def _stage_ids(self) -> list[str]:
        return [s.id for s in self.session.stages] if self.session else []

    def stage_here(self) -> str:
        """The stage on screen: read-only it may be another than the room's (never in a live
        session, where moving to a stage moves the room)."""
        from tui.replay_mode import stage_on_show

        session = self.session
        room = session.session.stage if session is not None else ""
        return (stage_on_show(self.screen_stack) or room) if self.read_only else room

    def enter_stage(self, stage_id: str, *, asked: bool = False) -> None:
        """Move the room to `stage_id`, logging time on the stage it leaves.

        The stage on screen may ask first (`ask_before_leaving`); `asked` says it did.
        """
        session = self.session
        if session is None or (stage_id == self.stage_here() and self.replay is None):
            return
        if self.overlay is not None:
            # A dialog or the palette is still open (a command run from the palette, an answer
            # while another dialog waits): the stage is replaced under them once they are
            # closed in their defined way, never pushed above them.
            if self.close_overlays():
                self.call_after_refresh(self._enter_stage_if_clear, stage_id)
            return
        if self.replaying:
            self.replay_controller.enter_stage(stage_id)
            return
        from tui.screens.stage import StageScreen

        screen = self.screen
        if (
            not asked
            and not self.read_only
            and isinstance(screen, StageScreen)
            and screen.ask_before_leaving(lambda: self.enter_stage(stage_id, asked=True))
        ):
            return
        if not self.read_only:
            from sessions.events import entering

            if self.change("stage.entered", entering(session, stage_id, self.timer.elapsed())):
                self.reset_timer()
                self.show_stage(stage_id)
        else:
            self.reset_timer(stage_id)  # the status bar tells the time of the stage shown
            self.show_stage(stage_id)

    def on_agenda_stage_chosen(self, event: Agenda.StageChosen) -> None:
        """A stage chosen in a stage screen's agenda: the room moves there (a message up)."""
        self.enter_stage(event.stage_id)

    def _enter_stage_if_clear(self, stage_id: str) -> None:
        if self.overlay is None:
            self.enter_stage(stage_id)

    def action_next_stage(self) -> None:
        """Move to the next stage of the agenda."""
        if self.replaying:
            self.replay_controller.to_stage_change(1)
            return
        ids = self._stage_ids()
        if not ids or self.session is None:
            return
        here = self.stage_here()
        index = ids.index(here) if here in ids else -1
        if index + 1 < len(ids):
            self.enter_stage(ids[index + 1])
        else:
            self.notify("This is the last stage.", markup=False)

    def action_previous_stage(self) -> None:
        """Move back to the previous stage of the agenda."""
        if self.replaying:
            self.replay_controller.to_stage_change(-1)
            return
        ids = self._stage_ids()
        if not ids or self.session is None:
            return
        here = self.stage_here()
        index = ids.index(here) if here in ids else 0
        if index > 0:
            self.enter_stage(ids[index - 1])
        else:
            self.notify("This is the first stage.", markup=False)

    def action_jump_stage(self) -> None:
        """Pick any stage and go there."""
        if self.session is None:
            return
        from tui.dialogs.pick import PickDialog

        stages = self.session.stages
        options = [(f"{i + 1}. {s.title}", s.id) for i, s in enumerate(stages)]
        digits = {str(i + 1): s.id for i, s in enumerate(stages[:9])}

        def chosen(stage_id: str | None) -> None:
            if stage_id:
                self.enter_stage(stage_id)

        title = "Go to stage (1 to 9 pick one)" if len(stages) > 1 else "Go to stage"
        dialog = PickDialog(title, options, keys=digits, initial=self.stage_here())
        self.push_screen(dialog, chosen)

    def action_undo(self) -> None:
        """Undo the last change."""
        live = self.wait_for_history()
        if live is None or self.read_only:
            return
        done = live.session
        event = live.undo()
        if event is None:
            self.notify("Nothing to undo.", markup=False)
            return
        self.show_state(live.session)
        self.timer_control.follow_timebox()
        self.request_save()
        from sessions.narration import change_words

        self.notify(f"Undone: {change_words(event, live.session, done)}", markup=False)

    def action_redo(self) -> None:
        """Redo the change just undone."""
        live = self.wait_for_history()
        if live is None or self.read_only:
            return
        before = live.session
        event = live.redo()
        if event is None:
            self.notify("Nothing to redo.", markup=False)
            return
        self.show_state(live.session)
        self.timer_control.follow_timebox()
        self.request_save()
        from sessions.narration import change_words

        self.notify(f"Redone: {change_words(event, before, live.session)}", markup=False)

    def action_add_action(self) -> None:
        """Agree an action from any stage, with an owner and a due date if the room has them."""
        if self.session is None:
            return
        from sessions.ids import new_id
        from tui.dialogs.form import Field, FormDialog
        from tui.screens.stage import present

        people = [(p.name, p.id) for p in self.session.people]

        def added(values: dict[str, Any] | None) -> None:
            if values and self.session is not None:
                action_id = new_id(self.session, "a")
                if self.change("action.added", {"id": action_id, **present(values)}):
                    self.notify("Action added; the wrap-up lists it.", markup=False)

        self.push_screen(
            FormDialog(
                "Add an action",
                [
                    Field("text", "What will be done?", kind="text"),
                    Field(
                        "owner", "Who will do it?", kind="select", options=people, required=False
                    ),
                    Field("due", "Due date", kind="date", required=False),
                ],
            ),
            added,
        )

    def action_park(self) -> None:
        """Park an off-topic item for the wrap-up, from any stage."""
        if self.session is None:
            return
        from tui.dialogs.form import Field, FormDialog

        def parked(values: dict[str, Any] | None) -> None:
            if not values or self.session is None:
                return
            from sessions.events import now
            from sessions.ids import new_id

            item_id = new_id(self.session, "k")
            if self.change(
                "parking.added",
                {
                    "id": item_id,
                    "text": values["text"],
                    "stage": self.session.session.stage,
                    "at": now(),
                },
            ):
                self.notify("Parked for the wrap-up.", markup=False)

        self.push_screen(
            FormDialog("Park an item", [Field("text", "What should wait for later?", kind="text")]),
            parked,
        )

    def action_toggle_agenda(self) -> None:
        """Show or hide the agenda sidebar."""
        self.show_agenda = not self.show_agenda

    def action_toggle_prompts(self) -> None:
        """Show or hide the facilitator's prompts."""
        self.show_prompts = not self.show_prompts

    def action_help(self) -> None:
        """Show the keys and the current stage's prompts."""
        from tui.dialogs.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_save(self) -> None:
        """Save now."""
        if self.wait_for_history() is None or self.host is None:
            return
        if self.read_only:
            self.notify("Read-only: this session is not saved.", markup=False)
            return
        if self.file_changed:
            from tui.save_copy import ask_to_overwrite

            ask_to_overwrite(self, self._overwrite)
            return
        self.timer_control.log()
        self.host.last_error = ""  # pressed on purpose: a failure is told again
        self.flush_save()
        if self.save_state == "saved":
            self.notify(f"Saved to {self.session_path}", markup=False)

    def action_export(self) -> None:
        """Write the team's charter beside the session file."""
        if self.session is None:
            return
        from tui.dialogs.export import export_choice, export_dialog

        def chosen(fmt: str | None) -> None:
            if fmt:
                export_choice(self, fmt)

        self.push_screen(export_dialog(), chosen)

    def action_save_copy(self) -> None:
        """Save the session in another folder or file, which Forming then saves to."""
        from tui.save_copy import ask_for_copy

        ask_for_copy(self)

    async def action_quit(self) -> None:
        """Save and quit; if the latest changes cannot be saved, ask first."""
        if self._unsaved_asked(self._quit_now):
            return
        self._quit_now()

    def _quit_now(self) -> None:
        self.close_session()
        self.exit(0)

    def _unsaved_asked(self, leave: Callable[[], None]) -> bool:
        """Try to save; if that fails, ask before `leave` drops the work, and return True."""
        if self.wait_for_history() is None or self.read_only:
            return False
        self.timer_control.log()
        self.flush_save()
        if self.save_state != "failed":
            return False
        from tui.save_copy import ask_to_leave_unsaved

        ask_to_leave_unsaved(self, leave)
        return True

    def action_room(self) -> None:
        """Open the room; on the room panel, close it; elsewhere, show the panel."""
        self.room.act()

    def action_focus_view(self) -> None:
        """Show the stage's highlighted item alone and whole, for the room (a view: it works
        read-only and in replay too)."""
        from tui.dialogs.focus import FocusView
        from tui.screens.stage import StageScreen

        screen = self.screen
        item = screen.focus_item() if isinstance(screen, StageScreen) else None
        if item is None:
            self.notify("Highlight an item first: the focus view shows it whole.", markup=False)
            return
        self.push_screen(FocusView(*item))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether an app key works now, by the action table (`tui.actions`): the session's
        keys need one open, editing keys a session that can be changed, replay keys a replay
        (with the stage on top and no field being typed in)."""
        if action == "hold_palette_paging":
            return self.overlay_keys.palette_not_laid_out()
        if not self.may_run(action):
            return False
        if action in REPLAY_ACTIONS and not self.replay_controller.keys_work():
            return False
        if action == "room" and not self.room.may_open():
            return self.room.server is not None  # only the panel, for the room left open
        return super().check_action(action, parameters)

    def may_run(self, action: str) -> bool:
        """Whether the table lets `action` (a name, or a binding's action with arguments) run."""
        return allowed(
            APP_ACTIONS.get(action_name(action)),
            session_open=self.session is not None,
            read_only=self.read_only,
            replaying=self.replaying,
        )

    @property
    def frozen(self) -> bool:
        """Whether the session on screen cannot be changed: replayed, or opened read-only."""
        return self.replaying or self.read_only

    # -- replay (the replay controller does the work) ----------------------------------------------

    @property
    def replay(self) -> Replay | None:
        """The replay on screen, or `None` when not replaying (or while it is being built)."""
        return self.replay_controller.replay

    @property
    def replaying(self) -> bool:
        """Whether a replay is on screen, built or still being built."""
        return self.replay_controller.replaying

    def action_replay_play(self) -> None:
        """Play the replay one step at a time, or pause it."""
        self.replay_controller.play()

    def action_replay_step(self, delta: int) -> None:
        """Show the step `delta` steps away."""
        self.replay_controller.step_by(delta)

    def action_replay_start(self) -> None:
        """Jump to the first step."""
        self.replay_controller.to_start()

    def action_replay_end(self) -> None:
        """Jump to the last step."""
        self.replay_controller.to_end()

    def action_replay_speed(self, direction: int) -> None:
        """Play faster (`direction` 1) or slower (-1)."""
        self.replay_controller.change_speed(direction)

    def action_replay_stage(self, direction: int) -> None:
        """Jump to the next (1) or previous (-1) step where the room moved to a stage."""
        self.replay_controller.to_stage_change(direction)

    def action_replay_decision(self, direction: int) -> None:
        """Jump to the next (1) or previous (-1) step where the team agreed something."""
        self.replay_controller.to_decision(direction)

    def action_replay_branch(self) -> None:
        """Start a new editable session from the step shown; the replayed file is untouched."""
        self.replay_controller.branch()

    def on_timeline_bar_seek(self, message: TimelineBar.Seek) -> None:
        """Show the step the viewer clicked on the scrub bar."""
        self.replay_controller.seek(message.step)

    def watch_session(self, old: Session | None, session: Session | None) -> None:
        # Which keys show depends on whether a session is open (and on replaying), not on its
        # content: refreshing bindings rebuilds the footer, too slow to do on every keystroke.
        if (old is None) != (session is None) or self.replaying:
            self.refresh_bindings()

    # -- keys over dialogs and the palette (`OverlayKeys` does the work) ---------------------------

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

    def action_hold_palette_paging(self) -> None:
        """Ignore PageUp or PageDown that reach the palette before its list is laid out.

        Textual's own list would raise `KeyError` then (a paging key typed right after
        ctrl+p); once the list is on screen, `check_action` lets the key through to it.
        """
