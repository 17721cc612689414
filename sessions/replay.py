"""Replay: the state of a session at every step of its timeline, told in the room's words."""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sessions import events
from sessions.coverage import decision_words, risk_about
from sessions.folding import Folding
from sessions.ids import ids_used
from sessions.model import NAME_MAX, Concern, Event, Session
from sessions.text import plural, shorten

CHECKPOINT_EVERY = 100
"""A state is kept every this many steps, so a seek folds at most this many events."""

DECISION_KINDS = {"need", "gate", "step", "environment", "action", "meeting", "learning"}
"""Collections whose additions and updates are agreements the team made."""

_RECENT = 3
"""How many recently sought states are kept besides the checkpoints."""

QUOTE_WIDTH = 60
"""Terminal cells of a text quoted in a description before it is cut with `…`."""

_KIND_WORDS = {
    "stage": "stage",
    "role": "role",
    "person": "person",
    "assignment": "role assignment",
    "concern": "concern",
    "need": "handoff",
    "learning": "learning commitment",
    "environment": "environment",
    "gate": "promotion gate",
    "step": "pipeline step",
    "meeting": "meeting",
    "action": "action",
    "parking": "parking-lot item",
    "vote": "confidence vote",
    "decision": "risk decision",
    "session": "session",
    "process": "process",
    "rituals": "rituals",
    "settings": "settings",
    "concerns": "concerns",
}

_FIELD_WORDS = {
    "timebox_min": "timebox",
    "spent_s": "time spent",
    "text": "wording",
    "when": "trigger",
    "quality": "quality bar",
    "heard_by": "heard by",
    "votes": "dots",
    "masked": "hiding",
    "suggested": "suggestion mark",
    "minutes": "length",
    "due": "due date",
    "definition_of_done": "definition of done",
    "backlog_owner": "backlog owner",
    "vote_budget": "dot budget",
    "vote_cap": "dot cap per concern",
    "team": "team name",
    "org_size": "organisation size",
    "pack_version": "pack version",
    "from": "from",
    "availability": "availability",
}


# -- small helpers for sentences ---------------------------------------------------------------


def _quote(text: str, width: int = QUOTE_WIDTH) -> str:
    """Return `text` on one line in quotation marks, cut to `width` terminal cells."""
    return f"“{shorten(str(text), width)}”"


def _join(words: Iterable[str]) -> str:
    """Return `a`, `a and b` or `a, b and c`."""
    items = [w for w in words if w]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _ordinal(number: int) -> str:
    """Return `1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`, ..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _fields(data: dict[str, Any]) -> list[str]:
    """Return the fields an update event sets or clears, in the room's words."""
    changes = data.get("set", {})
    unset = data.get("unset", [])
    names = list(changes) if isinstance(changes, dict) else []
    names += [n for n in unset if isinstance(n, str)] if isinstance(unset, list) else []
    return [_FIELD_WORDS.get(n, str(n).replace("_", " ")) for n in dict.fromkeys(names)]


def _sets(data: dict[str, Any]) -> dict[str, Any]:
    changes = data.get("set", {})
    return changes if isinstance(changes, dict) else {}


def _unsets(data: dict[str, Any]) -> set[str]:
    unset = data.get("unset", [])
    return {n for n in unset if isinstance(n, str)} if isinstance(unset, list) else set()


def _touches(data: dict[str, Any]) -> set[str]:
    return set(_sets(data)) | _unsets(data)


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Names:
    """Looks names up in the states around one event: the preferred state first."""

    def __init__(self, *states: Session | None) -> None:
        self.states = [s for s in states if s is not None]

    def _find(self, pick: Callable[[Session], Any]) -> Any:
        for state in self.states:
            found = pick(state)
            if found is not None:
                return found
        return None

    def person(self, person_id: Any, fallback: str = "someone") -> str:
        found = self._find(lambda s: s.person(person_id) if isinstance(person_id, str) else None)
        return found.name if found else fallback

    def role(self, role_id: Any, fallback: str = "a role") -> str:
        found = self._find(lambda s: s.role(role_id) if isinstance(role_id, str) else None)
        return found.name if found else fallback

    def stage(self, stage_id: Any, fallback: str = "another stage") -> str:
        found = self._find(lambda s: s.stage(stage_id) if isinstance(stage_id, str) else None)
        return found.title if found else fallback

    def environment(self, env_id: Any) -> str:
        found = self._find(
            lambda s: next((e for e in s.process.environments if e.id == env_id), None)
        )
        return found.name if found else "an environment"

    def item(self, kind: str, data: dict[str, Any]) -> Any:
        """Return the item an event's key points at, or `None`."""
        collection = events.COLLECTIONS.get(kind)
        if collection is None:
            return None
        key = tuple(data.get(name) for name in collection.key)
        attrs = ["from_" if name == "from" else name for name in collection.key]

        def pick(state: Session) -> Any:
            items: Any = state
            for part in collection.path:
                items = getattr(items, part)
            return next(
                (i for i in items if tuple(getattr(i, a, None) for a in attrs) == key), None
            )

        return self._find(pick)


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
        self._stage_changes = [k for k in range(1, len(self) + 1) if self._is_stage_change(k)]
        self._decisions = [k for k in range(1, self.replayed + 1) if self.is_decision(k)]

    def _fold_all(self) -> int:
        """Fold the whole timeline once, keeping checkpoints; return how many steps it gave."""
        if not self.events:
            return 0
        folding = Folding()  # `apply` with indexed lookups: linear in the timeline's length
        try:
            state = folding.apply(self.events[0])
        except Exception:  # the history comes from a file: if it cannot start, the state wins
            return 0
        self._keep(1, state)
        for k in range(2, len(self.events) + 1):
            try:
                state = folding.apply(self.events[k - 1])
            except Exception:  # a hand-edited history: show the step, change nothing
                self.unreplayable.add(k)
            if k % self.checkpoint_every == 0 or k == len(self.events):
                self._keep(k, state)
            self._stages.append(state.session.stage)
        return len(self.events)

    def _keep(self, step: int, state: Session) -> None:
        self._checkpoints[step] = state
        if step == 1:
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
                state = folding.apply(self.events[k - 1])
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

    def _is_stage_change(self, step: int) -> bool:
        if step == 1:
            return True
        event = self.event_at(step)
        moved = self._stages[step - 1] != self._stages[step - 2]
        return moved or (event is not None and event.type == "stage.entered")

    def is_stage_change(self, step: int) -> bool:
        """Whether the room moved to a stage at `step` (the first step always counts)."""
        self._check(step)
        index = bisect.bisect_left(self._stage_changes, step)
        return index < len(self._stage_changes) and self._stage_changes[index] == step

    def is_decision(self, step: int) -> bool:
        """Whether `step` records an agreement: a handoff, gate, pipeline step, environment,
        action, meeting, learning commitment, definition of done or backlog."""
        event = self.event_at(step)
        if event is None or step in self.unreplayable:
            return False
        kind, _, verb = event.type.partition(".")
        if kind in DECISION_KINDS and verb in ("added", "updated"):
            return True
        if event.type == "process.updated":
            return "definition_of_done" in _touches(event.data)
        return event.type == "rituals.updated"

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
        return (later or entered or [None])[0]

    # -- telling what happened -------------------------------------------------------------------

    def describe(self, step: int) -> str:
        """Return a plain sentence for what happened at `step`, naming people, roles and stages."""
        event = self.event_at(step)
        if event is None:
            if not self.events:
                return (
                    "The session as saved in the file, imported as it is: "
                    "the file has no recorded history."
                )
            return (
                "The session as saved in the file, imported as it is: it was edited outside "
                "Forming, so its history does not lead here."
            )
        if step in self.unreplayable:
            return (
                f"A change to a {_kind_word(event.type)} could not be replayed on the session "
                "as it stood, so nothing changed here."
            )
        before = self.state_at(step - 1) if step > 1 else None
        after = self.state_at(step)
        try:
            sentence = describe_event(event, before, after)
        except Exception:  # data from a file may be odd; a plain fallback beats a crash
            sentence = ""
        return sentence or _fallback(event.type)


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


def _kind_word(event_type: str) -> str:
    kind = event_type.partition(".")[0]
    return _KIND_WORDS.get(kind, kind.replace("_", " "))


def _fallback(event_type: str) -> str:
    verb = event_type.partition(".")[2]
    words = {"added": "added", "updated": "changed", "removed": "removed", "moved": "moved"}
    if verb in words:
        return f"A {_kind_word(event_type)} was {words[verb]}."
    return f"A change was recorded ({event_type.replace('_', ' ').replace('.', ' ')})."


def describe_event(event: Event, before: Session | None, after: Session) -> str:
    """Return a sentence for `event`, taking names from `before` for removals, else `after`."""
    kind, _, verb = event.type.partition(".")
    data = event.data
    if event.type in _SPECIAL_WORDS:
        return _SPECIAL_WORDS[event.type](data, before, after)
    if kind in events.SINGLETONS and verb == "updated":
        return _SINGLETON_WORDS[kind](data, before, after)
    if kind in events.COLLECTIONS and verb == "updated" and _touches(data) == {"suggested"}:
        item = _Names(after, before).item(kind, data)
        label = getattr(item, "text", None) or getattr(item, "name", None) or ""
        adopted = "adopted" if "suggested" in _unsets(data) else "marked as a suggestion"
        return f"The team {adopted} the pack's {_kind_word(event.type)}" + (
            f": {_quote(label)}." if label else "."
        )
    if kind in events.COLLECTIONS:
        names = _Names(before, after) if verb == "removed" else _Names(after, before)
        earlier = _Names(before, after)
        teller = _COLLECTION_WORDS.get(kind)
        if teller is not None:
            return teller(verb, data, names, earlier)
    return ""


# -- whole-session and special events ------------------------------------------------------------


def _created(data: dict[str, Any], before: Session | None, after: Session) -> str:
    pack = after.session.pack
    return f"The session was created from the {pack} pack." if pack else "The session was created."


def _imported(data: dict[str, Any], before: Session | None, after: Session) -> str:
    return "The file was edited outside Forming; its contents were taken in as they were."


def _entered(data: dict[str, Any], before: Session | None, after: Session) -> str:
    return f"The room moved to {_Names(after).stage(data.get('stage'))}."


def _timed(data: dict[str, Any], before: Session | None, after: Session) -> str:
    spent = data.get("spent_s", {})
    if not isinstance(spent, dict) or not spent:
        return "Time on the stages was logged."
    names = _Names(after)
    parts = [
        f"{names.stage(stage_id)} ({seconds // 60} min)"
        if isinstance(seconds, int)
        else names.stage(stage_id)
        for stage_id, seconds in spent.items()
    ]
    return f"Time spent on {_join(parts)} was logged."


def _revealed(data: dict[str, Any], before: Session | None, after: Session) -> str:
    role = data.get("role")
    if role is None:
        return "All hidden concerns were revealed."
    return f"Hidden concerns for {_Names(after).role(role)} were revealed."


def _votes_cleared(data: dict[str, Any], before: Session | None, after: Session) -> str:
    role = data.get("role")
    if role is None:
        return "All dots on the concerns were cleared."
    return f"The dots on {_Names(after).role(role)}'s concerns were cleared."


_SPECIAL_WORDS: dict[str, Callable[[dict[str, Any], Session | None, Session], str]] = {
    "session.created": _created,
    "session.imported": _imported,
    "stage.entered": _entered,
    "stage.timed": _timed,
    "concerns.revealed": _revealed,
    "concerns.votes_cleared": _votes_cleared,
}


def _session_updated(data: dict[str, Any], before: Session | None, after: Session) -> str:
    changes = _sets(data)
    if set(changes) == {"team"}:
        return f"The team is now called {after.session.team}."
    fields = _fields(data)
    return f"The session's {_join(fields)} {'was' if len(fields) == 1 else 'were'} updated."


def _process_updated(data: dict[str, Any], before: Session | None, after: Session) -> str:
    touched = _touches(data)
    if "definition_of_done" in touched:
        items = after.process.definition_of_done
        if not items:
            return "The definition of done was cleared."
        had = bool(before and before.process.definition_of_done)
        verb = "changed" if had else "agreed"
        return f"Definition of done {verb}: {plural(len(items), 'item')}."
    return f"The process's {_join(_fields(data))} changed."


def _rituals_updated(data: dict[str, Any], before: Session | None, after: Session) -> str:
    touched = _touches(data)
    rituals = after.rituals
    parts = []
    if "backlog" in touched:
        parts.append(
            f"The one shared backlog will live in {_quote(rituals.backlog)}."
            if rituals.backlog
            else "Where the shared backlog lives is open again."
        )
    if "backlog_owner" in touched:
        parts.append(
            f"{_Names(after, before).person(rituals.backlog_owner)} will order the backlog."
            if rituals.backlog_owner
            else "Nobody orders the backlog for now."
        )
    others = touched - {"backlog", "backlog_owner"}
    if others or not parts:
        fields = [_FIELD_WORDS.get(n, n.replace("_", " ")) for n in sorted(others)]
        parts.append(f"The team's rituals changed ({_join(fields) or 'details'}).")
    return " ".join(parts)


def _settings_updated(data: dict[str, Any], before: Session | None, after: Session) -> str:
    touched = _touches(data)
    settings = after.settings
    parts = []
    if "vote_budget" in touched:
        parts.append(f"Each person now has {plural(settings.vote_budget, 'dot')} to place.")
    if "vote_cap" in touched:
        parts.append(
            f"Each person may put at most {plural(settings.vote_cap, 'dot')} on one concern."
        )
    if not parts:
        parts.append(f"The session's settings changed ({_join(_fields(data)) or 'details'}).")
    return " ".join(parts)


_SINGLETON_WORDS: dict[str, Callable[[dict[str, Any], Session | None, Session], str]] = {
    "session": _session_updated,
    "process": _process_updated,
    "rituals": _rituals_updated,
    "settings": _settings_updated,
}


# -- collection events ---------------------------------------------------------------------------


def _changed(subject: str, data: dict[str, Any]) -> str:
    fields = _fields(data)
    if not fields:
        return f"{subject} was changed."
    return f"{subject} changed ({_join(fields)})."


def _place(data: dict[str, Any]) -> str:
    position = data.get("position")
    return f"place {position + 1}" if isinstance(position, int) else "a new place"


def _stage_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    stage = names.item("stage", data)
    title = stage.title if stage else "A stage"
    if verb == "added":
        return f"The stage {title} was added to the agenda."
    if verb == "removed":
        return f"The stage {title} was taken off the agenda."
    if verb == "moved":
        return f"{title} moved to {_place(data)} on the agenda."
    changes = _sets(data)
    if set(changes) == {"timebox_min"} and stage is not None:
        return f"The timebox for {title} became {stage.timebox_min} minutes."
    if set(changes) == {"done"} and stage is not None:
        return f"{title} was marked {'done' if stage.done else 'not done'}."
    if set(changes) == {"title"}:
        return f"The stage {earlier.stage(data.get('id'))} was renamed {title}."
    return _changed(f"The stage {title}", data)


def _role_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    role = names.item("role", data)
    name = role.name if role else "A role"
    if verb == "added":
        own = " (the team's own)" if role is not None and role.custom else ""
        return f"The role {name} was added{own}."
    if verb == "removed":
        return f"The role {name} was removed, with its concerns and handoffs."
    if verb == "moved":
        return f"The role {name} moved to {_place(data)}."
    changes = _sets(data)
    old = earlier.item("role", data)
    if (
        "holders" in changes
        and role is not None
        and old is not None
        and old.responsibilities == role.responsibilities
    ):
        for index, item in enumerate(role.responsibilities):
            if old.holders_of(index) != role.holders_of(index):
                named = [names.person(p) for p in role.holders_of(index)]
                who = ", ".join(named) if named else "everyone in the role"
                return f"{_quote(item)} ({name}) is now held by {who}."
    if set(changes) - {"holders"} == {"responsibilities"} and role is not None:
        was = list(old.responsibilities) if old is not None else []
        now = list(role.responsibilities)
        gained = [r for r in now if r not in was]
        lost = [r for r in was if r not in now]
        if len(gained) == 1 and not lost:
            return f"{name} now also owns {_quote(gained[0])}."
        if len(lost) == 1 and not gained:
            return f"{name} no longer owns {_quote(lost[0])}."
        return f"{name}'s responsibilities were changed ({len(now)} now)."
    if set(changes) == {"name"} and old is not None:
        return f"The role {old.name} was renamed {name}."
    return _changed(f"The role {name}", data)


def _person_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    person = names.item("person", data)
    name = person.name if person else "Someone"
    if verb == "added":
        details = [person.title] if person is not None and person.title else []
        if person is not None:
            details.append(f"{person.availability}% available")
        return f"{name} joined the team ({', '.join(details)})." if details else f"{name} joined."
    if verb == "removed":
        return f"{name} left the team."
    if verb == "moved":
        return f"{name} moved to {_place(data)} in the list of people."
    changes = _sets(data)
    old = earlier.item("person", data)
    if set(changes) == {"availability"} and person is not None:
        return f"{name} now gives the team {person.availability}% of their time."
    if set(changes) == {"name"} and old is not None:
        return f"{old.name} is now called {name}."
    if set(changes) | _unsets(data) == {"title"} and person is not None:
        if person.title:
            return f"{name}'s job title is now {person.title}."
        return f"{name}'s job title was cleared."
    return _changed(name, data)


def _assignment_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    person = names.person(data.get("person"), "Someone")
    role = names.role(data.get("role"))
    held = names.item("assignment", data)
    if verb == "added":
        share = f" at {held.share}%" if held is not None else ""
        return f"{person} took on {role}{share}."
    if verb == "removed":
        return f"{person} no longer holds {role}."
    if verb == "moved":
        return f"{person}'s place in {role} moved in the list."
    if held is not None and "share" in _sets(data):
        return f"{person}'s share of {role} became {held.share}%."
    return _changed(f"{person}'s place in {role}", data)


def _concern_subject(concern: Concern | None, names: _Names) -> tuple[str, str]:
    """Return `A concern for <role>` and the concern's quoted text (empty while hidden)."""
    if concern is None:
        return "A concern", ""
    subject = f"A concern for {names.role(concern.role)}"
    return subject, ("" if concern.masked else _quote(concern.text))


def _concern_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    concern = names.item("concern", data)
    subject, text = _concern_subject(concern, names)
    said = f": {text}" if text else ""
    if verb == "added":
        if concern is not None and concern.masked:
            return f"{subject} was written silently (hidden until revealed)."
        votes = concern.votes if concern is not None else 0
        dots = f" with {plural(votes, 'dot')}" if votes else ""
        seeded = concern is not None and concern.origin == "pack"
        return f"{subject} {'came from the pack' if seeded else 'was raised'}{dots}{said}."
    if verb == "removed":
        return f"{subject} was removed{said}."
    if verb == "moved":
        return f"{subject} moved to {_place(data)}."
    old = earlier.item("concern", data)
    touched = _touches(data)
    if touched == {"votes"} and concern is not None:
        was = old.votes if old is not None else 0
        now = concern.votes
        if now == was + 1:
            return f"{subject} got its {_ordinal(now)} dot{said}."
        if now > was and was == 0:
            return f"{subject} got {plural(now, 'dot')}{said}."
        if now > was:
            return f"{subject} got {now - was} more dots, {now} in all{said}."
        if now == 0:
            return f"{subject} lost its dots{said}."
        return f"{subject} lost {plural(was - now, 'dot')}, {now} left{said}."
    if touched == {"heard_by"} and concern is not None:
        was = set(old.heard_by) if old is not None else set()
        gained = [r for r in concern.heard_by if r not in was]
        lost = [r for r in was if r not in concern.heard_by]
        owner = names.role(concern.role)
        if gained and not lost:
            heard = _join(names.role(r) for r in gained)
            return f"{heard} heard a concern of {owner}{said}."
        if lost and not gained:
            unheard = _join(names.role(r) for r in sorted(lost))
            return f"{unheard} took back hearing a concern of {owner}{said}."
        return f"Who heard a concern of {owner} changed{said}."
    if touched == {"text"}:
        return f"{subject} was reworded{said}."
    if touched == {"masked"} and concern is not None and not concern.masked:
        return f"{subject} was revealed{said}."
    return _changed(subject, data)


def _handoff(need: Any, names: _Names) -> str:
    if need is None:
        return "a handoff"
    return f"{names.role(need.provider)} → {names.role(need.receiver)}: {need.artefact}"


def _need_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    handoff = _handoff(names.item("need", data), names)
    if verb == "added":
        return f"Handoff agreed: {handoff}."
    if verb == "removed":
        return f"Handoff dropped: {handoff}."
    if verb == "moved":
        return f"Handoff moved to {_place(data)}: {handoff}."
    return f"Handoff changed ({_join(_fields(data)) or 'details'}): {handoff}."


def _learning_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    item = names.item("learning", data)
    if item is None:
        return f"A learning commitment was {verb}."
    learner = names.person(item.learner, "Someone")
    partner = f" with {names.person(item.partner)}" if item.partner else ""
    topic = _quote(item.topic)
    if verb == "added":
        return f"{learner} will learn {topic}{partner}."
    if verb == "removed":
        return f"Learning commitment dropped: {learner}, {topic}."
    if verb == "moved":
        return f"Learning commitment moved to {_place(data)}: {learner}, {topic}."
    return f"Learning commitment changed: {learner} will learn {topic}{partner}."


def _environment_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    env = names.item("environment", data)
    name = env.name if env else "An environment"
    if verb == "added":
        deployers = (
            f" (deployed by {_join(names.role(r) for r in env.deployers)})"
            if env is not None and env.deployers
            else ""
        )
        return f"Environment agreed: {name}{deployers}."
    if verb == "removed":
        return f"The environment {name} was removed, with its gates."
    if verb == "moved":
        return f"The environment {name} moved to {_place(data)}."
    if _touches(data) == {"deployers"} and env is not None:
        who = _join(names.role(r) for r in env.deployers) or "nobody"
        return f"{name} is now deployed by {who}."
    return _changed(f"The environment {name}", data)


def _gate_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    gate = names.item("gate", data)
    route = f"{names.environment(data.get('from'))} → {names.environment(data.get('to'))}"
    checks = len(gate.checks) if gate is not None else 0
    if verb == "added":
        return f"Gate agreed: {route}, with {plural(checks, 'check')}."
    if verb == "removed":
        return f"The gate {route} was removed."
    if verb == "moved":
        return f"The gate {route} moved to {_place(data)}."
    if _touches(data) == {"checks"}:
        return f"The gate {route} now has {plural(checks, 'check')}."
    return _changed(f"The gate {route}", data)


def _step_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    step = names.item("step", data)
    name = step.name if step else "A pipeline step"
    owner = (
        f"owned by {names.role(step.owner)}" if step is not None and step.owner else "no owner yet"
    )
    if verb == "added":
        return f"Pipeline step agreed: {name} ({owner})."
    if verb == "removed":
        return f"The pipeline step {name} was removed."
    if verb == "moved":
        return f"The pipeline step {name} moved to {_place(data)}."
    if _touches(data) == {"owner"}:
        return f"The pipeline step {name} is now {owner}."
    return _changed(f"The pipeline step {name}", data)


def _meeting_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    meeting = names.item("meeting", data)
    if meeting is None and verb == "updated" and "name" in _sets(data):
        meeting = names.item("meeting", {"name": _sets(data)["name"]})
    name = meeting.name if meeting else "A meeting"
    if verb == "added":
        when = f", {meeting.cadence}" if meeting is not None and meeting.cadence else ""
        length = f" ({meeting.minutes} min)" if meeting is not None else ""
        return f"Meeting agreed: {name}{when}{length}."
    if verb == "removed":
        return f"The meeting {name} was dropped."
    if verb == "moved":
        return f"The meeting {name} moved to {_place(data)}."
    return _changed(f"The meeting {name}", data)


def _action_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    action = names.item("action", data)
    if action is None:
        return f"An action was {'changed' if verb == 'updated' else verb}."
    text = _quote(action.text)
    details = [names.person(action.owner) if action.owner else "no owner yet"]
    if action.due is not None:
        details.append(f"due {_day(action.due)}")
    if verb == "added":
        return f"Action agreed: {text} ({', '.join(details)})."
    if verb == "removed":
        return f"Action dropped: {text}."
    if verb == "moved":
        return f"Action moved to {_place(data)}: {text}."
    touched = _touches(data)
    if touched == {"done"}:
        return f"Action {'done' if action.done else 'reopened'}: {text}."
    if touched == {"owner"}:
        return f"Action {text} is now owned by {details[0]}."
    if touched == {"due"}:
        return f"Action {text} is now {details[-1] if action.due else 'without a due date'}."
    return f"Action changed ({_join(_fields(data))}): {text} ({', '.join(details)})."


def _parking_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    item = names.item("parking", data)
    text = _quote(item.text) if item is not None else "an item"
    if verb == "added":
        return f"Parked for later: {text}."
    if verb == "removed":
        return f"Parking-lot item removed: {text}."
    if verb == "moved":
        return f"Parking-lot item moved to {_place(data)}: {text}."
    if item is not None and "outcome" in _touches(data):
        if item.outcome == "action":
            return f"Parking-lot item became an action: {text}."
        if item.outcome == "dropped":
            return f"Parking-lot item dropped on purpose: {text}."
        return f"Parking-lot item is open again: {text}."
    return f"Parking-lot item changed ({_join(_fields(data))}): {text}."


def _vote_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    person = names.person(data.get("person"), "Someone")
    vote = names.item("vote", data)
    if verb == "added":
        score = f" {vote.score} of 5" if vote is not None else ""
        return f"{person} voted{score} on confidence (fist of five)."
    if verb == "removed":
        return f"{person}'s confidence vote was withdrawn."
    if verb == "moved":
        return f"{person}'s confidence vote moved to {_place(data)}."
    score = f" to {vote.score} of 5" if vote is not None else ""
    return f"{person} changed their confidence vote{score}."


def _decision_words(verb: str, data: dict[str, Any], names: _Names, earlier: _Names) -> str:
    kind, subject = data.get("kind"), data.get("subject")
    state = names.states[0] if names.states else None
    if not isinstance(kind, str) or not isinstance(subject, str) or state is None:
        return f"A risk decision was {'changed' if verb == 'updated' else verb}."
    about = risk_about(state, kind, subject).rstrip(".")
    if verb == "removed":
        return f"A risk is open again: {about}."
    if verb == "moved":
        return f"A risk decision moved to {_place(data)}: {about}."
    decision = names.item("decision", data)
    if decision is None:
        return f"A risk was decided: {about}."
    return f"Risk decided, {decision_words(state, decision)}: {about}."


_COLLECTION_WORDS: dict[str, Callable[[str, dict[str, Any], _Names, _Names], str]] = {
    "stage": _stage_words,
    "role": _role_words,
    "person": _person_words,
    "assignment": _assignment_words,
    "concern": _concern_words,
    "need": _need_words,
    "learning": _learning_words,
    "environment": _environment_words,
    "gate": _gate_words,
    "step": _step_words,
    "meeting": _meeting_words,
    "action": _action_words,
    "parking": _parking_words,
    "vote": _vote_words,
    "decision": _decision_words,
}
