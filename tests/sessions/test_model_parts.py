"""`Session` and a follow-up's `LastTime` are made of the same parts: the file must not notice.

The agreements are declared once (`Agreements`, `SessionHeading`) and both models are built from
them; the order of a model's fields is the order the file is written in, and schema 1 is
normative. `golden/follow-up.toml` was written by the model as it stood before the parts were
shared (each field declared twice), from the session `_earlier` builds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sessions.events import make_event, record, state_event_data
from sessions.followup import LAST_TIME_FIELDS, follow_up
from sessions.model import Agreements, LastTime, Session, SessionHeading
from sessions.store import parse_session, session_to_toml

GOLDEN = Path(__file__).parent / "golden" / "follow-up.toml"
AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

SESSION_ORDER = [
    "format",
    "schema_",
    "session",
    "stages",
    "roles",
    "people",
    "assignments",
    "concerns",
    "needs",
    "learning",
    "process",
    "rituals",
    "actions",
    "parking_lot",
    "confidence",
    "decisions",
    "settings",
    "last_time",
    "activity",
    "ballots",
    "timeline",
]
"""The fields of a session file, in the order docs/session-format.md lists its tables."""


def _earlier() -> Session:
    """A small session with some lists filled and some empty (written inline in the file)."""
    earlier = Session.model_validate(
        {
            "session": {
                "id": "s1",
                "team": "Golden",
                "created_at": AT,
                "updated_at": AT,
                "stage": "roles",
                "goals": ["Ship it"],
            },
            "stages": [{"id": "roles", "title": "Roles", "timebox_min": 20}],
            "roles": [{"id": "ds", "name": "Data scientist", "responsibilities": ["Models"]}],
            "people": [{"id": "p1", "name": "Ada"}],
            "assignments": [{"person": "p1", "role": "ds", "share": 100}],
            "actions": [{"id": "a1", "text": "Write it down", "owner": "p1"}],
            "confidence": [{"person": "p1", "score": 4}],
        }
    )
    return record(earlier, make_event(earlier, "session.created", state_event_data(earlier), AT))


def test_session_fields_are_in_the_file_order() -> None:
    assert list(Session.model_fields) == SESSION_ORDER


def test_last_time_is_the_heading_and_the_agreements_in_the_session_order() -> None:
    shared = [*SessionHeading.model_fields, *Agreements.model_fields]
    assert list(LastTime.model_fields) == shared == list(LAST_TIME_FIELDS)
    assert [name for name in SESSION_ORDER if name in shared] == shared
    for name in shared:  # the same type and default in both
        assert repr(LastTime.model_fields[name]) == repr(Session.model_fields[name])


def test_a_follow_up_is_written_byte_for_byte_as_before() -> None:
    follow = follow_up(_earlier(), at=AT, session_id="s2")
    assert session_to_toml(follow) == GOLDEN.read_text(encoding="utf-8")


def test_a_follow_up_file_reads_and_writes_identically() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    session = parse_session(text)
    assert session.last_time is not None
    assert session.last_time.people[0].name == "Ada"
    assert session.last_time.as_session().actions == session.actions
    assert session_to_toml(session) == text
