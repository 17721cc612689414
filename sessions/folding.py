"""Folding a timeline in time linear in its length: the one reducer, with an index per list.

`sessions.events.apply` finds an event's item by scanning its list, and checks references
against a set of ids built afresh. That is right for one change, but a fold of a long history
(read at open, built into every replay) then costs events x collection length.

`Folding` hands the reducer a lookup (`events.Lookup`) that keeps, for each list it has seen,
a dictionary from key to position, tied to that very list. The reducer's rules all stay in
`events.py`; only the finding is faster. After an item is added or updated, the index moves
on to the new list (one entry changed); a list replaced any other way (a removal, a move, a
whole state taken in) is indexed afresh the next time it is needed.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from typing import Any

from sessions import events
from sessions.events import COLLECTIONS, Collection, EventError, Lookup
from sessions.model import Event, Record, Session


class Folding(Lookup):
    """A fold in progress: the session so far, and an index of each list in it.

    `apply(event)` gives exactly what `sessions.events.apply(folding.session, event)` gives,
    and raises exactly what it raises (then the session so far is unchanged).
    """

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        """The session after every event applied so far (`None` before the first)."""
        self._indexes: dict[tuple[str, ...], tuple[list[Record], dict[Any, int] | None]] = {}
        """Per collection path: the list indexed, and its key -> position (`None` when two
        items share a key, which only a hand-edited file can hold: then the list is scanned)."""

    def _index(self, items: list[Record], collection: Collection) -> dict[Any, int] | None:
        kept = self._indexes.get(collection.path)
        if kept is not None and kept[0] is items:
            return kept[1]
        getter = events._key_getter(collection.key)
        index: dict[Any, int] | None = dict(zip(map(getter, items), range(len(items)), strict=True))
        if index is not None and len(index) != len(items):
            index = None
        self._indexes[collection.path] = (items, index)
        return index

    def position(
        self, items: list[Record], collection: Collection, key: tuple[Any, ...]
    ) -> int | None:
        index = self._index(items, collection)
        if index is not None:
            try:
                return index.get(key[0] if len(key) == 1 else key)
            except TypeError:  # an unhashable key from a file: the scan words its error
                pass
        return super().position(items, collection, key)

    def known(self, session: Session, kind: str) -> Container[Any]:
        collection = COLLECTIONS[kind]
        if len(collection.key) == 1:
            index = self._index(events._get(session, collection.path), collection)
            if index is not None:
                return index.keys()
        return super().known(session, kind)

    def _carry(
        self, collection: Collection, event: Event, before: list[Record], after: list[Record]
    ) -> None:
        """Move the index of `before` on to `after`: the same list with `event`'s item added
        at the end, or updated in place (its key perhaps changed)."""
        kept = self._indexes.get(collection.path)
        if kept is None or kept[0] is not before or kept[1] is None or after is before:
            return
        index = kept[1]
        getter = events._key_getter(collection.key)
        if len(after) == len(before) + 1:
            index[getter(after[-1])] = len(after) - 1
        elif len(after) == len(before):
            key = events._data_key(event.data, collection.key)
            position = index.pop(key[0] if len(key) == 1 else key)
            index[getter(after[position])] = position
        else:
            return
        self._indexes[collection.path] = (after, index)

    def apply(self, event: Event) -> Session:
        """Apply `event` to the session so far, keep the result, and return it.

        The first event must carry a whole state (`session.created` or `session.imported`)
        when the fold started without a session. Raises `EventError` as `apply` does.
        """
        if self.session is None:
            if event.type not in events._REPLACING:
                raise EventError("a timeline must start with session.created or session.imported")
            self.session = events.apply(events._EMPTY, event)
            return self.session
        kind, _, verb = event.type.partition(".")
        collection = COLLECTIONS.get(kind)
        if collection is None or verb not in ("added", "updated") or event.type in events._SPECIAL:
            self.session = events.apply(self.session, event)
            return self.session
        before = events._get(self.session, collection.path)
        result = events.apply(self.session, event, lookup=self)
        self._carry(collection, event, before, events._get(result, collection.path))
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
