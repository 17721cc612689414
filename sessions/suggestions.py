"""The content pack's suggestions: what the room has not adopted yet, and how it adopts them.

Items a session is seeded with from its pack (concerns, environments, gates with their
checks, pipeline steps, the definition of done, meetings and the backlog) carry `suggested`
until the team adopts them (an `updated` event that unsets the mark) or edits them (the
reducer takes an edit as adoption). The charter lists only what the team adopted in its
sections, and the suggestions left over apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from content.schema import Pack
from sessions.ids import new_id, new_slug_id
from sessions.kinds import KINDS
from sessions.model import Session

MARK = "◇ suggested"
"""How a suggestion is marked wherever it is shown: a symbol and a word, never colour alone."""


@dataclass(frozen=True)
class Offer:
    """One of the pack's suggestions a session does not hold yet."""

    label: str
    """How the pick list shows it."""
    type: str
    """The event that adds it."""
    data: dict[str, Any]
    """That event's data, without a fresh id (see `pulled`)."""
    prefix: str | None = None
    """The prefix of the numbered id it takes, if it takes one."""


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


def offers(pack: Pack, session: Session, part: str, role_id: str | None = None) -> list[Offer]:
    """Return the pack's suggestions for `part` that the session does not hold, to pull in.

    `part` is `concern` (for `role_id`), `environment`, `gate`, `step`, `done` or `meeting`.
    Each comes as a suggestion, marked like those a session starts with: a session started
    empty pulls only what the room wants, one item at a time.
    """
    role_ids = {role.id for role in session.roles}
    process = session.process
    found: list[Offer] = []
    if part == "concern" and role_id is not None:
        held = {c.text for c in session.concerns if c.role == role_id}
        for concern in pack.concerns_for(role_id):
            if concern.text not in held:
                data: dict[str, Any] = {
                    "role": role_id,
                    "text": concern.text,
                    "origin": "pack",
                    "suggested": True,
                }
                found.append(Offer(concern.text, "concern.added", data, KINDS["concern"].prefix))
    elif part == "environment":
        present = {env.id for env in process.environments} | {e.name for e in process.environments}
        for env in pack.process.environments:
            if env.id not in present and env.name not in present:
                data = {
                    "id": env.id,
                    "name": env.name,
                    "purpose": env.purpose,
                    "deployers": [r for r in env.deployers if r in role_ids],
                    "suggested": True,
                }
                found.append(Offer(env.name, "environment.added", data))
    elif part == "gate":
        envs = {env.id: env.name for env in process.environments}
        gates = {(g.from_, g.to) for g in process.gates}
        for gate in pack.process.gates:
            if gate.from_ in envs and gate.to in envs and (gate.from_, gate.to) not in gates:
                data = {
                    "from": gate.from_,
                    "to": gate.to,
                    "checks": list(gate.checks),
                    "suggested": True,
                }
                label = f"{envs[gate.from_]} → {envs[gate.to]} ({len(gate.checks)} checks)"
                found.append(Offer(label, "gate.added", data))
    elif part == "step":
        present = {s.id for s in process.pipeline} | {s.name for s in process.pipeline}
        for step in pack.process.pipeline:
            if step.id not in present and step.name not in present:
                data = {"id": step.id, "name": step.name, "suggested": True}
                if step.owner in role_ids:
                    data["owner"] = step.owner
                found.append(Offer(step.name, "step.added", data))
    elif part == "done":
        for item in pack.process.definition_of_done:
            if item not in process.definition_of_done:
                found.append(Offer(item, "process.updated", {"item": item}))
    elif part == "meeting":
        present = {m.name for m in session.rituals.meetings}
        for meeting in pack.rituals.meetings:
            if meeting.name not in present:
                data = {
                    "name": meeting.name,
                    "cadence": meeting.cadence,
                    "attendees": meeting.attendees,
                    "minutes": meeting.minutes,
                    "suggested": True,
                }
                found.append(Offer(meeting.name, "meeting.added", data))
    return found


def pulled(session: Session, offer: Offer) -> tuple[str, dict[str, Any]]:
    """Return the event that brings `offer` into the session, with a fresh id where needed."""
    data = dict(offer.data)
    if offer.type == "process.updated":
        item = data["item"]
        process = session.process
        return offer.type, {
            "set": {
                "definition_of_done": [*process.definition_of_done, item],
                "done_suggested": [*(process.done_suggested or []), item],
            }
        }
    if offer.prefix is not None:
        data["id"] = new_id(session, offer.prefix)
    elif "id" in data:
        kind = offer.type.partition(".")[0]
        data["id"] = new_slug_id(session, kind, data["id"])
    return offer.type, data
