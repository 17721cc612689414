"""The reducer: which rule each event type goes to (`apply`), and recording, previewing and
folding events with it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sessions.events.base import _REPLACING, COLLECTIONS, SCAN, SINGLETONS, EventError, Lookup, now
from sessions.events.items import _added, _moved, _updated
from sessions.events.parts import _singleton_updated
from sessions.events.removal import _removed
from sessions.events.room import (
    _activity_closed,
    _activity_opened,
    _activity_revealed,
    _concern_heard,
    _concern_written,
    _concerns_revealed,
    _dots_given,
    _fist_given,
    _votes_cleared,
)
from sessions.events.stages import _stage_entered, _stage_timed
from sessions.events.state import _EMPTY, _replaced
from sessions.model import Event, Session

_SPECIAL: dict[str, Callable[[Session, dict[str, Any]], Session]] = {
    "stage.entered": _stage_entered,
    "stage.timed": _stage_timed,
    "concerns.revealed": _concerns_revealed,
    "concerns.votes_cleared": _votes_cleared,
    "activity.opened": _activity_opened,
    "activity.closed": _activity_closed,
    "activity.revealed": _activity_revealed,
    "concern.written": _concern_written,
    "concern.heard": _concern_heard,
    "dots.given": _dots_given,
    "fist.given": _fist_given,
}


def apply(session: Session, event: Event, lookup: Lookup = SCAN) -> Session:
    """Return the session after `event`, leaving `session` and the timeline untouched.

    Raises `EventError` when the event does not fit the session: an unknown type, an item that
    does not exist, a reference that dangles, or a value out of bounds. `lookup` finds items
    for the collection events (added, updated, moved and removed); a fold passes one that
    keeps indexes.
    """
    return _stamped(_changed(session, event, lookup), event)


def _changed(session: Session, event: Event, lookup: Lookup = SCAN) -> Session:
    """Return what `apply` returns, except that `session.updated_at` is left as it was.

    A fold keeps few of the states it goes through (a replay one in a hundred): it stamps only
    those (`_stamped`), which spares two copies of the session an event. No rule reads
    `updated_at`, so a state stamped later is the state `apply` gives.
    """
    data = event.data
    if event.type in _REPLACING:
        return _replaced(session, data)
    if event.type in _SPECIAL:
        return _SPECIAL[event.type](session, data)
    kind, _, verb = event.type.partition(".")
    if kind in SINGLETONS and verb == "updated":
        return _singleton_updated(session, kind, data)
    if kind in COLLECTIONS and verb in _VERBS:
        return _VERBS[verb](session, kind, data, lookup)
    raise EventError(f"unknown event type {event.type!r}")


def _stamped(session: Session, event: Event) -> Session:
    """Return `session` as `apply` leaves it after `event`: changed when the event happened
    (an event carrying a whole state keeps that state's own time)."""
    if event.type in _REPLACING:
        return session
    info = session.session.model_copy(update={"updated_at": event.at})
    return session.model_copy(update={"session": info})


_VERBS: dict[str, Callable[..., Session]] = {
    "added": _added,
    "updated": _updated,
    "moved": _moved,
    "removed": _removed,
}


def make_event(session: Session, type_: str, data: dict[str, Any], at: datetime | None = None):
    """Return the event that would come next in `session`'s timeline."""
    return Event(seq=len(session.timeline) + 1, at=at or now(), type=type_, data=data)


def preview(session: Session, type_: str, data: dict[str, Any]) -> Session:
    """Return the session a change would make, without recording it; raise `EventError`.

    Forms ask this before they close rather than repeating the reducer's rules: a refusal's
    `field` says which of the form's fields to show it at.
    """
    return apply(session, make_event(session, type_, data))


def record(session: Session, event: Event) -> Session:
    """Apply `event` and append it to the timeline."""
    result = apply(session, event)
    return result.model_copy(update={"timeline": [*session.timeline, event]})


def fold(events: Iterable[Event], base: Session | None = None) -> Session:
    """Fold events into a session, starting from `base` or from the first (replacing) event."""
    session = base
    for event in events:
        if session is None:
            if event.type not in _REPLACING:
                raise EventError("a timeline must start with session.created or session.imported")
            session = _replaced(_EMPTY, event.data)
            continue
        session = apply(session, event)
    if session is None:
        raise EventError("the timeline is empty")
    return session
