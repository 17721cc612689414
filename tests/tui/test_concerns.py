"""The concerns stage: a round per role, dot voting within limits, heard, silent writing."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import Input, OptionList, Select

from sessions.live import LiveSession
from sessions.model import Concern, Session
from sessions.text import clean_text, shorten
from tests.conftest import FIXED, HOSTILE, HOSTILE_SAMPLE, fill, rendered, saved, settle
from tui.app import FormingApp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.dialogs.pick import PickDialog
from tui.screens.concerns import ConcernsScreen
from tui.screens.stage import TooSmall
from tui.widgets.concern_round import NAME_CELLS, Hidden
from tui.widgets.lists import RoleList
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


async def test_silent_writing_masks_then_reveal_unmasks(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert not screen.query_one("#silent-banner").display
        await pilot.press("s")
        await pilot.pause()
        assert screen.silent and screen.query_one("#silent-banner").display
        assert "SILENT WRITING" in rendered(app, "#silent-banner")
        secret = "We fear the platform team"
        await pilot.press("a")
        await pilot.pause()
        assert "silent writing" in rendered(app, "#form-title")
        await fill(app, pilot, {"text": secret, "author": "p2"})
        await settle(app, pilot)
        added = app.session.concerns[-1]
        assert added.masked is True and added.text == secret
        assert saved(app.session_path).concerns[-1].masked is True
        # Counted above the table, by whom, never shown; not a row the keys could act on.
        assert added.id not in [r[0] for r in rows(app)]
        assert all(secret not in r[2] for r in rows(app))
        assert secret not in rendered(app, "#detail")
        hidden = rendered(app, "#hidden")
        assert screen.query_one("#hidden").display
        assert hidden.startswith("▒ 1 card hidden until revealed, by 1 person: Jonas Berg 1")
        assert secret not in hidden and "r reveals" in hidden
        assert "▒ 1 hidden" in str(screen.query_one(RoleList).get_option(DS).prompt)

        await pilot.press("r")
        await settle(app, pilot)
        assert app.session.timeline[-1].type == "concerns.revealed"
        assert app.session.timeline[-1].data == {"role": DS}
        assert concern(app.session, added.id).masked is None
        assert concern(saved(app.session_path), added.id).masked is None
        row = next(r for r in rows(app) if r[0] == added.id)
        assert row[2].startswith(secret)
        assert not screen.query_one("#hidden").display

        await pilot.press("s")
        await pilot.pause()
        assert not screen.silent and not screen.query_one("#silent-banner").display
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"text": "Said out loud"})
        await settle(app, pilot)
        assert saved(app.session_path).concerns[-1].masked is None


async def test_reveal_all_asks_which_when_other_roles_are_hidden(app_on, team_session) -> None:
    session = with_changes(
        team_session,
        ("concern.added", {"id": "s1", "role": DS, "text": "one", "masked": True}),
        ("concern.added", {"id": "s2", "role": SE, "text": "two", "masked": True}),
    )
    app = app_on(session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        assert [o.id for o in dialog.query_one(OptionList).options] == [DS, "__all__"]
        await pick(app, pilot, "__all__")
        await settle(app, pilot)
        for saved_session in (app.session, saved(app.session_path)):
            assert not any(c.masked for c in saved_session.concerns)
        seen = notices(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConcernsScreen)
        assert any("Nothing is hidden" in message for message in seen)


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


# -- a burst from the room redraws only what changed -------------------------------------------


def drawn(table: RecordTable) -> tuple[list[tuple[str | None, int, list[tuple]]], list[int]]:
    """Each row as drawn (key, height, each cell's text, spans and style), and column widths."""
    shown = []
    for row in table.ordered_rows:
        cells = [(c.plain, c.spans, c.style) for c in table.get_row(row.key)]
        shown.append((row.key.value, row.height, cells))
    return shown, [column.content_width for column in table.ordered_columns]


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


async def test_a_burst_of_cards_changes_no_row_only_the_hidden_count(
    app_on, team_session, monkeypatch
) -> None:
    app = app_on(burst_session(team_session), "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#concerns", RecordTable)
        go_to_row(app, "c3")
        await pilot.pause()
        before, widths = drawn(table)
        assert max(height for _, height, _ in before) > 1  # long concerns wrap
        tally = app.screen.query_one("#tally")
        roles = app.screen.query_one(RoleList)
        work: dict[str, list[Any]] = {
            "clear": [],
            "add_row": [],
            "update_cell": [],
            "update": [],
            "_layout_for": [],
            "replace_option_prompt": [],
        }
        owner = {"update": tally, "replace_option_prompt": roles}
        for name, calls in work.items():
            widget = owner.get(name, table)
            method = getattr(widget, name)

            def spy(*args, _method=method, _calls=calls, **kwargs):
                _calls.append(args)
                return _method(*args, **kwargs)

            monkeypatch.setattr(widget, name, spy)

        await room_cards(app, pilot, 0, 1)
        assert table.current_key == "c3"
        assert rendered(app, "#hidden").startswith("▒ 1 card hidden until revealed")
        await room_cards(app, pilot, 1, 2)
        for batch in range(1, 4):
            await room_cards(app, pilot, 3 * batch, 3)
        # Hidden cards are counted, not rows: the table is left alone (any change to a
        # DataTable's rows renders every visible line again), and so is the tally.
        assert work["clear"] == [] and work["update_cell"] == [] and work["add_row"] == []
        assert work["update"] == []  # the dots placed are the same: the tally is left alone
        assert work["_layout_for"] == []  # the same rows are not even wrapped again
        # Five redraws: the data scientists' label alone changes (its hidden count).
        assert [args[0] for args in work["replace_option_prompt"]] == [DS] * 5
        assert drawn(table) == (before, widths)
        assert table.current_key == "c3"
        hidden = rendered(app, "#hidden")
        assert hidden.startswith("▒ 12 cards hidden until revealed, by 1 person: Jonas Berg 12")
        assert "Secret" not in hidden

        # One dot on the top concern changes its dots cell alone (its rank stays).
        app.change("concern.updated", {"id": "w1", "set": {"votes": 4}})
        await pilot.pause()
        assert work["clear"] == [] and work["add_row"] == []
        assert [(args[0], str(args[2])) for args in work["update_cell"]] == [("w1", "● 4")]
        assert table.current_key == "c3"

        # The reveal makes them rows, at the end (no dots yet), the cursor where it was.
        app.change("concerns.revealed", {})
        await pilot.pause()
        assert [key for key, *_ in rows(app)][-12:] == [f"r{n}" for n in range(12)]
        assert not app.screen.query_one("#hidden").display
        assert table.current_key == "c3"


async def test_the_screen_after_a_burst_is_the_one_a_fresh_build_draws(
    app_on, team_session, save_to, forming_home
) -> None:
    app = app_on(burst_session(team_session), "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        go_to_row(app, "w2")
        await pilot.pause()
        # Cards, a concern removed, one edited to wrap differently, a re-ranking vote, more cards.
        await room_cards(app, pilot, 0, 5)
        app.change("concern.removed", {"id": "w3"})
        app.change("concern.updated", {"id": "c1", "set": {"text": long_worry(9)}})
        await pilot.pause()
        await room_cards(app, pilot, 5, 4)
        app.change("concern.updated", {"id": "w0", "set": {"votes": 5}})
        await pilot.pause()
        await room_cards(app, pilot, 9, 2)
        await settle(app, pilot)
        table = app.screen.query_one("#concerns", RecordTable)
        assert table.current_key == "w2"
        patched = drawn(table)
        roles = [str(o.prompt) for o in app.screen.query_one(RoleList).options]
        tally = rendered(app, "#tally")
        detail = rendered(app, "#detail")
        hidden = rendered(app, "#hidden")
        assert "Secret" not in detail and all(
            "Secret" not in c[0] for r in patched[0] for c in r[2]
        )
        assert hidden.startswith("▒ 11 cards hidden") and "Secret" not in hidden

    # The same session opened afresh, from a copy of the saved file (so the first app's
    # lock on its own file plays no part).
    copy = save_to(saved(app.session_path), "fresh.toml")
    fresh = FormingApp(start="open", path=copy, folder=forming_home, theme="forming-dark")
    async with fresh.run_test(size=(100, 30)) as pilot:
        await settle(fresh, pilot)
        assert fresh.screen.query_one(RoleList).role_id == DS
        go_to_row(fresh, "w2")
        await pilot.pause()
        assert drawn(fresh.screen.query_one("#concerns", RecordTable)) == patched
        assert [str(o.prompt) for o in fresh.screen.query_one(RoleList).options] == roles
        assert rendered(fresh, "#tally") == tally and rendered(fresh, "#detail") == detail
        assert rendered(fresh, "#hidden") == hidden


# -- hidden cards are counted, never rows --------------------------------------------------------


async def test_a_hidden_card_is_never_a_row_before_the_reveal(app_on, team_session) -> None:
    session = with_changes(
        team_session,
        ("concern.added", {"id": "k1", "role": DS, "text": "Typed in silence", "masked": True}),
        ("concern.added", {"id": "k2", "role": SE, "text": "Another", "masked": True}),
        ("activity.opened", {"kind": "writing"}),
    )
    app = app_on(session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await room_cards(app, pilot, 0, 2)
        hidden = {c.id for c in app.session.concerns if c.masked}
        assert hidden == {"k1", "k2", "r0", "r1"}
        for step in range(len(app.session.roles)):  # every role's round
            shown = [key for key, *_ in rows(app)]
            assert not hidden & set(shown), (step, shown)
            await pilot.press("n")
            await pilot.pause()
        # The line counts every role's hidden cards; a card without a name is counted too.
        line = rendered(app, "#hidden")
        assert line.startswith("▒ 4 cards hidden until revealed, by 1 person: Jonas Berg 2")
        assert "2 without a name" in line
        app.change("concerns.revealed", {})
        await settle(app, pilot)
        while DS != app.screen.query_one(RoleList).role_id:
            await pilot.press("n")
            await pilot.pause()
        assert {"k1", "r0", "r1"} <= {key for key, *_ in rows(app)}


async def test_a_round_with_only_hidden_concerns_says_so(app_on, team_session) -> None:
    session = with_changes(
        team_session,
        *[("concern.removed", {"id": c.id}) for c in team_session.concerns if c.role == DS],
        ("concern.added", {"id": "k1", "role": DS, "text": "Secret", "masked": True}),
    )
    app = app_on(session, "concerns")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.query_one(RoleList).role_id == DS
        assert screen.query_one("#all-hidden").display
        assert not screen.query_one("#no-concerns").display
        assert "hidden until revealed: r reveals" in rendered(app, "#all-hidden")
        await pilot.press("r")
        await settle(app, pilot)
        assert [key for key, *_ in rows(app)] == ["k1"]
        assert not screen.query_one("#all-hidden").display


async def test_hidden_counts_show_each_name_exactly_as_typed(app_on, team_session) -> None:
    # Markup, a click action, a trailing backslash, wide characters (each name distinct).
    names = list(dict.fromkeys(h for h in (HOSTILE[7], *HOSTILE_SAMPLE) if clean_text(h)))[:4]
    session = with_changes(
        team_session,
        *[
            ("person.updated", {"id": f"p{n + 1}", "set": {"name": name}})
            for n, name in enumerate(names)
        ],
        ("activity.opened", {"kind": "writing"}),
    )
    app = app_on(session, "concerns")
    # Wide enough for all four names, wide characters and all (a narrower line ends "+1 more").
    async with app.run_test(size=(200, 48)) as pilot:
        await settle(app, pilot)
        for n in range(len(names)):
            card = {"id": f"r{n}", "role": DS, "text": "t", "person": f"p{n + 1}", "via": "room"}
            assert app.room.change("concern.written", card) is None
        app.room.flush_redraw()
        await pilot.pause()
        line = rendered(app, "#hidden")
        stored = [app.session.person_name(f"p{n + 1}") for n in range(len(names))]
        expected = " · ".join(f"{shorten(name, NAME_CELLS)} 1" for name in stored)
        assert f"by {len(names)} people: {expected}" in line
        assert any("[" in name for name in stored)  # markup stayed text


def test_the_hidden_line_fits_forty_people_at_80_columns() -> None:
    forty = tuple((f"Participant number {n}", n % 3 + 1) for n in range(40))
    hidden = Hidden(sum(n for _, n in forty) + 2, forty, 2)
    for width in (58, 80, 120, 160):  # 58: the line's width at 80 x 24
        line = hidden.line(width, hint=True).plain
        assert cell_len(line) <= width, (width, line)
        assert line.startswith(f"▒ {hidden.total} cards hidden"), line
        assert "Particip" in line and " more" in line, line  # a name at least
    wide = hidden.line(160, hint=True).plain
    assert wide.startswith(f"▒ {hidden.total} cards hidden until revealed, by 40 people: ")
    assert "Participant numbe… 1 · " in wide and wide.endswith("more  r reveals")
    short = Hidden(3, (("Ana", 2), ("Ben", 1)), 0).line(80, hint=True).plain
    assert short == "▒ 3 cards hidden until revealed, by 2 people: Ana 2 · Ben 1  r reveals"
    assert "r reveals" not in Hidden(1, (), 1).line(80, hint=False).plain
    long_name = Hidden(1, (("A" * 40, 1),), 0).line(80, hint=False).plain
    assert f"{shorten('A' * 40, NAME_CELLS)} 1" in long_name


async def test_a_card_from_the_room_is_saved_once_before_it_is_answered(
    app_on, team_session, monkeypatch
) -> None:
    app = app_on(burst_session(team_session), "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        asked: list[None] = []
        monkeypatch.setattr(app, "request_save", lambda: asked.append(None))
        await room_cards(app, pilot, 0, 3)
        # `submit` saved each card before answering: no second, background save is asked for
        # (it found nothing to write, and flipped the status bar to "saving" for each card).
        assert asked == []
        cards = [c.id for c in saved(app.session_path).concerns if c.via == "room"]
        assert cards == ["r0", "r1", "r2"]


async def test_undo_and_replay_count_the_hidden_cards_too(
    app_on, team_session, save_to, forming_home
) -> None:
    opened = with_changes(
        team_session,
        ("stage.entered", {"stage": "concerns"}),
        ("activity.opened", {"kind": "writing"}),
    )
    app = app_on(opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await room_cards(app, pilot, 0, 2)
        assert rendered(app, "#hidden").startswith(
            "▒ 2 cards hidden until revealed, by 1 person: Jonas Berg 2  r reveals"
        )
        await pilot.press("ctrl+z")  # takes back the last card
        await settle(app, pilot)
        assert rendered(app, "#hidden").startswith("▒ 1 card hidden until revealed, by 1 person:")
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert not app.screen.query_one("#hidden").display
        assert not any(c.masked for c in saved(app.session_path).concerns)

    # Replayed, the same line shows, without the key to reveal (nothing can change there).
    session = with_changes(
        opened,
        ("concern.written", {"id": "r0", "role": DS, "text": "One", "person": "p2"}),
        ("concern.written", {"id": "r1", "role": DS, "text": "Two", "person": "p3"}),
    )
    path = save_to(session, "r.toml")
    replayed = FormingApp(start="replay", path=path, folder=forming_home, theme="forming-dark")
    async with replayed.run_test(size=(120, 40)) as pilot:
        await settle(replayed, pilot)
        assert isinstance(replayed.screen, ConcernsScreen)
        line = rendered(replayed, "#hidden")
        assert line == "▒ 2 cards hidden until revealed, by 2 people: Jonas Berg 1 · Priya Raman 1"
        assert not {"r0", "r1"} & {key for key, *_ in rows(replayed)}


async def test_a_card_from_the_room_waits_for_the_facilitators_key_not_the_other_way(
    app_on, team_session
) -> None:
    """While the facilitator types, the stage redraws for the room just after a key is drawn,
    never between keys where the next one would wait for it; once the typing pauses it
    redraws as before (the count is never starved)."""
    from tui.room.mode import ROOM_REDRAW_S

    app = app_on(burst_session(team_session), "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        hidden = app.screen.query_one("#hidden")
        assert not hidden.display
        card = {"id": "r1", "role": DS, "text": "Secret", "person": "p2", "via": "room"}
        assert await app.room.submit(lambda _session: ("concern.written", card)) is None
        for _ in range(int(ROOM_REDRAW_S / 0.1) + 6):  # keys every 0.1 s, well past it
            app.room.key_pressed()  # as the app does for each key, before handling it
            await pilot.pause()  # the key's frame
            drawn = hidden.display
            await pilot.pause(0.1)
            assert hidden.display == drawn, "redrawn between keys, where a key could wait"
        assert hidden.display, "a key after the redraw fell due brought it"
        assert rendered(app, "#hidden").startswith("▒ 1 card hidden until revealed")
        # Typing paused: the next card shows within ROOM_REDRAW_S, as before.
        card2 = {"id": "r2", "role": DS, "text": "Secret 2", "person": "p2", "via": "room"}
        await pilot.pause(0.4)
        assert await app.room.submit(lambda _session: ("concern.written", card2)) is None
        await pilot.pause(ROOM_REDRAW_S + 0.2)
        assert rendered(app, "#hidden").startswith("▒ 2 cards hidden until revealed")
        await app.workers.wait_for_complete()
