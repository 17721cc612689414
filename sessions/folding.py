"""Folding a timeline in time linear in its length: `apply` with an index of every collection.

`sessions.events.apply` is the one reducer, and it is pure: every event looks its item up by
key with a scan of the collection, and checks each reference against a set of the ids it
refers to, built afresh. That is right for one change, but a fold of a long history (read at
open, built into every replay) then costs events x collection length: the large bench session
spent most of its fold scanning lists of hundreds or thousands of items.

`Folding` keeps, beside the session it folds, a dictionary from key to position for each
collection it has looked at, tied to the very list it indexes. The common events (an item
added or updated) are applied with those dictionaries; every other event, and any event the
fast path is not sure of, goes to `apply` itself, so the result and every error are `apply`'s.
An index is kept only while its list is the one in the session: a list replaced by `apply`
(a removal, a move, a whole state taken in) is indexed again the next time it is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sessions import events
from sessions.events import COLLECTIONS, Collection, EventError
from sessions.model import Event, Record, Session


class _Unsure(Exception):
    """The fast path cannot vouch for this event: `apply` decides."""


class Folding:
    """A fold in progress: the session so far, and an index of each collection in it.

    `apply(event)` gives exactly what `sessions.events.apply(folding.session, event)` gives,
    and raises exactly what it raises (then the session so far is unchanged).
    """

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        """The session after every event applied so far (`None` before the first)."""
        self._indexes: dict[tuple[str, ...], tuple[list[Record], dict[Any, int] | None]] = {}
        """Per collection path: the list indexed, and its key -> position (`None` when two
        items share a key, which only a hand-edited file can hold: then `apply` decides)."""

    def _index(self, collection: Collection) -> dict[Any, int]:
        """Return the index of `collection` in the current session, building it if need be."""
        items = events._get(self.session, collection.path)
        kept = self._indexes.get(collection.path)
        if kept is not None and kept[0] is items:
            index = kept[1]
        else:
            # Built in C: a removal or a move replaces the list, and the next event indexes it
            # again. Two items with one key make a shorter index: `apply` then decides.
            getter = events._key_getter(collection.key)
            index = dict(zip(map(getter, items), range(len(items)), strict=True))
            if len(index) != len(items):
                index = None
            self._indexes[collection.path] = (items, index)
        if index is None:
            raise _Unsure
        return index

    def _check_refs(self, item: Record, collection: Collection) -> None:
        for field, target in collection.refs:
            value = getattr(item, events._attr(field))
            known = self._index(COLLECTIONS[target])
            for ref in value if isinstance(value, list) else [value]:
                if ref is not None and ref not in known:
                    raise _Unsure

    def _added(self, kind: str, data: dict[str, Any]) -> tuple[Collection, list[Record], Any]:
        collection = COLLECTIONS[kind]
        index = self._index(collection)
        item = events._build(collection.model, data)
        key = events._key_getter(collection.key)(item)
        if key in index:
            raise _Unsure
        events._check_distinct(kind, item)
        self._check_refs(item, collection)
        items = events._get(self.session, collection.path)
        return collection, [*items, item], (key, len(items))

    def _updated(self, kind: str, data: dict[str, Any]) -> tuple[Collection, list[Record], Any]:
        collection = COLLECTIONS[kind]
        index = self._index(collection)
        wanted = events._data_key(data, collection.key)
        old_key = wanted[0] if len(wanted) == 1 else wanted
        position = index.get(old_key)
        if position is None:
            raise _Unsure
        items = events._get(self.session, collection.path)
        before = items[position]
        item = events._build(collection.model, events._merged(before, data))
        if "id" in collection.key and item.id != before.id:
            raise _Unsure
        getter = events._key_getter(collection.key)
        old_key, new_key = getter(before), getter(item)
        if new_key != old_key and new_key in index:
            raise _Unsure
        events._check_distinct(kind, item)
        self._check_refs(item, collection)
        changed = items.copy()
        changed[position] = item
        return collection, changed, (old_key, new_key, position)

    def _fast(self, event: Event) -> Session:
        """Apply an added or updated item with the indexes, or raise `_Unsure`."""
        kind, _, verb = event.type.partition(".")
        if kind not in COLLECTIONS or verb not in ("added", "updated"):
            raise _Unsure
        session = self.session
        assert session is not None
        if verb == "added":
            collection, items, (key, position) = self._added(kind, event.data)
        else:
            collection, items, (old_key, key, position) = self._updated(kind, event.data)
        # As `apply` does: the collection replaced, and `updated_at` set to the event's time
        # (in one copy of the session where the collection is at the top).
        info = session.session.model_copy(update={"updated_at": event.at})
        if len(collection.path) == 1:
            result = session.model_copy(update={collection.path[0]: items, "session": info})
        else:
            updated = events._set(session, collection.path, items)
            result = updated.model_copy(update={"session": info})
        index = self._indexes[collection.path][1]
        assert index is not None
        if verb == "updated" and old_key != key:
            del index[old_key]
        index[key] = position
        self._indexes[collection.path] = (items, index)
        return result

    def apply(self, event: Event) -> Session:
        """Apply `event` to the session so far, keep the result, and return it.

        The first event must carry a whole state (`session.created` or `session.imported`)
        when the fold started without a session. Raises `EventError` as `apply` does.
        """
        if self.session is None:
            if event.type not in events._REPLACING:
                raise EventError("a timeline must start with session.created or session.imported")
            self.session = events._replaced(events._EMPTY, event.data)
            return self.session
        try:
            result = self._fast(event)
        except _Unsure:
            result = events.apply(self.session, event)
        except Exception:
            # Anything the fast path tripped over (a bad value, an unhashable key) is `apply`'s
            # to judge and to word.
            result = events.apply(self.session, event)
        self.session = result
        return result


def fold(timeline: Iterable[Event], base: Session | None = None) -> Session:
    """Fold events into a session, as `sessions.events.fold` does, with indexed lookups."""
    folding = Folding(base)
    for event in timeline:
        folding.apply(event)
    if folding.session is None:
        raise EventError("the timeline is empty")
    return folding.session
