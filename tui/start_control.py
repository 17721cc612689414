"""The app's start: what the command line asked to show first, its pack, and the theme.

An object the app owns (`app.start_control`). `tui.launch` reads the command line and builds
the app with its choices; this shows the first screen they ask for (a session, a replay, the
home screen with a new session or a follow-up on the way), loads the content pack on first
use, and remembers a theme the facilitator picks in the app for the next start. It reaches
the app only through `StartApp`, never `tui.app`.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tui.forming import Forming, ReplayView
from tui.themes import DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from textual.theme import Theme
    from textual.worker import Worker

    from content.schema import Pack
    from sessions.model import Session
    from tui.session_control import SessionControl


@runtime_checkable
class ReplayOpening(ReplayView, Protocol):
    """How the start opens a replay (`ReplayController.open`)."""

    def open(self, path: Path, *, opened: tuple[Session, bytes] | None = None) -> None: ...


@runtime_checkable
class StartApp(Forming, Protocol):
    """What the start needs of the app, beyond what every screen reads (`Forming`)."""

    start: str
    """How the app was started (`open`, `demo`, `new`, `replay`, `home`)."""
    start_path: Path | None
    sessions: SessionControl
    theme: str

    @property
    def replay_controller(self) -> ReplayOpening: ...

    @property
    def available_themes(self) -> dict[str, Theme]: ...

    def register_theme(self, theme: Theme) -> None: ...

    def start_theme(self, name: str) -> None: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...

    def run_worker(
        self, work: Callable[[], None], *, thread: bool, group: str, exit_on_error: bool
    ) -> Worker[None]: ...


class StartControl:
    """Shows the first screen the command line asked for; keeps the pack and the theme."""

    def __init__(
        self,
        app: StartApp,
        *,
        theme: str | None = None,
        read_only: bool = False,
        team: str | None = None,
        session: Session | None = None,
        follow_from: Path | None = None,
        opened: tuple[Session, bytes] | None = None,
    ) -> None:
        self.app = app
        self.read_only = read_only
        """Whether the session given on the command line opens read-only."""
        self.team = team
        """The team named for a new session or a follow-up."""
        self.session = session
        """A session the command line made (not yet on screen), saved at `start_path`."""
        self.follow_from = follow_from
        """The earlier session a new one follows up, if any."""
        self.opened = opened
        """The state and bytes of `path` that the command line already read, if any."""
        self._pack: Pack | None = None
        for known in THEMES:
            app.register_theme(known)
        # Before the app runs, so the stylesheet is read once, with the theme's colours (set
        # once mounted, the theme has every style parsed and applied again). `launch` refuses
        # an unknown theme with the names it knows.
        wanted = theme or DEFAULT_THEME
        app.start_theme(wanted if wanted in app.available_themes else DEFAULT_THEME)
        self._theme_at_start: str | None = app.theme
        """The theme the app started with; cleared once the facilitator picks one in the app."""

    def show_first_screen(self) -> None:
        """Show what the command line asked for (once the app is mounted)."""
        app = self.app
        # After the first frame and off the UI thread: a preferences file that could not be
        # used was ignored without a word (the theme and folder fell back to the defaults).
        app.call_after_refresh(
            partial(
                app.run_worker,
                self._check_preferences,
                thread=True,
                group="preferences",
                exit_on_error=False,
            )
        )
        if app.start == "replay" and app.start_path is not None:
            # The replay's starting step (the file's state) is the first frame; the steps are
            # built in a worker. The home screen is made only when the viewer goes there.
            opened, self.opened = self.opened, None
            app.replay_controller.open(app.start_path, opened=opened)
            return
        if app.start in ("open", "demo") and app.start_path is not None:
            # The first frame is the session itself. The home screen is made only when the
            # facilitator goes there (`go_home`).
            opened, self.opened = self.opened, None  # not kept: it can be megabytes
            app.open_session(app.start_path, read_only=self.read_only, opened=opened)
            return
        from tui.screens.home import HomeScreen

        home = HomeScreen()
        app.push_screen(home)
        if app.start == "new" and self.follow_from is not None:
            app.call_after_refresh(app.sessions.follow_up, self.follow_from, self.team)
        elif app.start == "new":
            app.call_after_refresh(home.action_new_session, self.team)
        elif self.session is not None and app.start_path is not None:
            app.call_after_refresh(app.show_session, self.session, app.start_path)

    @property
    def pack(self) -> Pack | None:
        """The content pack for new sessions and suggestions, or `None` if it failed to load."""
        if self._pack is None:
            from content.loader import PackError, load_pack

            try:
                self._pack = load_pack(self.app.pack_source)
            except PackError as error:
                self.app.notify(
                    str(error),
                    title="Content pack refused",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
                return None
        return self._pack

    def remember_theme(self, theme: Theme) -> None:
        """Remember a theme chosen in the app for the next run (the command line still wins)."""
        if theme.name == self._theme_at_start:
            return  # the theme the app started with, from the command line or the preferences
        self._theme_at_start = None
        self.app.run_worker(
            partial(self._store_theme, theme.name),
            thread=True,
            group="preferences",
            exit_on_error=False,
        )

    def _check_preferences(self) -> None:
        """Say, once, if the preferences file could not be used (on a worker thread)."""
        from sessions.preferences import read_preferences

        problem = read_preferences()[1]
        if problem:
            self.app.call_from_thread(
                self.app.notify,
                problem,
                title="Preferences not used",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def _store_theme(self, name: str) -> None:
        """Write the theme to the preferences (on a worker thread); say if that failed."""
        from sessions.preferences import remember

        problem = remember(theme=name)
        if problem:
            self.app.call_from_thread(self.app.notify, problem, severity="warning", markup=False)
