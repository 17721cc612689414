"""Every kind of item a session holds, described once: where it lives, how it is named and told.

A kind of item (people, roles, handoffs, ...) is a list in the session that events add to,
update, move and remove from (`person.added`, `gate.updated`, ...). Its descriptor here is the
one place that knows the list's path, the model of one item, the fields that identify it and
those that refer to other items, and the words for it. From these tables come the reducer's
collections (`sessions.events`), the integrity checks of a file (`sessions.integrity`), the
ids (`sessions.ids`), the replay's words (`sessions.narration`) and the headings of the diff
(`sessions.diff.changes`), and what a removal takes with it (`sessions.events.removal`).

Adding a kind of item:
1. its model in the module of `sessions/model/` for its part of the session, and its list on
   `Agreements` (`sessions/model/session.py`) when it is something the team agrees (a
   follow-up then carries it in `last_time` too), else on `Session`'s `_Room`;
2. its descriptor in `KINDS` below, with `told_apart` left false: the reducer's events, the
   integrity checks, new ids, the replay's words, a charter section and a diff section then
   follow from it (set `told_apart` once sections written for it exist in `sessions/export.py`
   and `sessions/diff/sections.py`, and add sentences to `sessions/narration/items.py` if its
   plain ones are not enough);
3. its screen in `tui/screens/` and its content in the pack (`content/`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sessions.model import (
    Action,
    Assignment,
    Concern,
    Confidence,
    Environment,
    Gate,
    Learning,
    Meeting,
    Need,
    ParkingItem,
    Person,
    PipelineStep,
    Process,
    Record,
    RiskDecision,
    Rituals,
    Role,
    Session,
    SessionInfo,
    Settings,
    Stage,
)


@dataclass(frozen=True)
class Kind:
    """One kind of item: a list in the session that events add to, update, move and remove from."""

    name: str
    """The name its events use: `person` in `person.added`."""
    path: tuple[str, ...]
    """Where the list lives, such as `("process", "gates")`."""
    model: type[Record]
    """The model of one item."""
    key: tuple[str, ...]
    """The fields (by their file names) that identify an item."""
    refs: tuple[tuple[str, str], ...] = ()
    """`(field, kind)` for each field that refers to another item (by that kind's id)."""
    goes_with: frozenset[str] = frozenset()
    """The fields of `refs` whose item, removed, takes this item with it (a role assignment
    goes with its person). Every other reference to a removed item is cleared: the field
    emptied, or the id taken out of the list."""
    noun: str = ""
    """What one item is called in a sentence: `handoff`, `pipeline step`."""
    key_words: str = ""
    """What the key is called when a file holds it twice: `person id`, `gate (from, to)`."""
    title: str | None = None
    """The field that names an item in a sentence (`name`, `text`), if one does."""
    prefix: str | None = None
    """The prefix of the numbered ids its items take (`p` for `p12`), if they take one."""
    agreement: bool = False
    """Whether adding or changing one records something the team agreed (the replay's
    "decisions" to jump between)."""
    section: str = ""
    """The heading of its section in the charter and in a diff: `Handoffs`."""
    told_apart: bool = False
    """Whether the charter and the diff tell it in sections written for it (or leave it out
    on purpose, as the agenda's stages). Otherwise both list it plainly from this descriptor
    under `section`, so a new kind of item is in them as soon as it is described."""

    @property
    def where(self) -> str:
        """The list's path as a file names it: `process.gates`."""
        return ".".join(self.path)

    def items(self, session: Session) -> list[Any]:
        """Return the items of this kind in `session`."""
        value: Any = session
        for part in self.path:
            value = getattr(value, part)
        return value


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "stage",
            ("stages",),
            Stage,
            ("id",),
            noun="stage",
            key_words="stage id",
            title="title",
            told_apart=True,
        ),
        Kind(
            "role",
            ("roles",),
            Role,
            ("id",),
            (("holders", "person"),),
            noun="role",
            key_words="role id",
            title="name",
            section="Roles",
            told_apart=True,
        ),
        Kind(
            "person",
            ("people",),
            Person,
            ("id",),
            noun="person",
            key_words="person id",
            title="name",
            prefix="p",
            section="People",
            told_apart=True,
        ),
        Kind(
            "assignment",
            ("assignments",),
            Assignment,
            ("person", "role"),
            (("person", "person"), ("role", "role")),
            goes_with=frozenset({"person", "role"}),
            noun="role assignment",
            key_words="assignment (person, role)",
            section="Who holds which role",
            told_apart=True,
        ),
        Kind(
            "concern",
            ("concerns",),
            Concern,
            ("id",),
            (("role", "role"), ("heard_by", "role"), ("author", "person")),
            goes_with=frozenset({"role"}),
            noun="concern",
            key_words="concern id",
            title="text",
            prefix="c",
            section="Concerns",
            told_apart=True,
        ),
        Kind(
            "need",
            ("needs",),
            Need,
            ("id",),
            (("provider", "role"), ("receiver", "role")),
            goes_with=frozenset({"provider", "receiver"}),
            noun="handoff",
            key_words="handoff id",
            title="artefact",
            prefix="n",
            agreement=True,
            section="Handoffs",
            told_apart=True,
        ),
        Kind(
            "learning",
            ("learning",),
            Learning,
            ("id",),
            (("learner", "person"), ("partner", "person")),
            goes_with=frozenset({"learner"}),
            noun="learning commitment",
            key_words="learning id",
            title="topic",
            prefix="l",
            agreement=True,
            section="Learning commitments",
            told_apart=True,
        ),
        Kind(
            "environment",
            ("process", "environments"),
            Environment,
            ("id",),
            (("deployers", "role"),),
            noun="environment",
            key_words="environment id",
            title="name",
            agreement=True,
            section="Environments",
            told_apart=True,
        ),
        Kind(
            "gate",
            ("process", "gates"),
            Gate,
            ("from", "to"),
            (("from", "environment"), ("to", "environment")),
            goes_with=frozenset({"from", "to"}),
            noun="promotion gate",
            key_words="gate (from, to)",
            agreement=True,
            section="Promotion gates",
            told_apart=True,
        ),
        Kind(
            "step",
            ("process", "pipeline"),
            PipelineStep,
            ("id",),
            (("owner", "role"),),
            noun="pipeline step",
            key_words="pipeline step id",
            title="name",
            prefix="s",
            agreement=True,
            section="Pipeline",
            told_apart=True,
        ),
        Kind(
            "meeting",
            ("rituals", "meetings"),
            Meeting,
            ("name",),
            noun="meeting",
            key_words="meeting name",
            title="name",
            agreement=True,
            section="Meetings",
            told_apart=True,
        ),
        Kind(
            "action",
            ("actions",),
            Action,
            ("id",),
            (("owner", "person"),),
            noun="action",
            key_words="action id",
            title="text",
            prefix="a",
            agreement=True,
            section="Actions",
            told_apart=True,
        ),
        Kind(
            "parking",
            ("parking_lot",),
            ParkingItem,
            ("id",),
            (("stage", "stage"),),
            goes_with=frozenset({"stage"}),
            noun="parking-lot item",
            key_words="parking-lot id",
            title="text",
            prefix="k",
            section="Parking lot",
            told_apart=True,
        ),
        Kind(
            "vote",
            ("confidence",),
            Confidence,
            ("person",),
            (("person", "person"),),
            goes_with=frozenset({"person"}),
            noun="confidence vote",
            key_words="vote by person",
            section="Confidence",
            told_apart=True,
        ),
        Kind(
            "decision",
            ("decisions",),
            RiskDecision,
            ("kind", "subject"),
            (("action", "action"),),
            goes_with=frozenset({"action"}),
            noun="risk decision",
            key_words="decision (kind, subject)",
            section="Decisions about risks",
            told_apart=True,
        ),
    )
}
"""Every kind of item, by the name its events use, in the order a session file holds them."""


@dataclass(frozen=True)
class Part:
    """A part of the session that exists once and is changed with `<name>.updated`."""

    name: str
    """The name its event uses: `rituals` in `rituals.updated`."""
    path: tuple[str, ...]
    """Where it lives in the session."""
    model: type[Record]
    """Its model."""
    managed: frozenset[str] = frozenset()
    """Its fields that `<name>.updated` may not set: the reducer manages them (the lists of
    items in it are changed by their own events)."""
    refs: tuple[tuple[str, str], ...] = ()
    """`(field, kind)` for each field that refers to an item."""
    noun: str = ""
    """What it is called in a sentence."""


PARTS: dict[str, Part] = {
    part.name: part
    for part in (
        Part(
            "session",
            ("session",),
            SessionInfo,
            frozenset({"id", "created_at", "updated_at", "stage", "ids_used"}),
            noun="session",
        ),
        Part(
            "process",
            ("process",),
            Process,
            frozenset({"environments", "gates", "pipeline"}),
            noun="process",
        ),
        Part(
            "rituals",
            ("rituals",),
            Rituals,
            frozenset({"meetings"}),
            (("backlog_owner", "person"), ("walkthrough_lead", "person")),
            noun="rituals",
        ),
        Part("settings", ("settings",), Settings, noun="settings"),
    )
}
"""Every part of the session that exists once, by the name its `.updated` event uses."""


def attribute(name: str) -> str:
    """Return the model's attribute for the field a file (and a descriptor's `key`) calls `name`.

    They differ only where the file's name is a Python keyword: a gate's `from` is `from_`.
    """
    return "from_" if name == "from" else name


def value_of(item: Any, name: str) -> Any:
    """Return the field of `item` that a file calls `name` (see `attribute`)."""
    return getattr(item, attribute(name))


def noun(kind: str) -> str:
    """Return what an item (or part) of `kind` is called: `handoff` for `need`.

    A name that is neither (`concerns` in `concerns.revealed`) is told as it is written.
    """
    described = KINDS.get(kind) or PARTS.get(kind)
    return described.noun if described is not None else kind.replace("_", " ")
