"""The Forming app: the Textual side, handing each key, message and request to its controller.

`FormingApp` holds what is on screen (the `session` reactive, set only by `show_state`) and owns
one controller per job, each a plain class taking a small Protocol of the app: the open
session and its saves (`sessions`), the start (`start_control`), stage navigation (`stages`),
the edits (`edits`), the timer, replay, the room, and the keys that wait (`history_keys`,
`overlay_keys`). What is left here is Textual's: the key table, `check_action`, the
`action_*` and message handlers, and the `Forming` members screens read, each forwarding to
the controller that does the work. Two base classes hold the rest, one job each: when a key
reaches its action (`tui.key_flow`), and the `Forming` members about the open session
(`tui.session_members`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.reactive import var
from textual.signal import Signal

from tui.actions import APP_ACTIONS, REPLAY_ACTIONS, action_name, allowed
from tui.edits import EditControl
from tui.history_keys import HistoryKeys
from tui.key_flow import KeyFlowApp
from tui.keys import APP_BINDINGS
from tui.overlay_keys import OverlayKeys
from tui.room.mode import RoomControl
from tui.session_control import SessionControl
from tui.session_members import SessionMembersApp
from tui.stage_control import StageControl
from tui.start_control import StartControl
from tui.timer_control import TimerControl
from tui.toasts import ToastCap

if TYPE_CHECKING:
    from textual.command import Provider

    # The home screen's first frame needs none of these: they load pydantic, so they are
    # imported where they are used (see docs/performance.md).
    from content.schema import Pack
    from sessions.model import Session
    from sessions.replay import Replay
    from tui.replay_keys import ReplayKeys
    from tui.replay_mode import ReplayController
    from tui.timer import StageTimer
    from tui.widgets.chrome import Agenda
    from tui.widgets.timeline import TimelineBar


def _collect_from_now() -> None:
    """Start the garbage collector again, leaving out every object made so far.

    The start-up (Textual, pydantic, the session's state) makes hundreds of thousands of
    objects that live as long as the app; with the collector paused they were all still
    young, and its first full pass walked them all just after the first frame, delaying the
    first key (about 65 ms of CPU for the typical session; issue #16). They sit out
    collections from now on, as a session's history does once read (`gc.freeze`); closing
    the session or the app gives them back (`gc.unfreeze`).
    """
    gc.freeze()
    gc.enable()


def _palette_provider() -> type[Provider]:
    """The command palette's provider, imported when the palette first opens: the home
    screen's first frame does not need it (Textual takes a callable in `COMMANDS`)."""
    from tui.commands import FormingCommands

    return FormingCommands


class FormingApp(ToastCap, KeyFlowApp, SessionMembersApp):
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
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_palette_provider}
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
        css_path: list[str | PurePath] = list(self.CSS_PATH)
        if opened is not None:
            from tui.screens.registry import stage_stylesheets

            # The first screen is that stage's: its rules are read with the app's, so showing
            # it does not parse the whole stylesheet a second time (as for the home screen).
            css_path += stage_stylesheets(opened[0].session.stage)
        super().__init__(css_path=css_path)
        self.start = start
        self.start_path = path
        self.folder = folder
        self.pack_source = pack_source
        self.sessions = SessionControl(self)
        """Opens, shows, closes and saves the session (its `host`: file, lock, live session)."""
        self.room = RoomControl(self)
        """The room: opened to participants' own devices on the facilitator's word (F9)."""
        self.timer_control = TimerControl(self)
        """The stage timer: its keys, and the time spent logged in the session."""
        self.timer_changed: Signal[None] = Signal(self, "timer-changed")
        """Published when the timer is started, paused, reset or given another timebox."""
        self.save_note = ""
        """What the facilitator was last told about a save that worked (a backup not kept)."""
        self.history_keys = HistoryKeys(self)
        """Keys pressed while the history is read, which wait for it."""
        self.overlay_keys = OverlayKeys(self)
        """The app's keys pressed over a dialog or the palette, which wait in line."""
        self._replay_controller: ReplayController | None = None
        self._replay_keys: ReplayKeys | None = None
        self.stages = StageControl(self)
        """Moves the room between stages, and the app home."""
        self.edits = EditControl(self)
        """Records the room's changes, undo and redo, and the items any stage adds."""
        self.start_control = StartControl(
            self,
            theme=theme,
            read_only=read_only,
            team=team,
            session=session,
            follow_from=follow_from,
            opened=opened,
        )
        """Shows the first screen the command line asked for; keeps the pack and the theme."""

    # -- start-up (`StartControl` shows the first screen) ---------------------------------------

    def start_theme(self, name: str) -> None:
        """Start in the theme `name` (one the app knows), before the stylesheet is first read.

        Set as a theme is set while the app runs, Textual's watcher has the whole stylesheet
        read again on the app's first turn: about 5 ms of CPU before the first frame, for
        nothing, since nothing is styled yet (docs/performance.md, "Start-up, fourth round").
        A theme as dark as Textual's default, and like it in not using the terminal's own
        colours, needs nothing else the watcher does (the terminal's colour filter and the
        dark or light mode class are already right): the value is set as Textual documents
        `set_reactive` for `App.theme`, with the theme's class, and its colours go to the
        stylesheet before it is read. Any other theme is set the usual way.
        """
        theme, default = self.get_theme(name), self.current_theme
        if theme is None or (theme.dark, theme.ansi) != (default.dark, default.ansi):
            self.theme = name
            return
        self.set_reactive(App.theme, name)
        self.set_class(True, f"-theme-{name}", update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    def on_unmount(self) -> None:
        # The app is ending: give what `SessionControl.take_history` froze back to the collector.
        gc.unfreeze()

    def on_mount(self) -> None:
        self.sessions.ui_thread = threading.get_ident()
        # `launch` pauses the garbage collector for the start-up; it runs again from the
        # first frame on, past what the start-up made (see `_collect_from_now`).
        self.call_after_refresh(_collect_from_now)
        # Not here: Textual shows nothing while the app mounts, and a screen pushed now has its
        # first whole frame dropped, so the terminal got only the lines that changed after it
        # (the status bar came a frame or two later). Just after, the first frame is whole.
        self.call_next(self.start_control.show_first_screen)
        self.theme_changed_signal.subscribe(self, self.start_control.remember_theme)

    @property
    def replay_controller(self) -> ReplayController:
        """Steps, plays and scrubs through a replayed session (`forming replay`).

        Made on first use, like `replay_keys`: the home screen's first frame needs neither
        (a stage screen's timeline asks for it as it mounts)."""
        if self._replay_controller is None:
            from tui.replay_mode import ReplayController

            self._replay_controller = ReplayController(self)
        return self._replay_controller

    @property
    def replay_keys(self) -> ReplayKeys:
        """What the replay's keys do to the replay on screen."""
        if self._replay_keys is None:
            from tui.replay_keys import ReplayKeys

            self._replay_keys = ReplayKeys(self.replay_controller)
        return self._replay_keys

    @property
    def pack(self) -> Pack | None:
        """The content pack for new sessions and suggestions, or `None` if it failed to load."""
        return self.start_control.pack

    # -- the session on screen, and closing it (opening and saving: `SessionMembersApp`) ---------

    def home_if_bare(self) -> None:
        """Show the home screen when nothing else is (a session from the command line failed)."""
        self.stages.home_if_bare()

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
        if self._replay_controller is not None:
            self._replay_controller.leave()
        self.sessions.close()

    def show_stage(self, stage_id: str) -> None:
        """Show the screen for `stage_id`, replacing the stage screen on top, if any."""
        self.stages.show(stage_id)

    def go_home(self, *, asked: bool = False) -> None:
        """Close the session and return to the home screen (asking first if work is unsaved)."""
        self.stages.home(asked=asked)

    # -- changing the session --------------------------------------------------------------------

    def change(self, type_: str, data: dict[str, Any]) -> bool:
        """Record a change to the session; say why when it cannot be made. Returns success."""
        return self.edits.change(type_, data)

    def change_many(self, changes: list[tuple[str, dict[str, Any]]]) -> bool:
        """Record several changes as one the room can undo at once; all or none are made."""
        return self.edits.change_many(changes)

    # -- stage timer (the timer controller does the work) ---------------------------------------

    @property
    def timer(self) -> StageTimer:
        """The timer of the stage on screen (the status bar and the big timer read it)."""
        return self.timer_control.timer

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

    # -- stages (the stage controller does the work) -----------------------------------------------

    def stage_here(self) -> str:
        """The stage on screen: read-only it may be another than the room's (never in a live
        session, where moving to a stage moves the room)."""
        return self.stages.here()

    def enter_stage(self, stage_id: str) -> None:
        """Move the room to `stage_id` (the palette's "Go to stage")."""
        self.stages.enter(stage_id)

    def on_agenda_stage_chosen(self, event: Agenda.StageChosen) -> None:
        """A stage chosen in a stage screen's agenda: the room moves there (a message up)."""
        self.stages.enter(event.stage_id)

    def action_next_stage(self) -> None:
        """Move to the next stage of the agenda."""
        self.stages.next()

    def action_previous_stage(self) -> None:
        """Move back to the previous stage of the agenda."""
        self.stages.previous()

    def action_jump_stage(self) -> None:
        """Pick any stage and go there."""
        self.stages.pick()

    # -- edits (the edit controller does the work) -------------------------------------------------

    def action_undo(self) -> None:
        """Undo the last change."""
        self.edits.undo()

    def action_redo(self) -> None:
        """Redo the change just undone."""
        self.edits.redo()

    def action_add_action(self) -> None:
        """Agree an action from any stage, with an owner and a due date if the room has them."""
        self.edits.add_action()

    def action_park(self) -> None:
        """Park an off-topic item for the wrap-up, from any stage."""
        self.edits.park()

    # -- other keys --------------------------------------------------------------------------------

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
        from tui.save_copy import save_now

        save_now(self)

    def action_export(self) -> None:
        """Write the team's charter (or another export) beside the session file."""
        from tui.dialogs.export import ask_for_export

        ask_for_export(self)

    def action_save_copy(self) -> None:
        """Save the session in another folder or file, which Forming then saves to."""
        from tui.save_copy import ask_for_copy

        ask_for_copy(self)

    async def action_quit(self) -> None:
        """Save and quit; if the latest changes cannot be saved, ask first."""
        from tui.save_copy import unsaved_asked

        if unsaved_asked(self, self._quit_now):
            return
        self._quit_now()

    def _quit_now(self) -> None:
        self.close_session()
        self.exit(0)

    def action_room(self) -> None:
        """Open the room; on the room panel, close it; elsewhere, show the panel."""
        self.room.act()

    def action_focus_view(self) -> None:
        """Show the stage's highlighted item alone and whole, for the room."""
        self.stages.focus_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether an app key works now, by the action table (`tui.actions`): the session's
        keys need one open, editing keys a session that can be changed, replay keys a replay
        (with the stage on top and no field being typed in)."""
        if action == "hold_palette_paging":
            return self.overlay_keys.palette_not_laid_out()
        if not self.may_run(action):
            return False
        if action in REPLAY_ACTIONS and not self.replay_keys.work():
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

    # -- replay (the replay controller and its keys do the work) -----------------------------------

    @property
    def replay(self) -> Replay | None:
        """The replay on screen, or `None` when not replaying (or while it is being built)."""
        return None if self._replay_controller is None else self._replay_controller.replay

    @property
    def replaying(self) -> bool:
        """Whether a replay is on screen, built or still being built."""
        return self._replay_controller is not None and self._replay_controller.replaying

    def action_replay_play(self) -> None:
        """Play the replay one step at a time, or pause it."""
        self.replay_keys.play()

    def action_replay_step(self, delta: int) -> None:
        """Show the step `delta` steps away."""
        self.replay_keys.step_by(delta)

    def action_replay_start(self) -> None:
        """Jump to the first step."""
        self.replay_keys.to_start()

    def action_replay_end(self) -> None:
        """Jump to the last step."""
        self.replay_keys.to_end()

    def action_replay_speed(self, direction: int) -> None:
        """Play faster (`direction` 1) or slower (-1)."""
        self.replay_keys.change_speed(direction)

    def action_replay_stage(self, direction: int) -> None:
        """Jump to the next (1) or previous (-1) step where the room moved to a stage."""
        self.replay_keys.to_stage_change(direction)

    def action_replay_decision(self, direction: int) -> None:
        """Jump to the next (1) or previous (-1) step where the team agreed something."""
        self.replay_keys.to_decision(direction)

    def action_replay_branch(self) -> None:
        """Start a new editable session from the step shown; the replayed file is untouched."""
        self.replay_keys.branch()

    def on_timeline_bar_seek(self, message: TimelineBar.Seek) -> None:
        """Show the step the viewer clicked on the scrub bar."""
        self.replay_controller.seek(message.step)

    def watch_session(self, old: Session | None, session: Session | None) -> None:
        # Which keys show depends on whether a session is open (and on replaying), not on its
        # content: refreshing bindings rebuilds the footer, too slow to do on every keystroke.
        if (old is None) != (session is None) or self.replaying:
            self.refresh_bindings()

    # -- keys over the palette (`OverlayKeys`; `KeyFlowApp` puts keys in line) --------------------

    def action_hold_palette_paging(self) -> None:
        """Ignore PageUp or PageDown that reach the palette before its list is laid out.

        Textual's own list would raise `KeyError` then (a paging key typed right after
        ctrl+p); once the list is on screen, `check_action` lets the key through to it.
        """
