"""Keys for the highlighted item on an empty list say what to do, rather than nothing at all."""

from __future__ import annotations

import pytest

from sessions.start import new_session
from tests.conftest import FIXED, saved, settle
from tests.tui.concern_steps import notices

CASES = [
    ("roster", "", "e", "No person here yet: press a to add one."),
    ("roster", "", "d", "No person here yet: press a to add one."),
    ("concerns", "", "plus", "No concern here yet: press a to add one."),
    ("concerns", "", "minus", "No concern here yet: press a to add one."),
    ("concerns", "", "h", "No concern here yet: press a to add one."),
    ("concerns", "", "e", "No concern here yet: press a to add one."),
    ("concerns", "", "d", "No concern here yet: press a to add one."),
    ("needs", "", "e", "No handoff here yet: press a to add one."),
    ("needs", "", "d", "No handoff here yet: press a to add one."),
    ("process", "1", "e", "No environment here yet: press a to add one."),
    ("process", "3", "d", "No pipeline step here yet: press a to add one."),
    ("process", "1", "right_square_bracket", "No environment here yet: press a to add one."),
    ("rituals", "", "e", "No meeting here yet: press a to add one."),
    ("rituals", "", "d", "No meeting here yet: press a to add one."),
    ("wrapup", "1", "e", "No action here yet: press a to add one."),
    ("wrapup", "1", "space", "No action here yet: press a to add one."),
    ("wrapup", "1", "d", "No action here yet: press a to add one."),
    ("wrapup", "2", "c", "No parked item here yet: ctrl+o parks one from any stage."),
    ("wrapup", "2", "x", "No parked item here yet: ctrl+o parks one from any stage."),
]


@pytest.mark.parametrize(("stage", "part", "key", "said"), CASES)
async def test_a_key_for_the_highlighted_item_on_an_empty_list_says_what_to_do(
    app_on, pack, stage: str, part: str, key: str, said: str
) -> None:
    empty = new_session(pack, team="Empty", at=FIXED, session_id="empty", suggestions=False)
    app = app_on(empty, stage)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        if part:
            await pilot.press(part)
            await settle(app, pilot)
        seen = notices(app)
        before = app.session
        await pilot.press(key)
        await settle(app, pilot)
        assert said in seen
        assert app.screen.is_current  # no dialog opened over nothing
        assert app.session == before
        assert app.session_path is not None and saved(app.session_path) == before
