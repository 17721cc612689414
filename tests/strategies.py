"""Shared hypothesis strategies and builders for the domain tests: hostile text and live events."""

from __future__ import annotations

import functools
import os
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from content.loader import load_pack
from sessions.model import Session, next_id
from sessions.start import new_session
from sessions.text import slugify

AT = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
"""The fixed moment sessions in tests are created at."""


def examples(default: int = 60) -> int:
    """Return how many examples a property test runs (env `FORMING_HYPOTHESIS_EXAMPLES`)."""
    return int(os.environ.get("FORMING_HYPOTHESIS_EXAMPLES", default))


PROPERTY = settings(
    max_examples=examples(),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Settings for the domain's property tests."""

WORKSHOP_PROPERTY = settings(PROPERTY, max_examples=examples(25))
"""Settings for the properties over random workshops: each example is a run of up to 60 events,
folded, saved or formatted after every step, so 25 of them (a thousand events or so) check what
60 did in less than half the time. `FORMING_HYPOTHESIS_EXAMPLES` raises them with the rest."""


@functools.cache
def _pack():
    return load_pack()


def make_session(team: str = "Fraud Models", at: datetime = AT) -> Session:
    """Return a new session from the bundled pack, created at a fixed moment."""
    return new_session(_pack(), team=team, at=at, session_id="00000000-0000-4000-8000-000000000001")


# -- hostile text ----------------------------------------------------------------------------

HOSTILE = [
    "\ud800",  # lone high surrogate
    "\udfff",  # lone low surrogate
    "a\ud83d",  # half an emoji
    "line one\r\nline two",  # CRLF
    "old mac\rline",  # lone CR
    "[bold]",
    "[/]",
    "[@click=app.quit]x",
    "[red]not red[/red]",
    "[WIP] [/ nested [b]]",
    "👩‍👩‍👧‍👦",  # ZWJ family
    "🇯🇵🇺🇦",  # flags
    "🧑🏽‍💻",  # skin tone + ZWJ
    "数据科学家",  # CJK
    "データ",
    "\u202eevil\u202c",  # RLO ... PDF
    "\u2066isolate\u2069",
    "\x1b[31mred\x1b[0m",  # ANSI colour
    "\x1b]52;c;SGVsbG8=\x07",  # OSC 52 clipboard write
    "\x1b[2J\x1b[H",  # clear screen
    "nul\x00byte",
    "\x9b31m",  # C1 CSI
    "\x9d0;title\x9c",  # C1 OSC ... ST
    "\x85next line",  # NEL
    "del\x7f",
    "\ufeffbom",
    "back\\slash \\n \\x1b",
    "tab\there",
    "e\u0301",  # decomposed é
    "   spaced   out   ",
]
"""Text people and files may carry that must never reach a terminal as-is."""

FORBIDDEN = frozenset(
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\ufeff"]
)
"""Characters that cleaned text must never hold (surrogates are checked apart)."""

_PLAIN = st.sampled_from(["Ana", "Bo", "Chidi", "Dee", "Émile", "Fatima", "Gu Wei", "data"])


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text at all, weighted towards the hostile cases in `HOSTILE`."""
    return (
        st.sampled_from(HOSTILE)
        | st.text(max_size=max_size)
        | st.lists(st.sampled_from(HOSTILE) | st.text(max_size=8), max_size=4).map("".join)
    )


def names() -> st.SearchStrategy[str]:
    """Hostile single-line names that still hold something visible after cleaning."""
    noise = st.sampled_from(HOSTILE) | st.text(max_size=10)
    return st.tuples(noise, _PLAIN, noise).map("".join)


def texts() -> st.SearchStrategy[str]:
    """Hostile multi-line texts that still hold something visible after cleaning."""
    noise = hostile_text(max_size=60)
    return st.tuples(noise, _PLAIN, noise).map("".join)


# -- live events -----------------------------------------------------------------------------

NAMES = names()
TEXTS = texts()
NOISE = hostile_text()
PERCENT = st.integers(1, 100)
MOMENTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)
DATES = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


def _ids(items: list[Any]) -> list[str]:
    return [item.id for item in items]


def _maybe(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def _person_added(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": st.just(next_id("p", _ids(s.people))), "name": NAMES, "availability": PERCENT},
        optional={"title": NAMES},
    )


def _role_added(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    taken = _ids(s.roles)
    return NAMES.map(
        lambda name: {
            "id": next_id(slugify(name, fallback="role") + "-", taken),
            "name": name,
            "summary": "Added by the team.",
            "custom": True,
        }
    )


def _session_updated(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    fields = {
        "team": NAMES,
        "purpose": NOISE,
        "goals": st.lists(TEXTS, max_size=3),
        "facilitator": NAMES,
    }
    return st.fixed_dictionaries({"set": _maybe(fields)})


def _stage_entered(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    here = s.session.stage
    return st.fixed_dictionaries(
        {"stage": st.sampled_from(_ids(s.stages))},
        optional={
            "spent_s": st.fixed_dictionaries({here: st.integers(0, 9000)}),
            "done": st.fixed_dictionaries({here: st.booleans()}),
        },
    )


def _stage_timed(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            # At least one stage: an empty log changes nothing, and is refused as such.
            "spent_s": st.dictionaries(
                st.sampled_from(_ids(s.stages)), st.integers(0, 9000), min_size=1
            )
        }
    )


def _parking_added(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "id": st.just(next_id("park", _ids(s.parking_lot))),
            "text": TEXTS,
            "stage": st.sampled_from(_ids(s.stages)),
            "at": MOMENTS,
        }
    )


def _action_added(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {"due": DATES}
    if s.people:
        optional["owner"] = st.sampled_from(_ids(s.people))
    return st.fixed_dictionaries(
        {"id": st.just(next_id("a", _ids(s.actions))), "text": TEXTS}, optional=optional
    )


def _action_updated(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from(_ids(s.actions)).flatmap(
        lambda a: st.one_of(
            st.booleans().map(lambda done: {"id": a, "set": {"done": done}}),
            st.just({"id": a, "unset": ["owner", "due"]}),
        )
    )


def _settings_updated(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"set": _maybe({"vote_budget": st.integers(1, 50), "vote_cap": st.integers(1, 50)})}
    )


def _concerns_for_role(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    if not s.roles:  # every role removed: only the whole-session form is left
        return st.just({})
    return st.just({}) | st.sampled_from(_ids(s.roles)).map(lambda r: {"role": r})


def _concern_added(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    roles = _ids(s.roles)
    optional: dict[str, st.SearchStrategy[Any]] = {
        "masked": st.just(True),
        "heard_by": st.lists(st.sampled_from(roles), max_size=2, unique=True),
    }
    if s.people:
        optional["author"] = st.sampled_from(_ids(s.people))
    return st.fixed_dictionaries(
        {
            "id": st.just(next_id("c", _ids(s.concerns))),
            "role": st.sampled_from(roles),
            "text": TEXTS,
            "origin": st.just("team"),
        },
        optional=optional,
    )


def _concern_updated(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(st.sampled_from(_ids(s.concerns)), st.integers(0, 12)).map(
        lambda x: {"id": x[0], "set": {"votes": x[1]}}
    )


def _step_updated(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(st.sampled_from(_ids(s.process.pipeline)), st.sampled_from(_ids(s.roles))).map(
        lambda x: {"id": x[0], "set": {"owner": x[1]}}
    )


def _need_added(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    roles = _ids(s.roles)
    # A handoff is between two roles: the reducer refuses one from a role to itself, and a
    # generator that offered those a quarter of the time made "most events fit" fail by chance.
    pair = st.lists(st.sampled_from(roles), min_size=2, max_size=2, unique=True)
    return st.tuples(
        pair,
        st.fixed_dictionaries(
            {
                "id": st.just(next_id("n", _ids(s.needs))),
                "artefact": TEXTS,
                "format": NOISE,
                "when": NOISE,
            },
            optional={"quality": NOISE},
        ),
    ).map(lambda x: {**x[1], "provider": x[0][0], "receiver": x[0][1]})


def _person_updated(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "id": st.sampled_from(_ids(s.people)),
            "set": _maybe({"name": NAMES, "availability": PERCENT, "title": NAMES}),
        }
    )


def _moved(path: str) -> Any:
    def build(s: Session) -> st.SearchStrategy[dict[str, Any]]:
        ids = _ids(getattr(s, path))
        return st.tuples(st.sampled_from(ids), st.integers(0, len(ids) - 1)).map(
            lambda x: {"id": x[0], "position": x[1]}
        )

    return build


def _removed(get: Any) -> Any:
    return lambda s: st.sampled_from(get(s)).map(lambda i: {"id": i})


def _learning_added(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    people = _ids(s.people)
    return st.fixed_dictionaries(
        {
            "id": st.just(next_id("l", _ids(s.learning))),
            "learner": st.sampled_from(people),
            "topic": TEXTS,
        },
        optional={"partner": st.sampled_from(people)},
    ).filter(lambda data: data.get("partner") != data["learner"])  # refused: one's own partner


def _rituals_updated(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    fields = {"backlog": NOISE, "backlog_owner": st.sampled_from(_ids(s.people))}
    return st.fixed_dictionaries({"set": _maybe(fields)})


def _unvoted(s: Session) -> list[str]:
    voted = {c.person for c in s.confidence}
    return [p.id for p in s.people if p.id not in voted]


def _open_pairs(s: Session) -> list[tuple[str, str]]:
    held = {(a.person, a.role) for a in s.assignments}
    return [(p.id, r.id) for p in s.people for r in s.roles if (p.id, r.id) not in held]


def _vote_added(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"person": st.sampled_from(_unvoted(s)), "score": st.integers(1, 5)}
    )


def _assignment_added(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(st.sampled_from(_open_pairs(s)), PERCENT).map(
        lambda x: {"person": x[0][0], "role": x[0][1], "share": x[1]}
    )


def _held(s: Session) -> st.SearchStrategy[tuple[str, str]]:
    return st.sampled_from([(a.person, a.role) for a in s.assignments])


def _assignment_updated(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(_held(s), PERCENT).map(
        lambda x: {"person": x[0][0], "role": x[0][1], "set": {"share": x[1]}}
    )


def _assignment_removed(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return _held(s).map(lambda x: {"person": x[0], "role": x[1]})


def _gate_updated(s: Session) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(st.sampled_from(s.process.gates), st.lists(TEXTS, max_size=2)).map(
        lambda x: {"from": x[0].from_, "to": x[0].to, "set": {"checks": x[1]}}
    )


def _always(s: Session) -> bool:
    return True


# type: (weight, when it applies, data strategy for the session)
EVENTS: dict[str, tuple[int, Any, Any]] = {
    "person.added": (2, _always, _person_added),
    "role.added": (1, _always, _role_added),
    "session.updated": (1, _always, _session_updated),
    "stage.entered": (2, _always, _stage_entered),
    "stage.timed": (1, _always, _stage_timed),
    "parking.added": (1, _always, _parking_added),
    "action.added": (2, _always, _action_added),
    "action.updated": (1, lambda s: s.actions, _action_updated),
    "settings.updated": (1, _always, _settings_updated),
    "concerns.votes_cleared": (1, _always, _concerns_for_role),
    "concerns.revealed": (1, lambda s: s.roles, _concerns_for_role),
    "concern.added": (3, lambda s: s.roles, _concern_added),
    "concern.updated": (2, lambda s: s.concerns, _concern_updated),
    "concern.removed": (1, lambda s: s.concerns, _removed(lambda s: _ids(s.concerns))),
    "role.removed": (1, lambda s: s.roles, _removed(lambda s: _ids(s.roles))),
    "step.updated": (1, lambda s: s.roles and s.process.pipeline, _step_updated),
    "need.added": (2, lambda s: len(s.roles) >= 2, _need_added),
    "need.removed": (1, lambda s: s.needs, _removed(lambda s: _ids(s.needs))),
    "person.updated": (2, lambda s: s.people, _person_updated),
    "person.removed": (1, lambda s: s.people, _removed(lambda s: _ids(s.people))),
    "person.moved": (1, lambda s: s.people, _moved("people")),
    "learning.added": (1, lambda s: s.people, _learning_added),
    "rituals.updated": (1, lambda s: s.people, _rituals_updated),
    "vote.added": (1, _unvoted, _vote_added),
    "assignment.added": (6, _open_pairs, _assignment_added),
    "assignment.updated": (2, lambda s: s.assignments, _assignment_updated),
    "assignment.removed": (1, lambda s: s.assignments, _assignment_removed),
    "environment.removed": (
        1,
        lambda s: s.process.environments,
        _removed(lambda s: _ids(s.process.environments)),
    ),
    "gate.updated": (1, lambda s: s.process.gates, _gate_updated),
}
"""Every event the random workshop uses: its weight, when it applies, and its data."""


def event_for(session: Session) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """A valid-looking next event `(type, data)` for `session`, read from its current state.

    Events only refer to ids that exist, so most of them apply; the few that do not (a text
    that grows too long once cleaned) show that the reducer refuses them cleanly.
    """
    types = [
        type_
        for type_, (weight, applies, _) in EVENTS.items()
        if applies(session)
        for _ in range(weight)
    ]
    return st.sampled_from(types).flatmap(
        lambda type_: EVENTS[type_][2](session).map(lambda data: (type_, data))
    )
