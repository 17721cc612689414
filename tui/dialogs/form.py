"""A form dialog built from a list of fields, dismissing with the values or `None`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select

from tui.dialogs.board import BoardDialog
from tui.widgets.field_keys import FieldInput


@dataclass
class Field:
    """One field of a form."""

    name: str
    """The key of the value in the result."""
    label: str
    """What the field asks, shown above it."""
    kind: str = "name"
    """`name` (short text), `text` (long text), `int`, `date`, `select`, `multi` or `bool`."""
    value: Any = None
    """The value the field starts with."""
    required: bool = True
    """Whether the form refuses to close while the field is empty."""
    options: list[tuple[str, str]] = field(default_factory=list)
    """`(label, value)` choices for `select` and `multi` fields."""
    minimum: int = 0
    """The smallest whole number an `int` field takes."""
    maximum: int = 100
    """The largest whole number an `int` field takes."""
    placeholder: str = ""
    """Hint shown in an empty field."""
    secret: bool = False
    """Whether what is typed is hidden (a private ballot typed where the room can see)."""


class TickBox(Checkbox, inherit_bindings=False):
    """A form's tick box: space ticks it, and Enter saves the form as it does from any field
    (Textual's Checkbox also toggles on Enter: ticking with space and saving with Enter
    un-ticked the box and left the form open)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Toggle", show=False),
    ]

    TICK: ClassVar[str] = "✓"
    """The mark in a ticked box. Textual's Checkbox draws an X in both states and tells them
    apart by colour alone, so an unticked box read "X no" on a projector."""

    def render(self) -> Content:
        # The box is marked only when ticked, so its state reads without its colours.
        self.BUTTON_INNER = self.TICK if self.value else " "
        return super().render()


class FormDialog(BoardDialog[dict[str, Any] | None]):
    """A form docked over the board: Enter or the save button checks and returns the values;
    Escape cancels. Each field takes one line beside its question, so the form stays short
    and most of the board shows above or below it."""

    DEFAULT_CSS = """
    FormDialog > #form {
        width: 100%; max-width: 120; height: auto; max-height: 75%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormDialog #fields { height: auto; }
    FormDialog #form-title { text-style: bold; width: 100%; }
    FormDialog .field { height: auto; }
    FormDialog.-roomy .field { margin-top: 1; }
    FormDialog .field-label { width: 30%; max-width: 40; padding: 0 1 0 0; }
    /* A question too long for the narrow column takes the form's width, its field below. */
    FormDialog .field.-stacked { layout: vertical; }
    FormDialog .field.-stacked > .field-label { width: 100%; max-width: 100%; }
    FormDialog .field-input { width: 1fr; height: auto; }
    FormDialog .field-error { color: $error; width: 100%; display: none; }
    FormDialog .field-error.-shown { display: block; }
    FormDialog #buttons { height: auto; align-horizontal: right; padding: 1 0 0 0; }
    FormDialog #buttons Button { margin-left: 2; }
    FormDialog Checkbox { height: 1; border: none; padding: 0; }
    /* Textual draws a focused Checkbox with a tall border: in a one-line row it would take
       the only line, and the focused name would show as an empty box. */
    FormDialog Checkbox:focus { border: none; text-style: bold; background: $boost; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="form-cancel"),
        # Reached only from a tick box: an Input submits, a list opens, a button presses.
        Binding("enter", "submit", "Save", show=False, tooltip="Check and save the form"),
    ]

    def __init__(self, title: str, fields: list[Field], *, submit: str = "Save") -> None:
        super().__init__()
        self.form_title = title
        self._first_values: dict[str, Any] | None = None
        self.fields = fields
        self.submit_label = submit

    def compose(self) -> ComposeResult:
        # The fields scroll when they do not fit; the title and the buttons always show.
        with Vertical(id="form"):
            yield Label(self.form_title, id="form-title", markup=False)
            with VerticalScroll(id="fields"):
                for spec in self.fields:
                    with Horizontal(classes="field", id=f"row-{spec.name}"):
                        yield Label(spec.label, classes="field-label", markup=False)
                        with Vertical(classes="field-input"):
                            yield from self._compose_field(spec)
                            yield Label(
                                "", id=f"error-{spec.name}", classes="field-error", markup=False
                            )
            with Horizontal(id="buttons"):
                # Cancel is a click or Escape, never a Tab stop: choosing from a list moves on
                # by itself, and a habitual Tab after it would put Enter on Cancel, throwing
                # away everything typed. Tab from the last field reaches Save instead.
                cancel = Button("Cancel", id="cancel", tooltip="Escape", compact=True)
                cancel.can_focus = False
                yield cancel
                yield Button(
                    self.submit_label, id="submit", variant="primary", tooltip="Enter", compact=True
                )

    ROOMY_HEIGHT: ClassVar[int] = 36
    """From this many rows, a blank line separates the fields (below it, the board needs them)."""

    CHROME_ROWS: ClassVar[int] = 5
    """Rows the form takes besides its fields: border 2, title 1, buttons 2."""

    def on_resize(self, event: Resize) -> None:
        # The fields scroll within the three quarters of the screen the form may take, so the
        # buttons always show and the board keeps the rest.
        room = event.size.height * 3 // 4 - self.CHROME_ROWS
        self.set_class(event.size.height >= self.ROOMY_HEIGHT, "-roomy")
        self.query_one("#fields").styles.max_height = max(3, room)
        column = self.label_column(event.size.width)
        for spec in self.fields:
            lines = -(-cell_len(spec.label) // column)
            self.query_one(f"#row-{spec.name}").set_class(lines > self.LABEL_LINES, "-stacked")

    LABEL_LINES: ClassVar[int] = 2
    """Lines a question may wrap to in the label column; a longer one goes above its field."""

    @staticmethod
    def label_column(screen_width: int) -> int:
        """About the cells a question has per line beside its field, for a screen this wide:
        the form's width less its border, padding and scroll bar, 30% of it (at most 40), less
        the label's own padding (the figures in `DEFAULT_CSS`)."""
        inner = min(screen_width, 120) - 2 - 2 - 2
        return max(1, min(40, inner * 30 // 100) - 1)

    def _compose_field(self, spec: Field) -> ComposeResult:
        widget_id = f"field-{spec.name}"
        if spec.kind == "select":
            # Labels are names people typed: Content keeps them from being read as markup.
            options = [(Content(label), value) for label, value in spec.options]
            yield Select(
                options,
                value=spec.value if spec.value is not None else Select.NULL,
                allow_blank=not spec.required,
                prompt="(none)",
                id=widget_id,
                compact=True,
            )
        elif spec.kind == "multi":
            chosen = set(spec.value or [])
            for label, value in spec.options:
                yield TickBox(
                    Content(label),
                    value in chosen,
                    id=f"{widget_id}-{value}",
                    classes=f"multi-{spec.name}",
                )
        elif spec.kind == "bool":
            # The question is the field's label on the left; the box answers in a word, so at
            # 80 columns it is not the question again, cut off at the dialog's edge.
            ticked = bool(spec.value)
            yield TickBox(_yes_no(ticked), ticked, id=widget_id, classes="yes-no")
        else:
            value = spec.value
            if isinstance(value, date):
                value = value.isoformat()
            text = "" if value is None else str(value)
            # Imported here: the home screen imports this dialog, and its first frame should
            # not wait for pydantic, which the model loads.
            from sessions.model import NAME_MAX, TEXT_MAX

            yield FieldInput(
                text,
                id=widget_id,
                placeholder=spec.placeholder or _placeholder(spec),
                type="integer" if spec.kind == "int" else "text",
                max_length=NAME_MAX if spec.kind == "name" else TEXT_MAX,
                password=spec.secret,
                compact=True,
            )

    def first_control(self) -> Widget | None:
        self._first_values = self._raw_values()
        return self.query("Input, Select, Checkbox").first()

    def _raw_values(self) -> dict[str, Any]:
        """What every control holds just now, as typed (unchecked)."""
        return {
            widget.id: widget.value
            for widget in self.query("Input, Select, Checkbox")
            if isinstance(widget, Input | Select | Checkbox) and widget.id
        }

    def has_typed(self) -> bool:
        """Whether any field differs from what the form opened with."""
        if self.closed:
            return False
        return self._first_values is not None and self._raw_values() != self._first_values

    def close_for_stage_key(self) -> bool:
        """Save what was typed (if it checks out) or cancel an untouched form.

        A form with a problem stays open and shows it: the stage key waits for the facilitator.
        """
        if not self.has_typed():
            self.dismiss(None)
            return True
        self._submit()
        return self.closed

    @property
    def title_for_message(self) -> str:
        return f"“{self.form_title}”"

    def on_mount(self) -> None:
        # The first field takes the keys typed ahead (`first_control`, in `Dialog`).
        for select in self.query(Select):
            self.watch(select, "expanded", self._select_closed, init=False)

    def _select_closed(self, expanded: bool) -> None:
        # A choice made in a list moves on to the next field, or to the save button after the
        # last: Enter then saves (Enter on a list only opens it, and Tab would reach Cancel).
        if not expanded:
            self.call_after_refresh(self._after_select)

    def _after_select(self) -> None:
        focused = self.focused
        if not isinstance(focused, Select) or focused.expanded:
            return
        fields = list(self.query("Input, Select, Checkbox"))
        index = fields.index(focused) if focused in fields else -1
        following = fields[index + 1] if 0 <= index < len(fields) - 1 else None
        (following or self.query_one("#submit", Button)).focus()

    def action_submit(self) -> None:
        """Check the fields and save (Enter on a tick box)."""
        self._submit()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.has_class("yes-no"):
            event.checkbox.label = _yes_no(event.value)

    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "submit":
            self._submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def show_problem(self, name: str, problem: str | None) -> None:
        """Show what is wrong with a field under it, or clear it (the line takes no room then)."""
        label = self.query_one(f"#error-{name}", Label)
        label.update(problem or "")
        label.set_class(bool(problem), "-shown")

    def _submit(self) -> None:
        if self.closed:
            return  # an Enter that arrived after a stage key had already saved the form
        values: dict[str, Any] = {}
        ok = True
        for spec in self.fields:
            value, problem = self._read(spec)
            self.show_problem(spec.name, problem)
            if problem:
                ok = False
            else:
                values[spec.name] = value
        if ok:
            self.dismiss(values)

    def _read(self, spec: Field) -> tuple[Any, str | None]:
        widget_id = f"#field-{spec.name}"
        if spec.kind == "select":
            value = self.query_one(widget_id, Select).value
            if value is Select.NULL or value is None:
                return None, "Choose one." if spec.required else None
            return value, None
        if spec.kind == "multi":
            chosen = [
                value
                for _label, value in spec.options
                if self.query_one(f"#field-{spec.name}-{value}", Checkbox).value
            ]
            if spec.required and not chosen:
                return chosen, "Choose at least one."
            return chosen, None
        if spec.kind == "bool":
            return self.query_one(widget_id, Checkbox).value, None
        raw = self.query_one(widget_id, Input).value.strip()
        if not raw:
            return None, "This is needed." if spec.required else None
        if spec.kind == "int":
            try:
                number = int(raw)
            except ValueError:
                return None, "Type a whole number."
            if not spec.minimum <= number <= spec.maximum:
                return None, f"Type a number from {spec.minimum} to {spec.maximum}."
            return number, None
        if spec.kind == "date":
            try:
                return date.fromisoformat(raw), None
            except ValueError:
                return None, "Type a date as YYYY-MM-DD, for example 2026-12-31."
        return raw, None


def _yes_no(value: bool) -> str:
    """The word a yes-or-no field's tick box shows beside its box."""
    return "yes" if value else "no"


def _placeholder(spec: Field) -> str:
    if spec.kind == "int":
        return f"{spec.minimum} to {spec.maximum}"
    if spec.kind == "date":
        return "YYYY-MM-DD"
    return "" if spec.required else "(optional)"


Check = Callable[[dict[str, Any]], tuple[str, str] | None]
"""A check across a form's fields: `None`, or `(field name, message)` for what is wrong."""


class CheckedFormDialog(FormDialog):
    """A FormDialog that also checks its fields against each other before it closes."""

    def __init__(
        self, title: str, fields: list[Field], *, check: Check, submit: str = "Save"
    ) -> None:
        super().__init__(title, fields, submit=submit)
        self.check = check

    def _submit(self) -> None:
        read = [(spec, *self._read(spec)) for spec in self.fields]
        if any(problem for _spec, _value, problem in read):
            super()._submit()  # shows each field's own problem and stays open
            return
        problem = self.check({spec.name: value for spec, value, _problem in read})
        if problem is None:
            super()._submit()
            return
        for spec in self.fields:
            self.show_problem(spec.name, None)
        name, message = problem
        self.show_problem(name, message)
