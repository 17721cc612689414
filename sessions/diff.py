"""What changed between two sessions: people, roles, coverage, handoffs, process and actions."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from sessions.coverage import Risk, decision_words, risks, split_risks
from sessions.export import md, strip_controls
from sessions.followup import follows
from sessions.kinds import KINDS, Kind
from sessions.model import Need, RiskDecision, Session
from sessions.text import plural

NO_CHANGES = "No changes: the two sessions hold the same agreements."
"""What the diff of two sessions holding the same agreements says, and all it says."""

MARKS = {
    "+": "added or new",
    "-": "removed or resolved",
    "~": "changed",
    "=": "still open",
}
"""Every mark a change line starts with, always followed by a word saying what it means."""

T = TypeVar("T")
_WHITESPACE_RUN = re.compile(r"\s+")
_GONE = "\x00gone"
"""Stands for an item of the first session with no match in the second, so it equals nothing."""


@dataclass(frozen=True)
class Change:
    """One line of a diff: a mark, the word for it, and what changed."""

    mark: str
    """`+` (added, new), `-` (removed, resolved), `~` (changed) or `=` (unchanged, shown)."""
    label: str
    """The word for the change, such as `joined` or `share`; never left to the mark alone."""
    text: str
    """What changed, in a plain sentence; it holds text people typed, unescaped."""

    @property
    def counts(self) -> bool:
        """Whether this line is a change (a `=` line only reminds of something unchanged)."""
        return self.mark != "="


@dataclass
class SessionDiff:
    """The differences between session A (before) and session B (after), by section."""

    before: str
    """Which session A is: its team and when it was saved."""
    after: str
    """Which session B is."""
    link: str = ""
    """How the two are related, when one is a follow-up of the other."""
    team: list[Change] = field(default_factory=list)
    """The team's name, purpose, product, organisation size, facilitator and goals."""
    people: list[Change] = field(default_factory=list)
    """People who joined or left, and changes of name, title or availability."""
    roles: list[Change] = field(default_factory=list)
    """Roles added, removed or renamed, and their responsibilities."""
    shares: list[Change] = field(default_factory=list)
    """Who holds which role: roles taken on or given up, and changed shares."""
    risks: list[Change] = field(default_factory=list)
    """Coverage risks new in B and those resolved since A."""
    concerns: list[Change] = field(default_factory=list)
    """Concerns raised or removed (votes are not compared: each session is its own round)."""
    handoffs: list[Change] = field(default_factory=list)
    """Handoffs between roles added, removed or changed."""
    environments: list[Change] = field(default_factory=list)
    """Environments added, removed or changed."""
    gates: list[Change] = field(default_factory=list)
    """Promotion gates added or removed, and the checks they apply."""
    pipeline: list[Change] = field(default_factory=list)
    """Pipeline steps added, removed, renamed, re-owned or reordered."""
    definition_of_done: list[Change] = field(default_factory=list)
    """Items of the definition of done added or removed."""
    learning: list[Change] = field(default_factory=list)
    """Learning commitments added or removed."""
    rituals: list[Change] = field(default_factory=list)
    """The backlog, who orders it, and the meetings."""
    actions: list[Change] = field(default_factory=list)
    """Actions added, completed, changed, and those still open."""
    parking_lot: list[Change] = field(default_factory=list)
    """Items parked, resolved or removed."""
    confidence: list[Change] = field(default_factory=list)
    """The average of the confidence vote, A to B."""
    listed: dict[str, list[Change]] = field(default_factory=dict)
    """Items of the kinds with no section written for them, added, removed or changed, by
    their section's heading (see `Kind.told_apart`)."""

    def sections(self) -> list[tuple[str, list[Change]]]:
        """Return each section that has lines, with its heading, in reading order."""
        written = [
            (SECTION_TITLES[f.name], getattr(self, f.name))
            for f in fields(self)
            if f.name in SECTION_TITLES and getattr(self, f.name)
        ]
        return written + [(title, changes) for title, changes in self.listed.items() if changes]

    @property
    def empty(self) -> bool:
        """Whether the two sessions hold the same agreements (reminders aside)."""
        return not any(change.counts for _, changes in self.sections() for change in changes)


SECTION_TITLES = {
    "team": "Team",
    "people": KINDS["person"].section,
    "roles": KINDS["role"].section,
    "shares": KINDS["assignment"].section,
    "risks": "Coverage risks",
    "concerns": KINDS["concern"].section,
    "handoffs": KINDS["need"].section,
    "environments": KINDS["environment"].section,
    "gates": KINDS["gate"].section,
    "pipeline": KINDS["step"].section,
    "definition_of_done": "Definition of done",
    "learning": KINDS["learning"].section,
    "rituals": "Rituals",
    "actions": KINDS["action"].section,
    "parking_lot": KINDS["parking"].section,
    "confidence": KINDS["vote"].section,
}
"""The heading of each section of a diff."""


# -- matching items of A to items of B -------------------------------------------------------

Key = Callable[[Any], Hashable | None]


def _match(
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


def _by_id_and_name(
    related: bool, name: str = "name", fresh: tuple[set[str], set[str]] = (set(), set())
) -> list[tuple[Key, Key]]:
    """Match by id and name, then by name alone, then (for related sessions) by id alone.

    `fresh` holds, for A and for B, the ids of items added after the other session's time:
    they never match by id alone, since a file written before ids stopped being reused may
    give a newcomer the id of someone who left (see `_added_since`).
    """

    def id_name(item: Any) -> Hashable:
        return (item.id, getattr(item, name))

    def by_name(item: Any) -> Hashable:
        return getattr(item, name)

    passes: list[tuple[Key, Key]] = [(id_name, id_name), (by_name, by_name)]
    if related:
        passes.append((_id_unless(fresh[0]), _id_unless(fresh[1])))
    return passes


def _id_unless(fresh: set[str]) -> Key:
    def key(item: Any) -> Hashable | None:
        return None if item.id in fresh else item.id

    return key


def _added_since(a: Session, b: Session, kind: str) -> tuple[set[str], set[str]]:
    """Return the ids of `kind` items added in A after B's time, and in B after A's time.

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
    if link_b is not None and link_b[0] == a.session.id:
        return set(), ids(b, 0)
    if link_a is not None and link_a[0] == b.session.id:
        return ids(a, 0), set()
    if a.session.id == b.session.id:
        shorter = min(len(a.timeline), len(b.timeline))
        return ids(a, shorter), ids(b, shorter)
    return set(), set()


def _mapping(pairs: Iterable[tuple[Any, Any]]) -> Callable[[str | None], str | None]:
    """Return a function taking an id in A to the id of its match in B (`None` stays `None`)."""
    ids = {a.id: b.id for a, b in pairs}

    def to_b(a_id: str | None) -> str | None:
        if a_id is None:
            return None
        return ids.get(a_id, f"{_GONE}:{a_id}")

    return to_b


def _related(a: Session, b: Session) -> bool:
    """Whether `b` continues `a` (or the other way round), so that their ids mean the same."""
    if a.session.id == b.session.id:
        return True
    link_b, link_a = follows(b), follows(a)
    return (link_b is not None and link_b[0] == a.session.id) or (
        link_a is not None and link_a[0] == b.session.id
    )


# -- wording ---------------------------------------------------------------------------------


def _q(text: str | None) -> str:
    """Quote a text someone typed, or say there is none."""
    return f"“{text}”" if text else "none"


def _was(what: str, old: Any, new: Any, show: Callable[[Any], str] = _q) -> str | None:
    return None if old == new else f"{what} {show(old)} → {show(new)}"


def _unless(same: bool, change: str) -> str | None:
    """Return `change` unless the two sides are the same (compared by id, told by name)."""
    return None if same else change


def _joined(parts: Iterable[str | None]) -> str:
    return "; ".join(part for part in parts if part)


def _names(session: Session, role_ids: Iterable[str]) -> str:
    return ", ".join(session.role_name(r) for r in role_ids) or "nobody"


def _list_changes(
    out: list[Change], before: Sequence[str], after: Sequence[str], prefix: str, what: str
) -> None:
    """Add `+`/`-` lines for texts in one list and not the other (exact text)."""
    for text in before:
        if text not in after:
            out.append(Change("-", f"{what} removed", f"{prefix}{text}"))
    for text in after:
        if text not in before:
            out.append(Change("+", f"{what} added", f"{prefix}{text}"))


# -- the sections ----------------------------------------------------------------------------


class _Differ:
    """Builds a `SessionDiff` of two sessions, keeping the id maps from A to B it finds."""

    def __init__(self, a: Session, b: Session) -> None:
        self.a = a
        self.b = b
        self.related = _related(a, b)
        self.people, self.people_left, self.people_joined = _match(
            a.people, b.people, _by_id_and_name(self.related, fresh=_added_since(a, b, "person"))
        )
        self.person = _mapping(self.people)
        # Role ids are slugs of their meaning (`data-scientist`), so they match by id even
        # between unrelated sessions.
        self.roles, self.roles_removed, self.roles_added = _match(
            a.roles, b.roles, _by_id_and_name(True)
        )
        self.role = _mapping(self.roles)
        envs = _match(a.process.environments, b.process.environments, _by_id_and_name(True))
        self.envs, self.envs_removed, self.envs_added = envs
        self.env = _mapping(self.envs)
        self.actions, self.actions_removed, self.actions_added = _match(
            a.actions,
            b.actions,
            _by_id_and_name(self.related, name="text", fresh=_added_since(a, b, "action")),
        )
        self.action = _mapping(self.actions)

    def diff(self) -> SessionDiff:
        a, b = self.a, self.b
        link = ""
        link_b = follows(b)
        if link_b is not None and link_b[0] == a.session.id:
            link = "B is a follow-up of A."
        elif (link_a := follows(a)) is not None and link_a[0] == b.session.id:
            link = "A is a follow-up of B."
        return SessionDiff(
            before=_describe(a),
            after=_describe(b),
            link=link,
            team=self.team(),
            people=self.people_changes(),
            roles=self.role_changes(),
            shares=self.share_changes(),
            risks=self.risk_changes(),
            concerns=self.concern_changes(),
            handoffs=self.handoff_changes(),
            environments=self.environment_changes(),
            gates=self.gate_changes(),
            pipeline=self.pipeline_changes(),
            definition_of_done=self.done_changes(),
            learning=self.learning_changes(),
            rituals=self.ritual_changes(),
            actions=self.action_changes(),
            parking_lot=self.parking_changes(),
            confidence=self.confidence_changes(),
            listed={
                kind.section: self.listed_changes(kind)
                for kind in KINDS.values()
                if not kind.told_apart
            },
        )

    def team(self) -> list[Change]:
        a, b = self.a.session, self.b.session
        out = []
        for what, old, new in (
            ("team name", a.team, b.team),
            ("purpose", a.purpose, b.purpose),
            ("product", a.product, b.product),
            ("organisation size", a.org_size, b.org_size),
            ("facilitator", a.facilitator, b.facilitator),
        ):
            if old != new:
                out.append(Change("~", what, f"{_q(old)} → {_q(new)}"))
        _list_changes(out, a.goals, b.goals, "", "goal")
        return out

    def people_changes(self) -> list[Change]:
        out = [Change("+", "joined", _person(self.b, p)) for p in self.people_joined]
        out += [Change("-", "left", _person(self.a, p)) for p in self.people_left]
        for old, new in self.people:
            if old.name != new.name:
                out.append(Change("~", "renamed", f"{old.name} → {new.name}"))
            what = _joined(
                [
                    _was("title", old.title, new.title),
                    _was("squad", old.squad or "", new.squad or ""),
                    _was("availability", old.availability, new.availability, _percent),
                ]
            )
            if what:
                out.append(Change("~", "changed", f"{new.name}: {what}"))
        return out

    def role_changes(self) -> list[Change]:
        out = []
        for role in self.roles_added:
            custom = " (the team's own role)" if role.custom else ""
            out.append(Change("+", "added", f"{role.name}{custom}"))
        for role in self.roles_removed:
            out.append(Change("-", "removed", role.name))
        for old, new in self.roles:
            if old.name != new.name:
                out.append(Change("~", "renamed", f"{old.name} → {new.name}"))
            _list_changes(
                out, old.responsibilities, new.responsibilities, f"{new.name}: ", "responsibility"
            )
        return out

    def share_changes(self) -> list[Change]:
        a, b = self.a, self.b
        before = {(self.person(x.person), self.role(x.role)): x for x in a.assignments}
        after = {(x.person, x.role): x for x in b.assignments}
        # People who joined or left have their roles told with them, under People.
        joined = {p.id for p in self.people_joined}
        left = {p.id for p in self.people_left}
        out = []
        for key, new in after.items():
            if new.person in joined:
                continue
            old = before.get(key)
            who = f"{b.person_name(new.person)}: {b.role_name(new.role)}"
            if old is None:
                out.append(Change("+", "took on", f"{who} {new.share}%"))
            elif old.share != new.share:
                out.append(Change("~", "share", f"{who} {old.share}% → {new.share}%"))
        for old_key, old in before.items():
            if old_key not in after and old.person not in left:
                who = f"{a.person_name(old.person)}: {a.role_name(old.role)}"
                out.append(Change("-", "gave up", f"{who} {old.share}%"))
        return out

    def _risk_key(self, risk: Risk, side: str) -> Hashable:
        """Return what a risk is about, in B's ids, so the same risk in A and B compares equal."""
        role = self.role if side == "a" else _same
        person = self.person if side == "a" else _same
        env = self.env if side == "a" else _same
        action = self.action if side == "a" else _same
        subject = risk.subject
        if risk.kind.startswith("role."):
            return risk.kind, role(subject)
        if risk.kind.startswith("person."):
            return risk.kind, person(subject)
        if risk.kind == "handoff.missing":
            return risk.kind, frozenset(role(part) for part in subject.split("+"))
        if risk.kind == "gate.unchecked":
            return risk.kind, tuple(env(part) for part in subject.split(">"))
        if risk.kind.startswith("action."):
            return risk.kind, action(subject)
        return risk.kind, subject

    def _risks(self, side: str) -> dict[Hashable, tuple[Risk, RiskDecision | None]]:
        """Return each risk of one side by its key, with the room's decision about it."""
        session = self.a if side == "a" else self.b
        open_, decided = split_risks(session)
        found: dict[Hashable, tuple[Risk, RiskDecision | None]] = {
            self._risk_key(risk, side): (risk, None) for risk in open_
        }
        for risk, decision in decided:
            found[self._risk_key(risk, side)] = (risk, decision)
        return found

    def _decided(self, risk: Risk, decision: RiskDecision, session: Session) -> str:
        return f"{risk.message} Decided: {decision_words(session, decision)}."

    def risk_changes(self) -> list[Change]:
        before, after = self._risks("a"), self._risks("b")
        out = []
        for key, (risk, decision) in after.items():
            old = before.get(key)
            if old is None:
                if decision is None:
                    out.append(Change("+", "new risk", f"{risk.symbol} {risk.message}"))
                else:
                    out.append(
                        Change("+", "new risk, decided", self._decided(risk, decision, self.b))
                    )
                continue
            was = old[1]
            if decision is None and was is not None:
                out.append(Change("~", "open again", f"{risk.symbol} {risk.message}"))
            elif decision is not None and (
                was is None
                or (was.outcome, was.reason, self.action(was.action))
                != (decision.outcome, decision.reason, decision.action)
            ):
                out.append(Change("~", "decided", self._decided(risk, decision, self.b)))
        out += [
            Change("-", "resolved", f"{risk.symbol} {risk.message}")
            for key, (risk, _) in before.items()
            if key not in after
        ]
        return out

    def concern_changes(self) -> list[Change]:
        a, b = self.a, self.b
        before = [(self.role(c.role), c.text) for c in a.concerns]
        after = [(c.role, c.text) for c in b.concerns]
        out = []
        for concern in b.concerns:
            if concern.masked:
                continue  # written silently and not yet revealed: no screen shows it yet
            if (concern.role, concern.text) not in before:
                out.append(Change("+", "raised", f"{b.role_name(concern.role)}: {concern.text}"))
        for concern in a.concerns:
            if concern.masked:
                continue
            if (self.role(concern.role), concern.text) not in after:
                out.append(Change("-", "removed", f"{a.role_name(concern.role)}: {concern.text}"))
        return out

    def _ends(self, need: Need, side: str) -> tuple[str | None, str | None]:
        if side == "a":
            return self.role(need.provider), self.role(need.receiver)
        return need.provider, need.receiver

    def handoff_changes(self) -> list[Change]:
        a, b = self.a, self.b
        passes: list[tuple[Key, Key]] = [
            (lambda n: (n.id, self._ends(n, "a")), lambda n: (n.id, self._ends(n, "b"))),
            (
                lambda n: (self._ends(n, "a"), n.artefact),
                lambda n: (self._ends(n, "b"), n.artefact),
            ),
        ]
        if self.related:
            fresh = _added_since(a, b, "need")
            passes.append((_id_unless(fresh[0]), _id_unless(fresh[1])))
        pairs, removed, added = _match(a.needs, b.needs, passes)
        out = [Change("+", "added", _handoff(b, need)) for need in added]
        out += [Change("-", "removed", _handoff(a, need)) for need in removed]
        for old, new in pairs:
            what = _joined(
                [
                    _unless(
                        self._ends(old, "a") == self._ends(new, "b"),
                        f"between {_pair(a, old)} → {_pair(b, new)}",
                    ),
                    _was("artefact", old.artefact, new.artefact),
                    _was("format", old.format, new.format),
                    _was("when", old.when, new.when),
                    _was("quality bar", old.quality, new.quality),
                ]
            )
            if what:
                out.append(Change("~", "changed", f"{_handoff(b, new)}: {what}"))
        return out

    def environment_changes(self) -> list[Change]:
        a, b = self.a, self.b
        out = [Change("+", "added", env.name) for env in self.envs_added]
        out += [Change("-", "removed", env.name) for env in self.envs_removed]
        for old, new in self.envs:
            if old.name != new.name:
                out.append(Change("~", "renamed", f"{old.name} → {new.name}"))
            what = _joined(
                [
                    _was("purpose", old.purpose, new.purpose),
                    _unless(
                        [self.role(r) for r in old.deployers] == new.deployers,
                        f"deployed by {_names(a, old.deployers)} → {_names(b, new.deployers)}",
                    ),
                ]
            )
            if what:
                out.append(Change("~", "changed", f"{new.name}: {what}"))
        return out

    def gate_changes(self) -> list[Change]:
        a, b = self.a, self.b
        before = {(self.env(g.from_), self.env(g.to)): g for g in a.process.gates}
        after = {(g.from_, g.to): g for g in b.process.gates}
        out = []
        for key, gate in after.items():
            if key not in before:
                checks = "; ".join(gate.checks) if gate.checks else "no checks"
                out.append(Change("+", "added", f"{_gate(b, gate)} ({checks})"))
        for old_key, gate in before.items():
            if old_key not in after:
                out.append(Change("-", "removed", _gate(a, gate)))
        for key, gate in after.items():
            old = before.get(key)
            if old is not None:
                _list_changes(out, old.checks, gate.checks, f"{_gate(b, gate)}: ", "check")
        return out

    def pipeline_changes(self) -> list[Change]:
        a, b = self.a, self.b
        pairs, removed, added = _match(
            a.process.pipeline, b.process.pipeline, _by_id_and_name(True)
        )
        out = [Change("+", "added", f"{s.name} ({_owner(b, s.owner)})") for s in added]
        out += [Change("-", "removed", s.name) for s in removed]
        for old, new in pairs:
            if old.name != new.name:
                out.append(Change("~", "renamed", f"{old.name} → {new.name}"))
            if self.role(old.owner) != new.owner:
                owners = f"{_owner(a, old.owner)} → {_owner(b, new.owner)}"
                out.append(Change("~", "owner", f"{new.name}: {owners}"))
        order_before = [new.id for old, new in sorted(pairs, key=lambda p: _index(a, p[0]))]
        order_after = [new.id for _, new in pairs]
        if order_before != order_after:
            steps = " → ".join(s.name for s in b.process.pipeline)
            out.append(Change("~", "reordered", steps))
        return out

    def done_changes(self) -> list[Change]:
        out: list[Change] = []
        _list_changes(
            out,
            self.a.process.definition_of_done,
            self.b.process.definition_of_done,
            "",
            "item",
        )
        return out

    def learning_changes(self) -> list[Change]:
        a, b = self.a, self.b
        passes: list[tuple[Key, Key]] = [
            (lambda x: (self.person(x.learner), x.topic), lambda x: (x.learner, x.topic))
        ]
        pairs, removed, added = _match(a.learning, b.learning, passes)
        out = [Change("+", "added", _learning(b, x)) for x in added]
        out += [Change("-", "removed", _learning(a, x)) for x in removed]
        for old, new in pairs:
            if self.person(old.partner) != new.partner:
                partners = f"{_who(a, old.partner)} → {_who(b, new.partner)}"
                out.append(Change("~", "learns with", f"{_learning(b, new)}: {partners}"))
        return out

    def ritual_changes(self) -> list[Change]:
        a, b = self.a, self.b
        old, new = a.rituals, b.rituals
        out = []
        if old.backlog != new.backlog:
            out.append(Change("~", "backlog", f"{_q(old.backlog)} → {_q(new.backlog)}"))
        if self.person(old.backlog_owner) != new.backlog_owner:
            owners = f"{_who(a, old.backlog_owner)} → {_who(b, new.backlog_owner)}"
            out.append(Change("~", "backlog ordered by", owners))
        by_name: list[tuple[Key, Key]] = [(lambda m: m.name, lambda m: m.name)]
        pairs, removed, added = _match(old.meetings, new.meetings, by_name)
        out += [Change("+", "meeting added", _meeting(m)) for m in added]
        out += [Change("-", "meeting removed", m.name) for m in removed]
        for before, after in pairs:
            what = _joined(
                [
                    _was("when", before.cadence, after.cadence),
                    _was("attendees", before.attendees, after.attendees),
                    _was("length", before.minutes, after.minutes, _minutes),
                ]
            )
            if what:
                out.append(Change("~", "meeting changed", f"{after.name}: {what}"))
        return out

    def action_changes(self) -> list[Change]:
        a, b = self.a, self.b
        out = []
        for action in self.actions_added:
            label = "added (done)" if action.done else "added"
            out.append(Change("+", label, _action(b, action)))
        for action in self.actions_removed:
            # Done actions are left behind by a follow-up on purpose: not a removal to report.
            if not action.done:
                out.append(Change("-", "removed", _action(a, action)))
        for old, new in self.actions:
            if old.done != new.done:
                label = "completed" if new.done else "reopened"
                out.append(Change("~", label, new.text))
            what = _joined(
                [
                    _was("text", old.text, new.text),
                    _unless(
                        self.person(old.owner) == new.owner,
                        f"owner {_who(a, old.owner)} → {_who(b, new.owner)}",
                    ),
                    _was("due", old.due, new.due, _due),
                ]
            )
            if what:
                out.append(Change("~", "changed", f"{new.text}: {what}"))
            elif not old.done and not new.done:
                out.append(Change("=", "still open", _action(b, new)))
        return out

    def parking_changes(self) -> list[Change]:
        a, b = self.a, self.b
        fresh = _added_since(a, b, "parking")
        passes = _by_id_and_name(self.related, name="text", fresh=fresh)
        pairs, removed, added = _match(a.parking_lot, b.parking_lot, passes)
        out = [Change("+", "parked", _parked(b, item)) for item in added]
        out += [Change("-", "removed", item.text) for item in removed if item.outcome is None]
        for old, new in pairs:
            if old.outcome != new.outcome:
                outcome = {"action": "became an action", "dropped": "dropped on purpose"}
                if new.outcome is None:
                    out.append(Change("~", "reopened", new.text))
                else:
                    out.append(Change("~", "resolved", f"{new.text} ({outcome[new.outcome]})"))
        return out

    def listed_changes(self, kind: Kind) -> list[Change]:
        """Items of a kind with no section written for it, told from its descriptor: matched
        by key and title, then (in related sessions) by key alone."""
        named = kind.title or kind.key[0]

        def key(item: Any) -> Hashable:
            return tuple(_field(item, name) for name in kind.key)

        def title(item: Any) -> Hashable:
            return _field(item, named)

        def key_title(item: Any) -> Hashable:
            return (key(item), title(item))

        passes: list[tuple[Key, Key]] = [(key_title, key_title), (title, title)]
        if self.related:
            passes.append((key, key))
        pairs, removed, added = _match(kind.items(self.a), kind.items(self.b), passes)
        out = [Change("+", "added", str(title(item))) for item in added]
        out += [Change("-", "removed", str(title(item))) for item in removed]
        for old, new in pairs:
            if old.model_dump(exclude={"suggested"}) != new.model_dump(exclude={"suggested"}):
                out.append(Change("~", "changed", str(title(new))))
        return out

    def confidence_changes(self) -> list[Change]:
        before, after = _confidence(self.a), _confidence(self.b)
        if before == after:
            return []
        return [Change("~", "average", f"{before} → {after}")]


# -- wording of items ------------------------------------------------------------------------


def _field(item: Any, name: str) -> Any:
    return getattr(item, "from_" if name == "from" else name)


def _same(value: str | None) -> str | None:
    return value


def _percent(value: int) -> str:
    return f"{value}%"


def _minutes(value: int) -> str:
    return f"{value} min"


def _due(value: Any) -> str:
    return value.isoformat() if value is not None else "no date"


def _who(session: Session, person_id: str | None) -> str:
    return session.person_name(person_id) if person_id else "nobody"


def _owner(session: Session, role_id: str | None) -> str:
    return session.role_name(role_id) if role_id else "no owner"


def _index(session: Session, step: Any) -> int:
    return next(i for i, s in enumerate(session.process.pipeline) if s is step)


def _pair(session: Session, need: Need) -> str:
    return f"{session.role_name(need.provider)} → {session.role_name(need.receiver)}"


def _handoff(session: Session, need: Need) -> str:
    return f"{_pair(session, need)}: {need.artefact}"


def _gate(session: Session, gate: Any) -> str:
    names = {e.id: e.name for e in session.process.environments}
    return f"{names.get(gate.from_, gate.from_)} → {names.get(gate.to, gate.to)}"


def _learning(session: Session, item: Any) -> str:
    with_whom = f" with {session.person_name(item.partner)}" if item.partner else ""
    return f"{session.person_name(item.learner)} learns {_q(item.topic)}{with_whom}"


def _person(session: Session, person: Any) -> str:
    """Return who someone is and the roles they hold, for a line about joining or leaving."""
    about = [person.title] if person.title else []
    if person.squad:
        about.append(f"squad {person.squad}")
    about.append(f"{person.availability}% on the team")
    holds = [f"{session.role_name(x.role)} {x.share}%" for x in session.assignments_of(person.id)]
    roles = f"; roles: {', '.join(holds)}" if holds else "; no role"
    return f"{person.name} ({', '.join(about)}{roles})"


def _meeting(meeting: Any) -> str:
    details = ", ".join(part for part in (meeting.cadence, f"{meeting.minutes} min") if part)
    return f"{meeting.name} ({details})"


def _action(session: Session, action: Any) -> str:
    details = [f"owner {_who(session, action.owner)}", f"due {_due(action.due)}"]
    return f"{action.text} ({', '.join(details)})"


def _parked(session: Session, item: Any) -> str:
    stage = session.stage(item.stage)
    return f"{item.text} (from {stage.title if stage else item.stage})"


def _confidence(session: Session) -> str:
    scores = [vote.score for vote in session.confidence if not vote.masked]  # revealed only
    if not scores:
        return "no votes yet"
    return f"{sum(scores) / len(scores):.1f} of 5 from {plural(len(scores), 'vote')}"


def _describe(session: Session) -> str:
    saved = session.session.updated_at.strftime("%Y-%m-%d %H:%M UTC")
    return f"{session.session.team}, saved {saved}"


# -- the diff and its renderings -------------------------------------------------------------


def diff_sessions(a: Session, b: Session) -> SessionDiff:
    """Return what changed from session `a` (before) to session `b` (after).

    Items are matched by id and name together first, then by exact name (or text), so two
    unrelated files with their own ids compare sensibly. When one session follows up the
    other (or both are the same session), an item whose id matches but whose name changed is
    reported as renamed; between unrelated files the same id with another name is taken to be
    someone else. Role, environment and pipeline-step ids are slugs of what they are, so they
    match by id in any case. Coverage risks compare by kind and subject, in B's ids.
    """
    return _Differ(a, b).diff()


@dataclass(frozen=True)
class RiskComparison:
    """Coverage risks of an earlier session set beside a later one's."""

    still: list[Risk]
    """Risks of the earlier session that the later one still has (worded as they are now)."""
    resolved: list[Risk]
    """Risks of the earlier session that are gone."""
    new: list[Risk]
    """Risks the later session has that the earlier one did not."""


def compare_risks(a: Session, b: Session) -> RiskComparison:
    """Return which of `a`'s coverage risks `b` still has, which are gone, and which are new.

    Risks compare by kind and subject in B's ids, as in `diff_sessions`.
    """
    differ = _Differ(a, b)
    before = {differ._risk_key(r, "a"): r for r in risks(a)}
    after = {differ._risk_key(r, "b"): r for r in risks(b)}
    return RiskComparison(
        still=[risk for key, risk in after.items() if key in before],
        resolved=[risk for key, risk in before.items() if key not in after],
        new=[risk for key, risk in after.items() if key not in before],
    )


def _plain(text: str) -> str:
    """Return text safe for a terminal, on one line: no controls, whitespace folded."""
    return _WHITESPACE_RUN.sub(" ", strip_controls(text)).strip()


def render_text(diff: SessionDiff) -> str:
    """Return the diff as plain text grouped under headings, each line marked and worded."""
    if diff.empty:
        return NO_CHANGES + "\n"
    lines = ["What changed from A to B", f"A: {_plain(diff.before)}", f"B: {_plain(diff.after)}"]
    if diff.link:
        lines.append(diff.link)
    lines.append("Marks: " + "; ".join(f"{mark} {words}" for mark, words in MARKS.items()) + ".")
    for title, changes in diff.sections():
        lines += ["", title]
        lines += [f"  {c.mark} {c.label}: {_plain(c.text)}" for c in changes]
    return "\n".join(lines) + "\n"


def render_markdown(diff: SessionDiff) -> str:
    """Return the diff as Markdown, every text people typed escaped so it shows as typed."""
    if diff.empty:
        return NO_CHANGES + "\n"
    lines = [
        "# What changed from A to B",
        "",
        f"- **A:** {md(diff.before)}",
        f"- **B:** {md(diff.after)}",
    ]
    if diff.link:
        lines += ["", md(diff.link)]
    for title, changes in diff.sections():
        lines += ["", f"## {title}", ""]
        lines += [f"- {md(f'{c.mark} {c.label}')}: {md(c.text)}" for c in changes]
    return "\n".join(lines) + "\n"
