"""Pairing the items of two sessions: which person, role, environment or action in A is which in B.

Items are paired by id and name together first, then by name (or text) alone, so two unrelated
files with their own ids compare sensibly; when one session continues the other, by id alone
too, so a renamed item is told as renamed. `Pairing` holds the pairs the whole diff shares and
maps A's ids to B's, so references (who holds a role, who owns an action) compare in B's ids.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from sessions.diff.chain import sessions_between
from sessions.followup import follows
from sessions.model import Session

T = TypeVar("T")
_GONE = "\x00gone"
"""Stands for an item of the first session with no match in the second, so it equals nothing."""

Key = Callable[[Any], Hashable | None]


def match(
    before: Sequence[T], after: Sequence[T], passes: Iterable[tuple[Key, Key]]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pair items of `before` with items of `after`, pass by pass, each item at most once.

    Each pass is a pair of key functions (for A's items, for B's); items whose keys are equal
    and not `None` are paired, first come first. Returns the pairs (in B's order), the items
    of A left unpaired and the items of B left unpaired (each in its own order).
    """
    left_a = list(range(len(before)))
    left_b = list(range(len(after)))
    pairs: dict[int, int] = {}
    for key_a, key_b in passes:
        waiting: dict[Hashable, list[int]] = {}
        for j in left_b:
            key = key_b(after[j])
            if key is not None:
                waiting.setdefault(key, []).append(j)
        still_a = []
        for i in left_a:
            key = key_a(before[i])
            candidates = waiting.get(key) if key is not None else None
            if candidates:
                pairs[candidates.pop(0)] = i
            else:
                still_a.append(i)
        left_a = still_a
        left_b = [j for j in left_b if j not in pairs]
    matched = [(before[pairs[j]], after[j]) for j in sorted(pairs)]
    return matched, [before[i] for i in left_a], [after[j] for j in left_b]


def by_id_and_name(
    related: bool, name: str = "name", fresh: tuple[set[str], set[str]] = (set(), set())
) -> list[tuple[Key, Key]]:
    """Match by id and name, then by name alone, then (for related sessions) by id alone.

    `fresh` holds, for A and for B, the ids of items added after the other session's time:
    they never match by id alone, since a file written before ids stopped being reused may
    give a newcomer the id of someone who left (see `added_since`).
    """

    def id_name(item: Any) -> Hashable:
        return (item.id, getattr(item, name))

    def by_name(item: Any) -> Hashable:
        return getattr(item, name)

    passes: list[tuple[Key, Key]] = [(id_name, id_name), (by_name, by_name)]
    if related:
        passes.append((id_unless(fresh[0]), id_unless(fresh[1])))
    return passes


def id_unless(fresh: set[str]) -> Key:
    def key(item: Any) -> Hashable | None:
        return None if item.id in fresh else item.id

    return key


def added_since(
    a: Session, b: Session, kind: str, between: Sequence[Session] = ()
) -> tuple[set[str], set[str]]:
    """Return the ids of `kind` items added in A after B's time, and in B after A's time.

    `between` is the chain of sessions from A to B (see `Pairing`): what they added is after
    A's time too.

    A follow-up's own timeline is all after its earlier session; of two saves of one session,
    the longer timeline runs past the shorter. Sessions saved by this version never give a new
    item an old id, so this only matters for files written before: there, an item added after
    the other session's time that shares an id with one of its items is someone else.
    """
    added = f"{kind}.added"

    def ids(session: Session, after: int) -> set[str]:
        return {
            e.data["id"]
            for e in session.timeline[after:]
            if e.type == added and isinstance(e.data.get("id"), str)
        }

    link_a, link_b = follows(a), follows(b)
    if between:
        return set(), set().union(ids(b, 0), *(ids(x, 0) for x in between))
    if link_b is not None and link_b[0] == a.session.id:
        return set(), ids(b, 0)
    if link_a is not None and link_a[0] == b.session.id:
        return ids(a, 0), set()
    if a.session.id == b.session.id:
        shorter = min(len(a.timeline), len(b.timeline))
        return ids(a, shorter), ids(b, shorter)
    return set(), set()


def mapping(pairs: Iterable[tuple[Any, Any]]) -> Callable[[str | None], str | None]:
    """Return a function taking an id in A to the id of its match in B (`None` stays `None`)."""
    ids = {a.id: b.id for a, b in pairs}

    def to_b(a_id: str | None) -> str | None:
        if a_id is None:
            return None
        return ids.get(a_id, f"{_GONE}:{a_id}")

    return to_b


def related(a: Session, b: Session) -> bool:
    """Whether `b` continues `a` (or the other way round), so that their ids mean the same."""
    if a.session.id == b.session.id:
        return True
    link_b, link_a = follows(b), follows(a)
    return (link_b is not None and link_b[0] == a.session.id) or (
        link_a is not None and link_a[0] == b.session.id
    )


def same(value: str | None) -> str | None:
    """Take an id of B to itself: B's side of a comparison made in B's ids."""
    return value


class Pairing:
    """The items of two sessions paired, and A's ids of each kind mapped to B's.

    People and actions pair by id alone only between related sessions (see `related`; a chain
    of follow-ups from A to B is related too, see `sessions.diff.chain`); role, environment
    and pipeline-step ids are slugs of what they are, so they pair by id in any case.

    `between` is the sessions between A and B, oldest first, when B follows A through a chain
    of follow-ups (`find_between` reads them from files); by default, only the one B carries
    (its `last_time`) is known. Ids are never reused along a chain, so A's and B's ids mean the
    same.
    """

    def __init__(self, a: Session, b: Session, between: Sequence[Session] | None = None) -> None:
        self.a = a
        self.b = b
        self.between = list(between) if between is not None else sessions_between(a, b) or []
        """The sessions between A and B, oldest first (empty when B follows A directly, or
        when no chain links them)."""
        self.related = related(a, b) or bool(self.between)
        self.people, self.people_left, self.people_joined = match(
            a.people,
            b.people,
            by_id_and_name(self.related, fresh=added_since(a, b, "person", self.between)),
        )
        self.person = mapping(self.people)
        # Role ids are slugs of their meaning (`data-scientist`), so they match by id even
        # between unrelated sessions.
        self.roles, self.roles_removed, self.roles_added = match(
            a.roles, b.roles, by_id_and_name(True)
        )
        self.role = mapping(self.roles)
        envs = match(a.process.environments, b.process.environments, by_id_and_name(True))
        self.envs, self.envs_removed, self.envs_added = envs
        self.env = mapping(self.envs)
        self.actions, self.actions_removed, self.actions_added = match(
            a.actions,
            b.actions,
            by_id_and_name(
                self.related, name="text", fresh=added_since(a, b, "action", self.between)
            ),
        )
        self.action = mapping(self.actions)
