"""The frame around every stage: the status bar, the agenda sidebar and the prompts panel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast, runtime_checkable
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from sessions.text import shorten
from tui.actions import action_name
from tui.timer import TimerState
from tui.widgets.lists import SafeOptionList
from tui.widgets.tables import heading

if TYPE_CHECKING:
    from textual.screen import Screen

    from sessions.model import Session

SAVE_STATES = {
    "none": "",
    "saved": "✓ Saved",
    "saving": "… Saving",
    "unsaved": "✎ Not saved yet",
    "read-only": "🔒 Read-only",
    "failed": "✗ NOT SAVED",
    "reading": "… Reading history",
}
"""How each save state is told, in a symbol and words."""


AGENDA_WIDTHS = {"-tight": 19, "-narrow": 23, "-normal": 29, "-wide": 39}
"""The agenda's width, its border included, for each width class of the stage screen
(`FormingScreen.WIDTH_CLASSES`). Set from here rather than in CSS: the agenda lays its lines
out before its first layout, and a width it had to guess drew the first frame of a stage with
its timeboxes wrapped under the titles ("✓ 1. Purpose and setup" over "10m")."""
AGENDA_MINUTES_FROM = 21
"""The agenda shows each stage's timebox from this many cells wide."""


_SHOWN: WeakKeyDictionary[Widget, object] = WeakKeyDictionary()
"""What each widget updated through `_changed` shows, kept beside it rather than on it."""


def _changed(widget: Widget, shown: object) -> bool:
    """Whether `shown` differs from what `widget` shows now, remembering it if so.

    Every session change redraws the frame; updating a widget with what it already shows
    would lay the whole screen out again, which on a large session costs more than a
    keystroke may.
    """
    if _SHOWN.get(widget) == shown:
        return False
    _SHOWN[widget] = shown
    return True


def show_content(static: Static, content: Content) -> None:
    """Show `content` in `static`, doing only what the change needs.

    The same text with the same styles is not shown again, and a new text as tall as the
    old one (at the widget's width) is drawn without laying the screen out again: on a busy
    stage each such layout costs a good part of a keystroke's budget.
    """
    old = static.content
    if isinstance(old, Content) and old.plain == content.plain and old.spans == content.spans:
        return
    width = static.content_region.width
    same_height = (
        isinstance(old, Content)
        and width > 0
        # Textual annotates `rules` as its RulesMap TypedDict, but documents and itself passes
        # a widget's styles (Widget._get_box_model does), which read the same by `.get`.
        and old.get_height(static.styles, width)  # type: ignore[arg-type]
        == content.get_height(static.styles, width)  # type: ignore[arg-type]
    )
    static.update(content, layout=not same_height)


def hanging(label: Content, value: Content, width: int) -> Content:
    """`label` then `value`, the value's wrapped lines indented under its first line.

    A hanging indent keeps a wrapped value clear of the labels below one another (Textual has
    no CSS for it). `width` is the cells the line may take; without room to indent (a widget
    not laid out yet, or narrower than the label and a few words) the widget wraps as usual.
    """
    indent = label.cell_length
    room = width - indent
    if room < 12 or value.cell_length <= room:
        return label + value
    return label + Content("\n" + " " * indent).join(value.wrap(room))


def say_none_yet(node: Any, what: str, how: str = "press a to add one") -> None:
    """Tell the room that a key for the highlighted item found none (the list is empty), and
    what to do instead: on an empty list, Edit, Remove or a dot said nothing at all."""
    node.notify(f"No {what} here yet: {how}.", markup=False)


class HangingText(Static):
    """A Static whose text the screen wraps for its width (`hanging`): it tells the screen
    when that width changes, as hiding the agenda (F2) or the prompts (F3) widens it without
    the terminal being resized, and the lines wrapped for the old width would stay."""

    @dataclass
    class Widened(Message):
        """The text's width changed: wrap it again."""

        text: HangingText
        """The widget whose width changed."""

        @property
        def control(self) -> HangingText:
            return self.text

    wrapped_for = 0
    """The width the text was last wrapped for (a public name of ours: a private one could
    shadow one of Textual's own on the widget)."""

    def on_resize(self) -> None:
        width = self.content_region.width
        if width != self.wrapped_for:
            self.wrapped_for = width
            self.post_message(self.Widened(self))


STAGE_TITLE_MIN = 12
"""The fewest cells the status bar shows a shortened stage title in; with less room it leaves
the title out (the stage's heading shows it below)."""


@dataclass(frozen=True)
class StatusFit:
    """What the status bar shows at a width: the timer's form, the stage title, the team's room."""

    timer: str
    """The timer, in the longest of its forms (`TimerState.forms`) that leaves room."""
    title: str
    """The stage's title: whole, shortened with "…", or empty (left out) when room is short."""
    where_room: int
    """The cells the team name and stage number may take (beyond them they end in "…")."""


def fit_status(width: int, where: str, title: str, timers: Sequence[str], save: str) -> StatusFit:
    """Lay out the status bar's texts in `width` cells, each with its padding.

    The save state is always whole, and so is the timer in one of its forms. The team name
    (typed by the team) comes next: it ends in "…" only when it alone leaves no room. Then the
    stage's title, which the timer's words give way to: the timer takes its shorter forms
    before the title is shortened, and the title is left out only when fewer than
    `STAGE_TITLE_MIN` cells are left for it.
    """
    save_w = cell_len(save) + 2  # each part's padding: one cell either side
    where_w = cell_len(where) + 1  # padded on the left only
    title_w = cell_len(title) + 2
    for form in timers:
        if where_w + title_w + cell_len(form) + 2 + save_w <= width:
            return StatusFit(form, title, width - cell_len(form) - 2 - save_w - 2)
    shortest = timers[-1]
    fixed = cell_len(shortest) + 2 + save_w
    room = width - where_w - fixed - 2
    if room >= min(STAGE_TITLE_MIN, cell_len(title)):
        return StatusFit(shortest, shorten(title, room), width - fixed - 2)
    # No room for the title even shortened: it is left out, and the timer takes back what
    # room it can.
    for form in timers:
        if where_w + cell_len(form) + 2 + save_w + 2 <= width:
            return StatusFit(form, "", width - cell_len(form) - 2 - save_w - 2)
    return StatusFit(shortest, "", width - fixed - 2)


class StatusBar(Horizontal):
    """Team and stage on the left; timer and save state on the right, always in view."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $foreground; }
    StatusBar > #status-where {
        width: auto; padding: 0 0 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    StatusBar > #status-stage { width: 1fr; padding: 0 1; text-wrap: nowrap; }
    StatusBar > #status-timer { width: auto; padding: 0 1; }
    StatusBar > #status-save { width: auto; padding: 0 1; }
    StatusBar.-warn > #status-timer { background: $warning 40%; text-style: bold; }
    StatusBar.-urgent > #status-timer { background: $warning 70%; text-style: bold; }
    StatusBar.-over > #status-timer { background: $error 60%; text-style: bold; }
    StatusBar.-save-failed > #status-save { background: $error 60%; text-style: bold; }
    """

    _texts: tuple[Content, str, tuple[str, ...], str] | None = None
    """What the bar has to show, before fitting: where, the stage title, the timer's forms and
    the save state."""

    def compose(self) -> ComposeResult:
        yield Static(id="status-where")
        # The stage's title, shortened or left out when it does not fit (the stage's heading
        # shows it below).
        yield Static(id="status-stage")
        yield Static(id="status-timer")
        yield Static(id="status-save")

    def show(
        self, session: Session, timer: TimerState, save_state: str, shown: str | None = None
    ) -> None:
        """Redraw with the session's team, the stage `shown` (by default the room's), the timer
        and the save state."""
        stages = session.stages
        ids = [s.id for s in stages]
        current = shown or session.session.stage
        stage = session.stage(current)
        number = ids.index(current) + 1 if current in ids else 0
        title = stage.title if stage else current
        for level in ("warn", "urgent", "over"):
            self.set_class(timer.level == level, f"-{level}")
        self.set_class(save_state == "failed", "-save-failed")
        where = Content.assemble((session.session.team, "bold"), f" · {number}/{len(stages)}")
        self._texts = (where, title, timer.forms(), SAVE_STATES.get(save_state, save_state))
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Show the texts in the forms that fit the bar's width (see `fit_status`)."""
        if self._texts is None or not self.is_attached or not self.children:
            return  # a resize may come before the bar is composed or has anything to show
        where_text, title, timers, save = self._texts
        # Before its first layout the bar has no width yet: it will span the screen.
        width = self.size.width or self.app.size.width
        fit = fit_status(width, where_text.plain, title, timers, save)
        where = self.query_one("#status-where", Static)
        if _changed(where, where_text):
            where.update(where_text)
        if where.styles.max_width is None or where.styles.max_width.value != max(fit.where_room, 0):
            where.styles.max_width = max(fit.where_room, 0)
        stage_title = self.query_one("#status-stage", Static)
        if _changed(stage_title, fit.title):
            stage_title.update(Content(fit.title))
        clock = self.query_one("#status-timer", Static)
        before = _SHOWN.get(clock)
        if _changed(clock, fit.timer):
            # The clock ticks every second; its width rarely changes, and only then does the
            # screen need laying out again.
            resized = not isinstance(before, str) or cell_len(before) != cell_len(fit.timer)
            clock.update(fit.timer, layout=resized)
        saved = self.query_one("#status-save", Static)
        if _changed(saved, save):
            saved.update(save)


class Agenda(SafeOptionList):
    """The agenda: done, current and upcoming stages with their timeboxes. Enter jumps."""

    DEFAULT_CSS = """
    Agenda {
        height: 1fr; border: none; border-right: tall $panel;
        background: $surface; padding: 0;
    }
    Agenda:focus { border: none; border-right: tall $primary; }
    """
    # The stage screen narrows the agenda on small terminals and widens it on large ones,
    # where every default stage title fits on one line (its `-narrow` and `-wide` classes).

    _session: Session | None = None
    _shown_stage: str | None = None
    fitted_width: int = AGENDA_WIDTHS["-normal"]
    """The width `fit` gave the agenda, in cells."""

    def fit(self, width_class: str) -> None:
        """Take the width of the stage screen's `width_class` (see `AGENDA_WIDTHS`)."""
        self.fitted_width = AGENDA_WIDTHS.get(width_class, AGENDA_WIDTHS["-normal"])
        self.styles.width = self.fitted_width

    @dataclass
    class StageChosen(Message):
        """The facilitator chose a stage in the agenda."""

        agenda: Agenda
        stage_id: str

        @property
        def control(self) -> Agenda:
            return self.agenda

    def show(self, session: Session, shown: str | None = None) -> None:
        """Redraw the agenda for `session`, marking the stage `shown` (by default the room's).

        Read-only and in replay the facilitator can look at a stage the room is not on: the
        agenda marks the one on screen, as the status bar names it.
        """
        self._session = session
        self._shown_stage = shown
        current = shown or session.session.stage
        # Before its first layout the agenda has no region yet: its lines take the width it
        # is about to have (less the border on its right).
        width = self.scrollable_content_region.width or self.fitted_width - 1
        # The mark takes two cells and the timebox five: the title wraps between its words
        # in what is left, so the whole of it shows (a word too long for a line is folded).
        # On a tight screen the timeboxes give their room to the titles (the status bar and
        # F1 still tell the time).
        with_minutes = width >= AGENDA_MINUTES_FROM
        title_width = max(width - (7 if with_minutes else 2), 8)
        options = []
        highlight = 0
        for index, stage in enumerate(session.stages):
            if stage.id == current:
                mark, style = "▶", "bold"
                highlight = index
            elif stage.done:
                mark, style = "✓", ""
            else:
                mark, style = "·", "dim"
            minutes = f"{stage.timebox_min:>4}m"
            lines = heading(f"{index + 1}. {stage.title}", title_width).plain.split("\n")
            parts: list[str | tuple[str, str]] = [f"{mark} "]
            for number, line in enumerate(lines):
                padded = line + " " * max(title_width - cell_len(line), 0)
                parts += ["\n  " if number else "", (padded, style)]
                if number == 0 and with_minutes:
                    parts.append((minutes, "dim"))
            options.append(Option(Content.assemble(*parts), id=stage.id))
        drawn = (
            width,
            current,
            [(s.id, s.title, s.done, s.timebox_min) for s in session.stages],
        )
        if _changed(self, drawn):
            self.clear_options()
            self.add_options(options)
        self.highlighted = highlight

    def on_resize(self) -> None:
        if self._session is not None:
            self.show(self._session, self._shown_stage)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.StageChosen(self, event.option.id))


class PromptsPanel(Static):
    """The facilitator's goal and prompts for the stage; hidden unless asked for."""

    DEFAULT_CSS = """
    PromptsPanel {
        height: auto; max-height: 12; border-top: tall $secondary; padding: 0 1;
        background: $surface; overflow-y: auto;
    }
    """

    def show(self, session: Session, shown: str | None = None) -> None:
        """Redraw with the goal and prompts of the stage `shown` (by default the room's)."""
        stage = session.stage(shown or session.session.stage)
        if not _changed(self, (stage.goal, stage.prompts) if stage else None):
            return
        if stage is None:
            self.update("")
            return
        parts: list[Content | str | tuple[str, str]] = [("Facilitator prompts (F3 hides)", "bold")]
        if stage.goal:
            parts += ["\n", ("Goal: ", "bold"), stage.goal]
        for prompt in stage.prompts:
            parts += ["\n• ", prompt]
        if not stage.prompts:
            parts += ["\nNo prompts for this stage."]
        self.update(Content.assemble(*parts))


@runtime_checkable
class ShowsFrozen(Protocol):
    """A screen that says whether the session on it can be changed (`StageScreen` does)."""

    @property
    def frozen(self) -> bool:
        """Whether the session on screen cannot be changed: opened read-only, or replayed."""
        ...


class HintLabel(Label):
    """A line of guidance that names keys, shown without them while nothing can be changed.

    `text` is shown while the session on screen can be changed; `frozen` (when given) while
    it cannot: opened read-only, or replayed. Both are shown exactly as written, never as
    markup. The screen says which applies (its `frozen` property); the line checks when it
    is mounted and whenever its screen comes back to the top (`sync`).
    """

    def __init__(self, text: str, *, frozen: str | None = None, **kwargs) -> None:
        super().__init__(text, markup=False, **kwargs)
        self._texts = (text, text if frozen is None else frozen)
        self._shown = text

    def on_mount(self) -> None:
        self.sync()

    def sync(self) -> None:
        """Show the line that fits whether the session on screen can be changed."""
        screen = self.screen
        wanted = self._texts[isinstance(screen, ShowsFrozen) and screen.frozen]
        if wanted != self._shown:
            self._shown = wanted
            self.update(wanted)


NOT_A_FOLLOW_UP = (
    "This session does not follow up an earlier one, so there is no last time to compare "
    "with. A check-in starts from the command line: forming new --from EARLIER-SESSION.toml"
)
"""What a check-in stage says in a session that has no last time."""


class EmptyState(HintLabel):
    """A line that tells the room what to do when a list is empty."""

    DEFAULT_CSS = """
    EmptyState { color: $text-muted; padding: 1 2; width: 100%; }
    """


def compose_nothing() -> ComposeResult:
    """Compose no widgets (for stages with nothing extra to show)."""
    yield from ()


def _key_width(key: Widget) -> int:
    """The cells a footer key takes: its key and description with their padding."""
    # Footer keys are read by their documented attributes: Textual does not export the class.
    return cell_len(getattr(key, "key_display", "")) + cell_len(getattr(key, "description", "")) + 3


class KeysFooter(Footer):
    """Textual's footer, with its keys in the screen's first frame, rebuilt only for new keys.

    The footer builds a widget per key whenever the screen's keys may have changed, and
    opening a session says so several times (the screen arrives, takes focus, gets its
    session). Each rebuild styles a widget per key; it is skipped when the keys are the same.
    Only public hooks are used (`bindings_changed`, `compose`, `recompose`), so the footer
    follows Textual's across its releases.
    """

    _shown: tuple[tuple[str, str, str, bool], ...] | None = None
    """The keys the footer shows now, to tell a rebuild that would change nothing."""
    _built_for_width = 0
    """The width the keys were last chosen for."""

    LAST_TO_GO: ClassVar[tuple[str, ...]] = (
        "help",
        "",  # the stage's own keys
        "focus_view",
        "next_stage",
        "previous_stage",
        "quit",
    )
    """Which keys the footer keeps longest when short of room, most wanted first: help (it
    lists every key), then the stage's own keys, then these app keys; other app keys go first."""

    def compose(self) -> ComposeResult:
        # Whole keys that do not fit are left out, the least needed first, so no label is cut
        # mid-word; every key stays in F1's help and the command palette.
        widgets = list(super().compose())
        keys = [
            w for w in widgets if hasattr(w, "key_display") and not w.has_class("-command-palette")
        ]
        others = [w for w in widgets if w not in keys]
        for key in keys:
            # Textual's key starts compact and takes the footer's `compact` once mounted, so
            # each key's class was added and taken away again: two restyles a key (about 6 ms
            # for a stage's keys). Given the footer's value first, there is nothing to change.
            # (Textual does not export the key's class: its reactive is reached through it.)
            key.set_reactive(cast(Any, type(key)).compact, self.compact)
        # Before its first layout the footer has no width yet: it will span the screen.
        width = self.size.width or self.app.size.width
        room = width - sum(_key_width(w) for w in others) - 2
        self._built_for_width = width

        # Whose key it is, by where it is bound: a stage may bind a key of its own to an
        # action the app has too (a talk stage's `a`, Add action), and it is the stage's.
        app_actions = {
            active.binding.action
            for active in self.screen.active_bindings.values()
            if active.node is self.app
        }

        # A stage names its main keys (`StageScreen.MAIN_KEYS`): among its own keys they go last.
        main: tuple[str, ...] = getattr(self.screen, "MAIN_KEYS", ())

        def rank(key: Any) -> tuple[int, int]:
            stage = key.action not in app_actions
            action = "" if stage else key.action
            first = action_name(key.action) if stage else ""
            within = main.index(first) if first in main else len(main)
            if action in self.LAST_TO_GO:
                return self.LAST_TO_GO.index(action), within
            return len(self.LAST_TO_GO), within

        kept: set[int] = set()
        used = 0
        for key in sorted(keys, key=rank):  # stable: the footer's order within each rank
            if used + _key_width(key) <= room:
                kept.add(id(key))
                used += _key_width(key)
        yield from (w for w in widgets if w in others or id(w) in kept)

    def on_resize(self) -> None:
        if self.size.width != self._built_for_width and self.is_attached:
            self._shown = None
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen) -> None:
        # Textual's own marks the keys ready and rebuilds the footer after the next frame.
        super().bindings_changed(screen)
        if (
            self._shown is None
            and screen.app.app_focus
            and self.is_attached
            and screen is self.screen
        ):
            # The first keys: built at once, before the screen's first frame. Textual's
            # footer composes empty and builds its keys after that frame, so the keys came
            # a frame late and the whole screen was laid out and rendered again for them
            # (about 100 ms of CPU for the typical session, 170 ms for the large one).
            self.call_next(self.recompose)

    async def recompose(self) -> None:
        """Build the keys again, unless the keys to show and the width are what they were."""
        if not self.is_attached:
            return
        shown = tuple(
            (key, active.binding.action, active.binding.description, active.enabled)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show
        )
        if shown != self._shown:
            self._shown = shown
            await super().recompose()
