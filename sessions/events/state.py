"""Whole states: the events that carry one (`session.created`, `session.imported`), and
comparing two sessions' current states."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from sessions.events.base import EventError
from sessions.model import Session, dump_session


def _replaced(session: Session, data: dict[str, Any]) -> Session:
    state = data.get("state")
    if not isinstance(state, dict):
        raise EventError("`state` must be a table holding the whole session")
    try:
        fresh = Session.model_validate({**state, "timeline": []})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise EventError(f"state.{where}: {first['msg']}") from None
    return fresh.model_copy(update={"timeline": session.timeline})


def state_event_data(session: Session) -> dict[str, Any]:
    """Return the data of an event that carries `session`'s whole current state."""
    return {"state": dump_session(session, timeline=False)}


def same_state(a: Session, b: Session) -> bool:
    """Return whether two sessions hold the same current state, whatever their timelines.

    The `ids_used` mark is left out: every save raises it to the highest number each kind of
    id ever reached, and no event records it, so a file's state carries a mark its timeline
    does not fold to. One lower than the timeline's ids costs nothing: new ids count the
    timeline too (`sessions.ids`).
    """
    if a.session.ids_used != b.session.ids_used:
        info = a.session.model_copy(update={"ids_used": b.session.ids_used})
        a = a.model_copy(update={"session": info})
    # Records compare by their fields, and equal records dump the same: most checks end here,
    # without dumping two whole states side by side (megabytes for a large session).
    if a.model_extra == b.model_extra and all(
        getattr(a, name) == getattr(b, name) for name in STATE_FIELDS
    ):
        return True
    first, second = dump_session(a, timeline=False), dump_session(b, timeline=False)
    # A `nan` kept from an unknown key never equals itself, but its text does.
    return first == second or repr(first) == repr(second)


# An empty shell on purpose, never validated: a replacing event (which a timeline starts with)
# fills every field.
_EMPTY = Session.model_construct(timeline=[])  # type: ignore[call-arg]
STATE_FIELDS = tuple(name for name in Session.model_fields if name != "timeline")
"""A session's fields that make its current state: all but the timeline."""
