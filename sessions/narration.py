"""The replay's words: a plain sentence for each change to a session, naming its items.

The replay tells each step with these sentences, and undo and redo say what they undid or
redid with the same ones, so a change is told alike wherever it is shown. The words for a
kind of item come from its descriptor (`sessions.kinds`); a kind with no sentences of its own
here is told in those plain words ("A handoff was added.").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sessions.coverage import decision_words, risk_about
from sessions.kinds import KINDS, PARTS, Kind, noun
from sessions.model import Concern, Event, Session
from sessions.text import plural, shorten

QUOTE_WIDTH = 60
"""Terminal cells of a text quoted in a description before it is cut with `…`."""

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


def touched_fields(data: dict[str, Any]) -> set[str]:
    """Return the fields an update event sets or clears."""
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
        collection = KINDS.get(kind)
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


_VERB_WORDS = {"added": "added", "updated": "changed", "removed": "removed", "moved": "moved"}
"""What each verb of a collection event did, in the room's words."""


def _kind_word(event_type: str) -> str:
    return noun(event_type.partition(".")[0])


def fallback(event_type: str) -> str:
    """Return a plain sentence for any event type: `A handoff was added.`"""
    verb = event_type.partition(".")[2]
    if verb in _VERB_WORDS:
        return f"A {_kind_word(event_type)} was {_VERB_WORDS[verb]}."
    return f"A change was recorded ({event_type.replace('_', ' ').replace('.', ' ')})."


def change_words(event: Event, before: Session, after: Session) -> str:
    """Say what a change did, naming its item: `Eva Novak joined the team (50% available).`

    Undo and redo tell a change with the replay's words for it, so the two tell it alike;
    an event with no words of its own is told by its type: `A handoff was changed.`
    """
    return describe_event(event, before, after) or fallback(event.type)


def unreplayable(event_type: str) -> str:
    """Return what the replay says of a step whose event did not fit the session it met."""
    return (
        f"A change to a {_kind_word(event_type)} could not be replayed on the session "
        "as it stood, so nothing changed here."
    )


def imported(has_history: bool) -> str:
    """Return what the replay says of its extra last step, the file's state taken in as it is."""
    if not has_history:
        return (
            "The session as saved in the file, imported as it is: the file has no recorded history."
        )
    return (
        "The session as saved in the file, imported as it is: it was edited outside "
        "Forming, so its history does not lead here."
    )


def describe_event(event: Event, before: Session | None, after: Session) -> str:
    """Return a sentence for `event`, taking names from `before` for removals, else `after`."""
    kind, _, verb = event.type.partition(".")
    data = event.data
    if event.type in _SPECIAL_WORDS:
        return _SPECIAL_WORDS[event.type](data, before, after)
    if kind in PARTS and verb == "updated":
        return _SINGLETON_WORDS[kind](data, before, after)
    if kind in KINDS and verb == "updated" and touched_fields(data) == {"suggested"}:
        label = _title(KINDS[kind], _Names(after, before).item(kind, data))
        adopted = "adopted" if "suggested" in _unsets(data) else "marked as a suggestion"
        return f"The team {adopted} the pack's {_kind_word(event.type)}" + (
            f": {_quote(label)}." if label else "."
        )
    if kind in KINDS:
        names = _Names(before, after) if verb == "removed" else _Names(after, before)
        earlier = _Names(before, after)
        teller = _COLLECTION_WORDS.get(kind)
        if teller is not None:
            return teller(verb, data, names, earlier)
        label = _title(KINDS[kind], names.item(kind, data))
        if label and verb in _VERB_WORDS:  # a kind with no sentences of its own: its plain words
            return f"The {_kind_word(event.type)} {_quote(label)} was {_VERB_WORDS[verb]}."
    return ""


def _title(kind: Kind, item: Any) -> str:
    """Return the words naming `item` (its descriptor's title field), or `""`."""
    title = getattr(item, kind.title, None) if kind.title and item is not None else None
    return title if isinstance(title, str) else ""


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
    touched = touched_fields(data)
    if "definition_of_done" in touched:
        items = after.process.definition_of_done
        if not items:
            return "The definition of done was cleared."
        had = bool(before and before.process.definition_of_done)
        verb = "changed" if had else "agreed"
        return f"Definition of done {verb}: {plural(len(items), 'item')}."
    return f"The process's {_join(_fields(data))} changed."


def _rituals_updated(data: dict[str, Any], before: Session | None, after: Session) -> str:
    touched = touched_fields(data)
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
    touched = touched_fields(data)
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
    touched = touched_fields(data)
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
    if touched_fields(data) == {"deployers"} and env is not None:
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
    if touched_fields(data) == {"checks"}:
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
    if touched_fields(data) == {"owner"}:
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
    touched = touched_fields(data)
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
    if item is not None and "outcome" in touched_fields(data):
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
