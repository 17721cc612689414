"""The replay's words: a plain sentence for each change to a session, naming its items.

The replay tells each step with these sentences, and undo and redo say what they undid or
redid with the same ones, so a change is told alike wherever it is shown. The words for a
kind of item come from its descriptor (`sessions.kinds`); a kind with no sentences of its own
here is told in those plain words ("A handoff was added.").

This module chooses the sentence for an event and tells the whole-session events (created,
stage moves, the timer, the session's parts); `sessions.narration.items` tells changes to
items, one function per kind, and `sessions.narration.words` holds what sentences are made of.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessions.kinds import KINDS, PARTS, Kind, noun
from sessions.model import Event, Session
from sessions.narration.items import COLLECTION_WORDS
from sessions.narration.words import (
    FIELD_WORDS,
    Names,
    field_words,
    join_words,
    quote,
    set_fields,
    touched_fields,
    unset_fields,
)
from sessions.text import plural

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
        label = _title(KINDS[kind], Names(after, before).item(kind, data))
        adopted = "adopted" if "suggested" in unset_fields(data) else "marked as a suggestion"
        return f"The team {adopted} the pack's {_kind_word(event.type)}" + (
            f": {quote(label)}." if label else "."
        )
    if kind in KINDS:
        names = Names(before, after) if verb == "removed" else Names(after, before)
        earlier = Names(before, after)
        teller = COLLECTION_WORDS.get(kind)
        if teller is not None:
            return teller(verb, data, names, earlier)
        label = _title(KINDS[kind], names.item(kind, data))
        if label and verb in _VERB_WORDS:  # a kind with no sentences of its own: its plain words
            return f"The {_kind_word(event.type)} {quote(label)} was {_VERB_WORDS[verb]}."
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
    return f"The room moved to {Names(after).stage(data.get('stage'))}."


def _timed(data: dict[str, Any], before: Session | None, after: Session) -> str:
    spent = data.get("spent_s", {})
    if not isinstance(spent, dict) or not spent:
        return "Time on the stages was logged."
    names = Names(after)
    parts = [
        f"{names.stage(stage_id)} ({seconds // 60} min)"
        if isinstance(seconds, int)
        else names.stage(stage_id)
        for stage_id, seconds in spent.items()
    ]
    return f"Time spent on {join_words(parts)} was logged."


def _revealed(data: dict[str, Any], before: Session | None, after: Session) -> str:
    role = data.get("role")
    if role is None:
        return "All hidden concerns were revealed."
    return f"Hidden concerns for {Names(after).role(role)} were revealed."


def _votes_cleared(data: dict[str, Any], before: Session | None, after: Session) -> str:
    role = data.get("role")
    if role is None:
        return "All dots on the concerns were cleared."
    return f"The dots on {Names(after).role(role)}'s concerns were cleared."


_SPECIAL_WORDS: dict[str, Callable[[dict[str, Any], Session | None, Session], str]] = {
    "session.created": _created,
    "session.imported": _imported,
    "stage.entered": _entered,
    "stage.timed": _timed,
    "concerns.revealed": _revealed,
    "concerns.votes_cleared": _votes_cleared,
}


def _session_updated(data: dict[str, Any], before: Session | None, after: Session) -> str:
    changes = set_fields(data)
    if set(changes) == {"team"}:
        return f"The team is now called {after.session.team}."
    fields = field_words(data)
    return f"The session's {join_words(fields)} {'was' if len(fields) == 1 else 'were'} updated."


def _process_updated(data: dict[str, Any], before: Session | None, after: Session) -> str:
    touched = touched_fields(data)
    if "definition_of_done" in touched:
        items = after.process.definition_of_done
        if not items:
            return "The definition of done was cleared."
        had = bool(before and before.process.definition_of_done)
        verb = "changed" if had else "agreed"
        return f"Definition of done {verb}: {plural(len(items), 'item')}."
    return f"The process's {join_words(field_words(data))} changed."


def _rituals_updated(data: dict[str, Any], before: Session | None, after: Session) -> str:
    touched = touched_fields(data)
    rituals = after.rituals
    parts = []
    if "backlog" in touched:
        parts.append(
            f"The one shared backlog will live in {quote(rituals.backlog)}."
            if rituals.backlog
            else "Where the shared backlog lives is open again."
        )
    if "backlog_owner" in touched:
        parts.append(
            f"{Names(after, before).person(rituals.backlog_owner)} will order the backlog."
            if rituals.backlog_owner
            else "Nobody orders the backlog for now."
        )
    others = touched - {"backlog", "backlog_owner"}
    if others or not parts:
        fields = [FIELD_WORDS.get(n, n.replace("_", " ")) for n in sorted(others)]
        parts.append(f"The team's rituals changed ({join_words(fields) or 'details'}).")
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
        parts.append(
            f"The session's settings changed ({join_words(field_words(data)) or 'details'})."
        )
    return " ".join(parts)


_SINGLETON_WORDS: dict[str, Callable[[dict[str, Any], Session | None, Session], str]] = {
    "session": _session_updated,
    "process": _process_updated,
    "rituals": _rituals_updated,
    "settings": _settings_updated,
}


# -- collection events ---------------------------------------------------------------------------
