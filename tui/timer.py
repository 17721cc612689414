"""The stage timer: counts time on a stage against its timebox, with a clock that can be faked."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_TIMEBOX_MIN = 180
WARN_FRACTION = 0.20
URGENT_FRACTION = 0.05


@dataclass(frozen=True)
class TimerState:
    """What the timer shows: time left or over, and how urgent that is, in words and a symbol."""

    remaining_s: int
    """Seconds left in the timebox; negative when over."""
    level: str
    """`ok`, `warn` (20% or less left), `urgent` (5% or less left) or `over`."""
    running: bool
    """Whether the timer is counting."""

    @property
    def symbol(self) -> str:
        """A symbol for the level, so urgency is never told by colour alone."""
        return {"ok": "◷", "warn": "◔", "urgent": "◕", "over": "●"}[self.level]

    @property
    def clock(self) -> str:
        """Time left as `m:ss`, or time over as `+m:ss`."""
        seconds = abs(self.remaining_s)
        text = f"{seconds // 60}:{seconds % 60:02d}"
        return f"+{text}" if self.remaining_s < 0 else text

    @property
    def words(self) -> str:
        """A plain description of the level."""
        return {
            "ok": "left",
            "warn": "left, wrap up",
            "urgent": "left, nearly up",
            "over": "over",
        }[self.level]

    def __str__(self) -> str:
        paused = "" if self.running else " ‖ paused"
        return f"{self.symbol} {self.clock} {self.words}{paused}"

    def forms(self) -> tuple[str, str, str, str]:
        """The timer as `str` tells it, then shorter forms for a bar short of room.

        The level's extra words go first ("left, wrap up" becomes "left": the symbol still
        tells the level), then "left"/"over" (the clock's sign tells them), then "paused" (the
        "‖" still tells it): `◔ 1:00 left, wrap up ‖ paused`, `◔ 1:00 left ‖ paused`,
        `◔ 1:00 ‖ paused`, `◔ 1:00 ‖`.
        """
        paused = "" if self.running else " ‖ paused"
        short = "over" if self.level == "over" else "left"
        return (
            str(self),
            f"{self.symbol} {self.clock} {short}{paused}",
            f"{self.symbol} {self.clock}{paused}",
            f"{self.symbol} {self.clock}{'' if self.running else ' ‖'}",
        )


@dataclass
class StageTimer:
    """Time spent on the current stage, against its timebox in minutes."""

    timebox_min: int
    spent_s: float = 0.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    _started: float | None = field(default=None, repr=False)

    @property
    def running(self) -> bool:
        """Whether the timer is counting."""
        return self._started is not None

    def elapsed(self) -> int:
        """Seconds spent on the stage, including the current run."""
        run = self.clock() - self._started if self._started is not None else 0.0
        return int(self.spent_s + run)

    def start(self) -> None:
        """Start counting, if not already."""
        if self._started is None:
            self._started = self.clock()

    def pause(self) -> None:
        """Stop counting, keeping the time spent."""
        if self._started is not None:
            self.spent_s += self.clock() - self._started
            self._started = None

    def toggle(self) -> None:
        """Start when paused, pause when running."""
        if self.running:
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        """Set the time spent back to zero and pause."""
        self._started = None
        self.spent_s = 0.0

    def add_minutes(self, minutes: int) -> None:
        """Lengthen (or with a negative number shorten) the timebox, within 1 to 180 minutes."""
        self.timebox_min = max(1, min(MAX_TIMEBOX_MIN, self.timebox_min + minutes))

    def state(self) -> TimerState:
        """Return what the timer shows now."""
        total = self.timebox_min * 60
        remaining = total - self.elapsed()
        if remaining < 0:
            level = "over"
        elif remaining <= total * URGENT_FRACTION:
            level = "urgent"
        elif remaining <= total * WARN_FRACTION:
            level = "warn"
        else:
            level = "ok"
        return TimerState(remaining_s=remaining, level=level, running=self.running)
