"""Adding, changing and moving an item of a collection (`<kind>.added`, `.updated`, `.moved`)."""

from __future__ import annotations

from typing import Any

from sessions.events.base import (
    COLLECTIONS,
    SCAN,
    EventError,
    Lookup,
    _attr,
    _build,
    _changes,
    _check_refs,
    _data_key,
    _get,
    _item_key,
    _merged,
    _set,
)
from sessions.model import Record, Session

_DISTINCT = {
    "need": ("provider", "receiver", "a handoff goes between two different roles"),
    "gate": ("from", "to", "a gate goes between two different environments"),
    "learning": ("learner", "partner", "a learner needs a partner other than themselves"),
}
"""Pairs of fields in one item that must not name the same thing."""


def _check_distinct(kind: str, item: Record) -> None:
    if kind in _DISTINCT:
        first, second, reason = _DISTINCT[kind]
        if getattr(item, _attr(first)) == getattr(item, _attr(second)):
            raise EventError(reason, field=second)


def _added(session: Session, kind: str, data: dict[str, Any], lookup: Lookup = SCAN) -> Session:
    collection = COLLECTIONS[kind]
    item = _build(collection.model, data)
    items = _get(session, collection.path)
    key = _item_key(item, collection.key)
    if lookup.position(items, collection, key) is not None:
        raise EventError(
            f"{kind} {key if len(key) > 1 else key[0]!r} already exists", field=collection.key[-1]
        )
    _check_distinct(kind, item)
    _check_refs(session, item, collection.refs, lookup)
    return _set(session, collection.path, [*items, item])


def _find(
    session: Session, kind: str, data: dict[str, Any], lookup: Lookup = SCAN
) -> tuple[list[Record], int]:
    collection = COLLECTIONS[kind]
    key = _data_key(data, collection.key)
    items = _get(session, collection.path)
    index = lookup.position(items, collection, key)
    if index is not None:
        return items, index
    raise EventError(f"no {kind} {key if len(key) > 1 else key[0]!r}")


ADOPTED_BY_EDITING: dict[str, frozenset[str]] = {
    "concern": frozenset({"text", "role", "votes"}),
    "environment": frozenset({"name", "purpose", "deployers"}),
    "gate": frozenset({"from", "to", "checks"}),
    "step": frozenset({"name", "owner"}),
    "meeting": frozenset({"name", "cadence", "attendees", "minutes"}),
}
"""The fields whose change makes a pack suggestion the team's own: editing it adopts it, and
so does a dot on a concern (being heard does not)."""


def _adopted_by_edit(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    changes, unset = _changes(data)
    edited = ADOPTED_BY_EDITING.get(kind, frozenset())
    if "suggested" in changes or not edited & (set(changes) | set(unset)):
        return data
    return {**data, "unset": [*unset, "suggested"]}


def _updated(session: Session, kind: str, data: dict[str, Any], lookup: Lookup = SCAN) -> Session:
    collection = COLLECTIONS[kind]
    items, index = _find(session, kind, data, lookup)
    data = _adopted_by_edit(kind, data)
    item = _build(collection.model, _merged(items[index], data))
    if "id" in collection.key and getattr(item, "id", None) != getattr(items[index], "id", None):
        raise EventError(f"a {kind}'s id cannot be changed")
    new_key = _item_key(item, collection.key)
    if (
        new_key != _item_key(items[index], collection.key)
        and lookup.position(items, collection, new_key) is not None
    ):
        raise EventError(f"{kind} {new_key!r} already exists", field=collection.key[-1])
    _check_distinct(kind, item)
    _check_refs(session, item, collection.refs, lookup)
    changed = items.copy()  # one C copy: the long lists (a role's assignments) are copied most
    changed[index] = item
    return _set(session, collection.path, changed)


def _moved(session: Session, kind: str, data: dict[str, Any], lookup: Lookup = SCAN) -> Session:
    collection = COLLECTIONS[kind]
    items, index = _find(session, kind, data, lookup)
    target = data.get("position")
    if not isinstance(target, int) or isinstance(target, bool) or not 0 <= target < len(items):
        raise EventError(f"`position` must be a whole number from 0 to {len(items) - 1}")
    reordered = [*items[:index], *items[index + 1 :]]
    reordered.insert(target, items[index])
    return _set(session, collection.path, reordered)
