"""What the concerns stage's tests share: role ids, steps through the screen (picking, reading the
round's rows, catching what the room is told), sessions made ready, and cards from the room."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

from sessions.live import LiveSession
from sessions.model import Concern, Session
from tests.conftest import FIXED
from tui.dialogs.pick import PickDialog
from tui.widgets.tables import RecordTable

DS, PE, DE, SE = "data-scientist", "platform-engineer", "data-engineer", "software-engineer"


async def pick(app, pilot, option_id: str) -> None:
    """Choose the option with `option_id` in the open pick dialog."""
    dialog = app.screen
    assert isinstance(dialog, PickDialog)
    options = dialog.query_one(OptionList)
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")
    await pilot.pause()


def with_changes(session: Session, *changes: tuple[str, dict[str, Any]]) -> Session:
    """Return `session` after the given changes."""
    live = LiveSession(session)
    for type_, data in changes:
        live.change(type_, data, at=FIXED)
    return live.session


def concern(session: Session, concern_id: str) -> Concern:
    """The concern with `concern_id`."""
    found = next((c for c in session.concerns if c.id == concern_id), None)
    assert found is not None, concern_id
    return found


def rows(app) -> list[tuple[str, str, str, str]]:
    """`(key, dots, concern, heard)` for each row of the table, as shown."""
    table = app.screen.query_one("#concerns", RecordTable)
    shown = []
    for row in range(table.row_count):
        key = table.ordered_rows[row].key.value
        dots, text, heard = (str(getattr(c, "plain", c)) for c in table.get_row_at(row))
        shown.append((key, dots, text, heard))
    return shown


def notices(app) -> list[str]:
    """Capture what the app tells the room (notifications are off in tests)."""
    seen: list[str] = []
    app.notify = lambda message, *args, **kwargs: seen.append(str(message))
    return seen


def go_to_row(app, concern_id: str) -> None:
    """Put the table's cursor on a concern."""
    table = app.screen.query_one("#concerns", RecordTable)
    keys = [key for key, *_ in rows(app)]
    table.move_cursor(row=keys.index(concern_id))


def long_worry(n: int) -> str:
    return f"Worry {n}: " + " ".join(["the model cannot be rebuilt from its recorded inputs"] * 3)


def burst_session(team_session: Session) -> Session:
    """Data scientists' concerns, some long enough to wrap, some with dots; writing is open."""
    changes: list[tuple[str, dict[str, Any]]] = [
        ("concern.added", {"id": f"w{n}", "role": DS, "text": long_worry(n), "origin": "team"})
        for n in range(4)
    ]
    changes += [
        ("concern.updated", {"id": "w1", "set": {"votes": 3}}),
        ("concern.updated", {"id": "c3", "set": {"votes": 2}}),
        ("activity.opened", {"kind": "writing"}),
    ]
    return with_changes(team_session, *changes)


async def room_cards(app, pilot, first: int, count: int) -> None:
    """`count` silent cards from the room for the data scientists, then the stage's redraw."""
    for n in range(first, first + count):
        card = {"id": f"r{n}", "role": DS, "text": f"Secret {n}", "person": "p2", "via": "room"}
        assert await app.room.submit(lambda _session, card=card: ("concern.written", card)) is None
    app.room.flush_redraw()
    await pilot.pause()
