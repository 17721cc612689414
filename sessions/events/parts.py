"""Changing a part of the session that exists once (`<part>.updated`: the process, the
rituals, ...)."""

from __future__ import annotations

from typing import Any

from sessions.events.base import EventError, _build, _changes, _check_refs, _get, _merged, _set
from sessions.kinds import PARTS
from sessions.model import Process, Record, Rituals, Session


def _singleton_updated(session: Session, kind: str, data: dict[str, Any]) -> Session:
    part = PARTS[kind]
    path, model = part.path, part.model
    changes, unset = _changes(data)
    touched = set(changes) | set(unset)
    managed = touched & part.managed
    if managed:
        raise EventError(f"{', '.join(sorted(managed))} cannot be changed by {kind}.updated")
    item = _build(model, _merged(_get(session, path), data))
    item = _suggestions_kept(item, changes)
    _check_refs(session, item, part.refs)
    return _set(session, path, item)


def _suggestions_kept(item: Record, changes: dict[str, Any]) -> Record:
    """Keep the pack's suggestions in a singleton to what the team has not edited yet.

    An item of the definition of done stays suggested while its text is in the list as the
    pack wrote it; an edited or removed item is the team's. The backlog stops being a
    suggestion once the team sets it.
    """
    if isinstance(item, Process) and item.done_suggested is not None:
        kept = [text for text in item.done_suggested if text in item.definition_of_done]
        if kept != item.done_suggested:
            return item.model_copy(update={"done_suggested": kept or None})
    if (
        isinstance(item, Rituals)
        and item.backlog_suggested
        and "backlog" in changes
        and "backlog_suggested" not in changes
    ):
        return item.model_copy(update={"backlog_suggested": None})
    return item
