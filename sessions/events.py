"""Events and the one pure reducer that turns a session and an event into the next session."""

from __future__ import annotations

import operator
from collections.abc import Callable, Container, Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar, cast

from pydantic import ValidationError

from sessions.kinds import KINDS, PARTS, Kind
from sessions.model import (
    ACTIVITIES,
    Activity,
    Ballot,
    Concern,
    Confidence,
    Event,
    Process,
    Record,
    Rituals,
    Session,
    dump_session,
)

R = TypeVar("R", bound=Record)
T = TypeVar("T")


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


def _data_key(data: dict[str, Any], key: tuple[str, ...]) -> tuple[Any, ...]:
    missing = [name for name in key if name not in data]
    if missing:
        raise EventError(f"missing {', '.join(missing)}")
    return tuple(data[name] for name in key)


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


def _check_refs(
    session: Session, item: Record, refs: Iterable[tuple[str, str]], lookup: Lookup = SCAN
) -> None:
    for field, target in refs:
        value = getattr(item, _attr(field))
        values = value if isinstance(value, list) else [value]
        # A list of lists (a role's holders, one list per responsibility) names ids too.
        values = [
            ref for entry in values for ref in (entry if isinstance(entry, list) else [entry])
        ]
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
    return _set(session, collection.path, [*items[:index], item, *items[index + 1 :]])


def _moved(session: Session, kind: str, data: dict[str, Any]) -> Session:
    collection = COLLECTIONS[kind]
    items, index = _find(session, kind, data)
    target = data.get("position")
    if not isinstance(target, int) or isinstance(target, bool) or not 0 <= target < len(items):
        raise EventError(f"`position` must be a whole number from 0 to {len(items) - 1}")
    reordered = [*items[:index], *items[index + 1 :]]
    reordered.insert(target, items[index])
    return _set(session, collection.path, reordered)


def _without(items: list[T], keep: Callable[[T], bool]) -> list[T]:
    return [item for item in items if keep(item)]


def _removed(session: Session, kind: str, data: dict[str, Any]) -> Session:
    collection = COLLECTIONS[kind]
    items, index = _find(session, kind, data)
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


def _stage_entered(session: Session, data: dict[str, Any]) -> Session:
    """Move the room to a stage; optionally log time spent and mark stages done or not done.

    Every stage timer stops: the room arrives on a stage with its timer paused.
    """
    stage_id = data.get("stage")
    if not isinstance(stage_id, str) or session.stage(stage_id) is None:
        raise EventError(f"no stage {stage_id!r}")
    session = _stages_marked(session, data)
    if any(stage.running_since is not None for stage in session.stages):
        stages = [
            s.model_copy(update={"running_since": None}) if s.running_since is not None else s
            for s in session.stages
        ]
        session = session.model_copy(update={"stages": stages})
    info = session.session.model_copy(update={"stage": stage_id})
    return session.model_copy(update={"session": info})


def entering(session: Session, stage_id: str, spent_s: float) -> dict[str, Any]:
    """Return the data of the `stage.entered` event that moves the room to `stage_id`.

    The room spent `spent_s` seconds on the stage it leaves, which is logged; moving forward
    in the agenda marks the stage left done (moving back, or to the same place, does not).
    """
    current = session.session.stage
    data: dict[str, Any] = {"stage": stage_id, "spent_s": {current: spent_s}}
    ids = [stage.id for stage in session.stages]
    if current in ids and stage_id in ids and ids.index(stage_id) > ids.index(current):
        data["done"] = {current: True}
    return data


def _stage_timed(session: Session, data: dict[str, Any]) -> Session:
    """Log the time spent on stages, as `spent_s = {stage id: seconds}`.

    A stage whose time is logged has its timer paused, unless `started = {stage id: when}`
    says the timer (re)started then: `forming notes` counts on from `spent_s` at that moment.
    """
    return _stages_marked(session, data)


def _stages_marked(session: Session, data: dict[str, Any]) -> Session:
    spent = data.get("spent_s", {})
    done = data.get("done", {})
    started = data.get("started", {})
    if not isinstance(spent, dict) or not isinstance(done, dict) or not isinstance(started, dict):
        raise EventError("`spent_s`, `done` and `started` must be tables keyed by stage id")
    if not all(isinstance(moment, datetime) for moment in started.values()):
        raise EventError("started values must be date-times")
    for stage_id in [*spent, *done, *started]:
        if session.stage(stage_id) is None:
            raise EventError(f"no stage {stage_id!r}")
    stages = []
    for stage in session.stages:
        update: dict[str, Any] = {}
        if stage.id in spent:
            seconds = spent[stage.id]
            if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
                raise EventError("spent_s values must be whole seconds, 0 or more")
            update["spent_s"] = seconds
            if stage.running_since is not None:
                update["running_since"] = None
        if stage.id in started:
            moment = started[stage.id]
            update["running_since"] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if stage.id in done:
            if not isinstance(done[stage.id], bool):
                raise EventError("done values must be true or false")
            update["done"] = done[stage.id]
        stages.append(stage.model_copy(update=update) if update else stage)
    return session.model_copy(update={"stages": stages})


def _concerns_revealed(session: Session, data: dict[str, Any]) -> Session:
    role = data.get("role")
    concerns = [
        c.model_copy(update={"masked": None}) if c.masked and role in (None, c.role) else c
        for c in session.concerns
    ]
    return session.model_copy(update={"concerns": concerns})


def _votes_cleared(session: Session, data: dict[str, Any]) -> Session:
    role = data.get("role")
    concerns = [
        c.model_copy(update={"votes": 0}) if c.votes and role in (None, c.role) else c
        for c in session.concerns
    ]
    return session.model_copy(update={"concerns": concerns})


# -- the room taking part: private input, attributed, revealed by the facilitator ---------------


def _person_of(session: Session, data: dict[str, Any]) -> str:
    person = data.get("person")
    if not isinstance(person, str) or session.person(person) is None:
        raise EventError(f"person: no person with id {person!r}")
    return person


def _via(data: dict[str, Any]) -> dict[str, Any]:
    via = data.get("via")
    if via not in (None, "room"):
        raise EventError('`via` must be "room" or absent')
    return {"via": via} if via else {}


def _open_activity(session: Session, kind: str) -> Activity:
    activity = session.activity
    if activity is None or activity.kind != kind:
        names = {"writing": "Silent writing", "dots": "The dot vote", "fist": "Fist of five"}
        raise EventError(f"{names.get(kind, kind)} is not open")
    return activity


def _activity_opened(session: Session, data: dict[str, Any]) -> Session:
    """Open one activity for the room's private input (it replaces any other open one)."""
    kind = data.get("kind")
    if kind not in ACTIVITIES:
        raise EventError(f"kind must be one of {', '.join(ACTIVITIES)}")
    activity = _build(Activity, {"kind": kind, "roles": data.get("roles", [])})
    for role in activity.roles:
        if session.role(role) is None:
            raise EventError(f"roles: no role with id {role!r}")
    return session.model_copy(update={"activity": activity})


def _activity_closed(session: Session, data: dict[str, Any]) -> Session:
    """Close the open activity: nothing more is taken in, and nothing is revealed."""
    return session.model_copy(update={"activity": None})


def _activity_revealed(session: Session, data: dict[str, Any]) -> Session:
    """Show what the room gave privately for one activity, and close it if it is open.

    Silent writing unmasks the hidden cards (of the opened roles); the dot vote counts each
    person's dots into the concerns' votes (once: counted ballots are marked revealed); fist
    of five unmasks the scores.
    """
    kind = data.get("kind")
    if kind not in ACTIVITIES:
        raise EventError(f"kind must be one of {', '.join(ACTIVITIES)}")
    update: dict[str, Any] = {}
    if kind == "writing":
        roles = session.activity.roles if session.activity and session.activity.kind == kind else []
        update["concerns"] = [
            c.model_copy(update={"masked": None})
            if c.masked and (not roles or c.role in roles)
            else c
            for c in session.concerns
        ]
    elif kind == "dots":
        counted: dict[str, int] = {}
        for ballot in session.ballots:
            if not ballot.revealed:
                counted[ballot.concern] = counted.get(ballot.concern, 0) + ballot.dots
        update["concerns"] = [
            c.model_copy(update={"votes": c.votes + counted[c.id]}) if c.id in counted else c
            for c in session.concerns
        ]
        update["ballots"] = [
            b if b.revealed else b.model_copy(update={"revealed": True}) for b in session.ballots
        ]
    elif kind == "fist":
        update["confidence"] = [
            v.model_copy(update={"masked": None}) if v.masked else v for v in session.confidence
        ]
    if session.activity is not None and session.activity.kind == kind:
        update["activity"] = None
    return session.model_copy(update=update)


def _concern_written(session: Session, data: dict[str, Any]) -> Session:
    """A silent card: a concern by a person, masked until the writing is revealed."""
    activity = _open_activity(session, "writing")
    author = _person_of(session, data)
    role = data.get("role")
    if activity.roles and role not in activity.roles:
        raise EventError(f"role: cards for {role!r} are not open")
    fields = {
        "id": data.get("id"),
        "role": role,
        "text": data.get("text"),
        "origin": "team",
        "author": author,
        "masked": True,
        **_via(data),
    }
    return _added(session, "concern", {k: v for k, v in fields.items() if v is not None})


def _dots_given(session: Session, data: dict[str, Any]) -> Session:
    """A person's whole dot ballot, `dots = {concern id: n}`; it replaces their earlier one.

    The budget and the cap per concern are the session's settings, per person; a ballot
    can be changed until the vote is revealed or closed.
    """
    _open_activity(session, "dots")
    person = _person_of(session, data)
    dots = data.get("dots")
    if not isinstance(dots, dict):
        raise EventError("`dots` must be a table of concern id to a number of dots")
    settings = session.settings
    known = {c.id for c in session.concerns if not c.masked}
    placed: list[Ballot] = []
    for concern, count in dots.items():
        if concern not in known:
            raise EventError(f"dots: no concern with id {concern!r} to vote on")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise EventError("dots: each number of dots must be a whole number, 0 or more")
        if count > settings.vote_cap:
            raise EventError(f"at most {settings.vote_cap} dots on one concern")
        if count:
            placed.append(
                _build(Ballot, {"person": person, "concern": concern, "dots": count, **_via(data)})
            )
    total = sum(b.dots for b in placed)
    if total > settings.vote_budget:
        raise EventError(f"{total} dots is more than the budget of {settings.vote_budget}")
    kept = [b for b in session.ballots if b.revealed or b.person != person]
    return session.model_copy(update={"ballots": [*kept, *placed]})


def _fist_given(session: Session, data: dict[str, Any]) -> Session:
    """A person's fist-of-five score, hidden until revealed; it replaces their earlier one."""
    _open_activity(session, "fist")
    person = _person_of(session, data)
    vote = _build(
        Confidence, {"person": person, "score": data.get("score"), "masked": True, **_via(data)}
    )
    kept = [v for v in session.confidence if v.person != person]
    return session.model_copy(update={"confidence": [*kept, vote]})


def _concern_heard(session: Session, data: dict[str, Any]) -> Session:
    """A role says it heard another role's concern (from the room: the person's own role)."""
    items, index = _find(session, "concern", {"id": data.get("concern")})
    concern = cast(Concern, items[index])
    role = data.get("role")
    if not isinstance(role, str) or session.role(role) is None:
        raise EventError(f"role: no role with id {role!r}")
    if role == concern.role:
        raise EventError("a role hears other roles' concerns, not its own")
    if concern.masked:
        raise EventError("that concern is still hidden")
    if data.get("person") is not None:
        _person_of(session, data)
    if role in concern.heard_by:
        return session
    heard = concern.model_copy(update={"heard_by": [*concern.heard_by, role]})
    return _set(session, ("concerns",), [*items[:index], heard, *items[index + 1 :]])


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
    for the common events (added and updated); a fold passes one that keeps indexes.
    """
    data = event.data
    if event.type in _REPLACING:
        result = _replaced(session, data)
    elif event.type in _SPECIAL:
        result = _SPECIAL[event.type](session, data)
    else:
        kind, _, verb = event.type.partition(".")
        if kind in SINGLETONS and verb == "updated":
            result = _singleton_updated(session, kind, data)
        elif kind in COLLECTIONS and verb in ("added", "updated"):
            result = _VERBS[verb](session, kind, data, lookup)
        elif kind in COLLECTIONS and verb in _VERBS:
            result = _VERBS[verb](session, kind, data)
        else:
            raise EventError(f"unknown event type {event.type!r}")
    if event.type in _REPLACING:
        return result
    info = result.session.model_copy(update={"updated_at": event.at})
    return result.model_copy(update={"session": info})


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


def _without_holder(holders: list[list[str]], person_id: str) -> list[list[str]] | None:
    """Return responsibility holders without `person_id`, or None when nobody is left."""
    kept = [[held for held in names if held != person_id] for names in holders]
    while kept and not kept[-1]:
        kept.pop()
    return kept or None
