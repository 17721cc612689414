"""Changes through the stages' forms, end to end: the roster added to, edited and emptied with
undo and redo, bad input refused with a message, removing asked first, the role matrix's
shares and filter, a role from the pack."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Label

from tests.conftest import saved, settle


async def test_roster_add_edit_remove_with_undo_and_redo(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-name", Input).value = "Noor [lead]"
        form.query_one("#field-title", Input).value = "Data engineer"
        form.query_one("#field-availability", Input).value = "80"
        await pilot.press("enter")
        await settle(app, pilot)
        person = app.session.people[-1]
        assert (person.name, person.title, person.availability) == (
            "Noor [lead]",
            "Data engineer",
            80,
        )
        assert saved(app.session_path).people[-1].name == "Noor [lead]"

        table = app.screen.query_one(DataTable)
        table.move_cursor(row=len(app.session.people) - 1)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-availability", Input).value = "60"
        app.screen.query_one("#field-title", Input).value = ""
        await pilot.press("enter")
        await settle(app, pilot)
        person = app.session.person(person.id)
        assert person.availability == 60 and person.title == ""

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.session.person(person.id) is None
        assert saved(app.session_path).person(person.id) is None

        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.session.person(person.id) is not None
        assert saved(app.session_path).person(person.id).availability == 60
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert app.session.person(person.id) is None


async def test_form_refuses_bad_input_with_a_message(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        count = len(app.session.people)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "Kim"
        app.screen.query_one("#field-availability", Input).value = "150"
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#error-availability", Label)
        assert "1 to 100" in str(error.render())
        # A problem shows under its field; fields without one spend no line on it.
        assert error.display and error.size.height >= 1
        assert not app.screen.query_one("#error-name", Label).display
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(app.session.people) == count


async def test_removing_asks_first_and_no_keeps(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await settle(app, pilot)
        assert len(app.session.people) == 5


async def test_role_matrix_sets_and_bumps_shares(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        matrix = app.screen.query_one("#matrix", DataTable)
        matrix.move_cursor(row=0, column=3)  # Maya Okafor, platform engineer
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-share", Input).value = "30"
        await pilot.press("enter")
        await settle(app, pilot)
        key = ("p1", "platform-engineer")
        shares = {(a.person, a.role): a.share for a in saved(app.session_path).assignments}
        assert shares[key] == 30
        await pilot.press("plus")
        await settle(app, pilot)
        shares = {(a.person, a.role): a.share for a in app.session.assignments}
        assert shares[key] == 40
        await pilot.press("x")
        await settle(app, pilot)
        assert key not in {(a.person, a.role) for a in saved(app.session_path).assignments}


async def test_role_matrix_filter_and_risks(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        risks = str(app.screen.query_one("#risk-list").render())
        assert "Tomás Silva" in risks and "part-time" in risks
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"priya")
        await pilot.pause()
        assert app.screen.query_one("#matrix", DataTable).row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#matrix", DataTable).row_count == 5


async def test_add_role_from_pack_and_remove_it(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")  # the first optional role from the pack
        await settle(app, pilot)
        added = app.session.roles[-1]
        assert added.id in {"ml-product-owner", "analytics-engineer"}
        assert any(c.role == added.id for c in saved(app.session_path).concerns)
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("end", "enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.session.role(added.id) is None
        assert saved(app.session_path).role(added.id) is None
