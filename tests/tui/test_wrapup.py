"""Pilot tests for the wrap-up: actions, the parking-lot review, the confidence vote, export."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, TabbedContent

from sessions.live import LiveSession
from sessions.model import Session
from sessions.text import one_line
from tests.conftest import (
    FIXED,
    HOSTILE,
    HOSTILE_SAMPLE,
    fill_by_enter,
    saved,
    static_text,
    table_cells,
)
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.dialogs.pick import PickDialog
from tui.screens.wrapup import WrapupScreen, distribution
from tui.widgets.tables import RecordTable


def _with_parking(session: Session) -> Session:
    live = LiveSession(session)
    for item_id, text, stage in [
        ("k1", "Who pays for the GPU cluster?", "roles"),
        ("k2", "Rename the repository", "process"),
    ]:
        live.change(
            "parking.added", {"id": item_id, "text": text, "stage": stage, "at": FIXED}, at=FIXED
        )
    return live.session


def _with_actions(session: Session) -> Session:
    live = LiveSession(session)
    live.change(
        "action.added",
        {"id": "a1", "text": "Book the walkthrough", "owner": "p4", "due": date(2026, 12, 4)},
        at=FIXED,
    )
    live.change("action.added", {"id": "a2", "text": "Find a platform engineer"}, at=FIXED)
    return live.session


async def _settle(app) -> None:
    await app.workers.wait_for_complete()
    await app.workers.wait_for_complete()


async def _part(pilot, key: str, part: str) -> WrapupScreen:
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert screen.query_one("#parts", TabbedContent).active == part
    return screen


# -- actions ---------------------------------------------------------------------------------------


async def test_add_edit_toggle_remove_action(team_session, app_on):
    app = app_on(team_session, "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WrapupScreen)
        assert screen.query_one("#parts", TabbedContent).active == "actions"
        assert screen.query_one("#actions").has_class("-empty")

        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(
            pilot, {"text": "Write the model card", "owner": "p2", "due": "2026-12-11"}
        )
        action = app.session.actions[0]
        assert (action.id, action.text, action.owner, action.due, action.done) == (
            "a1",
            "Write the model card",
            "p2",
            date(2026, 12, 11),
            False,
        )
        assert table_cells(screen, "actions-table") == [
            ["☐", "Write the model card", "Jonas Berg", "2026-12-11"]
        ]
        assert "✓ every open action has an owner and a due date" in static_text(
            screen, "#actions-summary"
        )

        # One without owner or date is flagged by symbol and words.
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"text": "Ask finance"})
        assert app.session.actions[1].id == "a2"
        assert app.session.actions[1].owner is None and app.session.actions[1].due is None
        assert table_cells(screen, "actions-table")[1] == [
            "☐",
            "Ask finance",
            "⚠ no owner",
            "⚠ no date",
        ]
        assert "⚠ 1 open without an owner or a due date" in static_text(screen, "#actions-summary")

        # A bad date is refused by the form.
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"text": "x", "due": "next week"})
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.session.actions) == 2

        # Toggle done with space, then back with x.
        table = screen.query_one("#actions-table", RecordTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.pause()
        detail = static_text(screen, "#actions-detail")
        assert detail == "☐ open: Ask finance\nOwner: ⚠ nobody yet · Due: ⚠ no date yet"
        await pilot.press("space")
        await pilot.pause()
        assert app.session.actions[1].done is True
        assert app.session.timeline[-1].type == "action.updated"
        assert app.session.timeline[-1].data == {"id": "a2", "set": {"done": True}}
        assert table_cells(screen, "actions-table")[1][0] == "✓"
        assert table_cells(screen, "actions-table")[1][2] == "—"
        await _settle(app)
        assert saved(app.session_path).actions[1].done is True
        await pilot.press("x")
        await pilot.pause()
        assert app.session.actions[1].done is False

        # Edit with Enter: give it an owner and date.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await fill_by_enter(pilot, {"owner": "p5", "due": "2027-01-15"})
        edited = app.session.actions[1]
        assert (edited.text, edited.owner, edited.due) == ("Ask finance", "p5", date(2027, 1, 15))

        # Edit with e: clear the date again.
        await pilot.press("e")
        await pilot.pause()
        await fill_by_enter(pilot, {"due": ""})
        assert app.session.actions[1].due is None

        # Remove asks first.
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert [a.id for a in app.session.actions] == ["a1"]
        await _settle(app)
        on_disk = saved(app.session_path)
        assert [(a.id, a.owner, a.due) for a in on_disk.actions] == [
            ("a1", "p2", date(2026, 12, 11))
        ]


# -- parking lot -----------------------------------------------------------------------------------


async def test_parking_item_becomes_an_action(team_session, app_on):
    app = app_on(_with_parking(team_session), "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _part(pilot, "2", "parking")
        rows = table_cells(screen, "parking-table")
        assert rows[0] == ["? not reviewed yet", "Who pays for the GPU cluster?", "Role mapping"]
        detail = static_text(screen, "#parking-detail")
        assert (
            detail == "? not reviewed yet: Who pays for the GPU cluster?\nParked at: Role mapping"
        )
        assert "? 2 of 2 items not reviewed yet" in static_text(screen, "#parking-summary")

        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.query_one("#field-text", Input).value == "Who pays for the GPU cluster?"
        await fill_by_enter(pilot, {"owner": "p1", "due": "2026-12-18"})
        action = app.session.actions[-1]
        assert (action.text, action.owner, action.due) == (
            "Who pays for the GPU cluster?",
            "p1",
            date(2026, 12, 18),
        )
        item = app.session.parking_lot[0]
        assert item.outcome == "action"
        assert app.session.timeline[-1].type == "parking.updated"
        assert app.session.timeline[-1].data == {"id": "k1", "set": {"outcome": "action"}}
        assert table_cells(screen, "parking-table")[0][0] == "✓ became an action"
        await _settle(app)
        on_disk = saved(app.session_path)
        assert on_disk.parking_lot[0].outcome == "action"
        assert on_disk.actions[-1].text == "Who pays for the GPU cluster?"

        # Converting again is refused, so no duplicate action appears.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, WrapupScreen)
        assert len(app.session.actions) == 1

        # Cancelling the form changes nothing.
        screen.query_one("#parking-table", RecordTable).move_cursor(row=1)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.parking_lot[1].outcome is None
        assert len(app.session.actions) == 1

        # u reopens the first; the action stays.
        screen.query_one("#parking-table", RecordTable).move_cursor(row=0)
        await pilot.press("u")
        await pilot.pause()
        assert app.session.parking_lot[0].outcome is None
        assert len(app.session.actions) == 1
        await _settle(app)
        assert saved(app.session_path).parking_lot[0].outcome is None


async def test_parking_item_dropped_and_reopened(team_session, app_on):
    app = app_on(_with_parking(team_session), "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _part(pilot, "2", "parking")
        screen.query_one("#parking-table", RecordTable).move_cursor(row=1)

        # x asks first; "n" keeps it undecided.
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.session.parking_lot[1].outcome is None

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.session.parking_lot[1].outcome == "dropped"
        assert app.session.actions == []
        assert table_cells(screen, "parking-table")[1][0] == "✗ dropped on purpose"
        assert "? 1 of 2 items not reviewed yet" in static_text(screen, "#parking-summary")
        await _settle(app)
        assert saved(app.session_path).parking_lot[1].outcome == "dropped"

        await pilot.press("u")
        await pilot.pause()
        assert app.session.parking_lot[1].outcome is None
        assert app.session.timeline[-1].data == {"id": "k2", "unset": ["outcome"]}
        await _settle(app)
        assert saved(app.session_path).parking_lot[1].outcome is None

        # Enter on a row also converts it.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await fill_by_enter(pilot, {})
        assert app.session.parking_lot[1].outcome == "action"
        assert app.session.actions[0].text == "Rename the repository"
        assert "? 1 of 2 items not reviewed yet" in static_text(screen, "#parking-summary")


async def test_keys_only_work_in_their_part(team_session, app_on):
    app = app_on(_with_actions(_with_parking(team_session)), "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        # x on actions toggles done and never drops a parked item.
        await pilot.press("x")
        await pilot.pause()
        assert app.session.actions[0].done is True
        assert all(item.outcome is None for item in app.session.parking_lot)
        # c on actions does nothing.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, WrapupScreen)
        # [ and ] cycle parts.
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.query_one("#parts", TabbedContent).active == "parking"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert screen.query_one("#parts", TabbedContent).active == "vote"
        # a on the vote part adds no action.
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, WrapupScreen)


# -- confidence vote -------------------------------------------------------------------------------


async def _score(pilot, key: str) -> None:
    """Set the highlighted person's score through the picker: s, then the digit."""
    await pilot.press("s")
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()


async def test_confidence_keys_and_distribution(team_session, app_on):
    app = app_on(team_session, "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _part(pilot, "3", "vote")
        table = screen.query_one("#vote-table", RecordTable)
        assert table.has_focus
        assert "0 of 5 voted yet" in static_text(screen, "#distribution")

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, WrapupScreen)
        assert [(v.person, v.score) for v in app.session.confidence] == [("p1", 4)]
        assert app.session.timeline[-1].type == "vote.added"

        table.move_cursor(row=1)
        await _score(pilot, "5")
        table.move_cursor(row=2)
        await _score(pilot, "5")
        table.move_cursor(row=3)
        await _score(pilot, "2")
        assert {v.person: v.score for v in app.session.confidence} == {
            "p1": 4,
            "p2": 5,
            "p3": 5,
            "p4": 2,
        }
        assert table_cells(screen, "vote-table")[1] == ["Jonas Berg", "●●●●● 5"]
        assert table_cells(screen, "vote-table")[4] == ["Lena Fischer", "· no vote yet"]

        # Changing a score records vote.updated; the picker opens on the score given.
        table.move_cursor(row=3)
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("OptionList").highlighted == 3  # 5, 4, 3, [2]
        await pilot.press("3")
        await pilot.pause()
        assert app.session.timeline[-1].type == "vote.updated"
        assert app.session.timeline[-1].data == {"person": "p4", "set": {"score": 3}}

        chart = static_text(screen, "#distribution").splitlines()
        assert chart[0] == "4 of 5 voted · average 4.2 of 5"
        assert chart[1].startswith("5 ") and chart[1].split()[2] == "2"
        assert "█" in chart[1] and "full confidence" in chart[1]
        assert chart[2].split()[2] == "1"  # one 4
        assert chart[3].split()[2] == "1"  # one 3
        assert chart[4].split()[1] == "0"  # no 2s: no bar
        await _settle(app)
        assert {v.person: v.score for v in saved(app.session_path).confidence} == {
            "p1": 4,
            "p2": 5,
            "p3": 5,
            "p4": 3,
        }

        # 0 in the picker, and backspace on the list, clear a vote.
        await _score(pilot, "0")
        assert "p4" not in {v.person for v in app.session.confidence}
        assert app.session.timeline[-1].type == "vote.removed"
        table.move_cursor(row=0)
        await pilot.press("backspace")
        await pilot.pause()
        assert {v.person for v in app.session.confidence} == {"p2", "p3"}
        await _settle(app)
        assert {v.person for v in saved(app.session_path).confidence} == {"p2", "p3"}

        # Enter picks a score from a list too (for the mouse).
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("down", "enter")  # 5, then 4
        await pilot.pause()
        assert {v.person: v.score for v in app.session.confidence}["p1"] == 4


async def test_on_the_confidence_part_every_key_named_does_what_it_says(team_session, app_on):
    """Each key the footer or the tab strip names on the vote part, pressed: it does that."""
    from textual.widgets import Tab

    app = app_on(team_session, "wrapup")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = await _part(pilot, "3", "vote")
        table = screen.query_one("#vote-table", RecordTable)
        table.move_cursor(row=1)
        await _score(pilot, "4")
        votes = {v.person: v.score for v in app.session.confidence}
        assert votes == {"p2": 4}

        # The tab strip: "1 Actions", "2 Parking lot", "3 Confidence". Each digit shows its
        # part, from the vote part, and never records a score.
        tabs = {str(tab.label).split()[0]: tab.id for tab in screen.query(Tab)}
        assert set(tabs) == {"1", "2", "3"}
        for digit, part in (("1", "actions"), ("2", "parking"), ("3", "vote")):
            await _part(pilot, "3", "vote")
            table.move_cursor(row=1)
            await pilot.press(digit)
            await pilot.pause()
            assert screen.query_one("#parts", TabbedContent).active == part
            assert {v.person: v.score for v in app.session.confidence} == votes

        # The footer: every key it shows on the vote part.
        await _part(pilot, "3", "vote")
        table.move_cursor(row=1)
        named = {
            key: active.binding.action
            for key, active in screen.active_bindings.items()
            if active.binding.show and active.enabled and active.node is screen
        }
        # Only these: the three parts (tested above), the score picker, clearing, the charter.
        assert set(named.values()) == {
            "part('actions')",
            "part('parking')",
            "part('vote')",
            "pick_score",
            "clear_score",
            "write_charter",
        }
        assert {key for key, action in named.items() if key.isdigit()} == {"1", "2", "3"}
        assert all(named[key].startswith("part(") for key in ("1", "2", "3"))
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert {v.person: v.score for v in app.session.confidence} == votes
        clear = next(key for key, action in named.items() if action == "clear_score")
        await pilot.press(clear)
        await pilot.pause()
        assert app.session.confidence == []
        write = next(key for key, action in named.items() if action == "write_charter")
        await pilot.press(write)
        await pilot.pause()
        assert app.session_path.with_suffix(".charter.md").exists()
        await _settle(app)
        assert saved(app.session_path).confidence == []


def test_distribution_text():
    lines = distribution([5, 5, 5, 4, 4, 1], 7).splitlines()
    assert lines[0] == "6 of 7 voted · average 4.0 of 5"
    assert lines[1].startswith("5 ██████") and lines[1].split()[2] == "3"
    assert lines[2].startswith("4 ████ ") and lines[2].split()[2] == "2"
    assert lines[3].split()[1:3] == ["0", "some"]
    assert lines[5].startswith("1 ██ ") and "no confidence" in lines[5]
    assert distribution([], 3).splitlines()[0] == "0 of 3 voted yet"


async def test_vote_empty_state_without_people(fresh_session, app_on):
    app = app_on(fresh_session, "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _part(pilot, "3", "vote")
        pane = screen.query_one("#vote")
        assert pane.has_class("-empty")
        assert not screen.query_one("#vote-table").display
        assert not screen.query_one("#distribution").display
        assert pane.query_one("EmptyState").display
        await pilot.press("3", "s", "0", "backspace")
        await pilot.pause()
        assert app.session.confidence == []


# -- export ----------------------------------------------------------------------------------------


async def test_w_writes_both_charters(team_session, app_on):
    app = app_on(_with_actions(team_session), "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Export the charter: ctrl+e" in str(app.screen.query_one("#export-line").render())
        await pilot.press("w")
        await pilot.pause()
        path = app.session_path
        markdown = path.with_suffix(".charter.md")
        html = path.with_suffix(".charter.html")
        assert markdown.parent == path.parent
        assert markdown.exists() and html.exists()
        assert "Returns Forecast" in markdown.read_text(encoding="utf-8")
        assert "Returns Forecast" in html.read_text(encoding="utf-8")
        assert "Book the walkthrough" in markdown.read_text(encoding="utf-8")


# -- hostile strings and sizes ---------------------------------------------------------------------


async def test_hostile_strings(team_session, app_on):
    live = LiveSession(team_session)
    for index, text in enumerate(HOSTILE):
        live.change(
            "parking.added",
            {"id": f"k{index + 1}", "text": f"{text}", "stage": "roles", "at": FIXED},
            at=FIXED,
        )
    app = app_on(live.session, "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        # Through the action form.
        for text in HOSTILE_SAMPLE:
            await pilot.press("a")
            await pilot.pause()
            await fill_by_enter(pilot, {"text": text})
            assert not isinstance(app.screen, FormDialog), text
        actions = app.session.actions
        assert len(actions) == len(HOSTILE_SAMPLE)
        assert actions[0].text == "[bold]x"
        for action in actions:
            assert "\x1b" not in action.text and "\u202e" not in action.text
        assert table_cells(screen, "actions-table")[0][1] == "[bold]x"
        screen.query_one("#actions-table", RecordTable).move_cursor(row=0)
        await pilot.pause()
        assert "☐ open: [bold]x\n" in static_text(screen, "#actions-detail")

        # Through the parking-lot conversion, prefilled with the parked (already cleaned) text:
        # every item is shown literally; a sample goes through the form, which is slow to open.
        await _part(pilot, "2", "parking")
        lot = app.session.parking_lot
        # Shown whole: wrapped over the row's lines where the column is too narrow.
        assert [row[1].replace("\n", " ") for row in table_cells(screen, "parking-table")] == [
            one_line(item.text) for item in lot
        ]
        assert table_cells(screen, "parking-table")[0][1] == "[bold]x"
        assert "? not reviewed yet: [bold]x\n" in static_text(screen, "#parking-detail")
        sample = [0, 7, 8, 15, 19, 22]
        table = screen.query_one("#parking-table", RecordTable)
        for row in sample:
            table.move_cursor(row=row)
            await pilot.press("c")
            await pilot.pause()
            await fill_by_enter(pilot, {"owner": "p1"})
            assert not isinstance(app.screen, FormDialog)
        converted = app.session.actions[len(HOSTILE_SAMPLE) :]
        assert [a.text for a in converted] == [lot[row].text for row in sample]
        assert converted[0].text == "[bold]x"
        assert [i for i, item in enumerate(app.session.parking_lot) if item.outcome] == sample
        await _settle(app)
        on_disk = saved(app.session_path)
        assert [a.text for a in on_disk.actions] == [a.text for a in app.session.actions]
        assert [p.outcome for p in on_disk.parking_lot] == [
            p.outcome for p in app.session.parking_lot
        ]

        # Confirmation dialogs show the text literally.
        table.move_cursor(row=0)
        await pilot.press("u", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "“[bold]x”" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await pilot.pause()

        # The charter written from hostile text still writes.
        await pilot.press("w")
        await pilot.pause()
        assert app.session_path.with_suffix(".charter.md").exists()


async def test_small_terminal(team_session, app_on):
    app = app_on(_with_actions(_with_parking(team_session)), "wrapup")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WrapupScreen)
        for key, part in (("1", "actions"), ("2", "parking"), ("3", "vote")):
            await _part(pilot, key, part)
            table = screen.query_one(f"#{part}-table", RecordTable)
            assert table.display and table.region.height >= 3, part
            assert table.region.right <= 80
        assert screen.query_one("#distribution").region.height >= 6
        assert screen.query_one("#export-line").region.height >= 1


async def test_tiny_terminal_does_not_crash(team_session, app_on):
    app = app_on(_with_actions(_with_parking(team_session)), "wrapup")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WrapupScreen)
        await pilot.press("2", "3", "4", "1", "a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()


def test_distribution_scales_for_a_large_room():
    lines = distribution([5] * 30 + [1], 40).splitlines()
    assert len(lines[1].split()[1]) == 20 and lines[1].split()[2] == "30"
    assert lines[5].split()[1] == "█" and lines[5].split()[2] == "1"


async def test_palette_reaches_the_stage_actions(team_session, app_on):
    app = app_on(_with_parking(team_session), "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        # The palette offers the keys the footer shows, by the footer's names: the parking
        # lot's Drop once that part is shown.
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Drop (x)")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one("#parts", TabbedContent).active == "parking"
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert app.session.parking_lot[0].outcome == "dropped"


async def test_the_footer_follows_the_part_and_is_rebuilt_only_when_its_keys_change(
    team_session, app_on
):
    from textual.widgets._footer import FooterKey

    from tui.widgets.chrome import KeysFooter

    app = app_on(_with_actions(_with_parking(team_session)), "wrapup")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)

        def shown() -> set[str]:
            return {key.description for key in footer.query(FooterKey)}

        assert {"Add", "Done"} <= shown() and "To action" not in shown()
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert "To action" in shown() and "Done" not in shown()
        # The same keys again, announced three times in one frame: no rebuild at all.
        keys = list(footer.query(FooterKey))
        for _ in range(3):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert list(footer.query(FooterKey)) == keys


async def test_scores_given_privately_stay_hidden_until_revealed(team_session, app_on):
    app = app_on(team_session, "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _part(pilot, "3", "vote")
        app.change("activity.opened", {"kind": "fist"})
        app.change("fist.given", {"person": "p2", "score": 1, "via": "room"})
        await pilot.pause()
        assert table_cells(screen, "vote-table")[1] == [
            "Jonas Berg",
            "▒ given, hidden until revealed",
        ]
        assert static_text(screen, "#distribution").startswith("0 of 5 voted yet")
        app.change("activity.revealed", {"kind": "fist"})
        await pilot.pause()
        assert table_cells(screen, "vote-table")[1][1].endswith("1")
        assert static_text(screen, "#distribution").startswith("1 of 5 voted")


async def test_someone_not_in_the_room_is_not_counted_as_a_missing_vote(team_session, app_on):
    """Marked absent on the roster, a person cannot give a fist of five today: the vote
    names them as not in the room, and "n of m voted" counts the people who are."""
    live = LiveSession(team_session)
    live.change("person.updated", {"id": "p5", "set": {"absent": True}})
    app = app_on(live.session, "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _part(pilot, "3", "vote")
        assert table_cells(screen, "vote-table")[4] == ["Lena Fischer", "· not in the room today"]
        assert static_text(screen, "#distribution").startswith("0 of 4 voted yet")
        app.change("vote.added", {"person": "p2", "score": 4})
        await pilot.pause()
        assert static_text(screen, "#distribution").startswith("1 of 4 voted")
