"""Folding a timeline in time linear in its length: the one reducer, with an index per list.

`sessions.events.apply` finds an event's item by scanning its list, and checks references
against a set of ids built afresh. That is right for one change, but a fold of a long history
(read at open, built into every replay) then costs events x collection length.

`Folding` hands the reducer a lookup (`events.Lookup`) that keeps, for each list it has seen,
a dictionary from key to where the item is, tied to that very list. The reducer's rules all stay in
`sessions.events`; only the finding is faster. After an item is added, updated or removed,
the index moves on to the new list; a list replaced any other way (a move, a whole state
taken in, a removal's cascade reaching it) is indexed afresh the next time it is needed.

A fold also goes through far more states than anyone looks at: `apply` marks each one with
its event's time (`updated_at`), two copies of the session an event. `Folding` marks only
the states it is asked for (`session`); `unstamped` is the state so far without that mark,
for what does not read it (the stage the room is on).
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Container, Iterable
from itertools import chain, islice
from typing import Any

from sessions import events
from sessions.events import COLLECTIONS, Collection, EventError, Lookup
from sessions.model import Event, Record, Session

_CARRIED = ("added", "updated", "removed")
"""The verbs after which the index of the list changed moves on to the new list."""


class _Index:
    """Where each item of one list is, by key, kept up as the list changes.

    Each item has a slot: its position when the list was indexed, or the position it was
    added at. A removal leaves a hole in the slots rather than moving every later item down
    (a rewrite of the whole index at every removal from a long list, such as a role
    assignment's), so an item's position is its slot less the holes before it.
    """

    __slots__ = ("holes", "items", "slots")

    def __init__(self, items: list[Record], slots: dict[Any, int] | None) -> None:
        self.items = items
        """The list indexed, by identity: any other list is indexed afresh."""
        self.slots = slots
        """Key -> slot; `None` when two items share a key, which only a hand-edited file can
        hold: then that list is scanned."""
        self.holes: list[int] = []
        """The slots of the items removed since, in order."""

    def position(self, found: Any) -> int | None:
        assert self.slots is not None
        slot = self.slots.get(found)
        if slot is None or not self.holes:
            return slot
        return slot - bisect.bisect_left(self.holes, slot)


class Folding(Lookup):
    """A fold in progress: the session so far, and an index of each list in it.

    `apply(event)` gives exactly what `sessions.events.apply(folding.session, event)` gives,
    and raises exactly what it raises (then the session so far is unchanged). `advance` does
    the same without giving the state, for a fold that keeps only some of its states.
    """

    def __init__(self, session: Session | None = None) -> None:
        self._unstamped = session
        self._last: Event | None = None
        """The event whose time the session so far is yet to be marked with, if any."""
        self._session = session
        """The session so far, marked; `None` until asked for after an event."""
        self._indexes: dict[tuple[str, ...], _Index] = {}
        """Per collection path, the index of its list."""

    @property
    def session(self) -> Session | None:
        """The session after every event applied so far (`None` before the first)."""
        if self._session is None and self._unstamped is not None:
            last = self._last
            self._session = (
                self._unstamped if last is None else events._stamped(self._unstamped, last)
            )
        return self._session

    @property
    def unstamped(self) -> Session | None:
        """The session so far but for `session.updated_at`, which may be an event behind."""
        return self._unstamped

    def _index(self, items: list[Record], collection: Collection) -> _Index | None:
        index = self._indexes.get(collection.path)
        if index is not None and index.items is items:
            return index
        getter = events._key_getter(collection.key)
        slots = dict(zip(map(getter, items), range(len(items)), strict=True))
        index = _Index(items, slots if len(slots) == len(items) else None)
        self._indexes[collection.path] = index
        return index if index.slots is not None else None

    def position(
        self, items: list[Record], collection: Collection, key: tuple[Any, ...]
    ) -> int | None:
        index = self._index(items, collection)
        if index is not None:
            try:
                return index.position(key[0] if len(key) == 1 else key)
            except TypeError:  # an unhashable key from a file: the scan words its error
                pass
        return super().position(items, collection, key)

    def known(self, session: Session, kind: str) -> Container[Any]:
        collection = COLLECTIONS[kind]
        if len(collection.key) == 1:
            index = self._index(events._get(session, collection.path), collection)
            if index is not None and index.slots is not None:
                return index.slots.keys()
        return super().known(session, kind)

    def _carry(
        self, collection: Collection, event: Event, before: list[Record], after: list[Record]
    ) -> None:
        """Move the index of `before` on to `after`: the same list with `event`'s item added
        at the end, updated in place (its key perhaps changed), or removed."""
        index = self._indexes.get(collection.path)
        if index is None or index.items is not before or index.slots is None or after is before:
            return
        getter = events._key_getter(collection.key)
        if len(after) == len(before) + 1:
            index.slots[getter(after[-1])] = len(before) + len(index.holes)
            index.items = after
            return
        key = events._data_key(event.data, collection.key)
        found = key[0] if len(key) == 1 else key
        try:
            position = index.position(found)
            slot = index.slots.pop(found)
        except (KeyError, TypeError):  # not found through the index: index afresh
            position = None
        if position is not None and len(after) == len(before):
            index.slots[getter(after[position])] = slot
        elif position is not None and _removed_from(before, after, position):
            bisect.insort(index.holes, slot)
        else:
            del self._indexes[collection.path]
            return
        index.items = after

    def advance(self, event: Event) -> None:
        """Apply `event` to the session so far, as `apply` does, without giving the state.

        The first event must carry a whole state (`session.created` or `session.imported`)
        when the fold started without a session. Raises `EventError` as `apply` does.
        """
        current = self._unstamped
        if current is None:
            if event.type not in events._REPLACING:
                raise EventError("a timeline must start with session.created or session.imported")
            current = events._EMPTY
        kind, _, verb = event.type.partition(".")
        collection = COLLECTIONS.get(kind)
        if collection is None or verb not in _CARRIED or event.type in events._SPECIAL:
            result = events._changed(current, event, self)
        else:
            before = events._get(current, collection.path)
            result = events._changed(current, event, self)
            self._carry(collection, event, before, events._get(result, collection.path))
        self._unstamped = result
        self._last = event
        self._session = None

    def apply(self, event: Event) -> Session:
        """Apply `event` to the session so far, keep the result, and return it.

        The first event must carry a whole state (`session.created` or `session.imported`)
        when the fold started without a session. Raises `EventError` as `apply` does.
        """
        self.advance(event)
        session = self.session
        assert session is not None  # an event was applied
        return session


def _removed_from(before: list[Record], after: list[Record], position: int) -> bool:
    """Whether `after` is `before` without its item at `position`, item for item.

    A removal's cascade never reaches the list removed from (no kind names its own kind), so
    this holds; should that change, the list is indexed afresh. A C loop over pointers.
    """
    if len(after) != len(before) - 1:
        return False
    rest = chain(islice(before, position), islice(before, position + 1, None))
    return all(map(operator.is_, after, rest))


def fold(timeline: Iterable[Event], base: Session | None = None) -> Session:
    """Fold events into a session, as `sessions.events.fold` does, with indexed lookups."""
    folding = Folding(base)
    for event in timeline:
        folding.advance(event)
    session = folding.session
    if session is None:
        raise EventError("the timeline is empty")
    return session
