"""The concerns stage's dots and "heard": dots within the cap and the budget, cleared after
asking, and which other roles heard a concern."""

from __future__ import annotations

from textual.widgets import OptionList

from tests.conftest import rendered, saved, settle
from tests.tui.concern_steps import (
    DE,
    DS,
    PE,
    SE,
    concern,
    go_to_row,
    notices,
    pick,
    rows,
    with_changes,
)
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.pick import PickDialog
from tui.widgets.tables import RecordTable


async def test_dots_go_up_and_down_and_follow_the_ranking(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        go_to_row(app, "c4")
        await pilot.press("plus", "plus")
        await settle(app, pilot)
        assert concern(app.session, "c4").votes == 2
        assert concern(saved(app.session_path), "c4").votes == 2
        assert rows(app)[0][:2] == ("c4", "● 2")
        table = app.screen.query_one("#concerns", RecordTable)
        assert table.current_key == "c4"
        await pilot.press("minus")
        await settle(app, pilot)
        assert concern(saved(app.session_path), "c4").votes == 1
        seen = notices(app)
        await pilot.press("minus", "minus")
        await settle(app, pilot)
        assert concern(app.session, "c4").votes == 0
        assert any("no dots" in message for message in seen)


async def test_cap_per_concern_is_cap_times_people(app_on, team_session) -> None:
    session = with_changes(
        team_session, ("settings.updated", {"set": {"vote_budget": 10, "vote_cap": 1}})
    )
    app = app_on(session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        seen = notices(app)
        go_to_row(app, "c1")
        for _ in range(6):
            await pilot.press("plus")
        await settle(app, pilot)
        # Five people, one dot each on a single concern: five at most.
        assert concern(app.session, "c1").votes == 5
        assert concern(saved(app.session_path), "c1").votes == 5
        assert any("at most 5" in message for message in seen)
        assert "at most 5 per concern" in rendered(app, "#tally")


async def test_budget_is_budget_times_people_across_every_concern(app_on, team_session) -> None:
    session = with_changes(
        team_session,
        ("settings.updated", {"set": {"vote_budget": 1, "vote_cap": 3}}),
        ("concern.updated", {"id": "c7", "set": {"votes": 3}}),  # another role's concern
    )
    app = app_on(session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "3 of 5 dots placed" in rendered(app, "#tally")
        seen = notices(app)
        go_to_row(app, "c1")
        for _ in range(3):
            await pilot.press("plus")
        await settle(app, pilot)
        assert concern(app.session, "c1").votes == 2
        assert concern(saved(app.session_path), "c1").votes == 2
        assert sum(c.votes for c in app.session.concerns) == 5
        assert any("All 5 dots are placed" in message for message in seen)
        assert "5 of 5 dots ✓ all placed" in rendered(app, "#tally")
        await pilot.press("minus")
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        assert concern(app.session, "c1").votes == 2


async def test_without_people_the_room_counts_as_one(app_on, fresh_session) -> None:
    app = app_on(fresh_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        go_to_row(app, "c1")
        for _ in range(4):
            await pilot.press("plus")
        await settle(app, pilot)
        assert concern(saved(app.session_path), "c1").votes == 3
        assert "3 of 5 dots placed (5 each × 1)" in rendered(app, "#tally")


async def test_heard_toggles_for_another_role(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        go_to_row(app, "c1")
        await pilot.press("h")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        offered = [o.id for o in dialog.query_one(OptionList).options]
        assert offered == [PE, DE, SE]  # never the concern's own role
        await pick(app, pilot, SE)
        await settle(app, pilot)
        assert concern(app.session, "c1").heard_by == [SE]
        assert concern(saved(app.session_path), "c1").heard_by == [SE]
        await pilot.press("h")
        await pilot.pause()
        await pick(app, pilot, PE)
        await settle(app, pilot)
        assert concern(saved(app.session_path), "c1").heard_by == [PE, SE]
        assert "heard by: Platform / ML engineer, Software engineer" in rendered(app, "#detail")
        await pilot.press("h")
        await pilot.pause()
        label = str(app.screen.query_one(OptionList).get_option(SE).prompt)
        assert label.startswith("✓ Software engineer: heard")
        await pick(app, pilot, SE)
        await settle(app, pilot)
        assert concern(saved(app.session_path), "c1").heard_by == [PE]
        await pilot.press("h")
        await pilot.pause()
        await pick(app, pilot, DE)
        await settle(app, pilot)
        assert rows(app)[0][3] == "2 of 3"
        await pilot.press("h")
        await pilot.pause()
        await pick(app, pilot, SE)
        await settle(app, pilot)
        assert rows(app)[0][3] == "✓ all 3"


async def test_clear_votes_for_the_role_after_asking(app_on, team_session) -> None:
    session = with_changes(
        team_session,
        ("concern.updated", {"id": "c1", "set": {"votes": 2}}),
        ("concern.updated", {"id": "c2", "set": {"votes": 1}}),
        ("concern.updated", {"id": "c7", "set": {"votes": 3}}),
    )
    app = app_on(session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("0")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "3 dots" in rendered(app, "#confirm-question")
        await pilot.press("n")
        await settle(app, pilot)
        assert concern(app.session, "c1").votes == 2
        await pilot.press("0")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        for result in (app.session, saved(app.session_path)):
            assert all(c.votes == 0 for c in result.concerns if c.role == DS)
            assert concern(result, "c7").votes == 3
        assert app.session.timeline[-1].data == {"role": DS}


async def test_dots_over_a_budget_lowered_after_they_were_placed_are_told_as_over(
    app_on, team_session
) -> None:
    """The tally said "7 of 5 dots ✓ all placed" once the budget fell below the dots."""
    session = with_changes(
        team_session,
        ("concern.updated", {"id": "c7", "set": {"votes": 7}}),
        ("settings.updated", {"set": {"vote_budget": 1, "vote_cap": 3}}),
    )
    app = app_on(session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        tally = rendered(app, "#tally")
        assert "7 of 5 dots placed: ⚠ 2 over the budget, take some off" in tally
        assert "✓" not in tally
