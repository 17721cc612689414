"""Stage 7, agree the dev process: environments, gates, pipeline, definition of done, learning."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from sessions.coverage import risks
from sessions.ids import new_id, new_slug_id
from sessions.model import Environment, Gate, Learning, PipelineStep, Session
from sessions.suggestions import MARK, done_is_suggested
from sessions.text import one_line, plural, slugify
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Field, FormDialog
from tui.dialogs.pick import PickDialog
from tui.screens.needs import CheckedFormDialog, distinct, highlight
from tui.screens.stage import StageScreen, ViewBinding, changes, present
from tui.screens.suggested import ADOPT_HINT, adopt, adopt_binding, pull
from tui.widgets.chrome import EmptyState, HintLabel
from tui.widgets.tables import RecordTable

CHECK_SEPARATOR = " ; "
"""How a gate's checks are joined in its edit form; a `;` next to a space splits them again."""
_CHECK_SPLIT = re.compile(r"\s*;\s+|\s+;\s*")


def split_checks(text: str | None) -> list[str]:
    """Return the checks typed in one line, split at each `;` that has a space beside it."""
    if not text:
        return []
    return [part.strip() for part in _CHECK_SPLIT.split(text) if part.strip()]


@dataclass(frozen=True)
class Part:
    """One of the five parts of the process stage."""

    key: str
    """The part's key, used in widget ids."""
    tab: str
    """The tab's label, with the number key that shows it."""
    columns: tuple[str, ...]
    """The columns of its list."""
    hint: str
    """One line on what the part holds and what its keys do."""
    empty: str
    """What to do while the list is empty."""
    hint_frozen: str
    """The hint without its keys, while the session cannot be changed."""
    empty_frozen: str
    """The empty list's line without its keys, likewise."""


PARTS = (
    Part(
        "environments",
        "1 Envs",
        ("Environment", "Who deploys", "Purpose"),
        "Environments in promotion order: [ ] move.",
        "No environments yet. Press a to add one, such as development, staging or production.",
        "Environments in promotion order.",
        "No environments yet.",
    ),
    Part(
        "gates",
        "2 Gates",
        ("Gate", "Checks"),
        "Enter edits; c adds a check, x removes one.",
        "No promotion gates yet. Press a to add the checks a change passes between environments.",
        "The checks a change passes between environments.",
        "No promotion gates yet.",
    ),
    Part(
        "pipeline",
        "3 Pipeline",
        ("#", "Step", "Owner"),
        "CI/CD steps in order: [ ] move.",
        "No pipeline steps yet. Press a to add the first step of the CI/CD pipeline.",
        "CI/CD steps in order.",
        "No pipeline steps yet.",
    ),
    Part(
        "done",
        "4 Done",
        ("#", "Done when"),
        "Definition of done for a model change.",
        "No definition of done yet. Press a to add what must be true before a change is done.",
        "Definition of done for a model change.",
        "No definition of done yet.",
    ),
    Part(
        "learning",
        "5 Learn",
        ("Learner", "Topic", "With", "When"),
        "Who learns what from whom. t suggests topics.",
        "No learning commitments yet. Press a to add one, or t for a suggested topic.",
        "Who learns what from whom.",
        "No learning commitments yet.",
    ),
)
"""The five parts, in tab order."""

PART_KEYS = tuple(part.key for part in PARTS)
MOVABLE = ("environments", "pipeline", "done")
"""The parts whose order matters."""

NO_CHECKS = "⚠ no checks"
NO_CHECKS_YET = "⚠ No checks agreed: press c to add one."
NO_OWNER = "⚠ no owner"
NO_DEPLOYER = "⚠ nobody"


def _marked(text: str, suggested: bool | None) -> str:
    """Return a cell's text, marked when it is the content pack's suggestion."""
    return f"◇ {text}" if suggested else text


def gate_key(gate: Gate) -> str:
    """Return the row key of a gate: its two environment ids."""
    return f"{gate.from_}>{gate.to}"


def gate_pair(session: Session, gate: Gate) -> str:
    """Return a gate's two environments by name, such as `Staging → Production`."""
    names = {env.id: env.name for env in session.process.environments}
    return f"{names.get(gate.from_, gate.from_)} → {names.get(gate.to, gate.to)}"


class ProcessScreen(StageScreen):
    """Agree environments, promotion gates, pipeline steps, a definition of done and learning."""

    STAGE_ID = "process"
    HELP_TEXT = (
        "1 to 5  show environments, gates, pipeline, definition of done or learning\n"
        "a  add to the part on show\n"
        "e or Enter  edit the highlighted item\n"
        "d  remove it (removing an environment removes its gates)\n"
        "[ and ]  move it up or down (environments, pipeline, definition of done)\n"
        "c / x  add a check to / remove a check from the highlighted gate\n"
        "t  pull in one of the content pack's suggestions for the part on show\n"
        "y  adopt the highlighted suggestion (◇) from the content pack; editing adopts it too"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add to the part on show", id="process-add"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted item", id="process-edit"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Remove the highlighted item",
            id="process-remove",
        ),
        Binding(
            "left_square_bracket",
            "move(-1)",
            "Up",
            tooltip="Move the highlighted item up",
            id="process-up",
        ),
        Binding(
            "right_square_bracket",
            "move(1)",
            "Down",
            tooltip="Move the highlighted item down",
            id="process-down",
        ),
        Binding(
            "t",
            "suggest",
            "Suggest",
            tooltip="Pull in one of the content pack's suggestions for the part on show",
            id="process-suggest",
        ),
        adopt_binding("process"),
        Binding(
            "c",
            "add_check",
            "Add check",
            show=False,
            tooltip="Add a check to the highlighted gate",
            id="process-add-check",
        ),
        Binding(
            "x",
            "remove_check",
            "Remove check",
            show=False,
            tooltip="Remove a check from the highlighted gate",
            id="process-remove-check",
        ),
        *(
            ViewBinding(
                str(number),
                f"show_part('{part.key}')",
                part.tab[2:],
                show=False,
                tooltip=f"Show {part.tab[2:].lower()}",
                id=f"process-part-{part.key}",
            )
            for number, part in enumerate(PARTS, start=1)
        ),
    ]

    DEFAULT_CSS = """
    ProcessScreen #parts { height: 1fr; }
    ProcessScreen #parts > ContentSwitcher { height: 1fr; }
    ProcessScreen TabPane { height: 1fr; padding: 0; }
    ProcessScreen .part-hint { color: $text-muted; width: 100%; }
    ProcessScreen .part-detail { height: auto; max-height: 4; }
    ProcessScreen .part-warnings { height: auto; max-height: 3; }
    ProcessScreen .part-detail Static, ProcessScreen .part-warnings Static { width: 100%; }
    ProcessScreen TabPane EmptyState { display: none; }
    ProcessScreen TabPane.-empty EmptyState { display: block; }
    ProcessScreen TabPane.-empty RecordTable { display: none; }
    ProcessScreen TabPane.-empty .part-detail { display: none; }
    """

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="parts", initial="part-environments"):
            for part in PARTS:
                with TabPane(part.tab, id=f"part-{part.key}"):
                    yield HintLabel(part.hint, frozen=part.hint_frozen, classes="part-hint")
                    yield RecordTable(list(part.columns), id=f"{part.key}-table")
                    yield EmptyState(part.empty, frozen=part.empty_frozen)
                    with VerticalScroll(classes="part-detail"):
                        yield Static(id=f"{part.key}-detail")
                    with VerticalScroll(classes="part-warnings"):
                        yield Static(id=f"{part.key}-warnings")

    @property
    def part(self) -> str:
        """The key of the part on show."""
        active = self.query_one("#parts", TabbedContent).active
        key = active.removeprefix("part-")
        return key if key in PART_KEYS else PART_KEYS[0]

    def table(self, part: str | None = None) -> RecordTable:
        """The list of a part (by default the one on show)."""
        return self.query_one(f"#{part or self.part}-table", RecordTable)

    def focus_body(self) -> None:
        # Focus inside a TabbedContent makes its tab active, so wait until the tabs are mounted.
        self.call_after_refresh(self._focus_part_on_show)

    def action_show_part(self, part: str) -> None:
        """Show one of the five parts."""
        if part in PART_KEYS:
            self.query_one("#parts", TabbedContent).active = f"part-{part}"
            self.table(part).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        # Focus the list of whichever part is on show by then: keys may have moved on since.
        self.call_after_refresh(self._focus_part_on_show)

    def _focus_part_on_show(self) -> None:
        if self.is_attached:
            table = self.table()
            if self.focused is not table:
                table.focus()

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        process = session.process
        rows = {
            "environments": [
                (
                    env.id,
                    [
                        _marked(env.name, env.suggested),
                        ", ".join(session.role_name(r) for r in env.deployers) or NO_DEPLOYER,
                        env.purpose or "—",
                    ],
                )
                for env in process.environments
            ],
            "gates": [
                (
                    gate_key(gate),
                    [
                        _marked(gate_pair(session, gate), gate.suggested),
                        f"✓ {plural(len(gate.checks), 'check')}" if gate.checks else NO_CHECKS,
                    ],
                )
                for gate in process.gates
            ],
            "pipeline": [
                (
                    step.id,
                    [
                        str(index),
                        _marked(step.name, step.suggested),
                        session.role_name(step.owner) or NO_OWNER,
                    ],
                )
                for index, step in enumerate(process.pipeline, start=1)
            ],
            "done": [
                (
                    str(index),
                    [str(index + 1), _marked(item, done_is_suggested(session, index))],
                )
                for index, item in enumerate(process.definition_of_done)
            ],
            "learning": [
                (
                    item.id,
                    [
                        session.person_name(item.learner),
                        item.topic,
                        session.person_name(item.partner) or "—",
                        item.when or "—",
                    ],
                )
                for item in session.learning
            ],
        }
        for part, part_rows in rows.items():
            self.table(part).show_rows(part_rows)
            self.query_one(f"#part-{part}", TabPane).set_class(not part_rows, "-empty")
            self._draw_detail(part)
        self._draw_warnings(session)

    def _draw_warnings(self, session: Session) -> None:
        process = session.process
        lines: dict[str, list[Any]] = {
            "environments": [
                Content.assemble("⚠ ", env.name, ": nobody deploys here.")
                for env in process.environments
                if not env.deployers
            ],
            "gates": [
                Content(f"{risk.symbol} {risk.message}")
                for risk in risks(session)
                if risk.kind == "gate.unchecked"
            ],
            "pipeline": [
                Content.assemble("⚠ ", step.name, ": no owning role.")
                for step in process.pipeline
                if step.owner is None
            ],
        }
        fine = {
            "environments": "✓ Every environment has a deployer.",
            "gates": "✓ Every gate has checks.",
            "pipeline": "✓ Every step has an owner.",
        }
        for part, found in lines.items():
            if found:
                content = Content("\n").join(found)
            elif rows_exist(session, part):
                content = Content(fine[part])
            else:
                content = Content("")
            self.query_one(f"#{part}-warnings", Static).update(content)

    def _draw_detail(self, part: str) -> None:
        self.query_one(f"#{part}-detail", Static).update(self._item_content(part))

    PART_ITEM: ClassVar[dict[str, str]] = {
        "environments": "Environment",
        "gates": "Promotion gate",
        "pipeline": "Pipeline step",
        "done": "Definition of done",
        "learning": "Learning commitment",
    }
    """What the focus view calls the highlighted item of each part."""

    def focus_item(self) -> tuple[str, Content] | None:
        content = self._item_content(self.part)
        return (self.PART_ITEM.get(self.part, ""), content) if content.plain else None

    def _item_content(self, part: str) -> Content:
        """The highlighted item of `part` whole (a gate with all its checks), or nothing."""
        key = self.table(part).current_key
        session = self.session
        content = Content("")
        if key is None:
            pass
        elif part == "environments" and (env := self._environment(key)) is not None:
            deployers = ", ".join(session.role_name(r) for r in env.deployers)
            content = Content.assemble(
                (env.name, "bold"),
                ": ",
                env.purpose or "no purpose written yet.",
                "\n",
                ("Deploys: ", "bold"),
                deployers or "⚠ no role deploys here yet.",
            )
        elif part == "gates" and (gate := self._gate(key)) is not None:
            parts: list[Any] = [(f"Gate {gate_pair(session, gate)}", "bold")]
            for number, check in enumerate(gate.checks, start=1):
                parts += ["\n", f"{number}. ", check]
            if not gate.checks:
                parts += ["\n", "⚠ No checks agreed." if self.frozen else NO_CHECKS_YET]
            content = Content.assemble(*parts)
        elif part == "pipeline" and (step := self._step(key)) is not None:
            owner = session.role_name(step.owner) if step.owner else "⚠ no owning role yet"
            content = Content.assemble((step.name, "bold"), "\n", ("Owner: ", "bold"), owner)
        elif part == "done" and key.isdigit():
            items = session.process.definition_of_done
            index = int(key)
            if index < len(items):
                content = Content.assemble((f"{index + 1}. ", "bold"), items[index])
        elif part == "learning" and (item := self._learning(key)) is not None:
            partner = session.person_name(item.partner) if item.partner else "—"
            content = Content.assemble(
                (session.person_name(item.learner), "bold"),
                " learns: ",
                item.topic,
                "\n",
                ("With: ", "bold"),
                partner,
                *(["\n", ("When: ", "bold"), item.when] if item.when else []),
            )
        if key is not None and self._suggested(part, key):
            hint = f"{MARK} by the content pack" if self.frozen else ADOPT_HINT
            content = Content.assemble(content, "\n", hint)
        return content

    def _suggested(self, part: str, key: str) -> bool:
        """Whether the highlighted item of `part` is still the content pack's suggestion."""
        found: Any = None
        if part == "environments":
            found = self._environment(key)
        elif part == "gates":
            found = self._gate(key)
        elif part == "pipeline":
            found = self._step(key)
        elif part == "done":
            return key.isdigit() and done_is_suggested(self.session, int(key))
        return bool(found is not None and found.suggested)

    def action_adopt(self) -> None:
        """Adopt the highlighted suggestion of the part on show."""
        part = {"environments": "environment", "gates": "gate", "pipeline": "step"}.get(
            self.part, self.part
        )
        adopt(self, part, self._current())

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        part = (event.data_table.id or "").removesuffix("-table")
        if part in PART_KEYS and self.forming.session is not None:
            self._draw_detail(part)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # -- lookups ---------------------------------------------------------------------------------

    def _environment(self, env_id: str | None) -> Environment | None:
        return next((e for e in self.session.process.environments if e.id == env_id), None)

    def _gate(self, key: str | None) -> Gate | None:
        return next((g for g in self.session.process.gates if gate_key(g) == key), None)

    def _step(self, step_id: str | None) -> PipelineStep | None:
        return next((s for s in self.session.process.pipeline if s.id == step_id), None)

    def _learning(self, item_id: str | None) -> Learning | None:
        return next((item for item in self.session.learning if item.id == item_id), None)

    def _gate_title(self, gate: Gate) -> str:
        return f"gate {gate_pair(self.session, gate)}"

    def _current(self) -> str | None:
        return self.table().current_key

    # -- the keys: each dispatches to the part on show -------------------------------------------

    def action_add(self) -> None:
        """Add to the part on show."""
        getattr(self, f"_add_{self.part}")()

    def action_edit(self) -> None:
        """Edit the highlighted item of the part on show."""
        key = self._current()
        if key is not None:
            getattr(self, f"_edit_{self.part}")(key)

    def action_remove(self) -> None:
        """Remove the highlighted item of the part on show, after asking."""
        key = self._current()
        if key is None:
            return
        found = getattr(self, f"_removal_{self.part}")(key)
        if found is None:
            return
        question, title, event_type, data = found

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change(event_type, data)

        self.app.push_screen(
            ConfirmDialog(f"{question} (ctrl+z undoes it.)", title=title, yes="Remove", no="Keep"),
            confirmed,
        )

    def action_move(self, offset: int) -> None:
        """Move the highlighted item up or down, in the parts where order matters."""
        part = self.part
        if part not in MOVABLE:
            self.notify("Order does not matter here: only lists in order can move.", markup=False)
            return
        key = self._current()
        table = self.table()
        if key is None:
            return
        target = table.cursor_row + offset
        if not 0 <= target < table.row_count:
            return
        if part == "done":
            items = list(self.session.process.definition_of_done)
            items.insert(target, items.pop(table.cursor_row))
            if self.change("process.updated", {"set": {"definition_of_done": items}}):
                table.move_cursor(row=target)
            return
        kind = "environment" if part == "environments" else "step"
        self.change(f"{kind}.moved", {"id": key, "position": target})

    # -- environments ----------------------------------------------------------------------------

    def _environment_fields(self, env: Environment | None = None) -> list[Field]:
        roles = [(role.name, role.id) for role in self.session.roles]
        return [
            Field("name", "Name, e.g. Staging", value=env.name if env else None),
            Field(
                "purpose",
                "What it is for",
                kind="text",
                required=False,
                value=(env.purpose or None) if env else None,
            ),
            Field(
                "deployers",
                "Which roles deploy to it",
                kind="multi",
                required=False,
                options=roles,
                value=list(env.deployers) if env else [],
            ),
        ]

    def _add_environments(self) -> None:
        def added(values: dict[str, Any] | None) -> None:
            if not values:
                return
            base = slugify(values["name"], fallback="env")
            env_id = new_slug_id(self.session, "environment", base)
            if self.change("environment.added", {"id": env_id, **present(values)}):
                highlight(self.table("environments"), env_id)

        self.app.push_screen(FormDialog("Add an environment", self._environment_fields()), added)

    def _edit_environments(self, key: str) -> None:
        env = self._environment(key)
        if env is None:
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("environment.updated", {"id": env.id, **changes(values)})

        self.app.push_screen(FormDialog(f"Edit {env.name}", self._environment_fields(env)), edited)

    def _removal_environments(self, key: str) -> tuple[str, str, str, dict[str, Any]] | None:
        env = self._environment(key)
        if env is None:
            return None
        gates = [g for g in self.session.process.gates if env.id in (g.from_, g.to)]
        detail = f" Its {plural(len(gates), 'gate')} will be removed too." if gates else ""
        return (
            f"Remove the environment {env.name}?{detail}",
            "Remove environment",
            "environment.removed",
            {"id": env.id},
        )

    # -- gates -----------------------------------------------------------------------------------

    def _gate_fields(self, gate: Gate | None = None) -> list[Field]:
        envs = [(env.name, env.id) for env in self.session.process.environments]
        return [
            Field(
                "from",
                "From environment",
                kind="select",
                options=envs,
                value=gate.from_ if gate else None,
            ),
            Field(
                "to", "To environment", kind="select", options=envs, value=gate.to if gate else None
            ),
            Field(
                "checks",
                "Checks, separated by ; (c adds one at a time later)",
                kind="text",
                required=False,
                value=CHECK_SEPARATOR.join(gate.checks) if gate and gate.checks else None,
                placeholder="e.g. unit tests pass ; reviewed by another role",
            ),
        ]

    def _gate_check(self, gate: Gate | None) -> Any:
        same = distinct("from", "to", "A gate goes between two different environments.")

        def check(values: dict[str, Any]) -> tuple[str, str] | None:
            problem = same(values)
            if problem:
                return problem
            pair = (values.get("from"), values.get("to"))
            for other in self.session.process.gates:
                if other is not gate and (other.from_, other.to) == pair:
                    return "to", "There is already a gate between these environments."
            return None

        return check

    def _add_gates(self) -> None:
        if len(self.session.process.environments) < 2:
            self.notify("A gate joins two environments: add environments first (1).", markup=False)
            return

        def added(values: dict[str, Any] | None) -> None:
            if not values or values["from"] == values["to"]:
                return
            gate = {"from": values["from"], "to": values["to"]}
            if self.change("gate.added", {**gate, "checks": split_checks(values["checks"])}):
                highlight(self.table("gates"), f"{gate['from']}>{gate['to']}")

        self.app.push_screen(
            CheckedFormDialog(
                "Add a promotion gate", self._gate_fields(), check=self._gate_check(None)
            ),
            added,
        )

    def _edit_gates(self, key: str) -> None:
        gate = self._gate(key)
        if gate is None:
            return

        def edited(values: dict[str, Any] | None) -> None:
            if not values or values["from"] == values["to"]:
                return
            moved = {"from": values["from"], "to": values["to"]}
            checks = split_checks(values["checks"])
            if self.change(
                "gate.updated",
                {"from": gate.from_, "to": gate.to, "set": {**moved, "checks": checks}},
            ):
                highlight(self.table("gates"), f"{moved['from']}>{moved['to']}")

        self.app.push_screen(
            CheckedFormDialog(
                f"Edit the {self._gate_title(gate)}",
                self._gate_fields(gate),
                check=self._gate_check(gate),
            ),
            edited,
        )

    def _removal_gates(self, key: str) -> tuple[str, str, str, dict[str, Any]] | None:
        gate = self._gate(key)
        if gate is None:
            return None
        return (
            f"Remove the {self._gate_title(gate)} and its {plural(len(gate.checks), 'check')}?",
            "Remove gate",
            "gate.removed",
            {"from": gate.from_, "to": gate.to},
        )

    def _highlighted_gate(self) -> Gate | None:
        if self.part != "gates":
            self.notify("Checks belong to gates: press 2 and pick a gate first.", markup=False)
            return None
        return self._gate(self._current())

    def action_add_check(self) -> None:
        """Add one check to the highlighted gate."""
        gate = self._highlighted_gate()
        if gate is None:
            return

        def added(values: dict[str, Any] | None) -> None:
            if values:
                self.change(
                    "gate.updated",
                    {
                        "from": gate.from_,
                        "to": gate.to,
                        "set": {"checks": [*gate.checks, values["check"]]},
                    },
                )

        self.app.push_screen(
            FormDialog(
                f"Add a check to the {self._gate_title(gate)}",
                [Field("check", "What must hold before a change passes", kind="text")],
            ),
            added,
        )

    def action_remove_check(self) -> None:
        """Pick one of the highlighted gate's checks and remove it."""
        gate = self._highlighted_gate()
        if gate is None:
            return
        if not gate.checks:
            self.notify("This gate has no checks to remove.", markup=False)
            return

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            checks = [c for index, c in enumerate(gate.checks) if str(index) != choice]
            self.change(
                "gate.updated", {"from": gate.from_, "to": gate.to, "set": {"checks": checks}}
            )

        options = [(f"{n + 1}. {one_line(check)}", str(n)) for n, check in enumerate(gate.checks)]
        self.app.push_screen(
            PickDialog(f"Remove which check from the {self._gate_title(gate)}?", options), picked
        )

    # -- pipeline --------------------------------------------------------------------------------

    def _step_fields(self, step: PipelineStep | None = None) -> list[Field]:
        roles = [(role.name, role.id) for role in self.session.roles]
        return [
            Field("name", "What the step does", value=step.name if step else None),
            Field(
                "owner",
                "Owning role",
                kind="select",
                required=False,
                options=roles,
                value=step.owner if step else None,
            ),
        ]

    def _add_pipeline(self) -> None:
        def added(values: dict[str, Any] | None) -> None:
            if values:
                step_id = new_id(self.session, "s")
                if self.change("step.added", {"id": step_id, **present(values)}):
                    highlight(self.table("pipeline"), step_id)

        self.app.push_screen(FormDialog("Add a pipeline step", self._step_fields()), added)

    def _edit_pipeline(self, key: str) -> None:
        step = self._step(key)
        if step is None:
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("step.updated", {"id": step.id, **changes(values)})

        self.app.push_screen(FormDialog(f"Edit {step.name}", self._step_fields(step)), edited)

    def _removal_pipeline(self, key: str) -> tuple[str, str, str, dict[str, Any]] | None:
        step = self._step(key)
        if step is None:
            return None
        return (
            f"Remove the pipeline step {step.name}?",
            "Remove step",
            "step.removed",
            {"id": step.id},
        )

    # -- definition of done ----------------------------------------------------------------------

    def _set_done(self, items: list[str]) -> bool:
        return self.change("process.updated", {"set": {"definition_of_done": items}})

    def _add_done(self) -> None:
        def added(values: dict[str, Any] | None) -> None:
            if values and self._set_done(
                [*self.session.process.definition_of_done, values["item"]]
            ):
                table = self.table("done")
                table.move_cursor(row=table.row_count - 1)

        self.app.push_screen(
            FormDialog(
                "Add to the definition of done",
                [Field("item", "What must be true before a model change is done", kind="text")],
            ),
            added,
        )

    def _edit_done(self, key: str) -> None:
        items = list(self.session.process.definition_of_done)
        index = int(key)
        if index >= len(items):
            return

        def edited(values: dict[str, Any] | None) -> None:
            current = list(self.session.process.definition_of_done)
            if values and index < len(current):
                current[index] = values["item"]
                self._set_done(current)

        self.app.push_screen(
            FormDialog(
                f"Edit item {index + 1} of the definition of done",
                [Field("item", "What must be true", kind="text", value=items[index])],
            ),
            edited,
        )

    def _removal_done(self, key: str) -> tuple[str, str, str, dict[str, Any]] | None:
        items = list(self.session.process.definition_of_done)
        index = int(key)
        if index >= len(items):
            return None
        removed = items.pop(index)
        return (
            f"Remove “{one_line(removed)}” from the definition of done?",
            "Remove item",
            "process.updated",
            {"set": {"definition_of_done": items}},
        )

    # -- learning --------------------------------------------------------------------------------

    def _learning_fields(
        self,
        item: Learning | None = None,
        *,
        topic: str | None = None,
        learner: str | None = None,
        partner: str | None = None,
    ) -> list[Field]:
        people = [(person.name, person.id) for person in self.session.people]
        return [
            Field(
                "learner",
                "Who learns",
                kind="select",
                options=people,
                value=item.learner if item else learner,
            ),
            Field("topic", "What they learn", kind="text", value=item.topic if item else topic),
            Field(
                "partner",
                "Who they learn it with (optional)",
                kind="select",
                required=False,
                options=people,
                value=item.partner if item else partner,
            ),
            Field(
                "when",
                "When they pair or learn it (optional), such as Thursday afternoons",
                required=False,
                value=item.when if item else None,
            ),
        ]

    def _learning_dialog(self, title: str, fields: list[Field]) -> CheckedFormDialog:
        return CheckedFormDialog(
            title,
            fields,
            check=distinct(
                "learner", "partner", "Choose someone else to learn with, or leave it empty."
            ),
        )

    def _has_people(self) -> bool:
        if self.session.people:
            return True
        self.notify(
            "Nobody is on the team yet: add people on the Who is here stage first.", markup=False
        )
        return False

    def _add_learning(
        self, topic: str | None = None, learner: str | None = None, partner: str | None = None
    ) -> None:
        if not self._has_people():
            return

        def added(values: dict[str, Any] | None) -> None:
            if values:
                item_id = new_id(self.session, "l")
                if self.change("learning.added", {"id": item_id, **present(values)}):
                    highlight(self.table("learning"), item_id)

        fields = self._learning_fields(topic=topic, learner=learner, partner=partner)
        self.app.push_screen(self._learning_dialog("Add a learning commitment", fields), added)

    def _edit_learning(self, key: str) -> None:
        item = self._learning(key)
        if item is None:
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("learning.updated", {"id": item.id, **changes(values)})

        self.app.push_screen(
            self._learning_dialog("Edit the learning commitment", self._learning_fields(item)),
            edited,
        )

    def _removal_learning(self, key: str) -> tuple[str, str, str, dict[str, Any]] | None:
        item = self._learning(key)
        if item is None:
            return None
        who = self.session.person_name(item.learner)
        return (
            f"Remove {who}'s learning commitment “{one_line(item.topic)}”?",
            "Remove learning commitment",
            "learning.removed",
            {"id": item.id},
        )

    def action_suggest(self) -> None:
        """Offer the content pack's suggestions for the part on show that are not here yet."""
        titles = {
            "environments": ("environment", "Add a suggested environment"),
            "gates": ("gate", "Add a suggested promotion gate"),
            "pipeline": ("step", "Add a suggested pipeline step"),
            "done": ("done", "Add to the definition of done, as suggested"),
        }
        if self.part in titles:
            part, title = titles[self.part]
            pull(self, part, title)
        else:
            self.action_suggest_learning()

    def action_suggest_learning(self) -> None:
        """Offer the pack's learning pairings that fit the team's roles as topics to add."""
        self.action_show_part("learning")
        if not self._has_people():
            return
        pack = self.forming.pack
        if pack is None:
            self.notify(
                "No content pack is loaded, so there are no suggested topics.", markup=False
            )
            return
        session = self.session
        role_ids = {role.id for role in session.roles}
        taken = {item.topic for item in session.learning}
        pairings = [
            pairing
            for pairing in pack.process.learning
            if pairing.learner_role in role_ids
            and pairing.partner_role in role_ids
            and pairing.topic not in taken
        ]
        if not pairings:
            self.notify("No suggested topics left for this team's roles.", markup=False)
            return
        options = [
            (
                f"{session.role_name(p.learner_role)} learns from "
                f"{session.role_name(p.partner_role)}: {p.topic}",
                str(index),
            )
            for index, p in enumerate(pairings)
        ]

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            pairing = pairings[int(choice)]
            learner = self._first_holder(pairing.learner_role)
            partner = self._first_holder(pairing.partner_role, other_than=learner)
            self._add_learning(pairing.topic, learner, partner)

        self.app.push_screen(PickDialog("Suggested learning topics", options), picked)

    def _first_holder(self, role_id: str, other_than: str | None = None) -> str | None:
        """Return the first person holding `role_id` (not `other_than`), to preset a form."""
        for assignment in self.session.holders_of(role_id):
            if assignment.person != other_than and self.session.person(assignment.person):
                return assignment.person
        return None


def rows_exist(session: Session, part: str) -> bool:
    """Return whether the part's list has any items."""
    process = session.process
    return bool(
        {
            "environments": process.environments,
            "gates": process.gates,
            "pipeline": process.pipeline,
        }.get(part)
    )
