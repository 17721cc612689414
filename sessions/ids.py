"""New ids for a session's items: never one that the session, or what it continues, ever used."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

from sessions.kinds import KINDS
from sessions.model import Event, Session, numbered_id

_ID_PATHS = tuple(kind.path for kind in KINDS.values() if kind.key == ("id",))
"""Where items identified by an `id` live in a session: people, concerns, actions, ..."""

_REPLACING = ("session.created", "session.imported")
"""Events that carry a whole state (see `sessions.events`)."""

_ADDING = ("concern.written",)
"""Events besides `<kind>.added` that add an item under a new id: a card written in the room
(its id `r<n>` is a namespace of its own, so it must count as used like any other)."""


def highest_numbers(ids: Iterable[Any]) -> dict[str, int]:
    """Return, for each prefix, the highest number among the numbered ids in `ids`."""
    highest: dict[str, int] = {}
    for item_id in ids:
        if not isinstance(item_id, str):
            continue
        parts = numbered_id(item_id)
        if parts is not None and parts[1] > highest.get(parts[0], 0):
            highest[parts[0]] = parts[1]
    return highest


def _state_ids(state: dict[str, Any]) -> Iterator[Any]:
    """Yield every item id in a state given as plain data (a replacing event's `state`)."""
    for path in _ID_PATHS:
        value: Any = state
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield item.get("id")
    info = state.get("session")
    carried = info.get("ids_used") if isinstance(info, dict) else None
    if isinstance(carried, dict):
        yield from (f"{prefix}{number}" for prefix, number in carried.items())


def _session_ids(session: Session) -> Iterator[str]:
    for path in _ID_PATHS:
        value: Any = session
        for part in path:
            value = getattr(value, part)
        for item in value:
            yield item.id
    yield from _carried_ids(session)


def _timeline_ids(events: Iterable[Event]) -> Iterator[Any]:
    for event in events:
        data = event.data
        if event.type in _REPLACING:
            state = data.get("state")
            if isinstance(state, dict):
                yield from _state_ids(state)
        elif event.type.endswith(".added") or event.type in _ADDING:
            yield data.get("id")  # every id a timeline names is added first


class _TimelineMemo:
    """The highest numbers of the last timeline seen, so a longer one scans only its new events.

    A timeline only grows between two adds (undo shortens it, and is then scanned afresh), and
    a 10,000-event timeline takes tens of milliseconds to scan whole.
    """

    def __init__(self) -> None:
        self._first: Event | None = None
        self._last: Event | None = None
        self._length = 0
        self._highest: dict[str, int] = {}
        self._lock = threading.Lock()
        """The UI thread asks for new ids while a save worker marks the file (`with_ids_mark`)."""

    def highest(self, events: list[Event]) -> dict[str, int]:
        with self._lock:
            return self._highest_now(events)

    def _highest_now(self, events: list[Event]) -> dict[str, int]:
        known = self._length
        if not (
            events
            and self._first is events[0]
            and len(events) >= known
            and events[known - 1] is self._last
        ):
            known, self._highest = 0, {}
        highest = dict(self._highest)
        _raise(highest, highest_numbers(_timeline_ids(events[known:])))
        self._first = events[0] if events else None
        self._last = events[-1] if events else None
        self._length = len(events)
        self._highest = highest
        return dict(highest)


def _raise(highest: dict[str, int], other: dict[str, int]) -> None:
    for prefix, number in other.items():
        if number > highest.get(prefix, 0):
            highest[prefix] = number


_MEMO = _TimelineMemo()


def ids_used(session: Session) -> dict[str, int]:
    """Return, per id prefix, the highest number the session ever used.

    It counts the items the session holds, every id its timeline ever named (so people who
    left still count), and what it carried from the session it continues (`ids_used` in
    `[session]`, written by follow-ups and branches).
    """
    highest = highest_numbers(_session_ids(session))
    _raise(highest, _MEMO.highest(session.timeline))
    return highest


class _StateMemo:
    """The highest numbers in each list of the last state seen, kept by the list's identity.

    A change copies only the list it touches, so marking each save rescans one list, not
    the thousands of ids of a large session.
    """

    def __init__(self) -> None:
        self._lists: dict[tuple[str, ...], tuple[list[Any], dict[str, int]]] = {}
        self._lock = threading.Lock()

    def highest(self, session: Session) -> dict[str, int]:
        highest: dict[str, int] = {}
        with self._lock:
            for path in _ID_PATHS:
                items: Any = session
                for part in path:
                    items = getattr(items, part)
                kept = self._lists.get(path)
                if kept is None or kept[0] is not items:
                    kept = (items, highest_numbers(item.id for item in items))
                    self._lists[path] = kept
                _raise(highest, kept[1])
        _raise(highest, highest_numbers(_carried_ids(session)))
        return highest


_STATE_MEMO = _StateMemo()


def _carried_ids(session: Session) -> Iterator[str]:
    for prefix, number in (session.session.ids_used or {}).items():
        yield f"{prefix}{number}"


def with_ids_mark(session: Session) -> Session:
    """Return `session` with `ids_used` in its state raised to what it ever used (`ids_used`).

    Every save writes this mark, so the next open can give new ids from the state alone,
    before the timeline is read (`sessions.host.SessionHost.early`). No event records it: the
    state's mark may be above what its timeline folds to (see docs/session-format.md).
    """
    info = session.session
    mark = _STATE_MEMO.highest(session)
    _raise(mark, _MEMO.highest(session.timeline))
    if (mark or None) == info.ids_used:
        return session
    marked = info.model_copy(update={"ids_used": mark or None})
    return session.model_copy(update={"session": marked})


def new_id(session: Session, prefix: str) -> str:
    """Return a new id `prefix<n>` above every `prefix<m>` the session ever used.

    Gaps are never filled: after `p1`..`p5` with `p5` gone, the next person is `p6`, so a
    newcomer never takes a leaver's id and `forming diff` never reports a leaver as renamed.
    """
    highest = _MEMO.highest(session.timeline).get(prefix, 0)
    for item_id in _session_ids(session):
        if item_id.startswith(prefix):  # cheaper than parsing each of thousands of ids
            parts = numbered_id(item_id)
            if parts is not None and parts[0] == prefix and parts[1] > highest:
                highest = parts[1]
    return f"{prefix}{highest + 1}"


def id_prefix(kind: str) -> str:
    """Return the prefix of the numbered ids items of `kind` take (`p` for a `person`), as its
    descriptor in `sessions.kinds` says; `ValueError` for a kind whose ids are not numbered."""
    prefix = KINDS[kind].prefix
    if prefix is None:
        raise ValueError(f"{kind} items have no numbered ids")
    return prefix


def new_item_id(session: Session, kind: str) -> str:
    """Return a new id for an item of `kind` (such as `person`); see `new_id`."""
    return new_id(session, id_prefix(kind))


def new_ids(session: Session, prefix: str, count: int) -> list[str]:
    """Return `count` new ids `prefix<n>`, in order, above every one the session ever used
    (for many items added in one change, such as a pasted roster)."""
    first = int(new_id(session, prefix).removeprefix(prefix))
    return [f"{prefix}{number}" for number in range(first, first + count)]


def ids_ever(session: Session, kind: str) -> set[str]:
    """Return every id an item of `kind` (such as `environment`) ever had in the session."""
    collection = KINDS[kind]
    found: set[str] = set()
    value: Any = session
    for part in collection.path:
        value = getattr(value, part)
    found.update(item.id for item in value)
    added = f"{kind}.added"
    for event in session.timeline:
        if event.type == added:
            item_id = event.data.get("id")
            if isinstance(item_id, str):
                found.add(item_id)
        elif event.type in _REPLACING:
            state: Any = event.data.get("state")
            for part in collection.path:
                state = state.get(part) if isinstance(state, dict) else None
            if isinstance(state, list):
                found.update(
                    item["id"]
                    for item in state
                    if isinstance(item, dict) and isinstance(item.get("id"), str)
                )
    return found


def new_slug_id(session: Session, kind: str, base: str) -> str:
    """Return `base`, or `base-2`, `base-3`, ...: the first no item of `kind` ever had.

    For items whose id is a slug of their name (environments, the team's own roles): one
    removed and added again under the same name gets a new id, like every other new item.
    """
    taken = ids_ever(session, kind)
    candidate, counter = base, 2
    while candidate in taken:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


SLUG_KINDS = ("environment", "role")
"""The kinds whose new items get a slug of their name (`new_slug_id`), not a number."""


def reused_id_replacement(session: Session, kind: str, item_id: str) -> str | None:
    """Return the id to give instead of `item_id` to a new item of `kind`, if `item_id` was
    ever used in `session` (its timeline included); `None` when it is new.

    For changes made before the session's history was read (`LiveSession.take_history`):
    their ids came from the state alone, with its `ids_used` mark.
    """
    if kind in SLUG_KINDS:
        if item_id in ids_ever(session, kind):
            return new_slug_id(session, kind, item_id)
        return None
    parts = numbered_id(item_id)
    if parts is None or kind == "stage":
        return None
    prefix, number = parts
    if number > ids_used(session).get(prefix, 0):
        return None
    return new_id(session, prefix)
