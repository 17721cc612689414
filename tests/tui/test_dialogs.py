"""Dialogs fit the screen: long questions wrap, and a long form keeps its buttons in view."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select

from tests.conftest import HOSTILE, burst
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Field, FormDialog

LONG_FORM = [Field(f"f{i}", f"Question {i}", required=False) for i in range(16)]


def fully_shown(widget, size) -> bool:
    region = widget.region
    return region.height > 0 and region.bottom <= size[1] and region.right <= size[0]


async def test_a_long_form_keeps_its_buttons_on_screen_and_scrolls_its_fields() -> None:
    results: list[dict[str, Any] | None] = []
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(FormDialog("Sixteen questions", LONG_FORM), results.append)
        await pilot.pause()
        dialog = app.screen
        assert fully_shown(dialog.query_one("#submit", Button), (80, 24))
        fields = dialog.query_one("#fields")
        assert fields.max_scroll_y > 0
        # Moving to the last field brings it into view, and Enter still submits.
        last = dialog.query_one("#field-f15", Input)
        last.focus()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()  # the scroll to the field is animated
        await pilot.pause()
        assert fields.scroll_y > 0 and fully_shown(last, (80, 24))
        last.value = "sixteenth"
        await pilot.press("enter")
        await pilot.pause()
    assert results and results[0] is not None and results[0]["f15"] == "sixteenth"


async def test_a_long_question_wraps_instead_of_losing_its_end() -> None:
    question = "This sentence is long enough to need two lines in a sixty-four column dialog: end."
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ConfirmDialog(question))
        await pilot.pause()
        label = app.screen.query_one("#confirm-question")
        assert label.size.height >= 2
        lines = label.render_lines(label.region.reset_offset)
        assert "end." in "".join(strip.text for strip in lines)


async def test_a_form_gives_back_every_hostile_string_as_typed() -> None:
    """Hostile text as questions and choices, typed or prefilled (as when editing): the
    questions show literally, and the form returns the text as typed, trimmed. The stage
    screens' tests send a sample of these strings through the whole app (HOSTILE_SAMPLE); the
    reducer's test stores every one in every field (tests/sessions/test_hostile_fields.py)."""
    fields = [
        Field("who", "Who", kind="select", options=[(t, f"p{i}") for i, t in enumerate(HOSTILE)])
    ]
    for index, text in enumerate(HOSTILE):
        fields.append(Field(f"typed{index}", text, kind="text" if index % 2 else "name"))
        fields.append(Field(f"kept{index}", "Prefilled", kind="text", value=text))
    results: list[dict[str, Any] | None] = []
    app: App[None] = App()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(FormDialog("Hostile text", fields), results.append)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        questions = [str(label.render()) for label in form.query(".field-label").results(Label)]
        assert questions[1::2] == [str(Label(t, markup=False).render()) for t in HOSTILE]
        form.query_one("#field-who", Select).value = f"p{len(HOSTILE) - 1}"
        for index, text in enumerate(HOSTILE):
            form.query_one(f"#field-typed{index}", Input).value = text
        form.query_one("#submit", Button).press()
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
    expected: dict[str, Any] = {"who": f"p{len(HOSTILE) - 1}"}
    for index, text in enumerate(HOSTILE):
        expected |= {f"typed{index}": text.strip(), f"kept{index}": text.strip()}
    assert results == [expected]


async def test_text_typed_right_after_tab_goes_to_the_next_field() -> None:
    """A fast typist's "Zed", Tab, "Eng" fills two fields, even when the keys queue up."""
    results: list[dict[str, Any] | None] = []
    fields = [Field("name", "Name"), Field("title", "Job title", required=False)]
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(FormDialog("Add a person", fields), results.append)
        await pilot.pause()
        await pilot.pause()
        burst(app, *"Zed", "tab", *"Eng", "shift+tab")
        for _ in range(4):
            await pilot.pause()
        name = app.screen.query_one("#field-name", Input)
        assert name.value == "Zed"
        assert app.screen.query_one("#field-title", Input).value == "Eng"
        assert app.screen.focused is name
        await pilot.press("enter")
        await pilot.pause()
    assert results == [{"name": "Zed", "title": "Eng"}]


async def test_editing_keys_typed_fast_act_in_the_order_they_were_typed() -> None:
    """Backspace, Delete and the arrows run as bindings, after the key has come back up from
    the field; letters typed right after them went in first. Clearing "100" and typing "40"
    quickly left the field empty, and "abc", left, "X" gave "abcX"."""
    results: list[dict[str, Any] | None] = []
    fields = [
        Field("share", "Share", kind="int", value=100),
        Field("name", "Name"),
    ]
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(FormDialog("Add a person", fields), results.append)
        await pilot.pause()
        await pilot.pause()
        share = app.screen.query_one("#field-share", Input)
        share.selection = share.selection.cursor(len(share.value))
        burst(app, "backspace", "backspace", "backspace", *"40", "tab", *"abc", "left", "X")
        burst(app, "home", "delete", "end", *"!")
        for _ in range(8):
            await pilot.pause()
        assert share.value == "40"
        assert app.screen.query_one("#field-name", Input).value == "bXc!"
        # Every key Textual's Input binds runs in order, not only the ones named above.
        burst(app, "ctrl+u", *"Zo", "ctrl+w", *"Al")
        for _ in range(8):
            await pilot.pause()
        assert app.screen.query_one("#field-name", Input).value == "Al"
        burst(app, "enter")
        for _ in range(3):
            await pilot.pause()
    assert results == [{"share": 40, "name": "Al"}]


async def test_a_toast_never_covers_a_dialog_docked_at_the_bottom() -> None:
    """A long toast (a follow-up's summary) shows at the top while a dialog is at the bottom."""
    app: App[None] = App()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.notify("Carried over: five people, four roles. " * 6, title="Follow-up started")
        app.push_screen(ConfirmDialog("Remove Priya Raman from the team?"))
        for _ in range(3):
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        dialog = app.screen
        box = dialog.query_one("#confirm-question").parent
        assert isinstance(box, Widget)
        toasts = list(dialog.query("Toast"))
        assert toasts, "the toast is shown over the dialog"
        for toast in toasts:
            assert not toast.region.overlaps(box.region), (toast.region, box.region)


async def test_a_yes_or_no_field_says_which_in_words_and_asks_its_question_once() -> None:
    question = "Not in the room today (they will work with the team)"
    results: list[dict[str, Any] | None] = []
    fields = [Field("name", "Name"), Field("absent", question, kind="bool", required=False)]
    app: App[None] = App()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(FormDialog("Add a person", fields), results.append)
        await pilot.pause()
        box = app.screen.query_one("#field-absent", Checkbox)
        assert str(box.label) == "no"
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value is True and str(box.label) == "yes"
        shown = [str(label.render()) for label in app.screen.query(Label)]
        assert sum(question in text for text in shown) == 1
        app.screen.query_one("#field-name", Input).value = "Ana"
        app.screen.query_one("#field-name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    assert results == [{"name": "Ana", "absent": True}]


async def test_a_focused_tick_box_still_shows_its_box_and_its_words() -> None:
    """Textual draws a focused Checkbox with a tall border; in a form's one-line row that
    border took the only line, so the person or flag under the cursor showed as an empty box."""
    fields = [
        Field("absent", "Not in the room today", kind="bool", required=False, value=False),
        Field(
            "holders",
            "Who holds it",
            kind="multi",
            required=False,
            options=[("Jonas Berg", "p1"), ("Priya Raman", "p2")],
        ),
    ]
    app: App[None] = App()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(FormDialog("Tick boxes", fields))
        await pilot.pause()
        for widget_id, words in (
            ("#field-absent", "no"),
            ("#field-holders-p1", "Jonas"),
        ):
            box = app.screen.query_one(widget_id, Checkbox)
            box.focus()
            await pilot.pause()
            assert box.has_focus
            assert box.content_region.height == 1, widget_id
            shown = "".join(strip.text for strip in box.render_lines(box.region.reset_offset))
            assert words in shown and "▐ ▌" in shown, (widget_id, shown)


async def test_a_tab_after_choosing_from_a_list_never_lands_on_cancel() -> None:
    """Choosing from a list moves on to the next field by itself; a facilitator's habitual
    Tab after it used to reach Cancel, the date typed next went nowhere, and Enter threw the
    whole form away. Cancel stays a click or Escape; Tab and Enter keep what was typed."""
    fields = [
        Field("text", "What will be done?", kind="text"),
        Field("owner", "Who", kind="select", options=[("Ana", "p1"), ("Ben", "p2")]),
        Field("due", "Due date", kind="date", required=False),
    ]
    results: list[dict[str, Any] | None] = []
    app: App[None] = App()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(FormDialog("Add an action", fields), results.append)
        await pilot.pause()
        await pilot.press(*"Hire", "tab", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.screen.query_one("#field-due", Input)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id != "cancel"
        await pilot.press("enter")
        await pilot.pause()
    assert results and results[0] is not None and results[0]["text"] == "Hire"


async def test_a_yes_no_question_answers_in_a_word_beside_its_question() -> None:
    """The question is on the left; the tick box said it again and was cut at 80 columns
    ("... work with the tea"). It now says "yes" or "no", whole, and follows the tick."""
    question = "Not in the room today (they will work with the team)"
    fields = [Field("absent", question, kind="bool", required=False, value=False)]
    results: list[dict[str, Any] | None] = []
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(FormDialog("Edit Maya", fields), results.append)
        await pilot.pause()
        box = app.screen.query_one("#field-absent", Checkbox)

        def shown() -> str:
            return "".join(strip.text for strip in box.render_lines(box.region.reset_offset))

        assert shown().strip().endswith("no") and question not in shown()
        await pilot.press("space")
        await pilot.pause()
        assert box.value is True and shown().strip().endswith("yes")
        app.screen.query_one("#submit", Button).press()
        await pilot.pause()
    assert results == [{"absent": True}]


async def test_a_tick_box_is_marked_only_when_ticked() -> None:
    """Textual's Checkbox draws an X ticked or not, told apart by colour alone: from the back
    of the room an unticked "Start empty" read "X no". The mark now shows only when ticked,
    and the word beside it agrees with it."""
    fields = [
        Field("absent", "Not in the room today", kind="bool", required=False, value=False),
        Field("holders", "Who", kind="multi", required=False, options=[("Jonas", "p1")]),
    ]
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(FormDialog("Tick boxes", fields))
        await pilot.pause()

        def shown(widget_id: str) -> str:
            box = app.screen.query_one(widget_id, Checkbox)
            return "".join(strip.text for strip in box.render_lines(box.region.reset_offset))

        assert shown("#field-absent").strip() == "▐ ▌ no"
        assert shown("#field-holders-p1").strip() == "▐ ▌ Jonas"
        for widget_id in ("#field-absent", "#field-holders-p1"):
            app.screen.query_one(widget_id, Checkbox).focus()
            await pilot.press("space")
        await pilot.pause()
        assert shown("#field-absent").strip() == "▐✓▌ yes"
        assert shown("#field-holders-p1").strip() == "▐✓▌ Jonas"


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_long_question_takes_the_forms_width_above_its_field(size) -> None:
    """The new-session form's pack and "Start empty" questions wrapped to six lines in the
    label column, a word or two a line. A question longer than two lines there now spans the
    form above its field; short ones stay beside theirs."""
    long = (
        "Start empty: no suggested concerns, gates, steps or meetings "
        "(t pulls them in later, stage by stage)"
    )
    fields = [
        Field("team", "Team name"),
        Field("empty", long, kind="bool", required=False, value=False),
    ]
    app: App[None] = App()
    async with app.run_test(size=size) as pilot:
        app.push_screen(FormDialog("New session", fields))
        await pilot.pause()
        dialog = app.screen
        short_label, long_label = dialog.query(".field-label")
        team = dialog.query_one("#field-team", Input)
        box = dialog.query_one("#field-empty", Checkbox)
        assert team.region.y == short_label.region.y and team.region.x >= short_label.region.right
        assert long_label.region.height <= 2, long_label.region
        assert box.region.y == long_label.region.bottom
        assert box.region.x == long_label.region.x


async def test_enter_on_a_tick_box_saves_the_form_and_keeps_the_tick() -> None:
    """Space ticks, Enter saves, as from any other field; Textual's Checkbox toggles on Enter
    too, so ticking "absent" and pressing Enter un-ticked it and left the form open."""
    fields = [
        Field("name", "Name", kind="name", value="Maya"),
        Field("absent", "Not in the room today", kind="bool", required=False, value=False),
    ]
    results: list[dict[str, Any] | None] = []
    app: App[None] = App()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(FormDialog("Edit Maya", fields), results.append)
        await pilot.pause()
        await pilot.press("tab", "space", "enter")
        await pilot.pause()
    assert results == [{"name": "Maya", "absent": True}]
