"""What changed between two sessions, section by section: people, roles, coverage, process, actions.

`diff_sessions` is the entry: it pairs the two sessions' items (`sessions.diff.pairing`) and
fills each section of a `SessionDiff` (`sessions.diff.changes`) with lines worded by
`sessions.diff.words`; coverage risks are compared in `sessions.diff.risks`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from sessions.diff import words
from sessions.diff.changes import Change, SessionDiff
from sessions.diff.pairing import Key, Pairing, added_since, by_id_and_name, id_unless, match
from sessions.diff.risks import risk_changes
from sessions.followup import follows
from sessions.kinds import KINDS, Kind, value_of
from sessions.model import Need, Session


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


class _Differ(Pairing):
    """Builds a `SessionDiff` of two sessions from their items paired."""

    def diff(self) -> SessionDiff:
        a, b = self.a, self.b
        link = ""
        link_b = follows(b)
        if link_b is not None and link_b[0] == a.session.id:
            link = "B is a follow-up of A."
        elif (link_a := follows(a)) is not None and link_a[0] == b.session.id:
            link = "A is a follow-up of B."
        elif len(self.between) == 1:
            link = "B follows up a follow-up of A."
        elif self.between:
            link = f"B follows A through {len(self.between)} sessions between them."
        return SessionDiff(
            before=words.describe(a),
            after=words.describe(b),
            link=link,
            team=self.team(),
            people=self.people_changes(),
            roles=self.role_changes(),
            shares=self.share_changes(),
            risks=risk_changes(self),
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
                out.append(Change("~", what, f"{words.quoted(old)} → {words.quoted(new)}"))
        _list_changes(out, a.goals, b.goals, "", "goal")
        return out

    def people_changes(self) -> list[Change]:
        out = [Change("+", "joined", words.person(self.b, p)) for p in self.people_joined]
        out += [Change("-", "left", words.person(self.a, p)) for p in self.people_left]
        for old, new in self.people:
            if old.name != new.name:
                out.append(Change("~", "renamed", f"{old.name} → {new.name}"))
            what = words.joined(
                [
                    words.was("title", old.title, new.title),
                    words.was("squad", old.squad or "", new.squad or ""),
                    words.was("availability", old.availability, new.availability, words.percent),
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
            fresh = added_since(a, b, "need", self.between)
            passes.append((id_unless(fresh[0]), id_unless(fresh[1])))
        pairs, removed, added = match(a.needs, b.needs, passes)
        out = [Change("+", "added", words.handoff(b, need)) for need in added]
        out += [Change("-", "removed", words.handoff(a, need)) for need in removed]
        for old, new in pairs:
            what = words.joined(
                [
                    words.unless(
                        self._ends(old, "a") == self._ends(new, "b"),
                        f"between {words.pair(a, old)} → {words.pair(b, new)}",
                    ),
                    words.was("artefact", old.artefact, new.artefact),
                    words.was("format", old.format, new.format),
                    words.was("when", old.when, new.when),
                    words.was("quality bar", old.quality, new.quality),
                ]
            )
            if what:
                out.append(Change("~", "changed", f"{words.handoff(b, new)}: {what}"))
        return out

    def environment_changes(self) -> list[Change]:
        a, b = self.a, self.b
        out = [Change("+", "added", env.name) for env in self.envs_added]
        out += [Change("-", "removed", env.name) for env in self.envs_removed]
        for old, new in self.envs:
            if old.name != new.name:
                out.append(Change("~", "renamed", f"{old.name} → {new.name}"))
            what = words.joined(
                [
                    words.was("purpose", old.purpose, new.purpose),
                    words.unless(
                        [self.role(r) for r in old.deployers] == new.deployers,
                        f"deployed by {words.role_names(a, old.deployers)} → "
                        f"{words.role_names(b, new.deployers)}",
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
                out.append(Change("+", "added", f"{words.gate(b, gate)} ({checks})"))
        for old_key, gate in before.items():
            if old_key not in after:
                out.append(Change("-", "removed", words.gate(a, gate)))
        for key, gate in after.items():
            old = before.get(key)
            if old is not None:
                _list_changes(out, old.checks, gate.checks, f"{words.gate(b, gate)}: ", "check")
        return out

    def pipeline_changes(self) -> list[Change]:
        a, b = self.a, self.b
        pairs, removed, added = match(a.process.pipeline, b.process.pipeline, by_id_and_name(True))
        out = [Change("+", "added", f"{s.name} ({words.owner(b, s.owner)})") for s in added]
        out += [Change("-", "removed", s.name) for s in removed]
        for old, new in pairs:
            if old.name != new.name:
                out.append(Change("~", "renamed", f"{old.name} → {new.name}"))
            if self.role(old.owner) != new.owner:
                owners = f"{words.owner(a, old.owner)} → {words.owner(b, new.owner)}"
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
        pairs, removed, added = match(a.learning, b.learning, passes)
        out = [Change("+", "added", words.learning(b, x)) for x in added]
        out += [Change("-", "removed", words.learning(a, x)) for x in removed]
        for old, new in pairs:
            if self.person(old.partner) != new.partner:
                partners = f"{words.who(a, old.partner)} → {words.who(b, new.partner)}"
                out.append(Change("~", "learns with", f"{words.learning(b, new)}: {partners}"))
        return out

    def ritual_changes(self) -> list[Change]:
        a, b = self.a, self.b
        old, new = a.rituals, b.rituals
        out = []
        if old.backlog != new.backlog:
            out.append(
                Change("~", "backlog", f"{words.quoted(old.backlog)} → {words.quoted(new.backlog)}")
            )
        if self.person(old.backlog_owner) != new.backlog_owner:
            owners = f"{words.who(a, old.backlog_owner)} → {words.who(b, new.backlog_owner)}"
            out.append(Change("~", "backlog ordered by", owners))
        by_name: list[tuple[Key, Key]] = [(lambda m: m.name, lambda m: m.name)]
        pairs, removed, added = match(old.meetings, new.meetings, by_name)
        out += [Change("+", "meeting added", words.meeting(m)) for m in added]
        out += [Change("-", "meeting removed", m.name) for m in removed]
        for before, after in pairs:
            what = words.joined(
                [
                    words.was("when", before.cadence, after.cadence),
                    words.was("attendees", before.attendees, after.attendees),
                    words.was("length", before.minutes, after.minutes, words.minutes),
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
            out.append(Change("+", label, words.action(b, action)))
        done_between = self._finished_between(self.actions_removed, "actions", "done")
        for action in self.actions_removed:
            # Done actions are left behind by a follow-up on purpose: not a removal to report.
            if action.done:
                continue
            if id(action) in done_between:
                # Done in a session between, and left behind since: completed, not removed.
                where = done_between[id(action)][1]
                out.append(Change("~", "completed", f"{action.text} ({where})"))
            else:
                out.append(Change("-", "removed", words.action(a, action)))
        for old, new in self.actions:
            if old.done != new.done:
                label = "completed" if new.done else "reopened"
                out.append(Change("~", label, new.text))
            what = words.joined(
                [
                    words.was("text", old.text, new.text),
                    words.unless(
                        self.person(old.owner) == new.owner,
                        f"owner {words.who(a, old.owner)} → {words.who(b, new.owner)}",
                    ),
                    words.was("due", old.due, new.due, words.due),
                ]
            )
            if what:
                out.append(Change("~", "changed", f"{new.text}: {what}"))
            elif not old.done and not new.done:
                out.append(Change("=", "still open", words.action(b, new)))
        return out

    def parking_changes(self) -> list[Change]:
        a, b = self.a, self.b
        fresh = added_since(a, b, "parking", self.between)
        passes = by_id_and_name(self.related, name="text", fresh=fresh)
        pairs, removed, added = match(a.parking_lot, b.parking_lot, passes)
        out = [Change("+", "parked", words.parked(b, item)) for item in added]
        outcome = {"action": "became an action", "dropped": "dropped on purpose"}
        resolved_between = self._finished_between(removed, "parking_lot", "outcome")
        for item in removed:
            if item.outcome is not None:
                continue  # resolved in A, and so left behind by a follow-up on purpose
            if id(item) in resolved_between:
                # Resolved in a session between, and left behind since: resolved, not removed.
                later, where = resolved_between[id(item)]
                text = f"{item.text} ({outcome[later.outcome]}, {where})"
                out.append(Change("~", "resolved", text))
            else:
                out.append(Change("-", "removed", item.text))
        for old, new in pairs:
            if old.outcome != new.outcome:
                if new.outcome is None:
                    out.append(Change("~", "reopened", new.text))
                else:
                    out.append(Change("~", "resolved", f"{new.text} ({outcome[new.outcome]})"))
        return out

    def _finished_between(
        self, removed: Sequence[Any], items: str, finished: str
    ) -> dict[int, tuple[Any, str]]:
        """Of A's items missing from B (`removed`), those a session between A and B finished.

        `items` names the list (`actions`, `parking_lot`), `finished` the field that is set
        once one is finished (`done`, `outcome`). A follow-up leaves finished items behind, so
        one finished in a session between A and B is missing from B without being removed.
        Each session of the chain is looked at, oldest first: an item carried open through one
        may be finished in the next. Returns, by the `id()` of A's item, the item as that
        session finished it and the words saying where.
        """
        out: dict[int, tuple[Any, str]] = {}
        left = list(removed)
        for session in self.between:
            if not left:
                break
            pairs, _, _ = match(left, getattr(session, items), by_id_and_name(True, name="text"))
            done = {id(old): new for old, new in pairs if getattr(new, finished)}
            where = BETWEEN if len(self.between) == 1 else f"in {words.describe(session)}"
            out.update({key: (new, where) for key, new in done.items()})
            left = [old for old in left if id(old) not in done]
        return out

    def listed_changes(self, kind: Kind) -> list[Change]:
        """Items of a kind with no section written for it, told from its descriptor: matched
        by key and title, then (in related sessions) by key alone."""
        named = kind.title or kind.key[0]

        def key(item: Any) -> Hashable:
            return tuple(value_of(item, name) for name in kind.key)

        def title(item: Any) -> Hashable:
            return value_of(item, named)

        def key_title(item: Any) -> Hashable:
            return (key(item), title(item))

        passes: list[tuple[Key, Key]] = [(key_title, key_title), (title, title)]
        if self.related:
            passes.append((key, key))
        pairs, removed, added = match(kind.items(self.a), kind.items(self.b), passes)
        out = [Change("+", "added", str(title(item))) for item in added]
        out += [Change("-", "removed", str(title(item))) for item in removed]
        for old, new in pairs:
            if old.model_dump(exclude={"suggested"}) != new.model_dump(exclude={"suggested"}):
                out.append(Change("~", "changed", str(title(new))))
        return out

    def confidence_changes(self) -> list[Change]:
        before, after = words.confidence(self.a), words.confidence(self.b)
        if before == after:
            return []
        return [Change("~", "average", f"{before} → {after}")]


BETWEEN = "in the session between A and B"
"""Said of an item finished in the session between, when B follows up a follow-up of A."""


def _index(session: Session, step: Any) -> int:
    return next(i for i, s in enumerate(session.process.pipeline) if s is step)


def diff_sessions(a: Session, b: Session, between: Sequence[Session] | None = None) -> SessionDiff:
    """Return what changed from session `a` (before) to session `b` (after).

    Items are matched by id and name together first, then by exact name (or text), so two
    unrelated files with their own ids compare sensibly. When one session follows up the
    other (or both are the same session), an item whose id matches but whose name changed is
    reported as renamed; between unrelated files the same id with another name is taken to be
    someone else. Role, environment and pipeline-step ids are slugs of what they are, so they
    match by id in any case. Coverage risks compare by kind and subject, in B's ids.

    `between`: the sessions between A and B, oldest first, when B follows A through a chain
    of follow-ups (`sessions.diff.chain.find_between` reads them); what they finished is told
    as finished, not removed. By default only the session B carries (its `last_time`) is known.
    """
    return _Differ(a, b, between).diff()
