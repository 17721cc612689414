"""The checks a session file passes before Forming opens it: no key twice, no reference dangling.

They are built from the descriptors of the kinds of items (`sessions.kinds`): a new kind of
item is checked as soon as it is described there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sessions.kinds import KINDS, PARTS, value_of
from sessions.model import Event, Session


def integrity_problems(session: Session) -> list[tuple[str, str]]:
    """Return `(field path, reason)` for every duplicate key and every reference that dangles."""
    problems: list[tuple[str, str]] = []
    known: dict[str, set[Any]] = {}
    for kind in KINDS.values():
        seen: set[Any] = set()
        for index, item in enumerate(kind.items(session)):
            key = tuple(value_of(item, name) for name in kind.key)
            shown = key[0] if len(key) == 1 else key
            if shown in seen:
                problems.append(
                    (f"{kind.where}[{index}]", f"{kind.key_words} {shown!r} appears twice")
                )
            seen.add(shown)
        known[kind.name] = seen

    def refer(path: str, ref: Any, target: str) -> None:
        # Without an agenda (a file cut down by hand), stage ids have nothing to point at.
        if ref is not None and ref not in known[target] and (target != "stage" or session.stages):
            problems.append((path, f"no {target} with id {ref!r}"))

    refer("session.stage", session.session.stage, "stage")
    for kind in KINDS.values():
        for index, item in enumerate(kind.items(session)):
            for field, target in kind.refs:
                _refer_field(refer, f"{kind.where}[{index}].{field}", value_of(item, field), target)
    for part in PARTS.values():
        value: Any = session
        for name in part.path:
            value = getattr(value, name)
        for field, target in part.refs:
            _refer_field(refer, f"{part.name}.{field}", value_of(value, field), target)
    for i, ballot in enumerate(session.ballots):
        refer(f"ballots[{i}].person", ballot.person, "person")
        refer(f"ballots[{i}].concern", ballot.concern, "concern")
    return problems + timeline_problems(session.timeline)


def timeline_problems(timeline: Sequence[Event]) -> list[tuple[str, str]]:
    """Return `(field path, reason)` for every event out of its place: the events of a
    timeline are numbered 1, 2, 3, ... in order. The only check of `integrity_problems` that
    reads the timeline, so a history read after its state is checked alone."""
    return [
        (f"timeline[{i}].seq", f"expected {i + 1}, found {event.seq}")
        for i, event in enumerate(timeline)
        if event.seq != i + 1
    ]


def _refer_field(refer: Any, path: str, value: Any, target: str) -> None:
    """Check one field's references: one id, a list of ids, or a list of lists of ids (a role's
    holders, one list per responsibility)."""
    if not isinstance(value, list):
        refer(path, value, target)
        return
    for j, entry in enumerate(value):
        if isinstance(entry, list):
            for k, ref in enumerate(entry):
                refer(f"{path}[{j}][{k}]", ref, target)
        else:
            refer(f"{path}[{j}]", entry, target)
