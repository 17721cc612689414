"""What the replay's keys do: play and pause, step, jump, change the speed, branch.

The keys themselves are in the app's key table (`tui.keys`, `REPLAY_BINDINGS`); the app's
`action_replay_*` hand them here. Each works on the replay the app's `ReplayController` shows;
pressed while its steps are still being built, a key waits for them (`deferred`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sessions.errors import SessionFileError
from tui.stage_control import shown_stage
from tui.widgets.timeline import speed_words

if TYPE_CHECKING:
    from tui.replay_mode import ReplayController

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
"""Playback speeds: steps per second."""


class ReplayKeys:
    """The replay's keys, on the replay the app shows; the app owns one (`app.replay_keys`)."""

    def __init__(self, player: ReplayController) -> None:
        self.player = player

    def play(self) -> None:
        """Play the replay one step at a time, or pause it."""
        if self.player.deferred(self.play):
            return
        replay = self.player.replay
        if replay is None:
            return
        if self.player.playing:
            self.player.stop_playing()
            return
        if self.player.step >= len(replay):
            self.player.seek(1)
        self.player.playing = True
        self.player.start_timer()

    def step_by(self, delta: int) -> None:
        """Show the step `delta` steps away."""
        if self.player.deferred(self.step_by, delta):
            return
        if self.player.replay is not None:
            self.player.seek(self.player.step + delta)

    def to_start(self) -> None:
        """Jump to the first step."""
        if self.player.deferred(self.to_start):
            return
        self.player.seek(1)

    def to_end(self) -> None:
        """Jump to the last step."""
        if self.player.deferred(self.to_end):
            return
        if self.player.replay is not None:
            self.player.seek(len(self.player.replay))

    def change_speed(self, direction: int) -> None:
        """Play faster (`direction` 1) or slower (-1)."""
        if self.player.deferred(self.change_speed, direction):
            return
        if self.player.replay is None:
            return
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self.player.speed))
        index = max(0, min(len(SPEEDS) - 1, index + direction))
        self.player.speed = SPEEDS[index]
        if self.player.playing:
            self.player.start_timer()
        self.player.tell(f"Replay speed {speed_words(self.player.speed)}")

    def to_stage_change(self, direction: int) -> None:
        """Jump to the next (1) or previous (-1) step where the room moved to a stage."""
        if self.player.deferred(self.to_stage_change, direction):
            return
        replay = self.player.replay
        if replay is None:
            return
        if direction > 0:
            step = replay.next_stage_change(self.player.step)
            missing = "The room stays on this stage to the end of the replay."
        else:
            step = replay.previous_stage_change(self.player.step)
            missing = "This is the start of the replay."
        if step is None:
            # No move recorded that way (a hand-written file has no timeline): show the
            # neighbouring stage of the agenda as it stood, so every stage can still be seen.
            if not self.player.browse_next(direction):
                self.player.tell(missing)
            return
        self.player.seek(step)

    def to_decision(self, direction: int) -> None:
        """Jump to the next (1) or previous (-1) step where the team agreed something."""
        if self.player.deferred(self.to_decision, direction):
            return
        replay = self.player.replay
        if replay is None:
            return
        if direction > 0:
            step = replay.next_decision(self.player.step)
            missing = "No more agreements after this step."
        else:
            step = replay.previous_decision(self.player.step)
            missing = "No agreements before this step."
        if step is None:
            self.player.tell(missing)
            return
        self.player.seek(step)

    def branch(self) -> None:
        """Start a new editable session from the step shown; the replayed file is untouched."""
        from sessions.replay import branch_session
        from sessions.store import create_session_file, sessions_folder

        if self.player.deferred(self.branch):
            return
        replay = self.player.replay
        app = self.player.app
        if replay is None:
            return
        step = self.player.step
        branch = branch_session(replay.state_at(step), original=replay.session)
        try:
            path, lock, _ = create_session_file(branch, sessions_folder(app.folder))
        except (SessionFileError, OSError) as error:
            app.notify(
                str(error),
                title="Cannot branch the session",
                severity="error",
                markup=False,
                timeout=20,
            )
            return
        self.player.leave()
        app.show_session(branch, path, lock=lock)
        app.notify(
            f"A new session branched from step {step}: {path.name}. "
            "You are editing it now; the replayed file is unchanged.",
            title="Branched",
            markup=False,
            timeout=10,
        )

    def work(self) -> bool:
        """Whether the replay's keys work now: a stage on top, and no field being typed in.

        (Whether the app is replaying at all is the action table's rule, `tui.actions`.)
        """
        app = self.player.app
        if shown_stage(app.screen) is None:
            return False
        from textual.widgets import Input, TextArea  # not before replaying: TextArea is heavy

        return not isinstance(app.focused, Input | TextArea)
