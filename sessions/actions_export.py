"""Actions that leave the room: CSV and JSON an issue tracker can import."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from sessions.model import Action, Session

CARRIED = "carried from the earlier session"
"""The source stage of an action a follow-up carried over: it was agreed last time."""

CSV_HEADERS = ("Title", "Owner", "Due date", "Status", "Source stage", "Forming id")
"""The CSV's columns, in order; the first row of every actions CSV."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (OWASP's list), so the
CSV puts an apostrophe in front; every other cell is written exactly as typed."""


@dataclass(frozen=True)
class ActionRow:
    """One action as it leaves the room."""

    id: str
    """The action's id in the session, so a re-import can recognise it."""
    title: str
    """What will be done, exactly as typed."""
    owner: str
    """The owner's name, or empty when nobody owns it yet."""
    due: str
    """The due date as YYYY-MM-DD, or empty."""
    status: str
    """`open`, `done` or `dropped` (dropped on purpose at a check-in)."""
    stage: str
    """The title of the stage the action was agreed at."""


def action_status(action: Action) -> str:
    """Return `done`, `dropped` (decided at a check-in) or `open`."""
    if getattr(action, "reviewed", None) == "dropped":
        return "dropped"
    return "done" if action.done else "open"


def action_stages(session: Session) -> dict[str, str]:
    """Return the id of the stage each action was added at, read from the timeline.

    The room's stage is followed through `stage.entered` events from the state the timeline
    starts with; an action already in that state was carried in (a follow-up or an import)
    and is left out, as is an action the timeline does not show being added.
    """
    stages: dict[str, str] = {}
    current = ""
    for event in session.timeline:
        data = event.data
        if event.type in ("session.created", "session.imported"):
            state = data.get("state", {})
            info = state.get("session", {}) if isinstance(state, dict) else {}
            current = info.get("stage", current) if isinstance(info, dict) else current
        elif event.type == "stage.entered" and isinstance(data.get("stage"), str):
            current = data["stage"]
        elif event.type == "action.added" and isinstance(data.get("id"), str):
            stages[data["id"]] = current
    return stages


def action_rows(session: Session) -> list[ActionRow]:
    """Return every action of `session` as a row, in the session's order."""
    added_at = action_stages(session)
    rows = []
    for action in session.actions:
        stage_id = added_at.get(action.id)
        if stage_id is None:
            stage = CARRIED
        else:
            found = session.stage(stage_id)
            stage = found.title if found else stage_id
        rows.append(
            ActionRow(
                id=action.id,
                title=action.text,
                owner=session.person_name(action.owner) if action.owner else "",
                due=action.due.isoformat() if action.due else "",
                status=action_status(action),
                stage=stage,
            )
        )
    return rows


def csv_cell(text: str) -> str:
    """Return a cell that no spreadsheet runs as a formula; any other text is kept as typed."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def actions_csv(session: Session) -> str:
    """Return the actions as RFC 4180 CSV (UTF-8, CRLF line ends, a header row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADERS)
    for row in action_rows(session):
        cells = (row.title, row.owner, row.due, row.status, row.stage, row.id)
        writer.writerow([csv_cell(cell) for cell in cells])
    return out.getvalue()


def actions_json(session: Session) -> str:
    """Return the actions as a JSON array of objects, one per action, keys in English."""
    items: list[dict[str, Any]] = [
        {
            "title": row.title,
            "owner": row.owner or None,
            "due": row.due or None,
            "status": row.status,
            "source_stage": row.stage,
            "id": row.id,
        }
        for row in action_rows(session)
    ]
    # ensure_ascii keeps the file 7-bit: no character in it can reach a terminal as a control.
    return json.dumps(items, indent=2, ensure_ascii=True) + "\n"
