"""The replay's timeline bar: the step, its time and sentence, play state, and a scrub bar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tui.forming import Forming, forming_app

KEYS_HINT = "space play · , . step · s S stage · d decision · + - speed · b branch"
"""The replay keys, in one line the room can read."""
KEYS_GAP = 2
"""Cells between the replay's position and its keys."""


def keys_that_fit(room: int) -> str:
    """The replay keys whose whole groups fit in `room` cells, the first ones first.

    A key is never shown cut from what it does: the groups that do not fit are left out (F1
    lists them all), rather than the line ending mid-word in "…".
    """
    shown: list[str] = []
    for group in KEYS_HINT.split(" · "):
        if cell_len(" · ".join([*shown, group])) > room:
            break
        shown.append(group)
    return " · ".join(shown)


def speed_words(speed: float) -> str:
    """Return a playback speed as `0.5×`, `1×`, `16×`."""
    return f"{speed:g}×"


class ScrubBar(Widget):
    """The whole replay as a line: done, the current step, what is to come; click to seek.

    Stage changes are marked with `┼` so the room can see where each stage began.
    """

    DEFAULT_CSS = """
    ScrubBar { height: 1; width: 1fr; }
    """

    step: reactive[int] = reactive(1)
    """The step shown, from 1."""
    steps: reactive[int] = reactive(1)
    """How many steps there are."""
    marks: reactive[tuple[int, ...]] = reactive(())
    """The steps where the room moved to a stage."""

    @dataclass
    class Chosen(Message):
        """A step was clicked on the bar."""

        scrub_bar: ScrubBar
        step: int

        @property
        def control(self) -> ScrubBar:
            return self.scrub_bar

    def position_of(self, step: int) -> int:
        """Return the column of `step` on the bar."""
        width = max(self.size.width, 1)
        if self.steps <= 1:
            return 0
        return round((step - 1) * (width - 1) / (self.steps - 1))

    def step_at(self, x: int) -> int:
        """Return the step under column `x`, in proportion to the bar's width."""
        width = max(self.size.width, 1)
        if self.steps <= 1 or width <= 1:
            return 1
        x = max(0, min(width - 1, x))
        return 1 + round(x * (self.steps - 1) / (width - 1))

    def render(self) -> Content:
        width = max(self.size.width, 1)
        here = self.position_of(self.step)
        cells = ["━" if column < here else "─" for column in range(width)]
        for mark in self.marks:
            column = self.position_of(mark)
            if column != here and 0 <= column < width:
                cells[column] = "╋" if column < here else "┼"
        if 0 <= here < width:
            cells[here] = "●"
        return Content("".join(cells))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self.step_at(event.x)))


class TimelineBar(Vertical):
    """Shown at the foot of every stage screen while replaying; hidden otherwise."""

    DEFAULT_CSS = """
    TimelineBar {
        height: auto; background: $panel; padding: 0 1; display: none;
    }
    TimelineBar > #timeline-head { height: 1; }
    TimelineBar #timeline-where { width: auto; text-style: bold; }
    TimelineBar #timeline-keys {
        width: 1fr; color: $text-muted; text-align: right; text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    TimelineBar > #timeline-what { height: auto; max-height: 2; width: 100%; }
    """

    @dataclass
    class Seek(Message):
        """The viewer asked to show another step."""

        timeline: TimelineBar
        step: int

        @property
        def control(self) -> TimelineBar:
            return self.timeline

    @property
    def forming(self) -> Forming:
        """The app, as widgets see it (see `tui.forming`)."""
        return forming_app(self)

    def compose(self) -> ComposeResult:
        with Horizontal(id="timeline-head"):
            yield Static(id="timeline-where")
            yield Static(Content(KEYS_HINT), id="timeline-keys")
        yield Static(id="timeline-what")
        yield ScrubBar(id="timeline-scrub")

    def on_mount(self) -> None:
        self.forming.replay_controller.changed.subscribe(self, self._redraw, immediate=True)
        self._redraw()

    def _redraw(self, _: Any = None) -> None:
        replayer = self.forming.replay_controller
        replay = replayer.replay
        self.display = replayer.replaying
        if replay is None and replayer.replaying:  # still being built
            # The file's state is on screen (the replay's last step) while the steps are
            # built: say so, in the bar's own lines, so nothing moves when they arrive.
            self.query_one("#timeline-where", Static).update(Content("‖ Paused · last step"))
            self.query_one("#timeline-what", Static).update(
                Content("Reading the history… keys pressed now take effect in a moment.")
            )
            scrub = self.query_one(ScrubBar)
            scrub.steps, scrub.marks, scrub.step = 2, (), 2
            self._fit_keys()
            return
        if replay is None or not 1 <= replayer.step <= len(replay):
            return
        step = replayer.step
        state = "▶ Playing" if replayer.playing else "‖ Paused"
        when = replay.at(step).strftime("%Y-%m-%d %H:%M")
        self.query_one("#timeline-where", Static).update(
            Content(
                f"{state} {speed_words(replayer.speed)} · step {step}/{len(replay)} · {when} UTC"
            )
        )
        self.query_one("#timeline-what", Static).update(Content(replay.describe(step)))
        scrub = self.query_one(ScrubBar)
        scrub.steps = len(replay)
        scrub.marks = tuple(replay.stage_changes)
        scrub.step = step
        self._fit_keys()

    def on_resize(self) -> None:
        self._fit_keys()

    def _fit_keys(self) -> None:
        """Show the replay keys that fit beside the position, whole."""
        where = self.query_one("#timeline-where", Static)
        width = self.content_region.width
        room = width - cell_len(str(where.content)) - KEYS_GAP if width else len(KEYS_HINT)
        keys = self.query_one("#timeline-keys", Static)
        shown = keys_that_fit(room)
        if str(keys.content) != shown:
            keys.update(Content(shown), layout=False)

    def on_scrub_bar_chosen(self, event: ScrubBar.Chosen) -> None:
        event.stop()
        self.post_message(self.Seek(self, event.step))
