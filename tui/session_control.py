"""The app's side of an open session: opening, showing and closing it, its history, its saves.

An object the app owns (`app.sessions`). The file, its lock, the live session and the saves
themselves are the `SessionHost`'s (in `sessions/`, without Textual); this is the Textual
choreography around it: the lock asked for first, the state shown at once and the history read
in a worker after the first frame, saves run in a worker after the frame showing the change,
and what a save did told on the UI thread. It reaches the app only through `SessionApp`, never
`tui.app`; the app keeps the `Forming` members (`open_session`, `show_session`, ...) as
one-line delegates.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from sessions.errors import SessionFileError, SessionInUse
from tui.forming import Forming

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.worker import Worker

    from content.schema import Pack
    from sessions.host import SaveReport, SessionHost
    from sessions.live import LiveSession
    from sessions.model import Session
    from sessions.store import SessionLock
    from tui.timer_control import TimerControl

SAVE_AFTER_FRAME_S = 0.1
"""The longest an autosave, its new file written, waits for the frame showing its change
before it compares the old file and replaces it anyway."""
WHOLE_FILE_ACTIONS = frozenset({"save", "quit", "save_copy", "room", "export"})
"""The app's actions that need the whole file, its history read (they save it, copy it,
close it, or write the charter from it); see `SessionControl.key_waits_for_history`."""
HISTORY_AFTER_FRAME_S = 1.0
"""The longest reading a session's history waits for its first frame before it starts anyway."""
HISTORY_IDLE_S = 0.5
"""How long after its first frame a file that can be changed before its history is read
(`SessionHost.early`) waits for a first change before its history is read anyway."""


@runtime_checkable
class SessionApp(Forming, Protocol):
    """What opening, showing, closing and saving a session need of the app."""

    session: Session | None
    save_state: str
    start: str
    """How the app was started (`open`, `demo`, `new`, `replay`, `home`)."""
    start_path: Path | None
    folder: Path | None
    pack_source: str | None
    timer_control: TimerControl

    @property
    def pack(self) -> Pack | None: ...

    def show_state(self, session: Session | None, *, redraw: bool = True) -> None: ...

    def show_stage(self, stage_id: str) -> None: ...

    def go_home(self, *, asked: bool = False) -> None: ...

    def close_session(self) -> None:
        """Close the room and leave a replay, then save and let go of the session."""

    def home_if_bare(self) -> None:
        """Show the home screen when nothing else is (a session from the command line failed)."""

    def history_taken(self) -> None:
        """Handle next the keys that waited for the history (it is in, or refused)."""

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def call_next(self, callback: Callable[..., Any], *args: Any) -> None: ...

    def run_worker(
        self,
        work: Callable[[], None],
        *,
        name: str,
        group: str,
        description: str,
        thread: bool,
    ) -> Worker[None]: ...

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None: ...

    def set_timer(self, delay: float, callback: Callable[[], Any], *, name: str) -> Any: ...


class SessionControl:
    """Opens, shows and closes the session, reads its history, and saves it in the background."""

    def __init__(self, app: SessionApp) -> None:
        self.app = app
        self.host: SessionHost | None = None
        """The open session's file, lock, live session and saves (`None` on the home screen)."""
        self.ui_thread = threading.get_ident()
        """The thread Textual runs on (set again once the app is mounted)."""
        self._reading: SessionHost | None = None
        """The host whose history a worker has been started for."""

    # -- opening -----------------------------------------------------------------------------------

    def open(
        self,
        path: Path,
        *,
        read_only: bool = False,
        opened: tuple[Session, bytes] | None = None,
    ) -> None:
        """Open the session at `path` for editing (or read-only) and show its saved stage.

        The current state is shown at once; the history (thousands of events in a long
        session) is read and checked in a worker; `wait_for_history` waits for it, so nothing is
        changed or saved before the whole file has been read. `opened` is what `read_state`
        gave for `path`, when the caller read it already.
        """
        from sessions.store import SessionLock, read_state

        app = self.app
        path = Path(path)
        lock = None
        if not read_only:
            lock = SessionLock(path)
            try:
                lock.acquire()
            except SessionFileError as error:
                from tui.dialogs.confirm import ConfirmDialog

                def answer(read_only_ok: bool | None) -> None:
                    if read_only_ok:
                        self.open(path, read_only=True)
                    app.home_if_bare()

                in_use = isinstance(error, SessionInUse)
                # Only a lock held elsewhere is "another window"; a folder or a link where the
                # lock file goes, or a disk without locks, is named as what it is.
                app.push_screen(
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
            app.notify(
                str(error),
                title="Cannot open the session",
                severity="error",
                markup=False,
                timeout=20,
            )
            app.home_if_bare()
            return
        self.show(state, path, lock=lock, read_only=read_only, history=data)
        host = self.host
        if host is None:
            return
        if host.early is None:
            # Every change waits for the history: read it as soon as the first frame is out.
            self.start_history(host)
            return
        # A file that can be changed from its state alone: its history is read once the
        # facilitator's first change is on screen (`editable`), when a key needs the whole
        # file (`key_waits_for_history`), or else after a moment without either; read at
        # once, it shared the interpreter with the first key and its frame
        # (docs/performance.md, "Open to interactive").
        app.call_after_refresh(
            partial(
                app.set_timer,
                HISTORY_IDLE_S,
                partial(self.start_history, host),
                name="read history when idle",
            )
        )

    def start_history(self, host: SessionHost | None = None) -> None:
        """Start reading the open session's history in a worker, once (UI thread).

        The worker waits for the first frame (`HISTORY_AFTER_FRAME_S` at most) before it reads.
        """
        host = host or self.host
        if host is None or host is not self.host or not host.history_pending:
            return
        if self._reading is host:
            return
        self._reading = host
        app = self.app
        drawn = threading.Event()
        app.call_after_refresh(drawn.set)
        # A description of its own: by default Textual describes a worker by the repr of its
        # arguments, and the host's include the file's megabytes and the whole state.
        app.run_worker(
            partial(self._read_history, host, drawn),
            name="read_history",
            group="history",
            description="read the session's history",
            thread=True,
        )

    def follow_up(self, previous_path: Path, team: str | None = None) -> None:
        """Start a follow-up of the session at `previous_path` in a new file and open it.

        The earlier file is only read. The follow-up gets its own readable file name in the
        sessions folder, is locked before it is first written, and the facilitator is told
        what was carried over.
        """
        from sessions.followup import carried_over, follow_up
        from sessions.store import create_session_file, read_session, sessions_folder

        app = self.app
        try:
            previous = read_session(previous_path)
            # The check-in agenda comes from the pack in use (the bundled one by default).
            checkin = app.pack.checkin if app.pack is not None else ()
            session = follow_up(
                previous,
                pack=app.pack if app.pack_source else None,
                team=team,
                checkin=checkin,
            )
            path, lock, _ = create_session_file(session, app.folder or sessions_folder())
        except (SessionFileError, OSError) as error:
            app.notify(
                str(error),
                title="Cannot start the follow-up",
                severity="error",
                markup=False,
                timeout=20,
            )
            return
        self.show(session, path, lock=lock)
        agenda = ""
        if checkin:
            minutes = sum(stage.timebox_min for stage in session.stages)
            agenda = f" It runs the check-in: {len(session.stages)} stages, {minutes} minutes."
        app.notify(
            f"Follow-up of {previous.session.team}, saved as {path.name}. "
            + carried_over(previous, session).sentence()
            + agenda,
            title="Follow-up started",
            markup=False,
            timeout=20,
        )

    def show(
        self,
        session: Session,
        path: Path,
        *,
        lock: SessionLock | None = None,
        read_only: bool = False,
        save_now: bool = False,
        history: bytes | None = None,
    ) -> None:
        """Make `session` the open session and show its current stage.

        With `history` (the file's bytes, `session` being its state without the timeline),
        the whole file is still to be read: see `open`.
        """
        from sessions.host import SessionHost

        app = self.app
        app.close_session()
        self.host = SessionHost(session, path, lock=lock, read_only=read_only, history=history)
        app.save_state = "read-only" if read_only else "saved"
        app.show_state(session)
        app.timer_control.set_for_stage()
        app.show_stage(session.session.stage)
        if save_now:
            self.request_save()

    def close(self) -> None:
        """Save and let go of the open session's file, if any (the app closes the room first)."""
        if self.host is None:
            return
        # Its history first: the time on the stage is logged and saved with it (a broken
        # history closes the session itself, unsaved).
        if self.wait_for_history() is not None:
            self.app.timer_control.log()
            self.flush_save()
        if self.host is not None:
            self.host.close()
            self.host = None
        gc.unfreeze()

    # -- the history -------------------------------------------------------------------------------

    def _read_history(self, host: SessionHost, drawn: threading.Event) -> None:
        """Read the history in the background, then hand it to the UI thread (a worker)."""
        # After the first frame: until then reading would only slow the frame down.
        drawn.wait(HISTORY_AFTER_FRAME_S)
        if not host.read_history():
            return  # the UI thread needed it first and read it itself
        with contextlib.suppress(Exception):
            self.app.call_from_thread(self.take_history, host)
        host.warm_up_saving()

    def take_history(self, host: SessionHost | None = None) -> None:
        """Put the session whose history was read in place of the state shown (UI thread)."""
        app = self.app
        current = self.host
        if current is None or (host is not None and current is not host):
            return
        changed_early = current.early is not None and current.early.revision > 0
        result = current.take_history()
        if result is None:
            return  # taken in already
        app.history_taken()
        if isinstance(result, tuple):
            session, imported = result
            shown = app.session
            # The very state on screen, now with its history: nothing to draw again.
            same = shown is not None and all(
                getattr(session, name) is getattr(shown, name)
                for name in type(session).model_fields
                if name != "timeline"
            )
            app.show_state(session, redraw=not same)
            # A full garbage collection walks every object: with a 10,000-event session open
            # that pauses typing for up to 90 ms. The session's objects live until it closes,
            # so they sit out collections until then (`close` and the app's `on_unmount` undo it).
            gc.freeze()
            if imported and not current.read_only:
                app.notify(
                    "The file was changed outside Forming; its contents were taken in as they are.",
                    title="Session imported",
                    markup=False,
                )
                self.request_save()
            elif changed_early:
                self.request_save()  # the changes made while the history was read
            return
        # The history is broken: let go of the session without ever saving what was shown.
        current.close()
        self.host = None
        if app.start in ("open", "demo") and app.start_path == current.path:
            from rich.text import Text

            # Opened from the command line: leave with the message, as for a broken state.
            app.exit(return_code=1, message=Text(str(result)))
            return
        app.notify(
            str(result), title="Cannot open the session", severity="error", markup=False, timeout=20
        )
        app.go_home()

    @property
    def history_pending(self) -> bool:
        """Whether the open session's history is still being read (its state is on screen)."""
        return self.host is not None and self.host.history_pending

    def key_waits_for_history(self, action: str | None) -> bool:
        """Whether a key bound to `action` (`None`: bound to none) waits in line for the
        history (UI thread).

        Every key does while it is read, unless the file has the mark that lets it be changed
        from its state (`editable`); then only the keys that need the whole file do (saving,
        copying, closing, the room, the charter), rather than wait for it on the UI thread.
        """
        host = self.host
        if host is None or not host.history_pending:
            return False
        if host.early is None:
            return True
        from tui.actions import action_name

        waits = action is not None and action_name(action) in WHOLE_FILE_ACTIONS
        if waits:
            self.start_history(host)  # it waits for the history: read it now
        return waits

    @property
    def live(self) -> LiveSession | None:
        """The session being edited, its whole history read in; never waits."""
        return self.host.live if self.host is not None else None

    @property
    def read_only(self) -> bool:
        """Whether the open session cannot be changed."""
        return self.host is not None and self.host.read_only

    def on_ui_thread(self) -> bool:
        """Whether this runs on the thread Textual runs on."""
        return threading.get_ident() == self.ui_thread

    def wait_for_history(self) -> LiveSession | None:
        """Return the live session, waiting on the UI thread for its history if need be.

        Everything that changes or saves the session calls this first: nothing is changed
        or saved before the whole file has been read and checked. From another thread there
        is no live session until the history is in.
        """
        host = self.host
        if host is not None and host.history_pending:
            if not self.on_ui_thread():
                return None
            self.take_history()
        return self.live

    def editable(self) -> LiveSession | None:
        """Return the session to change now: while the history is read, the one changed on
        the state alone when the file allows it (`SessionHost.early`), else the live session,
        waiting for the history as `wait_for_history` does.

        Only for changes, undo and redo: saving, copying and closing need the whole file, so
        they wait for the history, which then takes these changes in.
        """
        host = self.host
        if host is not None and host.early is not None and self.on_ui_thread():
            # The change is saved only once the history is in: read it just after the frame
            # that shows the change, which then has the interpreter to itself.
            self.app.call_after_refresh(partial(self.start_history, host))
            return host.early
        return self.wait_for_history()

    # -- saving ------------------------------------------------------------------------------------

    def request_save(self) -> None:
        """Save the live session in the background, soon."""
        host = self.host
        if host is not None and host.early is not None:
            # Changed before the history is in: it is saved as soon as the history is taken
            # in (`take_history`), with these changes after it.
            self.app.save_state = "saving"
            return
        if self.wait_for_history() is None or self.read_only or self.host is None:
            return
        self.app.save_state = "saving"
        handled, drawn = threading.Event(), threading.Event()
        self.app.call_next(handled.set)
        self.app.call_after_refresh(drawn.set)
        self.app.run_worker(
            partial(self._save_in_background, self.host, handled, drawn),
            name="save_in_background",
            group="autosave",
            description="save the session",
            thread=True,
        )

    def _save_in_background(
        self, host: SessionHost, handled: threading.Event, drawn: threading.Event
    ) -> None:
        # Begin once the UI thread is done with the change (this thread would otherwise take
        # the interpreter from it for up to its 5 ms switch interval, in the middle of the
        # change's handling), write the new file while the frame that shows the change is
        # drawn (writing and syncing leave the interpreter to the UI thread), and let that
        # frame go out before the rest: comparing the old file and renaming hold the
        # interpreter for milliseconds at a time on a long session.
        handled.wait(SAVE_AFTER_FRAME_S)
        self.save_from_thread(host, partial(drawn.wait, SAVE_AFTER_FRAME_S))

    def save_from_thread(
        self, host: SessionHost | None = None, written_hook: Callable[[], object] | None = None
    ) -> bool:
        """On a worker thread: save the open session now and tell the UI thread how it went.

        Saves wait for each other on the host; the first saves every change made so far.
        Returns whether the file holds the live session as it was when this save began.
        `written_hook` runs once the new file is on disk, before it replaces the old one.
        """
        host = host or self.host
        report = host.save_latest(written_hook) if host is not None else None
        if report is None:
            return False
        self.app.call_from_thread(self.save_reported, host, report)
        return report.error is None

    def save_reported(self, host: SessionHost, report: SaveReport) -> None:
        """Show what a save did (UI thread)."""
        app = self.app
        if host is not self.host:
            return  # a session closed since: its saves are not on screen
        if report.error is None:
            from tui.save_copy import tell_save_note

            saved_latest = host.saved(report.revision)
            tell_save_note(app, host.stamp.note if host.stamp else "")
            if saved_latest:
                app.save_state = "saved"
            return
        from tui.save_copy import save_failure

        message, _changed = save_failure(report.error)
        repeated = message == host.last_error
        if not host.save_failed(report.error, report.revision, message):
            return  # a later save has saved this revision already
        app.save_state = "failed"
        if not repeated:  # the status bar keeps saying NOT SAVED; one notice per cause
            app.notify(message, title="Not saved", severity="error", markup=False, timeout=20)

    def flush_save(self) -> None:
        """Save now, on this thread, waiting for any save under way (and for the history)."""
        host = self.host
        if self.wait_for_history() is None or host is None or host.read_only:
            return
        report = host.save_latest()
        if report is not None:
            self.save_reported(host, report)
