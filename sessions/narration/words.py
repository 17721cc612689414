"""What the narration's sentences are made of: quoting, lists, field names and the names of items.

`Names` looks an item's name up in the states around one event (the state after it, else the
one before), so a sentence can name what was just removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sessions.kinds import KINDS, attribute
from sessions.model import Session
from sessions.text import shorten

QUOTE_WIDTH = 60
"""Terminal cells of a text quoted in a description before it is cut with `…`."""


FIELD_WORDS = {
    "timebox_min": "timebox",
    "spent_s": "time spent",
    "text": "wording",
    "when": "trigger",
    "quality": "quality bar",
    "heard_by": "heard by",
    "votes": "dots",
    "masked": "hiding",
    "suggested": "suggestion mark",
    "minutes": "length",
    "due": "due date",
    "definition_of_done": "definition of done",
    "backlog_owner": "backlog owner",
    "vote_budget": "dot budget",
    "vote_cap": "dot cap per concern",
    "team": "team name",
    "org_size": "organisation size",
    "pack_version": "pack version",
    "from": "from",
    "availability": "availability",
}


def quote(text: str, width: int = QUOTE_WIDTH) -> str:
    """Return `text` on one line in quotation marks, cut to `width` terminal cells."""
    return f"“{shorten(str(text), width)}”"


def join_words(words: Iterable[str]) -> str:
    """Return `a`, `a and b` or `a, b and c`."""
    items = [w for w in words if w]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(number: int) -> str:
    """Return `1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`, ..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def field_words(data: dict[str, Any]) -> list[str]:
    """Return the fields an update event sets or clears, in the room's words."""
    changes = data.get("set", {})
    unset = data.get("unset", [])
    names = list(changes) if isinstance(changes, dict) else []
    names += [n for n in unset if isinstance(n, str)] if isinstance(unset, list) else []
    return [FIELD_WORDS.get(n, str(n).replace("_", " ")) for n in dict.fromkeys(names)]


def set_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Return what an update event sets, by field (empty when it sets nothing)."""
    changes = data.get("set", {})
    return changes if isinstance(changes, dict) else {}


def unset_fields(data: dict[str, Any]) -> set[str]:
    """Return the fields an update event clears."""
    unset = data.get("unset", [])
    return {n for n in unset if isinstance(n, str)} if isinstance(unset, list) else set()


def touched_fields(data: dict[str, Any]) -> set[str]:
    """Return the fields an update event sets or clears."""
    return set(set_fields(data)) | unset_fields(data)


def day(value: Any) -> str:
    """Return a date (or the day of a moment) as `2026-03-31`."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class Names:
    """Looks names up in the states around one event: the preferred state first."""

    def __init__(self, *states: Session | None) -> None:
        self.states = [s for s in states if s is not None]

    def _find(self, pick: Callable[[Session], Any]) -> Any:
        for state in self.states:
            found = pick(state)
            if found is not None:
                return found
        return None

    def person(self, person_id: Any, fallback: str = "someone") -> str:
        found = self._find(lambda s: s.person(person_id) if isinstance(person_id, str) else None)
        return found.name if found else fallback

    def role(self, role_id: Any, fallback: str = "a role") -> str:
        found = self._find(lambda s: s.role(role_id) if isinstance(role_id, str) else None)
        return found.name if found else fallback

    def stage(self, stage_id: Any, fallback: str = "another stage") -> str:
        found = self._find(lambda s: s.stage(stage_id) if isinstance(stage_id, str) else None)
        return found.title if found else fallback

    def environment(self, env_id: Any) -> str:
        found = self._find(
            lambda s: next((e for e in s.process.environments if e.id == env_id), None)
        )
        return found.name if found else "an environment"

    def item(self, kind: str, data: dict[str, Any]) -> Any:
        """Return the item an event's key points at, or `None`."""
        collection = KINDS.get(kind)
        if collection is None:
            return None
        key = tuple(data.get(name) for name in collection.key)
        attrs = [attribute(name) for name in collection.key]

        def pick(state: Session) -> Any:
            items: Any = state
            for part in collection.path:
                items = getattr(items, part)
            return next(
                (i for i in items if tuple(getattr(i, a, None) for a in attrs) == key), None
            )

        return self._find(pick)


def changed(subject: str, data: dict[str, Any]) -> str:
    """`<subject> changed (timebox and notes).`: an update told by the fields it touched."""
    fields = field_words(data)
    if not fields:
        return f"{subject} was changed."
    return f"{subject} changed ({join_words(fields)})."


def place(data: dict[str, Any]) -> str:
    """`place 3`: where a moved item went, counted from 1."""
    position = data.get("position")
    return f"place {position + 1}" if isinstance(position, int) else "a new place"
