"""Every hostile string through every field a form writes, at the reducer: stored cleaned.

The stage screens' Pilot tests send a sample of these strings (`HOSTILE_SAMPLE`) through the
real forms and check what the screens show; the form dialog returns every one of them as
typed (tests/tui/test_dialogs.py); here each one lands in each field cleaned, and the saved
file reads back the same (hostile text through the store at large: test_roundtrip.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sessions.live import LiveSession
from sessions.model import Session, dump_session
from sessions.store import read_session, save_session
from sessions.text import clean_line, clean_text
from tests.conftest import FIXED, HOSTILE

DS = "data-scientist"
PE = "platform-engineer"

Line, Text = clean_line, clean_text


def _last(items: list[Any]) -> Any:
    return items[-1]


# (form, event type, the event's data for a text, [(what, how it is read, how it is cleaned)])
FORMS: list[tuple[str, str, Callable[[str, int], dict[str, Any]], list[tuple[str, Any, Any]]]] = [
    (
        "team details",
        "session.updated",
        lambda t, i: {"set": {"team": t, "product": t, "purpose": t, "facilitator": t}},
        [
            ("team", lambda s: s.session.team, Line),
            ("product", lambda s: s.session.product, Line),
            ("purpose", lambda s: s.session.purpose, Text),
            ("facilitator", lambda s: s.session.facilitator, Line),
        ],
    ),
    (
        "goal",
        "session.updated",
        lambda t, i: {"set": {"goals": [t]}},
        [("goal", lambda s: s.session.goals[0], Text)],
    ),
    (
        "concern",
        "concern.added",
        lambda t, i: {"id": f"hc{i}", "role": DS, "text": t},
        [("text", lambda s: _last(s.concerns).text, Text)],
    ),
    (
        "responsibility",
        "role.updated",
        lambda t, i: {"id": DS, "set": {"responsibilities": [t]}},
        [("text", lambda s: s.role(DS).responsibilities[0], Text)],
    ),
    (
        "handoff",
        "need.added",
        lambda t, i: {
            "id": f"hn{i}",
            "provider": DS,
            "receiver": PE,
            **dict.fromkeys(("artefact", "format", "when", "quality"), t),
        },
        [
            (name, lambda s, name=name: getattr(_last(s.needs), name), Text)
            for name in ("artefact", "format", "when", "quality")
        ],
    ),
    (
        "environment",
        "environment.added",
        lambda t, i: {"id": f"he{i}", "name": t, "purpose": t},
        [
            ("name", lambda s: _last(s.process.environments).name, Line),
            ("purpose", lambda s: _last(s.process.environments).purpose, Text),
        ],
    ),
    (
        "pipeline step",
        "step.added",
        lambda t, i: {"id": f"hs{i}", "name": t},
        [("name", lambda s: _last(s.process.pipeline).name, Line)],
    ),
    (
        "definition of done",
        "process.updated",
        lambda t, i: {"set": {"definition_of_done": [t]}},
        [("item", lambda s: s.process.definition_of_done[0], Text)],
    ),
    (
        "gate checks",
        "gate.updated",
        lambda t, i: {"from": "dev", "to": "staging", "set": {"checks": [t]}},
        [("check", lambda s: s.process.gates[0].checks[0], Text)],
    ),
    (
        "learning",
        "learning.added",
        lambda t, i: {"id": f"hl{i}", "learner": "p2", "topic": t},
        [("topic", lambda s: _last(s.learning).topic, Text)],
    ),
    (
        "meeting",
        "meeting.added",
        lambda t, i: {"name": t, "cadence": t, "attendees": t, "minutes": 30},
        [
            ("name", lambda s: _last(s.rituals.meetings).name, Line),
            ("cadence", lambda s: _last(s.rituals.meetings).cadence, Text),
            ("attendees", lambda s: _last(s.rituals.meetings).attendees, Text),
        ],
    ),
    (
        "backlog",
        "rituals.updated",
        lambda t, i: {"set": {"backlog": t}},
        [("backlog", lambda s: s.rituals.backlog, Text)],
    ),
    (
        "action",
        "action.added",
        lambda t, i: {"id": f"ha{i}", "text": t},
        [("text", lambda s: _last(s.actions).text, Text)],
    ),
    (
        "parked item",
        "parking.added",
        lambda t, i: {"id": f"hk{i}", "text": t, "stage": "roles", "at": FIXED},
        [("text", lambda s: _last(s.parking_lot).text, Text)],
    ),
]


@pytest.mark.parametrize(
    ("event_type", "data", "fields"), [form[1:] for form in FORMS], ids=[f[0] for f in FORMS]
)
def test_every_hostile_string_is_stored_cleaned_in_every_field(
    team_session: Session, tmp_path: Path, event_type: str, data, fields
) -> None:
    live = LiveSession(team_session)
    for index, text in enumerate(HOSTILE):
        live.change(event_type, data(text, index), at=FIXED)
        for name, read, clean in fields:
            assert read(live.session) == clean(text), (name, text)
    # The file reads back as it was (for the forms that add an item: every string).
    path = tmp_path / "hostile.toml"
    save_session(live.session, path)
    assert dump_session(read_session(path), timeline=False) == dump_session(
        live.session, timeline=False
    )
