"""Priority keys over dialogs and the palette: nothing typed is lost, nothing stacks, no crash.

The app's stage keys are priority bindings: they fire whatever is on top. Over a dialog or the
command palette they first close it in its defined way (a form saves what was typed, an
untouched dialog is cancelled, a question is answered "no", the palette closes), then act on
the stage underneath. Keys are sent with `burst` (all at once, as a fast typist sends them)
as well as with `pilot.press`, because the races only show when keys queue up.
"""

from __future__ import annotations

import itertools
import os

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from content.loader import bundled_demo_text
from sessions.store import parse_session
from tests.conftest import burst, saved, settle, stack_is_sane
from tui.app import FormingApp
from tui.dialogs.base import Dialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.dialogs.pick import PickDialog
from tui.screens.stage import StageScreen

STAGE_KEYS = ["ctrl+n", "ctrl+b", "ctrl+g", "ctrl+o", "ctrl+e", "ctrl+p"]
"""Priority keys that move the stage or open a dialog or the palette."""
OTHER_PRIORITY_KEYS = ["ctrl+z", "ctrl+y", "ctrl+t", "ctrl+s"]
"""Priority keys that act in place (ctrl+q is tested on its own: it ends the run)."""
PRIORITY_KEYS = STAGE_KEYS + OTHER_PRIORITY_KEYS

SCREEN_DIALOGS = [
    ("welcome", "e"),
    ("welcome", "g"),
    ("welcome", "enter"),
    ("welcome", "d"),
    ("welcome", "v"),
    ("roster", "a"),
    ("roster", "e"),
    ("roster", "d"),
    ("roster", "i"),
    ("roles", "enter"),
    ("responsibilities", "a"),
    ("responsibilities", "e"),
    ("responsibilities", "d"),
    ("responsibilities", "h"),
    ("concerns", "a"),
    ("concerns", "e"),
    ("concerns", "d"),
    ("concerns", "h"),
    ("concerns", "0"),
    ("needs", "a"),
    ("needs", "e"),
    ("needs", "d"),
    ("needs", "t"),
    ("needs", "k"),
    ("process", "a"),
    ("process", "e"),
    ("process", "d"),
    ("rituals", "b"),
    ("rituals", "w"),
    ("rituals", "t"),
    ("rituals", "a"),
    ("rituals", "e"),
    ("rituals", "d"),
    ("wrapup", "a"),
    ("wrapup", "3 s"),  # the score picker is on the confidence part (3)
]
"""Every stage key of the demo that opens a dialog of the stage's own (keys before the last
one, space-separated, bring the stage to where the key opens it)."""
APP_DIALOGS = [("needs", key) for key in ("ctrl+o", "ctrl+g", "ctrl+e", "f1", "f4", "ctrl+p")]
"""The dialogs (and the palette) every stage opens."""


@pytest.fixture
def demo_app(save_to, forming_home):
    """The bundled demo session (on the needs stage), opened for editing."""
    path = save_to(parse_session(bundled_demo_text()), "demo.toml")
    return FormingApp(start="open", path=path, folder=forming_home, theme="forming-dark")


async def turns(app, pilot, count: int = 4) -> None:
    """Let queued keys, the dialogs' answers and the saves all finish."""
    for _ in range(count):
        await pilot.pause()
    await settle(app, pilot)


def check(app, where: str) -> None:
    """The app runs, its stack is sane and the saved file holds the session's state."""
    assert app.is_running and app.return_code is None, where
    problem = stack_is_sane(app)
    assert problem is None, f"{where}: {problem}"
    if app.save_state == "saved":
        on_disk = saved(app.session_path)  # validates the whole file
        assert on_disk.session.stage == app.session.session.stage, where
        assert len(on_disk.timeline) == len(app.session.timeline), where


async def back_to(app, pilot, stage: str) -> None:
    """Close whatever is open (cancelling it) and show `stage` again."""
    for _ in range(6):
        if app.overlay is None:
            break
        await pilot.press("escape")
        await pilot.pause()
    assert app.overlay is None, [type(s).__name__ for s in app.screen_stack]
    if app.session.session.stage != stage:
        app.enter_stage(stage)
        await settle(app, pilot)


async def open_dialog(app, pilot, stage: str, key: str) -> None:
    app.enter_stage(stage)
    await settle(app, pilot)
    await pilot.press(*key.split())
    await pilot.pause()
    await pilot.pause()
    assert app.overlay is not None, f"{key} on {stage} opened nothing"


# -- the acceptance cases -------------------------------------------------------------------------


async def test_palette_next_palette_leaves_the_app_running(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        burst(app, "ctrl+p", "ctrl+n", "ctrl+p")
        await turns(app, pilot)
        check(app, "ctrl+p ctrl+n ctrl+p")
        assert app.session.session.stage == "process"  # the room moved on under the palette
        assert isinstance(app.screen, CommandPalette)
        assert isinstance(app.screen_stack[-2], StageScreen)
    assert app.return_code in (None, 0)


async def test_a_note_then_enter_and_ctrl_n_in_one_motion_is_saved(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        burst(app, "ctrl+o", *"Budget [later]", "enter", "ctrl+n")
        await turns(app, pilot)
        check(app, "park, Enter, ctrl+n")
        on_disk = saved(app.session_path)
        assert on_disk.parking_lot[-1].text == "Budget [later]"
        assert on_disk.parking_lot[-1].stage == "needs"
        assert on_disk.session.stage == "process"
        assert app.overlay is None


async def test_escape_then_a_stage_key_in_one_motion_never_jams_the_keys(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        parked = len(app.session.parking_lot)
        burst(app, "ctrl+o", *"dropped", "escape", "ctrl+n")
        await turns(app, pilot)
        check(app, "park, Escape, ctrl+n")
        assert app.session.session.stage == "process"
        assert len(saved(app.session_path).parking_lot) == parked  # Escape cancelled it
        await pilot.press("ctrl+b")  # the keys after it still work
        await turns(app, pilot)
        assert app.session.session.stage == "needs"


async def test_ctrl_n_over_a_form_with_text_saves_it_then_moves_on(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dialog(app, pilot, "roster", "a")
        app.screen.query_one("#field-name", Input).value = "Noor [lead]"
        app.screen.query_one("#field-title", Input).value = "Data engineer"
        await pilot.press("ctrl+n")
        await turns(app, pilot)
        check(app, "ctrl+n over add-person")
        on_disk = saved(app.session_path)
        assert on_disk.people[-1].name == "Noor [lead]"
        assert on_disk.session.stage == "roles"


async def test_a_stage_key_over_a_form_with_a_problem_waits_and_keeps_it(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dialog(app, pilot, "roster", "a")
        people = len(app.session.people)
        form = app.screen
        form.query_one("#field-title", Input).value = "No name given"  # the name is needed
        await pilot.press("ctrl+n")
        await turns(app, pilot)
        check(app, "ctrl+n over a form with a problem")
        assert app.screen is form and form.query_one("#error-name").has_class("-shown")
        assert form.query_one("#field-title", Input).value == "No name given"
        assert app.session.session.stage == "roster" and len(app.session.people) == people


async def test_ctrl_n_over_an_untouched_form_cancels_it(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dialog(app, pilot, "roster", "a")
        people = len(app.session.people)
        await pilot.press("ctrl+n")
        await turns(app, pilot)
        check(app, "ctrl+n over an empty form")
        assert app.session.session.stage == "roles" and len(app.session.people) == people


async def test_a_stage_key_never_answers_yes(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dialog(app, pilot, "roster", "d")
        assert isinstance(app.screen, ConfirmDialog)
        people = len(app.session.people)
        await pilot.press("ctrl+n")
        await turns(app, pilot)
        check(app, "ctrl+n over remove-person")
        assert len(saved(app.session_path).people) == people


async def test_undo_waits_for_an_open_dialog(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.change("person.added", {"id": "p-undo", "name": "To undo", "availability": 50})
        await settle(app, pilot)
        revision = app.live.revision
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await turns(app, pilot)
        check(app, "ctrl+z over park")
        assert isinstance(app.screen, FormDialog) and app.live.revision == revision
        assert app.session.person("p-undo") is not None


async def test_ctrl_q_asks_while_something_typed_is_unsaved(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        burst(app, "ctrl+o", *"keep me", "ctrl+q")
        await turns(app, pilot)
        assert app.is_running and isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # go back: the note is still there
        await turns(app, pilot)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one(Input).value == "keep me"
        await pilot.press("ctrl+q")
        await turns(app, pilot)
        await pilot.press("ctrl+q")  # again, over the question: quit
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("opener", ["ctrl+p", "ctrl+g", "ctrl+e", "f1", "f4", "ctrl+o"])
async def test_ctrl_q_over_an_untouched_dialog_quits_at_once(demo_app, opener: str) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        burst(app, opener, "ctrl+q")
        await turns(app, pilot)
    assert app.return_code == 0


# -- every sequence of priority keys --------------------------------------------------------------

ALL_SEQUENCES = os.environ.get("FORMING_KEY_SEQUENCES") == "all"
"""`FORMING_KEY_SEQUENCES=all` runs every sequence (about 25 minutes); CI runs a subset."""
OPENERS = ["ctrl+p", "ctrl+g", "ctrl+o", "ctrl+e"]
"""Priority keys that open the palette or a dialog."""


def sequences_from(first: str) -> list[tuple[str, ...]]:
    """With `FORMING_KEY_SEQUENCES=all`, every pair and triple starting with `first`. Else,
    from an opener only: every pair, and the opener, a stage move, then the palette again."""
    if ALL_SEQUENCES:
        return [(first, key) for key in PRIORITY_KEYS] + [
            (first, *rest) for rest in itertools.product(PRIORITY_KEYS, repeat=2)
        ]
    if first not in OPENERS:
        return []
    return [(first, key) for key in PRIORITY_KEYS] + [
        (first, "ctrl+n", "ctrl+p"),
        (first, "ctrl+b", "ctrl+p"),
    ]


@pytest.mark.slow
@pytest.mark.timeout(3000 if ALL_SEQUENCES else 600)
@pytest.mark.parametrize("first", PRIORITY_KEYS)
async def test_two_and_three_key_sequences_of_priority_keys(demo_app, first: str) -> None:
    """Sequences around the palette, go-to, park and export, which the keys open themselves,
    sent at once (the fast typist)."""
    sequences = sequences_from(first)
    if not sequences:
        pytest.skip("sequences from this key run with FORMING_KEY_SEQUENCES=all")
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for keys in sequences:
            burst(app, *keys)
            await turns(app, pilot, 3)
            check(app, " ".join(keys))
            await back_to(app, pilot, "needs")


def sequences_over_a_dialog() -> list[tuple[str, ...]]:
    """Every priority key and every pair of stage keys with `FORMING_KEY_SEQUENCES=all`; else
    the next-stage key."""
    if not ALL_SEQUENCES:
        return [("ctrl+n",)]
    return [(key,) for key in PRIORITY_KEYS] + list(itertools.product(STAGE_KEYS, repeat=2))


@pytest.mark.slow
@pytest.mark.timeout(3000 if ALL_SEQUENCES else 300)
@pytest.mark.parametrize(("stage", "opener"), SCREEN_DIALOGS + APP_DIALOGS)
async def test_priority_keys_over_every_dialog(demo_app, stage: str, opener: str) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for keys in sequences_over_a_dialog():
            await open_dialog(app, pilot, stage, opener)
            await pilot.press(*keys)
            await turns(app, pilot, 2)
            check(app, f"{opener} on {stage}, then {' '.join(keys)}")
            await back_to(app, pilot, stage)


@pytest.mark.slow
async def test_the_dialog_list_is_complete(demo_app) -> None:
    """Every key of every stage that opens a dialog in the demo is in `SCREEN_DIALOGS`.

    With the long runs: the list matters to them (the priority keys over every dialog, every
    dialog at tiny sizes), and pressing every key of every stage takes a minute of CPU."""
    app = demo_app
    found = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for stage in [s.id for s in app.session.stages]:
            app.enter_stage(stage)
            await settle(app, pilot)
            for binding in type(app.screen).BINDINGS:
                key = binding.key.split(",")[0]
                await pilot.press(key)
                await pilot.pause()
                await pilot.pause()
                if isinstance(app.screen, Dialog):
                    found.append((stage, key))
                await back_to(app, pilot, stage)
    assert set(found) <= {(stage, opener.split()[-1]) for stage, opener in SCREEN_DIALOGS}
    assert len(found) >= len(SCREEN_DIALOGS) - 2  # a dialog or two may need another state


# -- type-ahead, paging before layout, dismissed before mounted -----------------------------------


@pytest.mark.parametrize(
    ("stage", "opener", "field"),
    [("needs", "ctrl+o", "#field-text"), ("roster", "a", "#field-name")],
)
async def test_keys_typed_while_a_dialog_opens_reach_its_first_field(
    demo_app, stage: str, opener: str, field: str
) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        app.enter_stage(stage)
        await settle(app, pilot)
        burst(app, opener, *"Typed ahead [fast]")
        await turns(app, pilot)
        assert app.screen.query_one(field, Input).value == "Typed ahead [fast]"


async def test_park_typed_ahead_with_enter_is_saved(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        burst(app, "ctrl+o", *"All in one motion", "enter")
        await turns(app, pilot)
        assert app.overlay is None
        assert saved(app.session_path).parking_lot[-1].text == "All in one motion"


@pytest.mark.parametrize("opener", ["ctrl+p", "ctrl+g", "ctrl+e"])
@pytest.mark.parametrize("paging", [("pagedown",), ("pageup",), ("pagedown", "pageup", "end")])
async def test_paging_right_after_a_list_opens(demo_app, opener: str, paging) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        burst(app, opener, *paging)
        await turns(app, pilot)
        check(app, f"{opener} then {paging}")
        assert app.overlay is not None  # still open, and usable: paging works once laid out
        await pilot.press("pagedown")
        await pilot.pause()
        check(app, f"{opener} then {paging}, then pagedown")


async def test_paging_the_agenda_in_a_tiny_terminal(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("Agenda").focus()
        await pilot.resize_terminal(3, 2)
        await pilot.press("pagedown", "pageup")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        check(app, "agenda paged at 3x2")


async def test_a_dialog_dismissed_before_it_mounted(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        answers: list[str | None] = []
        dialog = PickDialog("Go to stage", [("One", "one")])
        app.push_screen(dialog, answers.append)
        dialog.dismiss(None)
        dialog.dismiss("one")  # a second answer is ignored
        await turns(app, pilot)
        check(app, "dismissed at once")
        assert answers == [None] and app.overlay is None


async def test_a_buried_dialog_never_closes_the_screen_above_it(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        answers: list[bool | None] = []
        below = ConfirmDialog("Below?")
        app.push_screen(below, answers.append)
        await pilot.pause()
        above = ConfirmDialog("Above?")
        app.push_screen(above)
        await pilot.pause()
        below.dismiss(True)
        await turns(app, pilot)
        assert app.screen is above and answers == []


# -- tiny terminals -------------------------------------------------------------------------------


TINY_IN_DEFAULT_RUN = {
    ("roster", "d"),
    ("roster", "i"),
    ("needs", "ctrl+g"),
    ("needs", "ctrl+p"),
    ("needs", "f1"),
}
"""A confirmation, the roster import, the go-to list, the palette and help: the kinds of dialog,
at tiny sizes in every run (a form goes through every size, 1x1 to 300x100, and is saved after,
in tests/reliability/test_terminal_sizes.py); every other dialog only with the long runs
(`-m slow`), as each takes seconds of CPU."""


@pytest.mark.parametrize(
    ("stage", "opener"),
    [
        pytest.param(*case, marks=() if case in TINY_IN_DEFAULT_RUN else pytest.mark.slow)
        for case in SCREEN_DIALOGS + APP_DIALOGS
    ],
)
async def test_every_dialog_at_3x10_and_tiny_widths(demo_app, stage: str, opener: str) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await open_dialog(app, pilot, stage, opener)
        top = app.screen
        for size in [(3, 10), *((width, 10) for width in range(1, 7)), (1, 1), (6, 2), (300, 100)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.is_running and app.return_code is None, f"{opener} on {stage} at {size}"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen is top
        await back_to(app, pilot, stage)
        check(app, f"{opener} on {stage} after tiny sizes")


async def test_the_palette_with_results_at_tiny_widths(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"stage")
        await turns(app, pilot)
        for width in range(1, 8):
            for height in (1, 3, 10):
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                assert app.is_running and app.return_code is None, (width, height)


async def test_every_list_the_app_owns_pages_safely_before_it_has_room() -> None:
    """PageDown and PageUp on a list with no room yet (Textual's own list raises KeyError)."""
    from textual.app import App

    from tui.widgets.chrome import Agenda
    from tui.widgets.lists import RoleList, SafeOptionList

    for kind in (SafeOptionList, Agenda, RoleList):
        app: App[None] = App()
        async with app.run_test(size=(40, 10)) as pilot:
            option_list = kind("one", "two", "three")
            option_list.styles.height = 0
            await app.screen.mount(option_list)
            option_list.highlighted = 0
            option_list.focus()
            await pilot.press("pagedown", "pageup", "pagedown")
            assert app.is_running and app.return_code is None, kind.__name__


def test_palette_text_shows_every_hostile_string_literally() -> None:
    from textual.content import Content

    from tests.conftest import HOSTILE
    from tui.commands import palette_text

    for text in HOSTILE:
        shown = Content.from_markup(palette_text(text)).plain
        # Markup is never read from it; only control characters, which the model strips
        # from files anyway, may be dropped.
        assert [c for c in shown if c.isprintable()] == [c for c in text if c.isprintable()]


async def test_the_palette_lists_the_stages_of_a_hostile_file(forming_home) -> None:
    from tests.reliability.hostile import hostile_document

    path = forming_home / "hostile.toml"
    path.write_text(hostile_document(parse_session(bundled_demo_text())), encoding="utf-8")
    app = FormingApp(start="open", path=path, folder=forming_home, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"stage")
        await turns(app, pilot)
        await pilot.press("down", "down")
        await turns(app, pilot)
        assert app.is_running and isinstance(app.screen, CommandPalette)
