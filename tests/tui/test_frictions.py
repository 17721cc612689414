"""The smaller frictions a facilitator met walking the journeys, each fixed and kept fixed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Button, DataTable, Input, OptionList, Select, Static
from textual.widgets._toast import Toast

from sessions.followup import follow_up
from sessions.live import LiveSession
from sessions.store import read_session, save_session
from sessions.text import plural
from tests.conftest import FIXED, saved, settle
from tui.app import FormingApp
from tui.commands import palette_commands
from tui.dialogs.fields import detail_fields
from tui.dialogs.form import Field, FormDialog
from tui.dialogs.help import HelpScreen
from tui.dialogs.pick import PickDialog
from tui.screens.home import HomeScreen
from tui.screens.stage import StageScreen

# -- the new-session form --------------------------------------------------------------------------


async def test_the_new_session_form_stores_what_it_asks(forming_home: Path) -> None:
    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        # The same questions, in the same words, as the form that edits them on stage 1.
        asked = [(f.name, f.label) for f in form.fields if f.name not in ("pack", "empty")]
        assert asked == [(f.name, f.label) for f in detail_fields()]
        form.query_one("#field-team", Input).value = "Fraud Signals"
        form.query_one("#field-product", Input).value = "Card fraud scorer"
        form.query_one("#field-purpose", Input).value = "Stop fraud before payout"
        form.query_one("#field-team", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)
        info = app.session.session
        assert (info.product, info.purpose) == ("Card fraud scorer", "Stop fraud before payout")
        info = read_session(forming_home / "fraud-signals.toml").session
        assert (info.product, info.purpose) == ("Card fraud scorer", "Stop fraud before payout")
        details = str(app.screen.query_one("#details", Static).render())
        assert "Card fraud scorer" in details and "Product      · not set yet" not in details


# -- the command palette ---------------------------------------------------------------------------


def _palette_titles(app: FormingApp) -> list[str]:
    return [command.title for command in palette_commands(app, app.screen)]


async def test_the_palette_offers_the_app_and_the_stage_commands_and_runs_them(
    app_on, team_session
) -> None:
    """The palette's one provider lists Textual's, the session's and the stage's commands, and
    choosing one runs it (here the rituals stage's own "Add meeting", its footer's name)."""
    from textual.command import CommandList, CommandPalette

    app = app_on(team_session, "rituals")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        titles = _palette_titles(app)
        for title in ("Theme", "Go to stage 1: ", "Undo (ctrl+z)", "Add meeting (a)"):
            assert any(t.startswith(title) for t in titles), title
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Add meeting")
        for _ in range(50):  # the palette gathers its hits in a worker of its own
            await pilot.pause()
            listed = [
                str(option.prompt)
                for option in app.screen.query_one(CommandList).options
                if "meeting" in str(option.prompt)
            ]
            if listed:
                break
        assert any("Add meeting (a)" in prompt for prompt in listed)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)


async def test_the_palette_lists_replay_commands_only_while_replaying(
    app_on, team_session, forming_home: Path
) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        titles = " | ".join(_palette_titles(app))
        for replay_only in ("Faster", "Slower", "Decision back", "Next decision", "Step on"):
            assert replay_only not in titles
        assert "Timer (ctrl+t)" in titles
    path = app.session_path
    replaying = FormingApp(start="replay", path=path, folder=forming_home)
    async with replaying.run_test(size=(120, 40)) as pilot:
        await settle(replaying, pilot)
        titles = " | ".join(_palette_titles(replaying))
        assert "Faster" in titles and "Decision back" in titles
        assert "Timer (ctrl+t)" not in titles


# -- toasts ----------------------------------------------------------------------------------------


async def test_toasts_never_pile_up(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        for number in range(6):
            app.notify(f"Undone number {number}", markup=False)
        app.notify("Disk full", title="Not saved", severity="error", markup=False)
        for number in range(3):
            app.notify(f"Replay speed {number}", title="Replay", markup=False)
        await pilot.pause()
        await pilot.pause()
        shown = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert len(shown) == 3
        # The newest of each kind stays; one of a kind replaces the one before it.
        assert any("Undone number 5" in text for text in shown)
        assert any("Disk full" in text for text in shown)
        assert any("Replay speed 2" in text for text in shown)
        assert not any("Undone number 4" in text for text in shown)


# -- undo ------------------------------------------------------------------------------------------


def _told(app: FormingApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    told: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: told.append(message))
    return told


async def test_undo_and_redo_name_the_item(
    app_on, team_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        told = _told(app, monkeypatch)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "Eva Novak"
        app.screen.query_one("#field-availability", Input).value = "50"
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert told[-1].startswith("Undone: Eva Novak joined the team")
        assert "Eva Novak" not in {p.name for p in saved(app.session_path).people}
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert told[-1].startswith("Redone: Eva Novak joined the team")


async def test_a_run_of_timebox_presses_is_one_undo_step(
    app_on, team_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        told = _told(app, monkeypatch)
        before = app.session.stage("roster").timebox_min
        await pilot.press("f7", "f7", "f7", "f6")
        await settle(app, pilot)
        assert app.session.stage("roster").timebox_min == before + 2
        assert saved(app.session_path).stage("roster").timebox_min == before + 2
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.session.stage("roster").timebox_min == before
        assert saved(app.session_path).stage("roster").timebox_min == before
        assert app.timer.timebox_min == before  # the status bar counts down from it again
        assert "timebox" in told[-1] and "stage changed" not in told[-1]
        # One step: the next undo takes back what came before the presses, not a press.
        assert app.live is not None and not app.live.can_undo


# -- forms that end on a list ----------------------------------------------------------------------


class _FormApp(App[None]):
    def __init__(self, fields: list[Field]) -> None:
        super().__init__()
        self.fields = fields
        self.result: Any = "unset"

    def on_mount(self) -> None:
        def done(values: Any) -> None:
            self.result = values

        self.push_screen(FormDialog("A form", self.fields), done)


async def test_a_form_ending_on_a_list_saves_with_enter_after_the_choice() -> None:
    app = _FormApp(
        [
            Field("text", "What"),
            Field("owner", "Who", kind="select", options=[("Eva", "p1"), ("Noor", "p2")]),
        ]
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Ship it", "tab")
        await pilot.pause()
        assert isinstance(app.screen.focused, Select)
        await pilot.press("enter")  # open the list
        await pilot.pause()
        await pilot.press("down", "enter")  # choose Noor
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen.focused, Button) and app.screen.focused.id == "submit"
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == {"text": "Ship it", "owner": "p2"}


# -- go to stage -----------------------------------------------------------------------------------


async def test_go_to_stage_starts_on_the_current_stage_and_takes_digits(
    app_on, team_session
) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        ids = [s.id for s in app.session.stages]
        assert app.screen.query_one(OptionList).highlighted == ids.index("roles")
        await pilot.press("5")
        await settle(app, pilot)
        assert app.session.session.stage == ids[4]
        assert saved(app.session_path).session.stage == ids[4]


# -- help ------------------------------------------------------------------------------------------


async def test_help_keeps_the_private_notes_behind_f3(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        notes = app.session.stage("roster").notes
        prompt = app.session.stage("roster").prompts[0]
        assert notes and not app.show_prompts
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).render())
        assert prompt.split()[0] in text  # the prompts are public
        assert notes.splitlines()[0] not in text
        assert "Private notes hidden" in text
        await pilot.press("escape", "f3", "f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text", Static).render())
        assert notes.splitlines()[0] in text


# -- plurals ---------------------------------------------------------------------------------------


def test_plural() -> None:
    assert plural(1, "role") == "1 role"
    assert plural(0, "role") == "0 roles"
    assert plural(2, "person", "people") == "2 people"
    assert plural(1, "person", "people") == "1 person"


async def test_screens_count_in_words_not_role_s(app_on, team_session) -> None:
    live = LiveSession(team_session)
    held = {a.role for a in team_session.assignments if a.person == "p5"}
    for role in held:
        live.change("assignment.removed", {"person": "p5", "role": role})
    live.change("assignment.added", {"person": "p5", "role": team_session.roles[0].id, "share": 20})
    app = app_on(live.session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=4)  # Lena Fischer: one role
        await pilot.press("d")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question").render())
        assert "1 role;" in question and "(s)" not in question


# -- the home list ---------------------------------------------------------------------------------


async def test_home_tells_a_session_from_its_follow_ups(
    save_to, team_session, forming_home: Path
) -> None:
    first = save_to(team_session, "returns.toml")
    second = follow_up(read_session(first), at=FIXED.replace(month=12))
    save_session(second, forming_home / "returns-2.toml")
    third = follow_up(second, at=FIXED.replace(month=12, day=20))
    save_session(third, forming_home / "returns-3.toml")
    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_row_at(i)[-1]): table.get_row_at(i) for i in range(3)}
        assert str(rows["returns.toml"][0]) == "Returns Forecast"
        assert str(rows["returns-2.toml"][0]) == "Returns Forecast  ↻ check-in 1"
        assert str(rows["returns-3.toml"][0]) == "Returns Forecast  ↻ check-in 2"
        assert str(rows["returns-3.toml"][3]).startswith("2026-12-20")


# -- hidden concerns when the room moves on --------------------------------------------------------


def _with_hidden(session):
    live = LiveSession(session)
    for concern_id, text in (("s1", "one"), ("s2", "two")):
        live.change(
            "concern.added",
            {"id": concern_id, "role": "data-scientist", "text": text, "masked": True},
        )
    return live.session


@pytest.mark.parametrize("answer", ["r", "l", "s", "escape"])
async def test_leaving_concerns_with_hidden_ones_asks_first(
    app_on, team_session, answer: str
) -> None:
    app = app_on(_with_hidden(team_session), "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        assert "2 concerns written in silence are still hidden" in app.screen.pick_title
        await pilot.press(answer)
        await settle(app, pilot)
        stage = saved(app.session_path).session.stage
        hidden = [c.id for c in saved(app.session_path).concerns if c.masked]
        if answer == "r":
            assert (stage, hidden) == ("needs", [])
        elif answer == "l":
            assert (stage, hidden) == ("needs", ["s1", "s2"])
        else:
            assert (stage, hidden) == ("concerns", ["s1", "s2"])
            assert isinstance(app.screen, StageScreen) and app.screen.STAGE_ID == "concerns"


async def test_leaving_concerns_with_nothing_hidden_asks_nothing(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert saved(app.session_path).session.stage == "needs"
