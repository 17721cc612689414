"""The content pack's suggestions: what the room has not adopted yet, and how it adopts them.

Items a session is seeded with from its pack (concerns, environments, gates with their
checks, pipeline steps, the definition of done, meetings and the backlog) carry `suggested`
until the team adopts them (an `updated` event that unsets the mark) or edits them (the
reducer takes an edit as adoption). The charter lists only what the team adopted in its
sections, and the suggestions left over apart.
"""

from __future__ import annotations

from typing import Any

from sessions.model import Session

MARK = "◇ suggested"
"""How a suggestion is marked wherever it is shown: a symbol and a word, never colour alone."""


def adopt_event(session: Session, part: str, key: str) -> tuple[str, dict[str, Any]] | None:
    """Return the event that adopts the suggestion `key` of `part`, or `None` if it is not one.

    `part` is `concern`, `environment`, `gate` (key `from>to`), `step`, `meeting` (key: its
    name), `done` (key: the item's index) or `backlog`.
    """
    process, rituals = session.process, session.rituals
    if part == "done":
        index = int(key)
        items = process.definition_of_done
        if not 0 <= index < len(items) or items[index] not in (process.done_suggested or []):
            return None
        rest = [text for text in process.done_suggested or [] if text != items[index]]
        data = {"set": {"done_suggested": rest}} if rest else {"unset": ["done_suggested"]}
        return "process.updated", data
    if part == "backlog":
        if not rituals.backlog_suggested:
            return None
        return "rituals.updated", {"unset": ["backlog_suggested"]}
    found: Any = None
    if part == "concern":
        found = next((c for c in session.concerns if c.id == key), None)
        ident: dict[str, Any] = {"id": key}
    elif part == "environment":
        found = next((e for e in process.environments if e.id == key), None)
        ident = {"id": key}
    elif part == "step":
        found = next((s for s in process.pipeline if s.id == key), None)
        ident = {"id": key}
    elif part == "gate":
        source, _, target = key.partition(">")
        found = next((g for g in process.gates if (g.from_, g.to) == (source, target)), None)
        ident = {"from": source, "to": target}
    elif part == "meeting":
        found = next((m for m in rituals.meetings if m.name == key), None)
        ident = {"name": key}
    if found is None or not found.suggested:
        return None
    return f"{part}.updated", {**ident, "unset": ["suggested"]}


def done_is_suggested(session: Session, index: int) -> bool:
    """Whether item `index` of the definition of done is still the pack's suggestion."""
    items = session.process.definition_of_done
    return 0 <= index < len(items) and items[index] in (session.process.done_suggested or [])


def leftover(session: Session) -> list[tuple[str, list[str]]]:
    """Return the suggestions the team has not adopted, by part, for the charter."""
    process, rituals = session.process, session.rituals
    names = {env.id: env.name for env in process.environments}
    parts = [
        (
            "Concerns",
            [
                f"{session.role_name(c.role)}: {c.text}"
                for c in session.concerns
                if c.suggested and not c.masked
            ],
        ),
        ("Environments", [e.name for e in process.environments if e.suggested]),
        (
            "Promotion gates",
            [
                f"{names.get(g.from_, g.from_)} → {names.get(g.to, g.to)}: "
                + ("; ".join(g.checks) or "no checks")
                for g in process.gates
                if g.suggested
            ],
        ),
        ("Pipeline", [s.name for s in process.pipeline if s.suggested]),
        (
            "Definition of done",
            [t for t in process.definition_of_done if t in (process.done_suggested or [])],
        ),
        ("Meetings", [m.name for m in rituals.meetings if m.suggested]),
        ("Backlog", [rituals.backlog] if rituals.backlog_suggested and rituals.backlog else []),
    ]
    return [(title, items) for title, items in parts if items]
