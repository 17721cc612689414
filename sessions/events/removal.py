"""Removing an item (`<kind>.removed`), and with it what only made sense with it: the
cascade the descriptors of the kinds describe (`Kind.goes_with`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from sessions.events.base import COLLECTIONS, SCAN, EventError, Lookup, _attr, _get, _set
from sessions.events.items import _find
from sessions.kinds import PARTS
from sessions.model import Record, Session

T = TypeVar("T")


def _without(items: list[T], keep: Callable[[T], bool]) -> list[T]:
    return [item for item in items if keep(item)]


def _removed(session: Session, kind: str, data: dict[str, Any], lookup: Lookup = SCAN) -> Session:
    collection = COLLECTIONS[kind]
    items, index = _find(session, kind, data, lookup)
    if kind == "stage":
        raise EventError("stages cannot be removed")
    removed = items[index]
    session = _set(session, collection.path, [*items[:index], *items[index + 1 :]])
    if "id" not in collection.key:
        return session  # nothing refers to an item without an id
    return _forget(session, kind, cast(Any, removed).id)


_BALLOT_REFS = ("person", "concern")
"""The kinds a ballot names; a ballot goes with either (ballots are no kind of item: events
never add or remove them one by one)."""


def _forget(session: Session, kind: str, item_id: str) -> Session:
    """Remove what only made sense with the `kind` item `item_id`, and clear every other
    reference to it, as the descriptors of the kinds say (`Kind.goes_with`); and so on for
    each item removed with it."""
    for other in COLLECTIONS.values():
        fields = [
            (field, field in other.goes_with) for field, target in other.refs if target == kind
        ]
        if not fields:
            continue
        items = _get(session, other.path)
        kept = [_forgotten(item, fields, item_id) for item in items]
        if any(new is not old for new, old in zip(kept, items, strict=True)):
            session = _set(session, other.path, [item for item in kept if item is not None])
            if "id" in other.key:  # what went with it goes with them too (a concern's ballots)
                for old, new in zip(items, kept, strict=True):
                    if new is None:
                        session = _forget(session, other.name, old.id)
    for part in PARTS.values():
        fields = [(field, False) for field, target in part.refs if target == kind]
        if fields:
            value = _get(session, part.path)
            cleared = _forgotten(value, fields, item_id)
            if cleared is not value:
                session = _set(session, part.path, cleared)
    if kind in _BALLOT_REFS and session.ballots:
        ballots = _without(session.ballots, lambda b: getattr(b, kind) != item_id)
        if len(ballots) != len(session.ballots):
            session = session.model_copy(update={"ballots": ballots})
    return session


def _forgotten(item: Record, fields: list[tuple[str, bool]], item_id: str) -> Record | None:
    """Return `item` without its references to `item_id`: `None` when it goes with it, a copy
    with them cleared, or `item` itself when it names it nowhere."""
    update: dict[str, Any] = {}
    for field, goes in fields:
        name = _attr(field)
        value = getattr(item, name)
        if isinstance(value, list):
            if any(isinstance(entry, list) for entry in value):  # a role's holders
                if any(item_id in entry for entry in value):
                    if goes:
                        return None
                    update[name] = _without_holder(value, item_id)
            elif item_id in value:
                if goes:
                    return None
                update[name] = [ref for ref in value if ref != item_id]
        elif value == item_id:
            if goes:
                return None
            update[name] = None
    return item.model_copy(update=update) if update else item


# -- whole-session events --------------------------------------------------------------------


def _without_holder(holders: list[list[str]], person_id: str) -> list[list[str]] | None:
    """Return responsibility holders without `person_id`, or None when nobody is left."""
    kept = [[held for held in names if held != person_id] for names in holders]
    while kept and not kept[-1]:
        kept.pop()
    return kept or None
