"""Pilot tests of the process stage: environments, gates, pipeline, definition of done, learning."""

from __future__ import annotations

from textual.coordinate import Coordinate
from textual.widgets import Input, Label, Select, Static, TabbedContent

from sessions.live import LiveSession
from sessions.model import Session
from sessions.text import clean_line, clean_text
from tests.conftest import (
    HOSTILE,
    HOSTILE_SAMPLE,
    fill_by_enter,
    laid_out,
    saved,
    screen_opened,
    settle,
)
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.dialogs.pick import PickDialog
from tui.screens.process import NO_CHECKS, NO_OWNER, ProcessScreen, split_checks
from tui.screens.process.gates import GATE_REFUSED
from tui.screens.process.learning import SAME_PERSON
from tui.widgets.tables import RecordTable

DS, PE, DE, SE = "data-scientist", "platform-engineer", "data-engineer", "software-engineer"


async def opened(app, pilot) -> ProcessScreen:
    return await screen_opened(app, pilot, ProcessScreen)


def texts(table: RecordTable) -> list[str]:
    """Every cell of a table as plain text."""
    return [
        str(table.get_cell_at(Coordinate(row, column)))
        for row in range(table.row_count)
        for column in range(len(table.columns))
    ]


def rendered(screen, selector: str) -> str:
    """The text a Static shows."""
    return str(screen.query_one(selector, Static).render())


async def open_part(app, pilot, number: str) -> tuple[ProcessScreen, RecordTable]:
    """Show part `number` (1 to 5) and return the screen and that part's table."""
    screen = app.screen
    assert isinstance(screen, ProcessScreen)
    await pilot.press(number)
    await pilot.pause()
    table = screen.table()
    assert app.focused is table
    return screen, table


def highlight(table: RecordTable, key: str) -> None:
    """Put the table's cursor on the row with `key`."""
    keys = [row.value for row in table.rows]
    table.move_cursor(row=keys.index(key))


def env_ids(session: Session) -> list[str]:
    return [env.id for env in session.process.environments]


async def test_environments_add_edit_move_and_remove_with_its_gates(team_session, app_on):
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen, table = await open_part(app, pilot, "1")
        assert screen.query_one(TabbedContent).active == "part-environments"
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"name": "Canary", "purpose": "A small share of traffic"})
        await settle(app, pilot)
        assert env_ids(app.session) == ["dev", "staging", "prod", "canary"]
        canary = app.session.process.environments[-1]
        assert (canary.name, canary.purpose, canary.deployers) == (
            "Canary",
            "A small share of traffic",
            [],
        )
        assert "⚠ Canary: nobody deploys here." in rendered(screen, "#environments-warnings")

        highlight(table, "canary")
        await pilot.press("enter")
        await pilot.pause()
        await fill_by_enter(pilot, {"deployers": [PE], "purpose": ""})
        await settle(app, pilot)
        canary = app.session.process.environments[-1]
        assert (canary.deployers, canary.purpose) == ([PE], "")
        assert "nobody deploys" not in rendered(screen, "#environments-warnings")
        assert saved(app.session_path).process.environments[-1].deployers == [PE]

        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert env_ids(app.session) == ["dev", "staging", "canary", "prod"]
        assert env_ids(saved(app.session_path)) == ["dev", "staging", "canary", "prod"]
        assert table.current_key == "canary", "the cursor follows the moved environment"
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert env_ids(app.session) == ["dev", "staging", "prod", "canary"]

        # Removing staging asks first, naming its gates, and takes both gates with it.
        highlight(table, "staging")
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "2 gates" in dialog.question
        await pilot.press("n")
        await settle(app, pilot)
        assert len(app.session.process.gates) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert env_ids(app.session) == ["dev", "prod", "canary"]
        assert app.session.process.gates == []
        on_disk = saved(app.session_path)
        assert env_ids(on_disk) == ["dev", "prod", "canary"]
        assert on_disk.process.gates == []
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one("#part-gates").has_class("-empty")


async def test_gates_checks_and_their_warnings(team_session, app_on):
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen, table = await open_part(app, pilot, "2")

        # The same environment twice, or a gate that exists, is refused in the form: the
        # reducer's refusal, in the room's words, at the receiving environment.
        on_disk = app.session_path.read_bytes()
        gates = app.session.process.gates
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"from": "dev", "to": "dev"})
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert str(dialog.query_one("#error-to", Label).render()) == GATE_REFUSED
        await fill_by_enter(pilot, {"from": "dev", "to": "staging"})
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)
        assert str(dialog.query_one("#error-to", Label).render()) == GATE_REFUSED
        assert app.session.process.gates == gates
        assert app.session_path.read_bytes() == on_disk
        await fill_by_enter(
            pilot, {"from": "dev", "to": "prod", "checks": "Tests pass ; Reviewed;x ;  "}
        )
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialog)
        gate = app.session.process.gates[-1]
        assert (gate.from_, gate.to, gate.checks) == ("dev", "prod", ["Tests pass", "Reviewed;x"])
        assert saved(app.session_path).process.gates[-1].checks == ["Tests pass", "Reviewed;x"]

        # Editing a gate onto a pair that has one is refused too; the gate stays as it was.
        on_disk = app.session_path.read_bytes()
        gates = app.session.process.gates
        highlight(table, "dev>staging")
        await pilot.press("enter")
        await pilot.pause()
        await fill_by_enter(pilot, {"to": "prod"})
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert str(dialog.query_one("#error-to", Label).render()) == GATE_REFUSED
        assert app.session.process.gates == gates
        assert app.session_path.read_bytes() == on_disk
        await pilot.press("escape")
        await pilot.pause()

        # c adds one check to the highlighted gate; x picks one to remove.
        highlight(table, "dev>prod")
        await pilot.press("c")
        await pilot.pause()
        await fill_by_enter(pilot, {"check": "Rollback rehearsed"})
        await settle(app, pilot)
        assert app.session.process.gates[-1].checks == [
            "Tests pass",
            "Reviewed;x",
            "Rollback rehearsed",
        ]
        assert "3. Rollback rehearsed" in rendered(screen, "#gates-detail")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.session.process.gates[-1].checks == ["Tests pass", "Rollback rehearsed"]
        assert saved(app.session_path).process.gates[-1].checks == [
            "Tests pass",
            "Rollback rehearsed",
        ]

        # Editing shows the checks joined; emptying them leaves a gate with a warning.
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#field-checks", Input)
        assert field.value == "Tests pass ; Rollback rehearsed"
        await fill_by_enter(pilot, {"checks": ""})
        await settle(app, pilot)
        assert app.session.process.gates[-1].checks == []
        assert saved(app.session_path).process.gates[-1].checks == []
        assert NO_CHECKS in texts(table)
        assert "⚠ Gate Development → Production: no checks agreed." in rendered(
            screen, "#gates-warnings"
        )

        # Moving the gate to new environments keeps it one gate.
        await pilot.press("e")
        await pilot.pause()
        await fill_by_enter(pilot, {"from": "staging", "to": "dev"})
        await settle(app, pilot)
        assert [(g.from_, g.to) for g in app.session.process.gates] == [
            ("dev", "staging"),
            ("staging", "prod"),
            ("staging", "dev"),
        ]

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert len(app.session.process.gates) == 2
        assert len(saved(app.session_path).process.gates) == 2


def test_split_checks():
    assert split_checks("a ; b;c ;d; e") == ["a", "b;c", "d", "e"]
    assert split_checks("  ") == [] and split_checks(None) == []


def test_every_hostile_string_typed_in_one_line_is_one_check():
    # The Pilot test types a sample of them (HOSTILE_SAMPLE); here all of them.
    assert split_checks(" ; ".join(HOSTILE)) == [text.strip() for text in HOSTILE]


async def test_pipeline_steps_owner_warning_and_order(team_session, app_on):
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen, table = await open_part(app, pilot, "3")
        before = [s.id for s in app.session.process.pipeline]
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"name": "Security scan"})
        await settle(app, pilot)
        step = app.session.process.pipeline[-1]
        assert (step.name, step.owner) == ("Security scan", None)
        assert step.id not in before
        assert NO_OWNER in texts(table)
        assert "⚠ Security scan: no owning role." in rendered(screen, "#pipeline-warnings")

        highlight(table, step.id)
        for _ in range(2):
            await pilot.press("left_square_bracket")
            await settle(app, pilot)
        order = [s.id for s in app.session.process.pipeline]
        assert order == [*before[:-1][: len(before) - 2], step.id, *before[-2:]]
        assert [s.id for s in saved(app.session_path).process.pipeline] == order
        assert table.current_key == step.id
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        order = [s.id for s in app.session.process.pipeline]
        assert order.index(step.id) == len(order) - 2

        await pilot.press("e")
        await pilot.pause()
        await fill_by_enter(pilot, {"owner": SE})
        await settle(app, pilot)
        assert app.session.process.pipeline[-2].owner == SE
        assert saved(app.session_path).process.pipeline[-2].owner == SE
        assert "✓ Every step has an owner." in rendered(screen, "#pipeline-warnings")

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert [s.id for s in app.session.process.pipeline] == before
        assert [s.id for s in saved(app.session_path).process.pipeline] == before


async def test_definition_of_done_add_edit_move_remove(team_session, app_on):
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen, table = await open_part(app, pilot, "4")
        before = list(app.session.process.definition_of_done)
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"item": "The model card is written"})
        await settle(app, pilot)
        assert app.session.process.definition_of_done == [*before, "The model card is written"]
        assert table.current_key == str(len(before))

        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        done = app.session.process.definition_of_done
        assert done[-2:] == ["The model card is written", before[-1]]
        assert saved(app.session_path).process.definition_of_done == done
        assert table.current_key == str(len(before) - 1), "the cursor follows the item"

        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#field-item", Input).value == "The model card is written"
        await fill_by_enter(pilot, {"item": "The model card is written and reviewed"})
        await settle(app, pilot)
        assert app.session.process.definition_of_done[-2] == (
            "The model card is written and reviewed"
        )
        assert "The model card is written and reviewed" in rendered(screen, "#done-detail")

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.session.process.definition_of_done == before
        assert saved(app.session_path).process.definition_of_done == before


async def test_learning_add_refuse_self_and_suggest(team_session, app_on, pack):
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen, table = await open_part(app, pilot, "5")
        assert screen.query_one("#part-learning").has_class("-empty")
        on_disk = app.session_path.read_bytes()
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"learner": "p3", "topic": "Packaging", "partner": "p3"})
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        # The reducer's refusal, in the room's words, on the partner's field; nothing saved.
        assert str(dialog.query_one("#error-partner", Label).render()) == SAME_PERSON
        assert app.session.learning == []
        assert app.session_path.read_bytes() == on_disk
        await fill_by_enter(pilot, {"partner": "p4"})
        await settle(app, pilot)
        [item] = app.session.learning
        assert (item.id, item.learner, item.topic, item.partner) == ("l1", "p3", "Packaging", "p4")
        assert saved(app.session_path).learning == app.session.learning
        assert "Priya Raman" in texts(table)

        await pilot.press("enter")
        await pilot.pause()
        await fill_by_enter(pilot, {"partner": Select.NULL})
        await settle(app, pilot)
        assert app.session.learning[0].partner is None
        assert saved(app.session_path).learning[0].partner is None

        # t offers the pack's pairings as topics, with learner and partner preset by role.
        await pilot.press("5", "t")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "part-learning"
        assert isinstance(app.screen, PickDialog)
        first = pack.process.learning[0]
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-topic", Input).value == first.topic
        holders = {a.person for a in app.session.holders_of(first.learner_role)}
        assert form.query_one("#field-learner", Select).value in holders
        await fill_by_enter(pilot, {})
        await settle(app, pilot)
        added = app.session.learning[-1]
        assert added.topic == first.topic and added.id == "l2"
        assert saved(app.session_path).learning[-1].topic == first.topic

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert [item.id for item in app.session.learning] == ["l1"]


async def test_hostile_text_in_every_field(team_session, app_on):
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen = app.screen
        for number, key, values in [
            ("1", "a", lambda text: {"name": text, "purpose": text}),
            ("3", "a", lambda text: {"name": text}),
            ("4", "a", lambda text: {"item": text}),
            ("5", "a", lambda text: {"learner": "p2", "topic": text}),
        ]:
            await pilot.press(number)
            for text in HOSTILE_SAMPLE:
                await pilot.press(key)
                await fill_by_enter(pilot, values(text))
                assert not isinstance(app.screen, FormDialog), (number, repr(text))
        # Each sampled string as one check each, typed in one line.
        await pilot.press("2")
        await pilot.pause()
        highlight(screen.table(), "dev>staging")
        await pilot.press("e")
        await pilot.pause()
        await fill_by_enter(pilot, {"checks": " ; ".join(HOSTILE_SAMPLE)})
        await settle(app, pilot)

        lines = [clean_line(text) for text in HOSTILE_SAMPLE]
        texts_ = [clean_text(text) for text in HOSTILE_SAMPLE]
        for session in (app.session, saved(app.session_path)):
            process = session.process
            assert [env.name for env in process.environments[3:]] == lines
            assert [env.purpose for env in process.environments[3:]] == texts_
            assert [step.name for step in process.pipeline[-len(HOSTILE_SAMPLE) :]] == lines
            assert process.definition_of_done[-len(HOSTILE_SAMPLE) :] == texts_
            assert [item.topic for item in session.learning] == texts_
            assert process.gates[0].checks == texts_

        for number, part in [("1", "environments"), ("3", "pipeline"), ("4", "done")]:
            await pilot.press(number)
            await pilot.pause()
            table = screen.table(part)
            assert any("[bold]x" in cell for cell in texts(table)), part
        table = screen.table("environments")
        highlight(table, app.session.process.environments[3].id)
        await pilot.pause()
        assert "[bold]x" in rendered(screen, "#environments-detail")
        await pilot.press("2")
        await pilot.pause()
        highlight(screen.table("gates"), "dev>staging")
        await pilot.pause()
        assert "1. [bold]x" in rendered(screen, "#gates-detail")
        await pilot.press("5")
        await pilot.pause()
        highlight(screen.table("learning"), "l1")
        await pilot.pause()
        assert "[bold]x" in rendered(screen, "#learning-detail")
        assert "[bold]x" in texts(screen.table("learning"))


async def test_fits_80x24(team_session, app_on):
    app = app_on(team_session, "process")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        screen = app.screen
        assert isinstance(screen, ProcessScreen)
        tabs = screen.query_one("ContentTabs")
        await laid_out(pilot, tabs)
        assert tabs.region.height == 2 and tabs.region.right <= 80
        for tab in tabs.query("ContentTab"):
            assert tab.region.width > 0 and tab.region.right <= tabs.region.right, tab.label
        for number in "12345":
            await pilot.press(number)
            await pilot.pause()
            table = screen.table()
            if table.display:
                await laid_out(pilot, table)
                assert table.region.height >= 3 and table.region.right <= 80


async def test_survives_40x12(team_session, app_on):
    app = app_on(team_session, "process")
    async with app.run_test(size=(40, 12)) as pilot:
        await opened(app, pilot)
        for number in "12345":
            await pilot.press(number)
            await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, ProcessScreen)


MARKUP_NAMES = ["[/", "[@click=app.quit]x[/]", "[bold]x", "[red]unclosed"]


async def test_names_that_look_like_markup_in_lists_and_forms(team_session, app_on):
    live = LiveSession(team_session)
    for role, name in zip((DS, PE, DE, SE), MARKUP_NAMES, strict=True):
        live.change("role.updated", {"id": role, "set": {"name": name}})
    for person, name in zip(("p2", "p3", "p4", "p5"), MARKUP_NAMES, strict=True):
        live.change("person.updated", {"id": person, "set": {"name": name}})
    live.change("environment.updated", {"id": "dev", "set": {"name": "[/"}})
    app = app_on(live.session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        screen = app.screen
        assert "[/" in texts(screen.table("environments"))
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"name": "Canary", "deployers": [DS, SE]})
        await settle(app, pilot)
        assert app.session.process.environments[-1].deployers == [DS, SE]
        await pilot.press("2", "a")
        await pilot.pause()
        await fill_by_enter(pilot, {"from": "dev", "to": "canary"})
        await settle(app, pilot)
        assert "[/ → Canary" in texts(screen.table("gates"))
        await pilot.press("3", "a")
        await pilot.pause()
        await fill_by_enter(pilot, {"name": "Smoke test", "owner": PE})
        await settle(app, pilot)
        assert "[@click=app.quit]x[/]" in texts(screen.table("pipeline"))
        await pilot.press("5", "t")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await fill_by_enter(pilot, {"learner": "p2", "partner": "p5"})
        await settle(app, pilot)
        item = saved(app.session_path).learning[0]
        assert (item.learner, item.partner) == ("p2", "p5")
        assert {"[/", "[red]unclosed"} <= set(texts(screen.table("learning")))


async def test_the_focus_due_after_the_screen_closes_focuses_nothing(team_session, app_on):
    """The part's list is focused a frame after the stage shows; by then the screen may be
    closing with its panes removed: nothing to focus, and no error."""
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ProcessScreen)
        await screen.query_one("#parts", TabbedContent).remove()
        screen._focus_part_on_show()  # as the frame-later focus finds it
        await pilot.pause()
        assert app.return_code is None and app.screen is screen


async def test_up_and_down_show_only_on_the_parts_whose_order_matters(team_session, app_on):
    """Gates and learning have no order: their footer showed Up and Down, which only said so."""
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        for part, movable in (("1", True), ("2", False), ("3", True), ("4", True), ("5", False)):
            screen, _table = await open_part(app, pilot, part)
            await settle(app, pilot)
            shown = {getattr(key, "description", "") for key in screen.query("FooterKey")}
            assert ("Up" in shown, "Down" in shown) == (movable, movable), part
            assert screen.check_action("move", (1,)) is movable
