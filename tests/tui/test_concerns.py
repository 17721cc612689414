"""The concerns stage: a round per role, its concerns added, edited and removed, at every size
and with hostile text (dots and heard: `test_concern_votes`; silent writing:
`test_concern_silent`; the room's cards: `test_concern_room_cards`)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Select

from sessions.text import clean_text
from tests.conftest import HOSTILE, HOSTILE_SAMPLE, fill, rendered, saved, settle
from tests.tui.concern_steps import (
    DE,
    DS,
    PE,
    SE,
    concern,
    go_to_row,
    rows,
    with_changes,
)
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.screens.concerns import ConcernsScreen
from tui.screens.stage import TooSmall
from tui.widgets.lists import RoleList
from tui.widgets.tables import RecordTable


async def test_concerns_ranked_by_dots_with_origin_and_heard(app_on, team_session) -> None:
    session = with_changes(
        team_session,
        ("concern.updated", {"id": "c3", "set": {"votes": 4, "heard_by": [SE, DE]}}),
        ("concern.updated", {"id": "c5", "set": {"votes": 2}}),
    )
    app = app_on(session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ConcernsScreen)
        assert app.screen.query_one(RoleList).role_id == DS
        shown = rows(app)
        assert [key for key, *_ in shown] == ["c3", "c5", "c1", "c2", "c4", "c6"]
        assert shown[0][1] == "● 4" and shown[1][1] == "● 2" and shown[2][1] == "· 0"
        assert shown[0][2].endswith("(pack)")
        assert shown[0][3] == "2 of 3" and shown[2][3] == "· none"
        detail = rendered(app, "#detail")
        assert detail.startswith("● 4  " + concern(session, "c3").text)
        assert "(pack) · ✓ heard by: Data engineer, Software engineer" in detail
        assert "not yet: Platform / ML engineer" in detail
        tally = rendered(app, "#tally")
        assert "6 of 25 dots placed" in tally and "at most 15 per concern" in tally
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen.query_one(RoleList).role_id == PE
        assert {key for key, *_ in rows(app)} == {c.id for c in session.concerns if c.role == PE}


async def test_add_a_concern_with_and_without_author(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        count = len(app.session.concerns)
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"text": "Nobody owns the feature store [yet]"})
        await settle(app, pilot)
        added = app.session.concerns[-1]
        assert (added.role, added.text, added.origin, added.votes) == (
            DS,
            "Nobody owns the feature store [yet]",
            "team",
            0,
        )
        assert added.author is None and added.masked is None
        assert saved(app.session_path).concerns[-1] == added
        assert len(app.session.concerns) == count + 1
        assert rows(app)[app.screen.query_one("#concerns", RecordTable).cursor_row][0] == added.id
        assert rows(app)[-1][2].endswith("(team)")

        await pilot.press("n", "a")
        await pilot.pause()
        await fill(app, pilot, {"text": "Alerts nobody reads", "author": "p4"})
        await settle(app, pilot)
        added = saved(app.session_path).concerns[-1]
        assert (added.role, added.author, added.origin) == (PE, "p4", "team")
        assert "(team, raised by Tomás Silva)" in rendered(app, "#detail")


async def test_edit_and_remove_a_concern(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        go_to_row(app, "c2")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-text", Input).value == concern(team_session, "c2").text
        await fill(app, pilot, {"text": "Comparing experiments", "author": "p2"})
        await settle(app, pilot)
        for session in (app.session, saved(app.session_path)):
            edited = concern(session, "c2")
            assert (edited.text, edited.author, edited.origin) == (
                "Comparing experiments",
                "p2",
                "pack",
            )
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-author", Select).clear()
        await fill(app, pilot, {})
        await settle(app, pilot)
        assert concern(saved(app.session_path), "c2").author is None

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Comparing experiments" in rendered(app, "#confirm-question")
        await pilot.press("n")
        await settle(app, pilot)
        assert concern(app.session, "c2")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert all(c.id != "c2" for c in app.session.concerns)
        assert all(c.id != "c2" for c in saved(app.session_path).concerns)


async def test_hostile_strings_as_concerns(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = len(app.session.concerns)
        for text in HOSTILE_SAMPLE:
            await pilot.press("a")
            await pilot.pause()
            await fill(app, pilot, {"text": text})
            assert not isinstance(app.screen, FormDialog), repr(text)
        await settle(app, pilot)
        cleaned = [clean_text(text) for text in HOSTILE_SAMPLE]
        for session in (app.session, saved(app.session_path)):
            assert [c.text for c in session.concerns[before:]] == cleaned
        first = app.session.concerns[before]
        go_to_row(app, first.id)
        await pilot.pause()
        row = next(r for r in rows(app) if r[0] == first.id)
        assert row[2] == "[bold]x (team)"
        assert "[bold]x" in rendered(app, "#detail")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-text", Input).value == "[bold]x"
        await fill(app, pilot, {"text": HOSTILE[8]})
        await settle(app, pilot)
        assert concern(saved(app.session_path), first.id).text == HOSTILE[8]
        assert HOSTILE[8] in rendered(app, "#detail")
        await pilot.press("d")
        await pilot.pause()
        assert HOSTILE[8] in rendered(app, "#confirm-question")
        await pilot.press("n")
        await pilot.pause()


@pytest.mark.parametrize("silent", [False, True])
async def test_fits_80_by_24(app_on, team_session, silent: bool) -> None:
    session = with_changes(team_session, ("concern.updated", {"id": "c3", "set": {"votes": 3}}))
    app = app_on(session, "concerns")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConcernsScreen)
        if silent:
            await pilot.press("s")
            await pilot.pause()
        assert not screen.has_class("-too-small")
        table = screen.query_one("#concerns", RecordTable)
        assert table.region.height >= 4 and screen.region.contains_region(table.region)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        for selector in ("#roles", "#tally", "#detail"):
            region = screen.query_one(selector).region
            assert region.height >= 1 and screen.region.contains_region(region), selector
        assert rows(app)[0][:2] == ("c3", "● 3")
        assert rows(app)[0][2].endswith("(pack)")


async def test_survives_40_by_12(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ConcernsScreen)
        assert app.screen.query_one(TooSmall).display
        await pilot.press("s", "plus", "n")
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"text": "Tiny screen"})
        await settle(app, pilot)
        assert app.session.concerns[-1].masked is True
        assert app.session.concerns[-1].role == PE
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert app.session.concerns[-1].id not in [r[0] for r in rows(app)]
        assert rendered(app, "#hidden").startswith("▒ 1 card hidden until revealed")


async def test_hostile_names_of_people_and_roles_show_literally(app_on, team_session) -> None:
    session = with_changes(
        team_session,
        ("person.updated", {"id": "p2", "set": {"name": HOSTILE[0]}}),
        ("role.updated", {"id": SE, "set": {"name": HOSTILE[7]}}),
        ("concern.updated", {"id": "c1", "set": {"author": "p2", "heard_by": [SE]}}),
    )
    app = app_on(session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        go_to_row(app, "c1")
        await pilot.pause()
        detail = rendered(app, "#detail")
        assert "(pack, raised by [bold]x)" in detail
        assert f"heard by: {HOSTILE[7]}" in detail
        assert HOSTILE[7] in str(app.screen.query_one(RoleList).get_option(SE).prompt)
        await pilot.press("h")
        await pilot.pause()
        label = str(app.screen.query_one(OptionList).get_option(SE).prompt)
        assert label == f"✓ {HOSTILE[7]}: heard (choose to unmark)"
        await pilot.press("escape")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert ("[bold]x", "p2") in form.fields[1].options
        form.query_one("#field-author", Select).value = "p2"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConcernsScreen)
