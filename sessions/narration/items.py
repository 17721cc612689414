"""The narration's sentences for changes to items, one function per kind of item.

Each takes the event's verb (`added`, `updated`, `moved`, `removed`), its data, the names around
it (the state it names items in) and the names before it (to say what an item was). A kind with
no function here is told in its descriptor's plain words (`sessions.narration`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessions.coverage import decision_words, risk_about
from sessions.model import Concern
from sessions.narration.words import (
    Names,
    changed,
    day,
    field_words,
    join_words,
    ordinal,
    place,
    quote,
    set_fields,
    touched_fields,
    unset_fields,
)
from sessions.text import plural


def _stage_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    stage = names.item("stage", data)
    title = stage.title if stage else "A stage"
    if verb == "added":
        return f"The stage {title} was added to the agenda."
    if verb == "removed":
        return f"The stage {title} was taken off the agenda."
    if verb == "moved":
        return f"{title} moved to {place(data)} on the agenda."
    changes = set_fields(data)
    if set(changes) == {"timebox_min"} and stage is not None:
        return f"The timebox for {title} became {stage.timebox_min} minutes."
    if set(changes) == {"done"} and stage is not None:
        return f"{title} was marked {'done' if stage.done else 'not done'}."
    if set(changes) == {"title"}:
        return f"The stage {earlier.stage(data.get('id'))} was renamed {title}."
    return changed(f"The stage {title}", data)


def _role_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    role = names.item("role", data)
    name = role.name if role else "A role"
    if verb == "added":
        own = " (the team's own)" if role is not None and role.custom else ""
        return f"The role {name} was added{own}."
    if verb == "removed":
        return f"The role {name} was removed, with its concerns and handoffs."
    if verb == "moved":
        return f"The role {name} moved to {place(data)}."
    changes = set_fields(data)
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
                return f"{quote(item)} ({name}) is now held by {who}."
    if set(changes) - {"holders"} == {"responsibilities"} and role is not None:
        was = list(old.responsibilities) if old is not None else []
        now = list(role.responsibilities)
        gained = [r for r in now if r not in was]
        lost = [r for r in was if r not in now]
        if len(gained) == 1 and not lost:
            return f"{name} now also owns {quote(gained[0])}."
        if len(lost) == 1 and not gained:
            return f"{name} no longer owns {quote(lost[0])}."
        return f"{name}'s responsibilities were changed ({len(now)} now)."
    if set(changes) == {"name"} and old is not None:
        return f"The role {old.name} was renamed {name}."
    return changed(f"The role {name}", data)


def _person_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
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
        return f"{name} moved to {place(data)} in the list of people."
    changes = set_fields(data)
    old = earlier.item("person", data)
    if set(changes) == {"availability"} and person is not None:
        return f"{name} now gives the team {person.availability}% of their time."
    if set(changes) == {"name"} and old is not None:
        return f"{old.name} is now called {name}."
    if set(changes) | unset_fields(data) == {"title"} and person is not None:
        if person.title:
            return f"{name}'s job title is now {person.title}."
        return f"{name}'s job title was cleared."
    return changed(name, data)


def _assignment_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
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
    if held is not None and "share" in set_fields(data):
        return f"{person}'s share of {role} became {held.share}%."
    return changed(f"{person}'s place in {role}", data)


def _concern_subject(concern: Concern | None, names: Names) -> tuple[str, str]:
    """Return `A concern for <role>` and the concern's quoted text (empty while hidden)."""
    if concern is None:
        return "A concern", ""
    subject = f"A concern for {names.role(concern.role)}"
    return subject, ("" if concern.masked else quote(concern.text))


def _concern_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
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
        return f"{subject} moved to {place(data)}."
    old = earlier.item("concern", data)
    touched = touched_fields(data)
    if touched == {"votes"} and concern is not None:
        was = old.votes if old is not None else 0
        now = concern.votes
        if now == was + 1:
            return f"{subject} got its {ordinal(now)} dot{said}."
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
            heard = join_words(names.role(r) for r in gained)
            return f"{heard} heard a concern of {owner}{said}."
        if lost and not gained:
            unheard = join_words(names.role(r) for r in sorted(lost))
            return f"{unheard} took back hearing a concern of {owner}{said}."
        return f"Who heard a concern of {owner} changed{said}."
    if touched == {"text"}:
        return f"{subject} was reworded{said}."
    if touched == {"masked"} and concern is not None and not concern.masked:
        return f"{subject} was revealed{said}."
    return changed(subject, data)


def _handoff(need: Any, names: Names) -> str:
    if need is None:
        return "a handoff"
    return f"{names.role(need.provider)} → {names.role(need.receiver)}: {need.artefact}"


def _need_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    handoff = _handoff(names.item("need", data), names)
    if verb == "added":
        return f"Handoff agreed: {handoff}."
    if verb == "removed":
        return f"Handoff dropped: {handoff}."
    if verb == "moved":
        return f"Handoff moved to {place(data)}: {handoff}."
    return f"Handoff changed ({join_words(field_words(data)) or 'details'}): {handoff}."


def _learning_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    item = names.item("learning", data)
    if item is None:
        return f"A learning commitment was {verb}."
    learner = names.person(item.learner, "Someone")
    partner = f" with {names.person(item.partner)}" if item.partner else ""
    topic = quote(item.topic)
    if verb == "added":
        return f"{learner} will learn {topic}{partner}."
    if verb == "removed":
        return f"Learning commitment dropped: {learner}, {topic}."
    if verb == "moved":
        return f"Learning commitment moved to {place(data)}: {learner}, {topic}."
    return f"Learning commitment changed: {learner} will learn {topic}{partner}."


def _environment_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    env = names.item("environment", data)
    name = env.name if env else "An environment"
    if verb == "added":
        deployers = (
            f" (deployed by {join_words(names.role(r) for r in env.deployers)})"
            if env is not None and env.deployers
            else ""
        )
        return f"Environment agreed: {name}{deployers}."
    if verb == "removed":
        return f"The environment {name} was removed, with its gates."
    if verb == "moved":
        return f"The environment {name} moved to {place(data)}."
    if touched_fields(data) == {"deployers"} and env is not None:
        who = join_words(names.role(r) for r in env.deployers) or "nobody"
        return f"{name} is now deployed by {who}."
    return changed(f"The environment {name}", data)


def _gate_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    gate = names.item("gate", data)
    route = f"{names.environment(data.get('from'))} → {names.environment(data.get('to'))}"
    checks = len(gate.checks) if gate is not None else 0
    if verb == "added":
        return f"Gate agreed: {route}, with {plural(checks, 'check')}."
    if verb == "removed":
        return f"The gate {route} was removed."
    if verb == "moved":
        return f"The gate {route} moved to {place(data)}."
    if touched_fields(data) == {"checks"}:
        return f"The gate {route} now has {plural(checks, 'check')}."
    return changed(f"The gate {route}", data)


def _step_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
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
        return f"The pipeline step {name} moved to {place(data)}."
    if touched_fields(data) == {"owner"}:
        return f"The pipeline step {name} is now {owner}."
    return changed(f"The pipeline step {name}", data)


def _meeting_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    meeting = names.item("meeting", data)
    if meeting is None and verb == "updated" and "name" in set_fields(data):
        meeting = names.item("meeting", {"name": set_fields(data)["name"]})
    name = meeting.name if meeting else "A meeting"
    if verb == "added":
        when = f", {meeting.cadence}" if meeting is not None and meeting.cadence else ""
        length = f" ({meeting.minutes} min)" if meeting is not None else ""
        return f"Meeting agreed: {name}{when}{length}."
    if verb == "removed":
        return f"The meeting {name} was dropped."
    if verb == "moved":
        return f"The meeting {name} moved to {place(data)}."
    return changed(f"The meeting {name}", data)


def _action_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    action = names.item("action", data)
    if action is None:
        return f"An action was {'changed' if verb == 'updated' else verb}."
    text = quote(action.text)
    details = [names.person(action.owner) if action.owner else "no owner yet"]
    if action.due is not None:
        details.append(f"due {day(action.due)}")
    if verb == "added":
        return f"Action agreed: {text} ({', '.join(details)})."
    if verb == "removed":
        return f"Action dropped: {text}."
    if verb == "moved":
        return f"Action moved to {place(data)}: {text}."
    touched = touched_fields(data)
    if touched == {"done"}:
        return f"Action {'done' if action.done else 'reopened'}: {text}."
    if touched == {"owner"}:
        return f"Action {text} is now owned by {details[0]}."
    if touched == {"due"}:
        return f"Action {text} is now {details[-1] if action.due else 'without a due date'}."
    return f"Action changed ({join_words(field_words(data))}): {text} ({', '.join(details)})."


def _parking_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    item = names.item("parking", data)
    text = quote(item.text) if item is not None else "an item"
    if verb == "added":
        return f"Parked for later: {text}."
    if verb == "removed":
        return f"Parking-lot item removed: {text}."
    if verb == "moved":
        return f"Parking-lot item moved to {place(data)}: {text}."
    if item is not None and "outcome" in touched_fields(data):
        if item.outcome == "action":
            return f"Parking-lot item became an action: {text}."
        if item.outcome == "dropped":
            return f"Parking-lot item dropped on purpose: {text}."
        return f"Parking-lot item is open again: {text}."
    return f"Parking-lot item changed ({join_words(field_words(data))}): {text}."


def _vote_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    person = names.person(data.get("person"), "Someone")
    vote = names.item("vote", data)
    if verb == "added":
        score = f" {vote.score} of 5" if vote is not None else ""
        return f"{person} voted{score} on confidence (fist of five)."
    if verb == "removed":
        return f"{person}'s confidence vote was withdrawn."
    if verb == "moved":
        return f"{person}'s confidence vote moved to {place(data)}."
    score = f" to {vote.score} of 5" if vote is not None else ""
    return f"{person} changed their confidence vote{score}."


def _decision_words(verb: str, data: dict[str, Any], names: Names, earlier: Names) -> str:
    kind, subject = data.get("kind"), data.get("subject")
    state = names.states[0] if names.states else None
    if not isinstance(kind, str) or not isinstance(subject, str) or state is None:
        return f"A risk decision was {'changed' if verb == 'updated' else verb}."
    about = risk_about(state, kind, subject).rstrip(".")
    if verb == "removed":
        return f"A risk is open again: {about}."
    if verb == "moved":
        return f"A risk decision moved to {place(data)}: {about}."
    decision = names.item("decision", data)
    if decision is None:
        return f"A risk was decided: {about}."
    return f"Risk decided, {decision_words(state, decision)}: {about}."


COLLECTION_WORDS: dict[str, Callable[[str, dict[str, Any], Names, Names], str]] = {
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
