"""The concerns stage's silent writing: concerns hidden until revealed (for a role or every role),
counted by who wrote them, never rows of the table before the reveal."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import OptionList

from sessions.text import clean_text, shorten
from tests.conftest import HOSTILE, HOSTILE_SAMPLE, fill, rendered, saved, settle
from tests.tui.concern_steps import (
    DS,
    SE,
    concern,
    notices,
    pick,
    room_cards,
    rows,
    with_changes,
)
from tui.dialogs.pick import PickDialog
from tui.screens.concerns import ConcernsScreen
from tui.widgets.concern_round import NAME_CELLS, Hidden
from tui.widgets.lists import RoleList


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
