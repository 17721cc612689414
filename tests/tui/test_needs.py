"""Pilot tests of the needs stage: handoffs as a list and a role × role matrix."""

from __future__ import annotations

from typing import Any

from textual.coordinate import Coordinate
from textual.widgets import Input, Label, Select, Static

from sessions.coverage import missing_handoffs
from sessions.live import LiveSession
from sessions.model import Session
from sessions.text import clean_text
from tests.conftest import (
    FIXED,
    HOSTILE_SAMPLE,
    fill_by_enter,
    laid_out,
    saved,
    screen_opened,
    settle,
)
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.dialogs.need_form import SAME_ROLE
from tui.dialogs.pick import PickDialog
from tui.screens.needs import NeedsScreen
from tui.widgets.needs_matrix import GAP_SYMBOL, HEADING_WIDTH, NeedsMatrix
from tui.widgets.tables import RecordTable, heading

DS, PE, DE, SE = "data-scientist", "platform-engineer", "data-engineer", "software-engineer"


def with_needs(session: Session, *needs: dict[str, Any]) -> Session:
    """Return `session` with handoffs already agreed."""
    live = LiveSession(session)
    for need in needs:
        live.change("need.added", need, at=FIXED)
    return live.session


async def opened(app, pilot) -> NeedsScreen:
    return await screen_opened(app, pilot, NeedsScreen)


def cell_texts(table) -> list[str]:
    """Every cell of a DataTable as plain text."""
    return [
        str(table.get_cell_at(Coordinate(row, column)))
        for row in range(table.row_count)
        for column in range(len(table.columns))
    ]


async def test_add_edit_and_remove_a_handoff(team_session, app_on):
    app = app_on(team_session, "needs")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen = app.screen
        assert isinstance(screen, NeedsScreen)
        assert screen.has_class("-empty")
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(
            pilot,
            {
                "provider": DS,
                "receiver": SE,
                "artefact": "Versioned model package",
                "format": "Wheel with input schema",
                "when": "On every release",
            },
        )
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialog)
        [need] = app.session.needs
        assert (need.id, need.provider, need.receiver) == ("n1", DS, SE)
        assert (need.artefact, need.format, need.when, need.quality) == (
            "Versioned model package",
            "Wheel with input schema",
            "On every release",
            None,
        )
        assert saved(app.session_path).needs == app.session.needs
        assert not screen.has_class("-empty")

        # Enter on the list edits the highlighted handoff.
        screen.query_one(RecordTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-artefact", Input).value == "Versioned model package"
        await fill_by_enter(pilot, {"quality": "Installs cleanly", "format": ""})
        await settle(app, pilot)
        [need] = app.session.needs
        assert need.quality == "Installs cleanly"
        assert need.format == ""
        assert saved(app.session_path).needs[0].quality == "Installs cleanly"

        # d asks first; n keeps it, y removes it.
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert len(app.session.needs) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.session.needs == []
        assert saved(app.session_path).needs == []
        assert screen.has_class("-empty")


async def test_provider_and_receiver_must_differ(team_session, app_on):
    app = app_on(team_session, "needs")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"provider": DS, "receiver": DS, "artefact": "Notes"})
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog), "the form stays open"
        assert str(dialog.query_one("#error-receiver", Label).render()) == SAME_ROLE
        assert app.session.needs == []
        assert saved(app.session_path).needs == []
        await fill_by_enter(pilot, {"receiver": DE})
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialog)
        assert [(n.provider, n.receiver) for n in app.session.needs] == [(DS, DE)]
        assert [(n.provider, n.receiver) for n in saved(app.session_path).needs] == [(DS, DE)]


async def test_matrix_counts_gaps_and_enter_presets_the_pair(team_session, app_on):
    session = with_needs(
        team_session,
        {"id": "n1", "provider": DS, "receiver": SE, "artefact": "Model"},
        {"id": "n2", "provider": DS, "receiver": SE, "artefact": "Metrics"},
    )
    app = app_on(session, "needs")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen = app.screen
        await pilot.press("m")
        await pilot.pause()
        matrix = screen.query_one(NeedsMatrix)
        assert matrix.display and not screen.query_one(RecordTable).display
        assert app.focused is matrix
        roles = [r.id for r in app.session.roles]
        ds, se, pe = roles.index(DS), roles.index(SE), roles.index(PE)
        assert str(matrix.get_cell_at(Coordinate(ds, se + 1))) == "✓ 2"
        assert str(matrix.get_cell_at(Coordinate(ds, ds + 1))) == "—"
        assert str(matrix.get_cell_at(Coordinate(se, ds + 1))) == "·"  # agreed the other way
        assert str(matrix.get_cell_at(Coordinate(ds, pe + 1))) == GAP_SYMBOL
        gaps = str(screen.query_one("#gap-list", Static).render())
        assert "⚠ No handoff agreed either way" in gaps
        assert f"({len(missing_handoffs(app.session))})" in gaps

        # Move the cursor to (platform engineer provides, data scientist receives).
        matrix.cursor_coordinate = Coordinate(0, 1)
        await pilot.pause()
        for _ in range(pe):
            await pilot.press("down")
        for _ in range(ds):
            await pilot.press("right")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.query_one("#field-provider", Select).value == PE
        assert dialog.query_one("#field-receiver", Select).value == DS
        await fill_by_enter(pilot, {"artefact": "Deployment guide"})
        await settle(app, pilot)
        added = app.session.needs[-1]
        assert (added.provider, added.receiver, added.artefact) == (PE, DS, "Deployment guide")
        assert saved(app.session_path).needs[-1].artefact == "Deployment guide"
        assert str(matrix.get_cell_at(Coordinate(pe, ds + 1))) == "✓ 1"

        # Enter on the diagonal adds nothing.
        matrix.cursor_coordinate = Coordinate(ds, ds + 1)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)

        # e in the matrix picks among the cell's handoffs.
        matrix.cursor_coordinate = Coordinate(ds, se + 1)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-artefact", Input).value == "Metrics"
        await fill_by_enter(pilot, {"artefact": "Metrics report"})
        await settle(app, pilot)
        assert app.session.needs[1].artefact == "Metrics report"

        await pilot.press("m")
        await pilot.pause()
        assert screen.query_one(RecordTable).display and not matrix.display


async def test_typical_handoff_is_offered_and_added(team_session, app_on, pack):
    app = app_on(team_session, "needs")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        role_ids = {r.id for r in app.session.roles}
        fitting = [h for h in pack.handoffs if {h.provider, h.receiver} <= role_ids]
        assert len(dialog.options) == len(fitting)
        await pilot.press("enter")
        await settle(app, pilot)
        [need] = app.session.needs
        first = fitting[0]
        assert (need.provider, need.receiver, need.artefact) == (
            first.provider,
            first.receiver,
            first.artefact,
        )
        assert need.format == first.format and need.quality == first.quality
        assert saved(app.session_path).needs == app.session.needs

        # The one just added is no longer offered.
        await pilot.press("t")
        await pilot.pause()
        assert len(app.screen.options) == len(fitting) - 1
        assert first.artefact not in " ".join(label for label, _ in app.screen.options)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.session.needs) == 1


async def test_hostile_text_in_every_field(team_session, app_on):
    app = app_on(team_session, "needs")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen = app.screen
        for text in HOSTILE_SAMPLE:
            await pilot.press("a")
            await pilot.pause()
            await fill_by_enter(
                pilot,
                {
                    "provider": DS,
                    "receiver": PE,
                    "artefact": text,
                    "format": text,
                    "when": text,
                    "quality": text,
                },
            )
            await pilot.pause()
            assert not isinstance(app.screen, FormDialog), repr(text)
        await settle(app, pilot)
        cleaned = [clean_text(text) for text in HOSTILE_SAMPLE]
        for session in (app.session, saved(app.session_path)):
            assert [n.artefact for n in session.needs] == cleaned
            assert [n.format for n in session.needs] == cleaned
            assert [n.when for n in session.needs] == cleaned
            assert [n.quality for n in session.needs] == cleaned
        table = screen.query_one(RecordTable)
        assert "[bold]x" in cell_texts(table)
        table.move_cursor(row=0)
        await pilot.pause()
        detail = str(screen.query_one("#need-detail", Static).render())
        assert "[bold]x" in detail
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is screen


async def test_fits_80x24(team_session, app_on):
    session = with_needs(
        team_session, {"id": "n1", "provider": DS, "receiver": SE, "artefact": "M"}
    )
    app = app_on(session, "needs")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        screen = app.screen
        assert isinstance(screen, NeedsScreen)
        table = screen.query_one(RecordTable)
        await laid_out(pilot, table)
        assert table.display and table.region.height >= 3
        assert table.region.right <= 80
        await pilot.press("m")
        await pilot.pause()
        matrix = screen.query_one(NeedsMatrix)
        await laid_out(pilot, matrix)
        assert matrix.region.height >= 3 and matrix.region.right <= 80
        assert screen.query_one("#gap-list").region.height >= 1


async def test_survives_40x12(team_session, app_on):
    app = app_on(team_session, "needs")
    async with app.run_test(size=(40, 12)) as pilot:
        await opened(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("m")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, NeedsScreen)


MARKUP_NAMES = ["[/", "[@click=app.quit]x[/]", "[bold]x", "[red]unclosed"]


async def test_role_names_that_look_like_markup(team_session, app_on):
    live = LiveSession(team_session)
    for role, name in zip((DS, PE, DE, SE), MARKUP_NAMES, strict=True):
        live.change("role.updated", {"id": role, "set": {"name": name}}, at=FIXED)
    session = with_needs(
        live.session, {"id": "n1", "provider": DS, "receiver": SE, "artefact": "Model"}
    )
    app = app_on(session, "needs")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen = app.screen
        assert "[/" in cell_texts(screen.query_one(RecordTable))
        assert "[/ → [red]unclosed" in str(screen.query_one("#need-detail", Static).render())
        assert "[/ ↔ [@click=app.quit]x[/]" in str(screen.query_one("#gap-list", Static).render())
        await pilot.press("m")
        await pilot.pause()
        matrix = screen.query_one(NeedsMatrix)
        headers = [str(c.label) for c in matrix.columns.values()][1:]
        assert headers == [str(heading(name, HEADING_WIDTH)) for name in MARKUP_NAMES]
        assert headers[0] == "[/" and headers[2] == "[bold]x"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await fill_by_enter(pilot, {"artefact": "Access"})
        await settle(app, pilot)
        assert app.session.needs[-1].artefact == "Access"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(saved(app.session_path).needs) == 3


def test_a_new_handoff_form_starts_between_two_different_roles(team_session) -> None:
    from tui.dialogs.need_form import need_fields

    values = {field.name: field.value for field in need_fields(team_session)}
    assert values["provider"] and values["receiver"]
    assert values["provider"] != values["receiver"]
    preset = {f.name: f.value for f in need_fields(team_session, provider=DE)}
    assert preset["provider"] == DE and preset["receiver"] not in (None, DE)
