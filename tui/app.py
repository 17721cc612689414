"""The Forming app: holds the live session, saves it after every change, moves between stages."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen

from sessions.errors import FileChanged, SessionFileError, SessionInUse
from tui.replay_mode import REPLAY_BINDINGS, ReplayMode
from tui.room.mode import ROOM_BINDINGS, RoomMode
from tui.themes import DEFAULT_THEME, THEMES
from tui.timer import StageTimer
from tui.toasts import ToastCap

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

    # The home screen's first frame needs none of these: they load pydantic, so they are
    # imported where they are used (see docs/performance.md).
    from content.schema import Pack
    from sessions.live import LiveSession
    from sessions.model import Event, Session
    from sessions.store import FileStamp, SessionLock


SAVE_AFTER_FRAME_S = 0.1
"""The longest an autosave waits for the frame showing its change before it starts anyway."""
AFTER_TYPED_AT_MOST_S = 2.0
"""The longest a key pressed over a dialog waits for the keys typed before it (`after_typed`)."""
HISTORY_AFTER_FRAME_S = 1.0
"""The longest reading a session's history waits for its first frame before it starts anyway."""


@dataclass
class _History:
    """A session's history being read in a worker while its state is already on screen."""

    path: Path
    data: bytes = field(repr=False)
    """The file's content, as read for the state shown."""
    state: Session = field(repr=False)
    """The state shown, read from `data`."""
    read_only: bool
    done: threading.Event = field(default_factory=threading.Event)
    result: tuple[Session, bool] | SessionFileError | None = field(default=None, repr=False)
    _claim: threading.Lock = field(default_factory=threading.Lock)

    def claim(self) -> bool:
        """Return `True` to the first caller only: it reads the history, others wait for it."""
        return self._claim.acquire(blocking=False)


class FormingApp(RoomMode, ReplayMode, ToastCap, App[int]):
    """Forming in the terminal: home, the workshop's stages, and the facilitation controls."""

    TITLE = "Forming"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
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
        self._live: LiveSession | None = None
        self._history: _History | None = None
        self._ui_thread = threading.get_ident()
        self.session_path: Path | None = None
        self.read_only = False
        self.timer = StageTimer(timebox_min=10)
        self._lock: SessionLock | None = None
        self._save_lock = threading.Lock()
        self._saved_revision = 0
        self._pack: Pack | None = None
        self.last_save_error: str = ""
        self.file_changed = False
        """Whether the last save was refused because another program changed the file."""
        self.save_note = ""
        """What the facilitator was last told about a save that worked (a backup not kept)."""
        self._disk_stamp: FileStamp | None = None
        self._keys_for_history: list[events.Key] = []
        """Keys pressed while the history was still being read, in order (see `on_event`)."""
        self._queued_keys: deque[str] = deque()
        """App keys pressed over a dialog or the palette, waiting their turn (`run_action`)."""
        self._quit_question: Screen[Any] | None = None
        """The "quit and lose what was typed?" dialog, while it is open."""
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
        gc.unfreeze()  # the app is ending: give what `_take_history` froze back to the collector

    def on_mount(self) -> None:
        self._ui_thread = threading.get_ident()
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
            self.open_replay(self.start_path, opened=opened)
            return
        if self.start in ("open", "demo") and self.start_path is not None:
            # The first frame is the session itself. The home screen is made only when the
            # facilitator goes there (`go_home`).
            opened, self.start_opened = self.start_opened, None  # not kept: it can be megabytes
            self.open_session(self.start_path, read_only=self.start_read_only, opened=opened)
            return
        from tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.start == "new" and self.follow_from is not None:
            self.call_after_refresh(self.start_follow_up, self.follow_from, self.start_team)
        elif self.start == "new":
            self.call_after_refresh(self.screen.action_new_session, self.start_team)
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
        """Open the session at `path` for editing (or read-only) and show its saved stage.

        The current state is shown at once; the history (thousands of events in a long
        session) is read and checked in a worker, and `live` waits for it, so nothing is
        changed or saved before the whole file has been read. `opened` is what `read_state`
        gave for `path`, when the caller read it already.
        """
        from sessions.store import SessionLock, read_state
        from tui.dialogs.confirm import ConfirmDialog

        path = Path(path)
        lock = None
        if not read_only:
            lock = SessionLock(path)
            try:
                lock.acquire()
            except SessionFileError as error:

                def answer(read_only_ok: bool | None) -> None:
                    if read_only_ok:
                        self.open_session(path, read_only=True)
                    self._home_if_bare()

                in_use = isinstance(error, SessionInUse)
                # Only a lock held elsewhere is "another window"; a folder or a link where the
                # lock file goes, or a disk without locks, is named as what it is.
                self.push_screen(
                    ConfirmDialog(
                        f"{path.name} is open in another Forming window, so it cannot be "
                        "edited here. Open it read-only?"
                        if in_use
                        else f"{error}. Open it read-only?",
                        title="Session in use" if in_use else "Cannot edit the session",
                        yes="Open read-only",
                        no="Cancel",
                    ),
                    answer,
                )
                return
        try:
            state, data = opened if opened is not None else read_state(path)
        except SessionFileError as error:
            if lock is not None:
                lock.release()
            self.notify(
                str(error),
                title="Cannot open the session",
                severity="error",
                markup=False,
                timeout=20,
            )
            self._home_if_bare()
            return
        self.show_session(state, path, lock=lock, read_only=read_only)
        self._history = _History(path, data, state, read_only)
        drawn = threading.Event()
        self.call_after_refresh(drawn.set)
        self._read_history(self._history, drawn)

    def _home_if_bare(self) -> None:
        """Show the home screen when nothing else is (a session from the command line failed)."""
        if len(self.screen_stack) <= 1:
            from tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    # A description of its own: by default Textual describes a worker by the repr of its
    # arguments, and this one's are the file's megabytes and the whole state.
    @work(thread=True, group="history", description="read the session's history")
    def _read_history(self, history: _History, drawn: threading.Event) -> None:
        """Read the history in the background, then hand it to the UI thread."""
        from sessions.store import prepare_to_save

        # After the first frame: until then reading would only slow the frame down.
        drawn.wait(HISTORY_AFTER_FRAME_S)
        if not history.claim():
            return  # the UI thread needed it first and read it itself
        self._load_history(history)
        with contextlib.suppress(Exception):
            self.call_from_thread(self._take_history, history)
        if isinstance(history.result, tuple) and not history.read_only:
            prepare_to_save(history.result[0])

    @staticmethod
    def _load_history(history: _History) -> None:
        """Read and check the whole file and fold its timeline; never raises."""
        from sessions.store import open_for_editing, parse_history

        try:
            if history.read_only:
                session = parse_history(history.data, history.state, history.path)
                history.result = (session, False)
            else:
                history.result = open_for_editing(history.path, history.data, history.state)
        except SessionFileError as error:
            history.result = error
        except Exception as error:  # a message, never a traceback
            history.result = SessionFileError(f"the file could not be read ({error})")
        history.done.set()

    def _take_history(self, history: _History | None = None) -> None:
        """Put the session read by `_read_history` in place of the state shown (UI thread)."""
        pending = self._history
        if pending is None or (history is not None and pending is not history):
            return
        if pending.claim():
            self._load_history(pending)  # needed before the worker even started
        pending.done.wait()
        self._history = None
        pending.data = b""  # the worker may outlive this: do not let it hold the file's bytes
        result = pending.result
        if self._keys_for_history:
            self.call_next(self._replay_keys_for_history)
        if isinstance(result, tuple):
            session, imported = result
            from sessions.live import LiveSession

            self._live = LiveSession(session)
            shown = self.session
            if shown is not None and all(
                getattr(session, name) is getattr(shown, name)
                for name in type(session).model_fields
                if name != "timeline"
            ):
                # The very state on screen, now with its history: nothing to draw again.
                self.set_reactive(FormingApp.session, session)
            else:
                self.session = session
            # A full garbage collection walks every object: with a 10,000-event session open
            # that pauses typing for up to 90 ms. The session's objects live until it closes,
            # so they sit out collections until then (`close_session` and `on_unmount` undo it).
            gc.freeze()
            if imported and not pending.read_only:
                self.notify(
                    "The file was changed outside Forming; its contents were taken in as they are.",
                    title="Session imported",
                    markup=False,
                )
                self.request_save()
            return
        # The history is broken: let go of the session without ever saving what was shown.
        error = result if isinstance(result, SessionFileError) else SessionFileError("unknown")
        error.path = error.path or pending.path
        self._live = None
        self.session_path = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self.start in ("open", "demo") and self.start_path == pending.path:
            from rich.text import Text

            # Opened from the command line: leave with the message, as for a broken state.
            self.exit(return_code=1, message=Text(str(error)))
            return
        self.notify(
            str(error), title="Cannot open the session", severity="error", markup=False, timeout=20
        )
        self.go_home()

    async def on_event(self, event: events.Event) -> None:
        # Keys pressed while a long session's history is still being read wait for it, in
        # order, with "Reading history" in the status bar: handled now, the first key that
        # changed anything waited for the whole read on the UI thread, and the app froze.
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and self._history is not None
            and threading.get_ident() == self._ui_thread
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
    def history_pending(self) -> bool:
        """Whether the open session's history is still being read (its state is on screen)."""
        return self._history is not None

    @property
    def live(self) -> LiveSession | None:
        """The session being edited, with undo and redo, its whole history read in.

        While a session's history is still being read, the first use on the UI thread waits
        for it; from another thread there is no live session until then.
        """
        if self._history is not None:
            if threading.get_ident() != self._ui_thread:
                return None
            self._take_history()
        return self._live

    @live.setter
    def live(self, live: LiveSession | None) -> None:
        self._history = None
        self._live = live

    def start_follow_up(self, previous_path: Path, team: str | None = None) -> None:
        """Start a follow-up of the session at `previous_path` in a new file and open it.

        The earlier file is only read. The follow-up gets its own readable file name in the
        sessions folder, is locked before it is first written, and the facilitator is told
        what was carried over.
        """
        from sessions.followup import carried_over, follow_up
        from sessions.store import create_session_file, read_session, sessions_folder

        try:
            previous = read_session(previous_path)
            # The check-in agenda comes from the pack in use (the bundled one by default).
            checkin = self.pack.checkin if self.pack is not None else ()
            session = follow_up(
                previous,
                pack=self.pack if self.pack_source else None,
                team=team,
                checkin=checkin,
            )
            path, lock, _ = create_session_file(session, self.folder or sessions_folder())
        except (SessionFileError, OSError) as error:
            self.notify(
                str(error),
                title="Cannot start the follow-up",
                severity="error",
                markup=False,
                timeout=20,
            )
            return
        self.show_session(session, path, lock=lock)
        agenda = ""
        if checkin:
            minutes = sum(stage.timebox_min for stage in session.stages)
            agenda = f" It runs the check-in: {len(session.stages)} stages, {minutes} minutes."
        self.notify(
            f"Follow-up of {previous.session.team}, saved as {path.name}. "
            + carried_over(previous, session).sentence()
            + agenda,
            title="Follow-up started",
            markup=False,
            timeout=20,
        )

    def show_session(
        self,
        session: Session,
        path: Path,
        *,
        lock: SessionLock | None = None,
        read_only: bool = False,
        save_now: bool = False,
    ) -> None:
        """Make `session` the live session and show its current stage."""
        from sessions.live import LiveSession
        from sessions.store import file_stamp

        self.close_session()
        self.live = LiveSession(session)
        self.session_path = path
        self._lock = lock
        self.read_only = read_only
        self._saved_revision = 0
        self._disk_stamp = file_stamp(path)
        self.last_save_error, self.file_changed = "", False
        self.save_state = "read-only" if read_only else "saved"
        self.session = session
        self._reset_timer()
        self.show_stage(session.session.stage)
        if save_now:
            self.request_save()

    def close_session(self) -> None:
        """Save and let go of the open session, if any."""
        self.close_room_now()
        self.leave_replay()
        if self.live is None:
            return
        self._log_timer()
        self.flush_save()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.live = None
        self.session_path = None
        gc.unfreeze()

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
        self.session = None
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
        if self.live is None:
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
            self.live.change(type_, data)
        except EventError as error:
            self.notify(f"That change was not made: {error}", severity="error", markup=False)
            return False
        self.session = self.live.session
        self.request_save()
        return True

    def change_many(self, changes: list[tuple[str, dict[str, Any]]]) -> bool:
        """Record several changes as one the room can undo at once; all or none are made."""
        if not changes:
            return False
        if self.live is None or self.read_only:
            return self.change(*changes[0])  # which says why nothing can be changed
        from sessions.events import EventError

        try:
            self.live.change_many(changes)
        except EventError as error:
            self.notify(f"That change was not made: {error}", severity="error", markup=False)
            return False
        self.session = self.live.session
        self.request_save()
        return True

    def request_save(self) -> None:
        """Save the live session in the background, soon."""
        if self.live is None or self.read_only or self.session_path is None:
            return
        self.save_state = "saving"
        drawn = threading.Event()
        self.call_after_refresh(drawn.set)
        self._save_in_background(drawn)

    @work(thread=True, group="autosave")
    def _save_in_background(self, drawn: threading.Event | None = None) -> None:
        # Let the frame that shows the change go out first: a save of a long session holds
        # the GIL for milliseconds at a time and would otherwise slow that frame down.
        if drawn is not None:
            drawn.wait(SAVE_AFTER_FRAME_S)
        self._save_latest(from_thread=True)

    def _save_latest(self, *, from_thread: bool) -> None:
        from sessions.store import save_session

        problem: Exception | None = None
        with self._save_lock:
            live, path = self.live, self.session_path
            if live is None or path is None:
                return
            revision, session = live.revision, live.session
            if revision > self._saved_revision or self.save_state == "failed":
                try:
                    self._disk_stamp = save_session(session, path, expected=self._disk_stamp)
                    self._saved_revision = revision
                except Exception as error:  # told, and the work kept in memory: never a crash
                    problem = error
        # Tell the UI thread only after letting go of the lock: it may be waiting for it.
        notice = (self._save_done,) if problem is None else (self._save_failed, problem)
        if from_thread:
            self.call_from_thread(*notice, revision)
        else:
            notice[0](*notice[1:], revision)

    def _save_done(self, revision: int) -> None:
        from tui.save_copy import tell_save_note

        self.last_save_error, self.file_changed = "", False
        tell_save_note(self, self._disk_stamp.note if self._disk_stamp else "")
        if self.live is not None and self.live.revision == revision:
            self.save_state = "saved"

    def _save_failed(self, error: Exception, revision: int) -> None:
        from tui.save_copy import save_failure

        if self._saved_revision >= revision and not isinstance(error, FileChanged):
            return  # a later save has saved this revision already
        message, self.file_changed = save_failure(error)
        repeated = message == self.last_save_error
        self.save_state = "failed"
        self.last_save_error = message
        if not repeated:  # the status bar keeps saying NOT SAVED; one notice per cause
            self.notify(message, title="Not saved", severity="error", markup=False, timeout=20)

    def use_saved_copy(self, path: Path, lock: SessionLock, stamp: FileStamp) -> None:
        """Make the copy just saved (and locked) at `path` the file Forming saves to."""
        with self._save_lock:
            if self._lock is not None:
                self._lock.release()
            self.session_path, self._lock, self._disk_stamp = path, lock, stamp
            self._saved_revision = self.live.revision if self.live is not None else 0
        self.read_only = False
        self.last_save_error, self.file_changed = "", False
        self.save_state = "saved"
        self.refresh_bindings()  # the editing keys come back

    def _overwrite(self) -> None:
        """Save over a file another program changed, as the facilitator chose."""
        self._disk_stamp = None
        self.last_save_error = ""
        self.flush_save()

    def flush_save(self) -> None:
        """Save now, on this thread, waiting for any save under way."""
        if self.live is None or self.read_only:
            return
        self._save_latest(from_thread=False)

    # -- stage timer -----------------------------------------------------------------------------

    def _reset_timer(self, stage_id: str | None = None) -> None:
        """Set the timer for `stage_id` (by default the room's stage), as it was logged."""
        session = self.session
        if session is None:
            return
        stage = session.stage(stage_id or session.session.stage)
        self.timer = StageTimer(
            timebox_min=stage.timebox_min if stage else 10,
            spent_s=float(stage.spent_s if stage else 0),
        )
        if stage is not None and stage.running_since is not None:
            # Saved while the room's timer ran (a window that ended without pausing it): it
            # keeps counting here, as it does in `forming notes`.
            from sessions.events import now

            self.timer.spent_s += max(0.0, (now() - stage.running_since).total_seconds())
            self.timer.start()

    def _log_timer(self) -> None:
        """Record the time spent on the current stage, when it moved."""
        session = self.session
        if session is None or self.live is None or self.read_only:
            return
        stage = session.stage(session.session.stage)
        if stage is None:
            return
        spent = self.timer.elapsed()
        # Logging also stops the clock `forming notes` runs from `running_since`.
        if spent != stage.spent_s or stage.running_since is not None:
            self.live.change("stage.timed", {"spent_s": {stage.id: spent}})
            self.session = self.live.session

    def _log_timer_started(self) -> None:
        """Record when the stage timer started, so `forming notes` shows it running."""
        session = self.session
        if session is None or self.live is None or self.read_only:
            return
        from sessions.events import now

        stage_id = session.session.stage
        data = {"spent_s": {stage_id: self.timer.elapsed()}, "started": {stage_id: now()}}
        self.live.change("stage.timed", data)
        self.session = self.live.session
        self.request_save()

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
            self.replay_enter_stage(stage_id)
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
        ids = self._stage_ids()
        current = session.session.stage
        data: dict[str, Any] = {"stage": stage_id}
        if not self.read_only:
            data["spent_s"] = {current: self.timer.elapsed()}
            if current in ids and stage_id in ids and ids.index(stage_id) > ids.index(current):
                data["done"] = {current: True}
            if self.change("stage.entered", data):
                self._reset_timer()
                self.show_stage(stage_id)
        else:
            self._reset_timer(stage_id)  # the status bar tells the time of the stage shown
            self.show_stage(stage_id)

    def _enter_stage_if_clear(self, stage_id: str) -> None:
        if self.overlay is None:
            self.enter_stage(stage_id)

    def action_next_stage(self) -> None:
        """Move to the next stage of the agenda."""
        if self.replaying:
            self.action_replay_stage(1)
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
            self.action_replay_stage(-1)
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
        if self.live is None or self.read_only:
            return
        done = self.live.session
        event = self.live.undo()
        if event is None:
            self.notify("Nothing to undo.", markup=False)
            return
        self.session = self.live.session
        self._follow_timebox()
        self.request_save()
        self.notify(f"Undone: {change_words(event, self.live.session, done)}", markup=False)

    def action_redo(self) -> None:
        """Redo the change just undone."""
        if self.live is None or self.read_only:
            return
        before = self.live.session
        event = self.live.redo()
        if event is None:
            self.notify("Nothing to redo.", markup=False)
            return
        self.session = self.live.session
        self._follow_timebox()
        self.request_save()
        self.notify(f"Redone: {change_words(event, before, self.live.session)}", markup=False)

    def _follow_timebox(self) -> None:
        """Give the running timer the stage's timebox again (an undo may have changed it)."""
        session = self.session
        stage = session.stage(session.session.stage) if session is not None else None
        if stage is not None and stage.timebox_min != self.timer.timebox_min:
            self.timer.timebox_min = stage.timebox_min
            self.refresh_timer()

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

    def action_timer_toggle(self) -> None:
        """Start or pause the stage timer."""
        if self.session is None:
            return
        self.timer.toggle()
        if not self.timer.running:
            self._log_timer()
            self.request_save()
        else:
            self._log_timer_started()
        self.refresh_timer()

    def action_timer_plus(self) -> None:
        """Add a minute to the stage's timebox."""
        self._change_timebox(+1)

    def action_timer_minus(self) -> None:
        """Take a minute off the stage's timebox."""
        self._change_timebox(-1)

    def _change_timebox(self, minutes: int) -> None:
        session = self.session
        if session is None:
            return
        self.timer.add_minutes(minutes)
        stage_id = session.session.stage
        last = session.timeline[-1] if session.timeline else None
        live = self.live
        if (
            live is not None
            and not self.read_only
            and live.can_undo
            and last is not None
            and last.type == "stage.updated"
            and last.data.get("id") == stage_id
            and set(last.data.get("set", {})) == {"timebox_min"}
            and not last.data.get("unset")
        ):
            # Pressed again straight after: a run of F6/F7 presses is one change, undone at
            # once. The last change is this stage's timebox, so it is the one undo takes back.
            live.undo()
        self.change(
            "stage.updated", {"id": stage_id, "set": {"timebox_min": self.timer.timebox_min}}
        )
        self.refresh_timer()

    def action_timer_reset(self) -> None:
        """Reset the stage timer to zero."""
        if self.session is None:
            return
        self.timer.reset()
        self._log_timer()
        self.request_save()
        self.refresh_timer()

    def refresh_timer(self) -> None:
        """Redraw the timer on the current screen."""
        refresh = getattr(self.screen, "refresh_timer", None)
        if refresh is not None:
            refresh()

    def action_big_timer(self) -> None:
        """Show the stage timer in big digits."""
        if self.session is None:
            return
        from tui.dialogs.big_timer import BigTimerScreen

        self.push_screen(BigTimerScreen())

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
        if self.live is None:
            return
        if self.read_only:
            self.notify("Read-only: this session is not saved.", markup=False)
            return
        if self.file_changed:
            from tui.save_copy import ask_to_overwrite

            ask_to_overwrite(self, self._overwrite)
            return
        self._log_timer()
        self.last_save_error = ""
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
        if self.live is None or self.read_only:
            return False
        self._log_timer()
        self.flush_save()
        if self.save_state != "failed":
            return False
        from tui.save_copy import ask_to_leave_unsaved

        ask_to_leave_unsaved(self, leave)
        return True

    _SESSION_ACTIONS = frozenset(
        {
            "next_stage",
            "previous_stage",
            "jump_stage",
            "park",
            "undo",
            "redo",
            "timer_toggle",
            "toggle_agenda",
            "toggle_prompts",
            "big_timer",
            "focus_view",
            "timer_minus",
            "timer_plus",
            "timer_reset",
            "save",
            "export",
            "room",
        }
    )

    def action_focus_view(self) -> None:
        """Show the stage's highlighted item alone and whole, for the room (a view: it works
        read-only and in replay too)."""
        from tui.dialogs.focus import FocusView

        item = getattr(self.screen, "focus_item", lambda: None)()
        if item is None:
            self.notify("Highlight an item first: the focus view shows it whole.", markup=False)
            return
        self.push_screen(FocusView(*item))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide and disable the session's keys while no session is open (on the home screen)."""
        if action in self._SESSION_ACTIONS and self.session is None:
            return False
        if action == "hold_palette_paging":
            return self._palette_not_laid_out()
        # ReplayMode: replay keys only while replaying, editing keys never while replaying.
        return super().check_action(action, parameters)

    def watch_session(self, old: Session | None, session: Session | None) -> None:
        # Which keys show depends on whether a session is open (and on replaying), not on its
        # content: refreshing bindings rebuilds the footer, too slow to do on every keystroke.
        if (old is None) != (session is None) or self.replaying:
            self.refresh_bindings()

    # -- keys over dialogs and the palette ---------------------------------------------------------

    _STAGE_KEYS = frozenset(
        {"next_stage", "previous_stage", "jump_stage", "park", "export", "command_palette"}
    )
    """Priority keys that need the stage on top: over a dialog or the palette, it closes first
    (`Dialog.close_for_stage_key`: what was typed is saved, an untouched dialog cancelled)."""
    _WAIT_KEYS = frozenset({"undo", "redo"})
    """Priority keys that would change the session under an open dialog: they wait for it."""
    _QUEUED_KEYS = _STAGE_KEYS | _WAIT_KEYS | {"quit"}
    """Keys that wait in line, in the order typed, while a dialog or the palette is open."""

    @property
    def overlay(self) -> Screen[Any] | None:
        """The dialog or command palette on top of the stage, if any."""
        from textual.screen import ModalScreen

        return self.screen if isinstance(self.screen, ModalScreen) else None

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action; the app's stage keys, undo, redo and ctrl+q pressed over a dialog or
        the palette wait in line (`_handle_queued_key`) instead of acting at once.

        Priority bindings fire whatever is on top, so without this a stage key pushed the next
        stage above an open dialog (burying it with what was typed in it) or the palette.
        """
        name, params = self._app_action(action, default_namespace)
        if (
            name in self._QUEUED_KEYS
            and (self.overlay is not None or self._queued_keys)
            and self.check_action(name, params)
        ):
            self._queued_keys.append(name)
            if len(self._queued_keys) == 1:
                self.after_typed(self._handle_queued_key)
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def on_key(self, event: events.Key) -> None:
        # Typed right after a stage's own key that opens a dialog ("a" on the roster, then the
        # name): those keys went to the stage's controls, which passed them up, unused.
        from tui.dialogs.base import Dialog

        top = self.screen
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
        if target == "app" or (not target and namespace in (None, self)):
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
        target = self.focused or self.screen
        route = list(target.ancestors_with_self)
        ran = False

        def arrive() -> Any:
            nonlocal ran
            if ran:
                return None
            ran = True
            if (self.focused or self.screen) is not target and rounds > 1:
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
        self.set_timer(AFTER_TYPED_AT_MOST_S, arrive)

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
            self.call_after_refresh(self._run_queued_key)
            return
        await self._run_queued_key()

    def _closes_overlay(self, name: str) -> bool:
        return (
            self.overlay is not None
            and name in self._STAGE_KEYS
            and not (name == "command_palette" and self._palette_open())
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
        if self._closes_overlay(name):
            pass  # an answer opened a question of its own: the key gives way to it
        elif name == "quit" and self.overlay is not None:
            self._quit_asking_for_typed()
        elif name in self._WAIT_KEYS and self.overlay is not None:
            self.notify(
                f"Close {self._overlay_name()} first (Enter saves it, Escape cancels it).",
                markup=False,
            )
        elif name != "command_palette" or not self._palette_open():
            await super().run_action(name)

    def close_overlays(self) -> bool:
        """Close every dialog and the palette over the stage, each in its defined way.

        Returns `False` (and says why) when one stays open: a form with a problem in what was
        typed shows it and keeps it.
        """
        from textual.command import CommandPalette

        from tui.dialogs.base import Dialog

        while (top := self.overlay) is not None:
            if isinstance(top, CommandPalette):
                # Its search text is not work: closed as Escape closes it.
                self.post_message(CommandPalette.Closed(option_selected=False))
                top.dismiss()
            elif isinstance(top, Dialog):
                if not top.close_for_stage_key():
                    self.notify(
                        f"Finish or cancel {top.title_for_message} first: "
                        "Enter saves it, Escape cancels it.",
                        severity="warning",
                        markup=False,
                    )
                    return False
            else:
                self.pop_screen()
        return True

    def _overlay_name(self) -> str:
        from tui.dialogs.base import Dialog

        top = self.overlay
        return top.title_for_message if isinstance(top, Dialog) else "the command palette"

    def _quit_asking_for_typed(self) -> None:
        """Quit, but ask first while a dialog holds something typed and not saved."""
        from tui.dialogs.base import Dialog
        from tui.dialogs.confirm import ConfirmDialog

        if self._quit_question is not None and self.screen is self._quit_question:
            self._quit_question.dismiss(True)  # ctrl+q again over the question: yes
            return
        typed = [s for s in self.screen_stack if isinstance(s, Dialog) and s.has_typed()]
        if not typed:
            self.call_next(self.action_quit)
            return

        def answer(leave: bool | None) -> None:
            self._quit_question = None
            if leave:
                self.call_next(self.action_quit)

        self._quit_question = ConfirmDialog(
            f"What was typed in {typed[-1].title_for_message} is not saved yet. "
            "Quit anyway and lose it?",
            title="Quit without saving what was typed?",
            yes="Quit",
            no="Go back",
        )
        self.push_screen(self._quit_question, answer)

    def _palette_open(self) -> bool:
        from textual.command import CommandPalette

        return isinstance(self.screen, CommandPalette)

    def _palette_not_laid_out(self) -> bool:
        """Whether the palette is on top with its list not yet on screen (see `laid_out`)."""
        from textual.command import CommandList

        from tui.widgets.lists import laid_out

        if not self._palette_open():
            return False
        lists = self.screen.query(CommandList)
        return not lists or not laid_out(lists.first())

    def action_hold_palette_paging(self) -> None:
        """Ignore PageUp or PageDown that reach the palette before its list is laid out.

        Textual's own list would raise `KeyError` then (a paging key typed right after
        ctrl+p); once the list is on screen, `check_action` lets the key through to it.
        """

    # -- command palette ---------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.session is not None:
            for index, stage in enumerate(self.session.stages):
                yield SystemCommand(
                    f"Go to stage {index + 1}: {palette_text(stage.title)}",
                    palette_text(stage.goal) or "Move the room to this stage",
                    lambda stage_id=stage.id: self.enter_stage(stage_id),
                )
            for binding in self.BINDINGS:
                if (
                    isinstance(binding, Binding)
                    and binding.action not in ("quit", "help", "hold_palette_paging")
                    and self.in_palette(binding.action)
                ):
                    yield SystemCommand(
                        f"{binding.description} ({binding.key})",
                        binding.tooltip or binding.description,
                        lambda action=binding.action: self.run_action(action),
                    )
            if not self.read_only:
                yield SystemCommand(
                    "Add an action",
                    "Agree an action with an owner and a due date, from any stage",
                    self.action_add_action,
                )
            if not self.replaying:
                from tui.save_copy import SAVE_COPY_TITLE, ask_for_copy

                yield SystemCommand(
                    SAVE_COPY_TITLE,
                    "Save the session in another folder or file; Forming then saves there",
                    lambda: ask_for_copy(self),
                )
            yield SystemCommand(
                "Close session and go home",
                "Save and return to the list of sessions",
                self.go_home,
            )
        yield from self.room_commands()
        yield from getattr(screen, "palette_commands", lambda: ())()


def change_words(event: Event, before: Session, after: Session) -> str:
    """Say what a change did, naming its item: `Eva Novak joined the team (50% available).`

    The replay's words for the event, so undo, redo and replay tell a change alike.
    """
    from sessions.replay import describe_event

    return describe_event(event, before, after) or describe_event_type(event.type)


def palette_text(text: str) -> str:
    """`text` from a session file, made safe for the command palette.

    Textual reads a command's name and help as markup, with no way to pass plain text: a
    stage title or goal such as `[/]` stopped the app. Every opening bracket is escaped, which
    shows every string literally (checked against the hostile strings in the tests).
    """
    return text.replace("[", "\\[")


_EVENT_WORDS = {
    "added": "added",
    "updated": "changed",
    "removed": "removed",
    "moved": "moved",
}


def describe_event_type(event_type: str) -> str:
    """Return a short plain description of an event type, such as `person added`."""
    kind, _, verb = event_type.partition(".")
    return f"{kind} {_EVENT_WORDS.get(verb, verb)}".replace("_", " ")
