"""What every rule of the reducer uses: its refusal (`EventError`), the kinds of item it
changes, and how it finds, builds and checks items."""

from __future__ import annotations

import operator
from collections.abc import Callable, Container, Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

from pydantic import ValidationError

from sessions.kinds import KINDS, PARTS, Kind
from sessions.model import Record, Session

R = TypeVar("R", bound=Record)


class EventError(ValueError):
    """An event that cannot be applied to the session it was given, with the reason."""

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        super().__init__(reason)
        self.field = field
        """The field of the event's data the refusal is about, when it is about one: a form
        shows the refusal there (see `preview`)."""


Collection = Kind
"""A list in the session that events add to, update, move and remove from (see `sessions.kinds`)."""

COLLECTIONS: dict[str, Kind] = KINDS
"""Every collection kind, by the name its events use (`person.added`, `gate.updated`, ...)."""

SINGLETONS: dict[str, tuple[tuple[str, ...], type[Record]]] = {
    name: (part.path, part.model) for name, part in PARTS.items()
}
"""Parts of the session that exist once and are changed with `<kind>.updated`."""

_REPLACING = {"session.created", "session.imported"}
"""Events that carry a whole state: the first event of a session, and a hand-edit taken in."""

NOT_UNDOABLE = _REPLACING | {"stage.entered", "stage.timed"}
"""Events that undo steps over: creation, imports, moving between stages and logging time."""


def now() -> datetime:
    """Return the current UTC time, to the microsecond."""
    return datetime.now(UTC)


def _attr(name: str) -> str:
    return "from_" if name == "from" else name


def _get(session: Session, path: tuple[str, ...]) -> Any:
    value: Any = session
    for part in path:
        value = getattr(value, part)
    return value


def _set(session: Session, path: tuple[str, ...], value: Any) -> Session:
    """Return a copy of `session` with the value at `path` replaced, copying only that branch."""
    if len(path) == 1:
        return session.model_copy(update={path[0]: value})
    parent = getattr(session, path[0])
    return session.model_copy(update={path[0]: parent.model_copy(update={path[1]: value})})


def _item_key(item: Record, key: tuple[str, ...]) -> tuple[Any, ...]:
    getter = _key_getter(key)
    return (getter(item),) if len(key) == 1 else getter(item)


@cache
def _key_getter(key: tuple[str, ...]) -> Callable[[Any], Any]:
    """Return a C-level getter of an item's key: one value for one field, else a tuple."""
    return operator.attrgetter(*(_attr(name) for name in key))


def _position(items: list[Record], key: tuple[str, ...], value: tuple[Any, ...]) -> int | None:
    """Return the index of the item whose key is `value`, or `None`.

    Every event looks items up by key in lists that reach thousands of items in a long
    session, so the scan runs in C (`map` and `list.index`) rather than in a Python loop.
    """
    firsts = list(map(_key_getter(key[:1]), items))
    start = 0
    while True:
        try:
            index = firsts.index(value[0], start)
        except ValueError:
            return None
        if len(key) == 1 or _item_key(items[index], key) == value:
            return index
        start = index + 1


@cache
def _data_getter(key: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
    """Return a C-level getter of the key an event's data names: one value, else a tuple."""
    return operator.itemgetter(*key)


def _data_key(data: dict[str, Any], key: tuple[str, ...]) -> tuple[Any, ...]:
    try:
        value = _data_getter(key)(data)
    except KeyError:
        missing = [name for name in key if name not in data]
        raise EventError(f"missing {', '.join(missing)}") from None
    return (value,) if len(key) == 1 else value


def _known(session: Session, kind: str) -> set[Any]:
    collection = COLLECTIONS[kind]
    return set(map(_key_getter(collection.key[:1]), _get(session, collection.path)))


class Lookup:
    """How the reducer finds items by key and checks references: by scanning the lists.

    One change scans once, which is right for it. A fold of a long timeline passes a lookup
    that keeps an index of each list (`sessions.folding.Folding`): the reducer's rules stay
    here, in one place, and only the finding is faster.
    """

    def position(
        self, items: list[Record], collection: Collection, key: tuple[Any, ...]
    ) -> int | None:
        """Return where in `items` (a list of `collection`) the item with `key` is, or None."""
        return _position(items, collection.key, key)

    def known(self, session: Session, kind: str) -> Container[Any]:
        """Return the ids of the `kind` items in `session`, for checking references."""
        return _known(session, kind)


SCAN = Lookup()
"""The reducer's own lookup: a scan of the list, as one change needs."""


def _check_refs(
    session: Session, item: Record, refs: Iterable[tuple[str, str]], lookup: Lookup = SCAN
) -> None:
    for field, target in refs:
        value = getattr(item, _attr(field))
        if not isinstance(value, list):  # one id, or none: most references
            if value is not None and value not in lookup.known(session, target):
                raise EventError(f"{field}: no {target} with id {value!r}", field=field)
            continue
        # A list of lists (a role's holders, one list per responsibility) names ids too.
        values = [ref for entry in value for ref in (entry if isinstance(entry, list) else [entry])]
        known = lookup.known(session, target)
        for ref in values:
            if ref is not None and ref not in known:
                raise EventError(f"{field}: no {target} with id {ref!r}", field=field)


def _build(model: type[R], data: dict[str, Any]) -> R:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or model.__name__
        field = str(first["loc"][0]) if first["loc"] else None
        raise EventError(f"{where}: {first['msg']}", field=field) from None


def _changes(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Return an update event's `set` and `unset`, checked: they may come from a file."""
    changes = data.get("set", {})
    unset = data.get("unset", [])
    if (
        not isinstance(changes, dict)
        or not isinstance(unset, list)
        or not all(isinstance(name, str) for name in unset)
    ):
        raise EventError("`set` must be a table and `unset` a list of field names")
    return changes, unset


def _merged(item: Record, data: dict[str, Any]) -> dict[str, Any]:
    changes, unset = _changes(data)
    merged = item.model_dump(by_alias=True, exclude_none=True)
    merged.update(changes)
    for name in unset:
        merged.pop(name, None)
    return merged


# -- collection events -----------------------------------------------------------------------
