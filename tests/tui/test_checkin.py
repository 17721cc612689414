"""Pilot tests for the check-in a follow-up runs: journey 3, stage by stage, and exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widgets import Input, Select

from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import save_session
from tests.conftest import FIXED, saved, settle, static_text, table_cells
from tui.app import FormingApp
from tui.commands import palette_commands
from tui.dialogs.pick import PickDialog
from tui.screens.checkin import ChangesScreen, NewcomersScreen, RisksScreen
from tui.screens.review import ReviewScreen
from tui.screens.welcome import WelcomeScreen
from tui.screens.wrapup import WrapupScreen


def _first_session(team_session: Session) -> Session:
    """Last time: goals, three open actions, one done, and a confidence vote."""
    live = LiveSession(team_session)
    live.change("session.updated", {"set": {"goals": ["Agree who does what"]}}, at=FIXED)
    for data in (
        {"id": "a1", "text": "Book the walkthrough", "owner": "p2"},
        {"id": "a2", "text": "[red]Write the runbook", "owner": "p3"},
        {"id": "a3", "text": "Find a platform engineer"},
        {"id": "a4", "text": "Done already", "done": True},
    ):
        live.change("action.added", data, at=FIXED)
    for person, score in (("p1", 2), ("p2", 4), ("p5", 3)):
        live.change("vote.added", {"person": person, "score": score}, at=FIXED)
    return live.session


def risks_stage(earlier: Session, pack, folder: Path) -> FormingApp:
    """The app open on the risks stage of a check-in that follows up `earlier` (saved first)."""
    from sessions.followup import follow_up

    follow = LiveSession(follow_up(earlier, at=FIXED, checkin=pack.checkin))
    follow.change("stage.entered", {"stage": "risks"}, at=FIXED)
    path = folder / "check-in.toml"
    save_session(follow.session, path)
    return FormingApp(start="open", path=path, folder=folder, theme="forming-dark")


async def _go(app: FormingApp, pilot, stage: str) -> None:
    app.enter_stage(stage)
    await settle(app, pilot)


async def test_journey_three_the_check_in(team_session: Session, forming_home: Path) -> None:
    previous = forming_home / "returns-forecast.toml"
    save_session(_first_session(team_session), previous)
    left = team_session.person_name("p5")

    app = FormingApp(start="new", follow_from=previous, folder=forming_home, theme="forming-dark")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        assert path is not None
        # The check-in agenda, not the whole workshop again.
        assert [s.id for s in app.session.stages] == [
            "welcome",
            "roster",
            "roles",
            "changes",
            "review",
            "risks",
            "newcomers",
            "wrapup",
        ]
        assert isinstance(app.screen, WelcomeScreen)
        assert app.session.session.goals == []
        assert "Last time's goals: Agree who does what" in static_text(app.screen, "#votes")
        assert any("It runs the check-in: 8 stages" in n.message for n in app._notifications)

        # Two people left, one joined: recorded on the roster, shown on the changes stage.
        app.change("person.removed", {"id": "p5"})
        app.change("person.removed", {"id": "p4"})
        app.change("person.added", {"id": "p9", "name": "Nia [bold]Adeyemi", "title": "ML eng"})
        app.change("assignment.added", {"person": "p9", "role": "data-scientist", "share": 50})
        await _go(app, pilot, "changes")
        assert isinstance(app.screen, ChangesScreen)
        page = static_text(app.screen, "#reading-text")
        assert "+ joined: Nia [bold]Adeyemi" in page
        assert f"- left: {left}" in page
        assert "Coverage risks" in page

        # Last time's open actions, one by one; each choice is an event on the saved file.
        await _go(app, pilot, "review")
        screen: Screen[Any] = app.screen
        assert isinstance(screen, ReviewScreen)
        assert [row[1] for row in table_cells(screen, "review-table")] == [
            "Book the walkthrough",
            "[red]Write the runbook",
            "Find a platform engineer",
        ]
        assert "? 3 of 3 not reviewed yet" in static_text(screen, "#review-summary")
        titles = [command.title for command in palette_commands(app, screen)]
        assert "Drop (x)" in titles
        await pilot.press("d")
        await pilot.pause()
        assert screen.table.current_key == "a2"  # on to the next one
        await pilot.press("x")
        await pilot.pause()
        assert screen.table.current_key == "a3"
        await pilot.press("o")
        await settle(app, pilot)
        app.flush_save()
        on_disk = {a.id: (a.reviewed, a.done) for a in saved(path).actions}
        assert on_disk == {
            "a1": ("done", True),
            "a2": ("dropped", False),
            "a3": ("open", False),
        }
        assert [e.type for e in saved(path).timeline[-3:]] == ["action.updated"] * 3
        assert "✓ all 3 reviewed" in static_text(screen, "#review-summary")
        # Undo takes back the last choice, as with every change.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.actions[2].reviewed is None

        await _go(app, pilot, "risks")
        assert isinstance(app.screen, RisksScreen)
        page = static_text(app.screen, "#reading-text")
        assert "Still true from last time" in page and "New since last time" in page

        await _go(app, pilot, "newcomers")
        assert isinstance(app.screen, NewcomersScreen)
        page = static_text(app.screen, "#reading-text")
        assert "Nia [bold]Adeyemi" in page and "Roles: Data scientist" in page
        assert "Handoffs these roles give or receive" in page

        # The confidence vote beside last time's.
        await _go(app, pilot, "wrapup")
        screen = app.screen
        assert isinstance(screen, WrapupScreen)
        screen.action_part("vote")
        await pilot.pause()
        screen.set_score("p1", 5)
        await pilot.pause()
        rows = dict(table_cells(screen, "vote-table"))
        assert rows[team_session.person_name("p1")] == "●●●●● 5 · last time 2"
        assert rows["Nia [bold]Adeyemi"] == "· no vote yet"
        chart = static_text(screen, "#distribution")
        assert "1 of 4 voted · average 5.0 of 5" in chart
        assert "Last time: 3 voted · average 3.0 of 5" in chart

        # The follow-up's charter says what changed.
        screen.action_write_charter()
        await pilot.pause()
        charter = path.with_suffix(".charter.md").read_text(encoding="utf-8")
        since = charter.split("## Since last time")[1].split("\n## ")[0]
        assert "joined" in since and left in since
        assert "✓ done: Book the walkthrough" in since
        await pilot.press("ctrl+q")
        await pilot.pause()


async def test_check_in_stages_in_a_session_that_follows_nothing(team_session, app_on) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for stage_id, screen_type in (("changes", ChangesScreen), ("review", ReviewScreen)):
            screen = screen_type()
            app.push_screen(screen)
            await pilot.pause()
            shown = (
                static_text(screen, "#reading-text")
                if stage_id == "changes"
                else str(screen.query_one("#review-empty").render())
            )
            assert "forming new --from" in shown
            app.pop_screen()
            await pilot.pause()


async def test_export_dialog_offers_every_format_and_writes_actions(
    team_session: Session, app_on
) -> None:
    from sessions.formats import EXPORT_FORMATS

    live = LiveSession(team_session)
    live.change("action.added", {"id": "a1", "text": "+1 more reviewer", "owner": "p2"}, at=FIXED)
    app = app_on(live.session, "wrapup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        assert [value for _, value in dialog.options] == [*EXPORT_FORMATS, "svg"]
        dialog.dismiss("actions-csv")
        await pilot.pause()
        target = app.session_path.with_name(app.session_path.stem + ".actions.csv")
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
        assert rows[1][:2] == ["'+1 more reviewer", "Jonas Berg"]
        await pilot.press("ctrl+e")
        await pilot.pause()
        app.screen.dismiss("process")
        await pilot.pause()
        document = app.session_path.with_name(app.session_path.stem + ".process.md")
        assert "```mermaid" in document.read_text(encoding="utf-8")


async def test_rituals_stage_books_the_walkthrough(team_session: Session, app_on) -> None:
    from tui.dialogs.form import FormDialog
    from tui.screens.rituals import RitualsScreen

    app = app_on(team_session, "rituals")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RitualsScreen)
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#field-walkthrough", Input).value = "Thursday 3 Dec, 10:00"
        dialog.query_one("#field-walkthrough_lead", Select).value = "p4"
        await pilot.press("enter")
        await settle(app, pilot)
        rituals = app.session.rituals
        assert (rituals.walkthrough, rituals.walkthrough_lead) == ("Thursday 3 Dec, 10:00", "p4")
        app.flush_save()
        assert saved(app.session_path).rituals.walkthrough_lead == "p4"
        checks = static_text(app.screen, "#checks")
        lead = team_session.person_name("p4")
        assert f"✓ process walkthrough: Thursday 3 Dec, 10:00, led by {lead}" in checks


async def test_reading_stage_adds_an_action_and_hides_the_key_read_only(
    team_session: Session, pack, forming_home: Path
) -> None:
    from sessions.followup import follow_up
    from tui.dialogs.form import FormDialog

    path = forming_home / "check-in.toml"
    live = LiveSession(follow_up(team_session, at=FIXED, checkin=pack.checkin))
    live.change("stage.entered", {"stage": "risks"}, at=FIXED)
    save_session(live.session, path)
    app = FormingApp(start="open", path=path, folder=forming_home, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RisksScreen)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#field-text", Input).value = "Pair Nia with Tomás"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [a.text for a in app.session.actions] == ["Pair Nia with Tomás"]
    read_only = FormingApp(
        start="open", path=path, folder=forming_home, theme="forming-dark", read_only=True
    )
    async with read_only.run_test(size=(100, 30)) as pilot:
        await settle(read_only, pilot)
        assert isinstance(read_only.screen, RisksScreen)
        assert read_only.screen.check_action("add_action", ()) is False


async def test_the_risks_stage_asks_whether_last_times_decisions_still_hold(
    team_session: Session, pack, forming_home: Path
) -> None:
    from sessions.coverage import risks
    from sessions.followup import follow_up

    live = LiveSession(team_session)
    unheld = risks(team_session)[0]
    live.change(
        "decision.added",
        {
            "kind": unheld.kind,
            "subject": unheld.subject,
            "outcome": "accepted",
            "reason": "Hiring in May",
        },
        at=FIXED,
    )
    follow = LiveSession(follow_up(live.session, at=FIXED, checkin=pack.checkin))
    assert [d.reason for d in follow.session.last_time.decisions] == ["Hiring in May"]
    follow.change("stage.entered", {"stage": "risks"}, at=FIXED)
    path = forming_home / "check-in.toml"
    save_session(follow.session, path)
    app = FormingApp(start="open", path=path, folder=forming_home, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        page = static_text(app.screen, "#reading-text")
        assert "Decided last time, still true: is the decision still right? (1)" in page
        words = " ".join(page.split())  # a risk that wraps is indented under its words
        assert unheld.message in words and "accepted: Hiring in May" in page
        assert "never decided" in page


async def test_the_risks_stage_decides_a_risk_again_where_it_is_shown(
    team_session: Session, pack, forming_home: Path
) -> None:
    """Last time's decision is changed on the check-in's own risks stage (`k`), not only on
    role mapping: the change is saved and the page says what is decided now."""
    from textual.widgets import OptionList

    from sessions.coverage import decision_for, risks
    from tests.tui.test_decide import _fill

    live = LiveSession(team_session)
    unheld = risks(team_session)[0]
    accepted = {"outcome": "accepted", "reason": "Hiring in May"}
    live.change(
        "decision.added", {"kind": unheld.kind, "subject": unheld.subject, **accepted}, at=FIXED
    )
    app = risks_stage(live.session, pack, forming_home)
    path = forming_home / "check-in.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RisksScreen)
        keys = {ab.binding.description: ab.enabled for ab in app.screen.active_bindings.values()}
        assert keys.get("Decide risk") is True
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0] == f"✓ decided: {unheld.message}"  # last time's decided one first
        options.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        await _fill(app, pilot, "not_needed")
        assert isinstance(app.screen, RisksScreen) and app.session is not None
        decision = decision_for(app.session, unheld.kind, unheld.subject)
        assert decision is not None and decision.outcome == "not_needed"
        on_file = decision_for(saved(path), unheld.kind, unheld.subject)
        assert on_file is not None and on_file.outcome == "not_needed"
        page = static_text(app.screen, "#reading-text")
        assert "accepted: Hiring in May" in page  # what last time decided stays in view
        assert "✓ decided now: not needed" in page
    read_only = FormingApp(
        start="open", path=path, folder=forming_home, theme="forming-dark", read_only=True
    )
    async with read_only.run_test(size=(100, 30)) as pilot:
        await settle(read_only, pilot)
        assert read_only.screen.check_action("decide_risk", ()) is False


async def test_no_changes_points_at_the_stages_this_check_in_has(
    team_session: Session, forming_home: Path
) -> None:
    """With nothing changed, the page says where to record who joined and left: the
    check-in's own roster and roles stages by their titles, and none that it lacks (a
    pack's short check-in may have neither)."""
    from content import load_pack
    from sessions.followup import follow_up

    checkin = load_pack("mlops").checkin
    for kept, expected in (
        (("roster", "roles", "changes"), "on “Who is here now” and “Who holds which role now”:"),
        (("roster", "changes"), "on “Who is here now”:"),
        (("changes", "wrapup"), "Changes to people and roles show here at once."),
    ):
        session = follow_up(team_session, checkin=[s for s in checkin if s.id in kept])
        path = forming_home / f"check-in-{len(kept)}-{kept[0]}.toml"
        save_session(session, path)
        app = FormingApp(start="open", path=path, folder=forming_home, theme="forming-dark")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            await _go(app, pilot, "changes")
            page = " ".join(static_text(app.screen, "#reading-text").split())
            assert expected in page
            for stage in checkin:
                if stage.id in ("roster", "roles") and stage.id not in kept:
                    assert stage.title not in page


async def test_a_risk_that_wraps_on_the_check_in_is_indented_under_its_words(
    team_session: Session, pack, forming_home: Path
) -> None:
    """The reading page wraps each risk under its own words, for its width, and again when
    hiding the agenda widens it (it started the wrapped lines under the mark, at column 0)."""
    from rich.cells import cell_len

    app = risks_stage(team_session, pack, forming_home)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        for _ in range(2):
            text = app.screen.query_one("#reading-text")
            lines = str(text.render()).splitlines()
            risk_at = [i for i, line in enumerate(lines) if line[:1] in "⚠•✗"]
            wrapped = [i + 1 for i in risk_at if i + 1 < len(lines) and lines[i + 1][:1] == " "]
            assert wrapped, lines  # some risk wraps at this width
            for index in wrapped:
                assert lines[index].startswith("  "), lines[index]
            width = text.content_region.width
            assert all(cell_len(lines[i].rstrip()) <= width for i in risk_at + wrapped)
            await pilot.press("f2")
            await settle(app, pilot)
            await pilot.resize_terminal(60, 30)  # narrow enough that some wrap without the agenda
            await settle(app, pilot)
