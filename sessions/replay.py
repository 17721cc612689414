"""Replay: the state of a session at every step of its timeline, and seeking through them.

The words telling each step are the narration's (`sessions.narration`).
"""

from __future__ import annotations

import bisect
import uuid
from datetime import datetime

from sessions import events, narration
from sessions.folding import Folding
from sessions.ids import ids_used
from sessions.kinds import KINDS
from sessions.model import NAME_MAX, Event, Session

CHECKPOINT_EVERY = 100
"""A state is kept every this many steps, so a seek folds at most this many events."""

DECISION_KINDS = {name for name, kind in KINDS.items() if kind.agreement}
"""Collections whose additions and updates are agreements the team made."""

_RECENT = 3
"""How many recently sought states are kept besides the checkpoints."""

# -- the replay ----------------------------------------------------------------------------------


class Replay:
    """Every step of a session's timeline, as states the stage screens can show.

    Step `k` (from 1) is the state after the timeline's first `k` events, folded with the same
    reducer the live app uses. A file with no timeline replays as one step, its own state. A
    file whose timeline does not fold to its state (edited by hand) replays its timeline and
    then one extra step, the file's state as imported. An event that no longer fits is shown
    as a step where nothing changed. A state is kept every `checkpoint_every` steps, so seeking
    anywhere folds fewer than `checkpoint_every` events.
    """

    def __init__(self, session: Session, *, checkpoint_every: int = CHECKPOINT_EVERY) -> None:
        if checkpoint_every < 1:
            raise ValueError("checkpoint_every must be 1 or more")
        self.session = session
        """The session as read from the file."""
        self.events: list[Event] = list(session.timeline)
        """The timeline being replayed."""
        self.checkpoint_every = checkpoint_every
        self.unreplayable: set[int] = set()
        """Steps whose event did not fit the session it met, so nothing changed there."""
        self._checkpoints: dict[int, Session] = {}
        self._stages: list[str] = []
        self._recent: dict[int, Session] = {}
        """The last few states sought, so stepping and describing fold one event at most."""
        self.replayed = self._fold_all()
        """How many steps come from the timeline (0 when it cannot be replayed at all)."""
        final = self._checkpoints.get(self.replayed) if self.replayed else None
        self.matches_file = bool(
            final is not None and not self.unreplayable and events.same_state(final, session)
        )
        """Whether folding the timeline gives exactly the file's state."""
        self.imported_step = not self.matches_file
        """Whether the last step is the file's own state, taken in as it is."""
        if self.imported_step:
            self._stages.append(session.session.stage)
        stages, steps = self._stages, self.events[: self.replayed]
        self._stage_changes = [1] + [
            k
            for k in range(2, len(self) + 1)
            if stages[k - 1] != stages[k - 2]
            or (k <= self.replayed and steps[k - 1].type == "stage.entered")
        ]
        self._decisions = [
            k
            for k, event in enumerate(steps, start=1)
            if _records_agreement(event) and k not in self.unreplayable
        ]

    def _fold_all(self) -> int:
        """Fold the whole timeline once, keeping checkpoints; return how many steps it gave.

        Only the checkpoints are whole states (`Folding.session`); every other step keeps
        just the stage the room was on, which needs no state of its own.
        """
        if not self.events:
            return 0
        folding = Folding()  # `apply` with indexed lookups: linear in the timeline's length
        try:
            folding.advance(self.events[0])
        except Exception:  # the history comes from a file: if it cannot start, the state wins
            return 0
        self._keep(1, folding)
        last = len(self.events)
        every = self.checkpoint_every
        stages = self._stages
        for k in range(2, last + 1):
            try:
                folding.advance(self.events[k - 1])
            except Exception:  # a hand-edited history: show the step, change nothing
                self.unreplayable.add(k)
            if k % every == 0 or k == last:
                self._keep(k, folding)
            else:
                unstamped = folding.unstamped
                assert unstamped is not None  # the first event gave a state
                stages.append(unstamped.session.stage)
        return last

    def _keep(self, step: int, folding: Folding) -> None:
        state = folding.session
        assert state is not None  # the first event gave a state
        self._checkpoints[step] = state
        self._stages.append(state.session.stage)

    def __len__(self) -> int:
        """The number of steps."""
        return self.replayed + (1 if self.imported_step else 0)

    def _check(self, step: int) -> None:
        if not 1 <= step <= len(self):
            raise IndexError(f"step {step} is outside 1..{len(self)}")

    def is_imported(self, step: int) -> bool:
        """Whether `step` is the extra last step: the file's state taken in as it is."""
        return self.imported_step and step == len(self)

    def event_at(self, step: int) -> Event | None:
        """Return the event of `step`, or `None` for the extra imported step."""
        self._check(step)
        return None if self.is_imported(step) else self.events[step - 1]

    def at(self, step: int) -> datetime:
        """Return when `step` happened (UTC); the imported step is the file's last change."""
        event = self.event_at(step)
        return event.at if event is not None else self.session.session.updated_at

    # -- states ----------------------------------------------------------------------------------

    def _folded(self, step: int) -> Session:
        """Return the folded state after `step`, from the nearest checkpoint or recent seek."""
        base = max(1, step - step % self.checkpoint_every)
        state = self._checkpoints[base]
        nearer = [k for k in self._recent if base <= k <= step]
        if nearer:
            base = max(nearer)
            state = self._recent[base]
        folding = Folding(state)
        for k in range(base + 1, step + 1):
            if k not in self.unreplayable:
                folding.advance(self.events[k - 1])
        state = folding.session or state
        self._recent.pop(step, None)
        self._recent[step] = state
        while len(self._recent) > _RECENT:
            del self._recent[next(iter(self._recent))]
        return state

    def state_at(self, step: int) -> Session:
        """Return the session as it stood after `step` (1..len), with its timeline so far."""
        self._check(step)
        if self.is_imported(step):
            return self.session
        return self._folded(step).model_copy(update={"timeline": self.events[:step]})

    def stage_at(self, step: int) -> str:
        """Return the id of the stage the room was on at `step`."""
        self._check(step)
        return self._stages[step - 1]

    # -- finding steps ---------------------------------------------------------------------------

    def is_stage_change(self, step: int) -> bool:
        """Whether the room moved to a stage at `step` (the first step always counts)."""
        self._check(step)
        index = bisect.bisect_left(self._stage_changes, step)
        return index < len(self._stage_changes) and self._stage_changes[index] == step

    def is_decision(self, step: int) -> bool:
        """Whether `step` records an agreement: a handoff, gate, pipeline step, environment,
        action, meeting, learning commitment, definition of done or backlog."""
        event = self.event_at(step)
        return event is not None and step not in self.unreplayable and _records_agreement(event)

    @staticmethod
    def _after(steps: list[int], step: int) -> int | None:
        index = bisect.bisect_right(steps, step)
        return steps[index] if index < len(steps) else None

    @staticmethod
    def _before(steps: list[int], step: int) -> int | None:
        index = bisect.bisect_left(steps, step)
        return steps[index - 1] if index > 0 else None

    @property
    def stage_changes(self) -> list[int]:
        """Every step where the room moved to a stage, in order."""
        return list(self._stage_changes)

    @property
    def decisions(self) -> list[int]:
        """Every step that records an agreement, in order."""
        return list(self._decisions)

    def next_stage_change(self, step: int) -> int | None:
        """Return the first step after `step` where the room moved to a stage, if any."""
        return self._after(self._stage_changes, step)

    def previous_stage_change(self, step: int) -> int | None:
        """Return the last step before `step` where the room moved to a stage, if any."""
        return self._before(self._stage_changes, step)

    def next_decision(self, step: int) -> int | None:
        """Return the first step after `step` that records an agreement, if any."""
        return self._after(self._decisions, step)

    def previous_decision(self, step: int) -> int | None:
        """Return the last step before `step` that records an agreement, if any."""
        return self._before(self._decisions, step)

    def entering(self, stage_id: str, step: int) -> int | None:
        """Return the next step after `step` where the room entered `stage_id`, else the first."""
        entered = [k for k in self._stage_changes if self._stages[k - 1] == stage_id]
        later = [k for k in entered if k > step]
        return next(iter(later or entered), None)

    # -- telling what happened -------------------------------------------------------------------

    def describe(self, step: int) -> str:
        """Return a plain sentence for what happened at `step`, naming people, roles and stages."""
        event = self.event_at(step)
        if event is None:
            return narration.imported(bool(self.events))
        if step in self.unreplayable:
            return narration.unreplayable(event.type)
        before = self.state_at(step - 1) if step > 1 else None
        after = self.state_at(step)
        try:
            sentence = narration.describe_event(event, before, after)
        except Exception:  # data from a file may be odd; a plain fallback beats a crash
            sentence = ""
        return sentence or narration.fallback(event.type)


def _records_agreement(event: Event) -> bool:
    """Whether `event` records an agreement (see `Replay.is_decision`), had it applied."""
    kind, _, verb = event.type.partition(".")
    if kind in DECISION_KINDS and verb in ("added", "updated"):
        return True
    if event.type == "process.updated":
        return "definition_of_done" in narration.touched_fields(event.data)
    return event.type == "rituals.updated"


BRANCH_SUFFIX = " (branch)"
"""Added to the team's name in a session branched from a replay."""


def branch_team(team: str) -> str:
    """Return the team name for a branch: `Returns Forecast (branch)`, within 80 characters."""
    return team[: NAME_MAX - len(BRANCH_SUFFIX)].rstrip() + BRANCH_SUFFIX


def branch_session(
    state: Session,
    *,
    at: datetime | None = None,
    session_id: str | None = None,
    original: Session | None = None,
) -> Session:
    """Return a new session that starts from `state`: a fresh id, the team name marked as a
    branch, and a timeline that starts with a `session.created` event carrying that state.

    `original` is the whole session replayed: the branch carries how far each kind of id got
    in it (`ids_used`), so an item added in the branch never takes the id of one the original
    had, even one added after the step branched from.
    """
    moment = at or events.now()
    used = ids_used(state)
    if original is not None:
        for prefix, number in ids_used(original).items():
            used[prefix] = max(number, used.get(prefix, 0))
    info = state.session.model_copy(
        update={
            "id": session_id or str(uuid.uuid4()),
            "team": branch_team(state.session.team),
            "created_at": moment,
            "updated_at": moment,
            "ids_used": used or None,
        }
    )
    # No timer runs in a new session: the room starts the branch's clock itself.
    stages = [s.model_copy(update={"running_since": None}) for s in state.stages]
    start = state.model_copy(update={"session": info, "stages": stages, "timeline": []})
    created = events.make_event(start, "session.created", events.state_event_data(start), moment)
    return events.record(start, created)
