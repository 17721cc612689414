"""The frame around every stage: the status bar, the agenda sidebar and the prompts panel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.timer import TimerState
from tui.widgets.lists import SafeOptionList

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


AGENDA_TITLE_WIDTH = 21
"""Characters of a stage's title that fit in the agenda beside its mark and timebox."""


def _changed(widget: Widget, shown: object) -> bool:
    """Whether `shown` differs from what `widget` shows now, remembering it if so.

    Every session change redraws the frame; updating a widget with what it already shows
    would lay the whole screen out again, which on a large session costs more than a
    keystroke may.
    """
    if getattr(widget, "_forming_shown", None) == shown:
        return False
    widget._forming_shown = shown  # type: ignore[attr-defined]
    return True


class StatusBar(Horizontal):
    """Team and stage on the left; timer and save state on the right, always in view."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $foreground; }
    StatusBar > #status-where {
        width: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    StatusBar > #status-timer { width: auto; padding: 0 1; }
    StatusBar > #status-save { width: auto; padding: 0 1; }
    StatusBar.-warn > #status-timer { background: $warning 40%; text-style: bold; }
    StatusBar.-urgent > #status-timer { background: $warning 70%; text-style: bold; }
    StatusBar.-over > #status-timer { background: $error 60%; text-style: bold; }
    StatusBar.-save-failed > #status-save { background: $error 60%; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="status-where")
        yield Static(id="status-timer")
        yield Static(id="status-save")

    def show(self, session: Session, timer: TimerState, save_state: str) -> None:
        """Redraw with the session's team and stage, the timer and the save state."""
        stages = session.stages
        ids = [s.id for s in stages]
        current = session.session.stage
        stage = session.stage(current)
        number = ids.index(current) + 1 if current in ids else 0
        title = stage.title if stage else current
        for level in ("warn", "urgent", "over"):
            self.set_class(timer.level == level, f"-{level}")
        self.set_class(save_state == "failed", "-save-failed")
        where = self.query_one("#status-where", Static)
        if _changed(where, (session.session.team, number, len(stages), title)):
            where.update(
                Content.assemble(
                    (session.session.team, "bold"), " · ", f"{number}/{len(stages)} ", title
                )
            )
        clock = self.query_one("#status-timer", Static)
        before = getattr(clock, "_forming_shown", None)
        if _changed(clock, str(timer)):
            # The clock ticks every second; its width rarely changes, and only then does the
            # screen need laying out again.
            resized = before is None or cell_len(before) != cell_len(str(timer))
            clock.update(str(timer), layout=resized)
        saved = self.query_one("#status-save", Static)
        if _changed(saved, save_state):
            saved.update(SAVE_STATES.get(save_state, save_state))


class Agenda(SafeOptionList):
    """The agenda: done, current and upcoming stages with their timeboxes. Enter jumps."""

    DEFAULT_CSS = """
    Agenda {
        width: 30; height: 1fr; border: none; border-right: tall $panel;
        background: $surface; padding: 0;
    }
    Agenda:focus { border: none; border-right: tall $primary; }
    """

    @dataclass
    class StageChosen(Message):
        """The facilitator chose a stage in the agenda."""

        agenda: Agenda
        stage_id: str

        @property
        def control(self) -> Agenda:
            return self.agenda

    def show(self, session: Session) -> None:
        """Redraw the agenda for `session`."""
        current = session.session.stage
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
            minutes = f"{stage.timebox_min:>3}m"
            title = f"{index + 1}. {stage.title}"
            if len(title) > AGENDA_TITLE_WIDTH:
                title = title[: AGENDA_TITLE_WIDTH - 1] + "…"
            label = Content.assemble(
                f"{mark} ", (f"{title:<{AGENDA_TITLE_WIDTH}}", style), (minutes, "dim")
            )
            options.append(Option(label, id=stage.id))
        shown = (current, [(s.id, s.title, s.done, s.timebox_min) for s in session.stages])
        if _changed(self, shown):
            self.clear_options()
            self.add_options(options)
        self.highlighted = highlight

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

    def show(self, session: Session) -> None:
        """Redraw with the current stage's goal and prompts."""
        stage = session.stage(session.session.stage)
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
        wanted = self._texts[bool(getattr(self.screen, "frozen", False))]
        if wanted != self._shown:
            self._shown = wanted
            self.update(wanted)


class EmptyState(HintLabel):
    """A line that tells the room what to do when a list is empty."""

    DEFAULT_CSS = """
    EmptyState { color: $text-muted; padding: 1 2; width: 100%; }
    """


def compose_nothing() -> ComposeResult:
    """Compose no widgets (for stages with nothing extra to show)."""
    yield from ()


class KeysFooter(Footer):
    """Textual's footer, rebuilt at most once a frame.

    The footer builds a widget per key whenever the screen's keys may have changed, and
    opening a session says so several times (the screen arrives, takes focus, gets its
    session). Each rebuild styles a widget per key; it is skipped when the keys are the same.
    """

    _rebuild_pending = False
    _shown: tuple[tuple[str, str, str, bool], ...] | None = None
    """The keys the footer shows now, to tell a rebuild that would change nothing."""

    def bindings_changed(self, screen: Screen) -> None:
        # As Textual's own, but a rebuild already waiting for the next frame takes this one in.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        shown = tuple(
            (key, active.binding.action, active.binding.description, active.enabled)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show
        )
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
