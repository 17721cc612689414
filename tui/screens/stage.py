"""The frame every stage screen shares (the map from stage ids to screens is `registry`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Label, Static

from tui.actions import STAGE_EDITING_ACTIONS
from tui.forming import Forming, forming_app
from tui.widgets.chrome import Agenda, HintLabel, KeysFooter, PromptsPanel, StatusBar

if TYPE_CHECKING:
    from sessions.model import Session

MIN_WIDTH = 60
MIN_HEIGHT = 18


class TooSmall(Static):
    """Shown instead of the layout when the terminal is too small to use."""

    DEFAULT_CSS = """
    TooSmall { display: none; width: 100%; height: 100%; content-align: center middle;
               text-align: center; }
    """

    def on_mount(self) -> None:
        self.update(f"Make the terminal larger: Forming needs at least {MIN_WIDTH} x {MIN_HEIGHT}.")


class FormingScreen(Screen[Any]):
    """A full screen that swaps its layout for a clear message when the terminal is too small."""

    @property
    def forming(self) -> Forming:
        """The app, as screens see it (attributes down: see `tui.forming`)."""
        return forming_app(self)

    WIDTH_CLASSES: ClassVar[tuple[tuple[int, str], ...]] = (
        (0, "-tight"),
        (90, "-narrow"),
        (110, "-normal"),
        (150, "-wide"),
    )
    """The class the screen takes from the terminal's width, by the least width for each: the
    agenda narrows below 110 columns (and drops its timeboxes below 90) and shows stage titles
    on one line from 150 (set here rather than by Textual's breakpoints, which only a resize
    applies, not a screen pushed later)."""

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "-too-small")
        fitting = [name for least, name in self.WIDTH_CLASSES if width >= least][-1:]
        for _least, name in self.WIDTH_CLASSES:
            self.set_class(name in fitting, name)

    def on_mount(self) -> None:
        # A screen pushed after the terminal's last resize gets no Resize event of its own,
        # so it measures the terminal when it arrives and whenever it comes back to the top.
        self._fit(*self.app.size)

    def on_screen_resume(self) -> None:
        self._fit(*self.app.size)
        # Back from a dialog that may have made the session editable (saving a copy of a
        # read-only one): lines of guidance that name keys say so again.
        for hint in self.query(HintLabel):
            hint.sync()

    first_size: Size | None = None
    """The size of the screen's first layout."""
    terminal_resized = False
    """Whether the terminal has had another size since this screen's first layout."""

    def on_resize(self, event: Resize) -> None:
        self._fit(*event.size)
        laid_out_at = self.region.size
        if not laid_out_at:
            return  # not laid out yet: Textual's layout is the first one
        self.first_size = self.first_size or laid_out_at
        if event.size != laid_out_at or event.size != self.first_size:
            # A real resize (a screen under a dialog is laid out for it before its own Resize
            # arrives: the size then differs from its first one only).
            self.terminal_resized = True
        elif not self.terminal_resized:
            # On its way to the first key the screen is already laid out at this size: Textual
            # sends a screen a Resize after its own first layout, and hands on the terminal's
            # first size report even when nothing changed; each laid out and drew the whole
            # screen again (about 10 ms on a stage; docs/performance.md). After a real resize
            # the layouts Textual adds are left alone: the role-mapping panel's second drawing
            # relies on them (tests/tui/test_roles_layout.py).
            event.prevent_default()


class ViewBinding(Binding):
    """A stage key that only changes what is shown (or writes the charter), never the session.

    A mark for the reader: what decides is the action's tag in `tui.actions`' table (a test
    checks that the two agree, and that every stage key's action is in the table).
    """


class StageScreen(FormingScreen):
    """A stage of the workshop: status bar, agenda, the stage's own body, prompts and footer.

    Subclasses compose their body in `compose_body` and redraw it in `show_session`, which runs
    on mount and after every change to the session.
    """

    STAGE_ID: ClassVar[str] = ""
    HELP_TEXT: ClassVar[str] = ""
    """What the stage's own keys do, for the help screen."""
    MAIN_KEYS: ClassVar[tuple[str, ...]] = ()
    """The actions of the stage's keys the footer keeps longest when short of room, most
    wanted first (after Help); the stage's other keys follow in the order they are bound."""
    _heading: tuple[str, str] | None = None
    """The title and goal shown."""
    _drawn_frozen: bool | None = None
    """Whether the session could not be changed when the body was last drawn."""

    @property
    def frozen(self) -> bool:
        """Whether the session on screen cannot be changed here (read-only or replayed)."""
        return self.forming.frozen

    def _fit(self, width: int, height: int) -> None:
        super()._fit(width, height)
        width_class = next(name for _least, name in self.WIDTH_CLASSES if self.has_class(name))
        self.query_one(Agenda).fit(width_class)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the stage's editing keys while the session cannot be changed (`tui.actions`)."""
        return not (action in STAGE_EDITING_ACTIONS and self.frozen)

    def compose(self) -> ComposeResult:
        from tui.widgets.timeline import TimelineBar  # a stage's own: not on the home path

        # The classes that hide the agenda and the prompts, and the terminal's size classes,
        # are set before the widgets exist: set once they are mounted, each class that changes
        # restyles the whole screen (about 10 ms each; `on_mount` then finds them set).
        FormingScreen._fit(self, *self.app.size)
        self._agenda_shown(self.forming.show_agenda)
        self._prompts_shown(self.forming.show_prompts)
        yield TooSmall()
        yield StatusBar(id="status")
        with Horizontal(id="frame"):
            yield Agenda(id="agenda")
            with Vertical(id="body"):
                yield Label("", id="stage-title", markup=False)
                yield Label("", id="stage-goal", markup=False)
                yield from self.compose_body()
        yield PromptsPanel(id="prompts")
        yield TimelineBar(id="timeline")
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        """Compose the stage's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        app = self.forming
        # Measured before the first drawing of the session (this runs before the frame's own
        # `on_mount`): the agenda lays its lines out for the width it is about to have.
        self._fit(*self.app.size)
        # Textual watches a DOM node: the app itself (`self.app`), whose reactives `Forming`
        # declares.
        self.watch(self.app, "session", self._session_changed, init=False)
        self.watch(self.app, "save_state", lambda _: self.refresh_timer(), init=False)
        app.timer_changed.subscribe(self, lambda _: self.refresh_timer(), immediate=True)
        self.watch(self.app, "show_agenda", self._agenda_shown, init=True)
        self.watch(self.app, "show_prompts", self._prompts_shown, init=True)
        self.set_interval(1.0, self.refresh_timer)
        if app.session is not None:
            self._session_changed(app.session)
        self.focus_body()

    def focus_body(self) -> None:
        """Put the focus on the stage's main widget, at once: `self.set_focus(widget)`.

        Not `widget.focus()`, which leaves it to a later turn of the app's queue: the screen's
        first frame then showed the agenda focused (Textual's first focusable widget), and the
        whole screen was laid out and drawn again for the focus.
        """

    def _agenda_shown(self, shown: bool) -> None:
        self.set_class(not shown, "-no-agenda")

    def _prompts_shown(self, shown: bool) -> None:
        self.set_class(not shown, "-no-prompts")

    @property
    def shown_stage(self) -> str:
        """The id of the stage this screen shows (read-only, not always the room's stage)."""
        own = getattr(self, "stage_id", None) or self.STAGE_ID
        if own:
            return own
        session = self.forming.session
        return session.session.stage if session is not None else ""

    def _session_changed(self, session: Session | None) -> None:
        if session is None or not self.is_attached:
            return
        shown = self.shown_stage
        stage = session.stage(shown)
        heading = (stage.title, stage.goal) if stage else ("", "")
        if heading != self._heading:  # an update lays the screen out again: only on change
            self._heading = heading
            self.query_one("#stage-title", Label).update(heading[0])
            self.query_one("#stage-goal", Label).update(heading[1])
        self.query_one(Agenda).show(session, shown)
        self.query_one(PromptsPanel).show(session, shown)
        self.refresh_timer()
        self._drawn_frozen = self.frozen
        self.show_session(session)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        # Saving a copy of a read-only session makes it editable: the body's guidance names
        # its keys again (drawn as the session stands; nothing else changed).
        if self._drawn_frozen is not None and self._drawn_frozen != self.frozen:
            self._session_changed(self.forming.session)

    def show_session(self, session: Session) -> None:
        """Redraw the stage's body for `session`."""

    def ask_before_leaving(self, leave: Callable[[], None]) -> bool:
        """Ask the facilitator something before the room leaves this stage, if need be.

        Return `True` when a question was asked: `leave` is then called only if the answer
        is to go on. By default nothing needs asking.
        """
        return False

    def focus_item(self) -> tuple[str, Content] | None:
        """The highlighted item whole, for the room's focus view: what it is, and its content.

        `None` when nothing is highlighted (or the stage has no items).
        """
        return None

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands the stage offers beyond its keys, for the palette (`tui.commands` lists
        them with the app's). The keys the footer shows are offered from the screen's own
        bindings (`tui.commands.stage_key_commands`): never list a key here again.

        None by default.
        """
        return ()

    def refresh_timer(self) -> None:
        """Redraw the status bar."""
        app = self.forming
        if app.session is None or not self.is_attached:
            return
        self.query_one(StatusBar).show(
            app.session, app.timer.state(), app.save_state, self.shown_stage
        )

    @property
    def session(self) -> Session:
        """The live session (a stage screen only exists while one is open)."""
        session = self.forming.session
        assert session is not None
        return session

    def change(self, type_: str, data: dict[str, Any]) -> bool:
        """Record a change to the session through the app."""
        return self.forming.change(type_, data)


class TalkStageScreen(StageScreen):
    """A stage the room talks through rather than fills in (the check-in's reading stages,
    a pack's discussion stages): what it agrees becomes an action at once (`a`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "add_action",
            "Add action",
            tooltip="Agree an action about what is on screen, with an owner and a due date",
            id="talk-add-action",
        )
    ]

    async def action_add_action(self) -> None:
        """Agree an action about what the room is talking through (the app's own form)."""
        # A key of the screen's own, so it leaves the footer while the session is read-only.
        await self.run_action("app.add_action")


def changes(values: dict[str, Any]) -> dict[str, Any]:
    """Turn a form's values into an `updated` event's data: empty values are unset."""
    data: dict[str, Any] = {"set": {k: v for k, v in values.items() if v is not None}}
    unset = [k for k, v in values.items() if v is None]
    if unset:
        data["unset"] = unset
    return data


def present(values: dict[str, Any]) -> dict[str, Any]:
    """Drop a form's empty optional values, so nothing is stored as an empty placeholder."""
    return {key: value for key, value in values.items() if value is not None}


def role_steps() -> list[Binding]:
    """The keys that move to the next and previous role, shared by the per-role stages."""
    return [
        ViewBinding(
            "n",
            "next_role",
            "Next role",
            tooltip="Move on to the next role",
            id="next-role",
        ),
        ViewBinding(
            "p",
            "previous_role",
            "Prev role",
            show=False,
            tooltip="Go back to the previous role",
            id="previous-role",
        ),
    ]
