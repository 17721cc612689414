"""Actions that leave the room: CSV and JSON an issue tracker imports, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from sessions.actions_export import (
    CARRIED,
    CSV_HEADERS,
    action_rows,
    actions_csv,
    actions_json,
    csv_cell,
)
from sessions.followup import follow_up
from sessions.live import LiveSession
from sessions.model import Session
from tests.conftest import FIXED
from tests.strategies import PROPERTY, make_session, texts


def _with_actions(session: Session) -> Session:
    live = LiveSession(session)
    live.change("stage.entered", {"stage": "roles"}, at=FIXED)
    live.change(
        "action.added",
        {
            "id": "a1",
            "text": "Find a second platform person",
            "owner": "p2",
            "due": date(2026, 12, 1),
        },
        at=FIXED,
    )
    live.change("stage.entered", {"stage": "wrapup"}, at=FIXED)
    live.change("action.added", {"id": "a2", "text": '=HYPERLINK("x")', "done": True}, at=FIXED)
    live.change("action.added", {"id": "a3", "text": 'Say "hi", then\nwrite; | [x]'}, at=FIXED)
    return live.session


def test_rows_carry_title_owner_due_status_and_source_stage(team_session: Session) -> None:
    rows = action_rows(_with_actions(team_session))
    assert [(r.id, r.owner, r.due, r.status, r.stage) for r in rows] == [
        ("a1", "Jonas Berg", "2026-12-01", "open", "Role mapping"),
        ("a2", "", "", "done", "Actions and close"),
        ("a3", "", "", "open", "Actions and close"),
    ]


def test_csv_reads_back_exactly_with_formulas_neutralised(team_session: Session) -> None:
    text = actions_csv(_with_actions(team_session))
    assert text.endswith("\r\n")
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(table[0]) == CSV_HEADERS
    assert table[1] == [
        "Find a second platform person",
        "Jonas Berg",
        "2026-12-01",
        "open",
        "Role mapping",
        "a1",
    ]
    assert table[2][0] == '\'=HYPERLINK("x")'
    assert table[2][3] == "done"
    # Quotes, commas, semicolons, pipes, brackets and line breaks come back exactly as typed.
    assert table[3][0] == 'Say "hi", then\nwrite; | [x]'


def test_every_formula_start_gets_an_apostrophe_and_nothing_else_changes() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    for plain in ("1+1", "a=b", "", "'quoted", " =x", "émile @home"):
        assert csv_cell(plain) == plain


@PROPERTY
@given(st.lists(texts(), min_size=1, max_size=4))
def test_csv_round_trips_any_text(titles: list[str]) -> None:
    live = LiveSession(make_session())
    for index, title in enumerate(titles):
        live.change("action.added", {"id": f"a{index + 1}", "text": title})
    session = live.session
    table = list(csv.reader(io.StringIO(actions_csv(session), newline="")))[1:]
    for row, action in zip(table, session.actions, strict=True):
        expected = action.text
        if expected.startswith(("=", "+", "-", "@", "\t", "\r")):
            expected = "'" + expected
        assert row[0] == expected


def test_json_is_an_array_an_importer_reads(team_session: Session) -> None:
    items = json.loads(actions_json(_with_actions(team_session)))
    assert items[0] == {
        "title": "Find a second platform person",
        "owner": "Jonas Berg",
        "due": "2026-12-01",
        "status": "open",
        "source_stage": "Role mapping",
        "id": "a1",
    }
    # JSON needs no formula guard: the text is kept exactly.
    assert items[1]["title"] == '=HYPERLINK("x")' and items[1]["owner"] is None
    assert actions_json(_with_actions(team_session)).isascii()


def test_carried_and_dropped_actions(team_session: Session) -> None:
    follow = follow_up(_with_actions(team_session), at=FIXED)
    live = LiveSession(follow)
    live.change("action.updated", {"id": "a3", "set": {"reviewed": "dropped"}}, at=FIXED)
    rows = {row.id: row for row in action_rows(live.session)}
    assert rows["a1"].stage == CARRIED and rows["a1"].status == "open"
    assert rows["a3"].status == "dropped"


def test_no_actions_is_a_header_and_an_empty_array(fresh_session: Session) -> None:
    assert actions_csv(fresh_session) == ",".join(CSV_HEADERS) + "\r\n"
    assert json.loads(actions_json(fresh_session)) == []
