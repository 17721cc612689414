"""The process stage's promotion gates: the checks a change passes between environments."""

from __future__ import annotations

import re
from typing import Any

from textual.content import Content

from sessions.coverage import risks
from sessions.model import Gate, Session
from sessions.text import one_line, plural
from tui.dialogs.form import Check, CheckedFormDialog, Field, FormDialog
from tui.dialogs.pick import PickDialog
from tui.dialogs.refusal import Change, refused_by_reducer
from tui.screens.process.pane import PartPane, Removal, marked
from tui.widgets.tables import highlight

CHECK_SEPARATOR = " ; "
"""How a gate's checks are joined in its edit form; a `;` next to a space splits them again."""
_CHECK_SPLIT = re.compile(r"\s*;\s+|\s+;\s*")

GATE_REFUSED = "A gate joins two different environments, one gate for each pair: choose another."
"""The room's words for the reducer's refusals of a gate's environments."""

NO_CHECKS = "⚠ no checks"
NO_CHECKS_YET = "⚠ No checks agreed: press c to add one."


def split_checks(text: str | None) -> list[str]:
    """Return the checks typed in one line, split at each `;` that has a space beside it."""
    if not text:
        return []
    return [part.strip() for part in _CHECK_SPLIT.split(text) if part.strip()]


def gate_key(gate: Gate) -> str:
    """Return the row key of a gate: its two environment ids."""
    return f"{gate.from_}>{gate.to}"


def gate_pair(session: Session, gate: Gate) -> str:
    """Return a gate's two environments by name, such as `Staging → Production`."""
    names = {env.id: env.name for env in session.process.environments}
    return f"{names.get(gate.from_, gate.from_)} → {names.get(gate.to, gate.to)}"


def find_gate(session: Session, key: str | None) -> Gate | None:
    """Return the gate whose row key is `key`, if there is one."""
    return next((g for g in session.process.gates if gate_key(g) == key), None)


class GatesPane(PartPane):
    """The promotion gates between environments, each with its checks."""

    KEY = "gates"
    TAB = "2 Gates"
    COLUMNS = ("Gate", "Checks")
    HINT = "Enter edits; c adds a check, x removes one."
    EMPTY = (
        "No promotion gates yet. Press a to add the checks a change passes between environments."
    )
    HINT_FROZEN = "The checks a change passes between environments."
    EMPTY_FROZEN = "No promotion gates yet."
    ITEM_NAME = "Promotion gate"
    FINE = "✓ Every gate has checks."
    ADOPT_PART = "gate"
    SUGGEST_TITLE = "Add a suggested promotion gate"

    def rows(self, session: Session) -> list[tuple[str, list[str]]]:
        return [
            (
                gate_key(gate),
                [
                    marked(gate_pair(session, gate), gate.suggested),
                    f"✓ {plural(len(gate.checks), 'check')}" if gate.checks else NO_CHECKS,
                ],
            )
            for gate in session.process.gates
        ]

    def warnings(self, session: Session) -> list[Content]:
        return [
            Content(f"{risk.symbol} {risk.message}")
            for risk in risks(session)
            if risk.kind == "gate.unchecked"
        ]

    def item_content(self, key: str) -> Content:
        gate = find_gate(self.session, key)
        if gate is None:
            return Content("")
        parts: list[Any] = [(f"Gate {gate_pair(self.session, gate)}", "bold")]
        for number, check in enumerate(gate.checks, start=1):
            parts += ["\n", f"{number}. ", check]
        if not gate.checks:
            parts += ["\n", "⚠ No checks agreed." if self.frozen else NO_CHECKS_YET]
        return Content.assemble(*parts)

    def is_suggested(self, key: str) -> bool:
        gate = find_gate(self.session, key)
        return bool(gate is not None and gate.suggested)

    def _gate_title(self, gate: Gate) -> str:
        return f"gate {gate_pair(self.session, gate)}"

    def _fields(self, gate: Gate | None = None) -> list[Field]:
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

    def _check(self, gate: Gate | None) -> Check:
        """Ask the reducer whether the gate the form makes would be accepted.

        It refuses a gate from an environment to itself and a second gate between the same
        two; both are about the receiving environment, so the room reads one sentence there.
        """

        def change(values: dict[str, Any]) -> Change:
            moved = {"from": values["from"], "to": values["to"]}
            checks = split_checks(values["checks"])
            if gate is None:
                return "gate.added", {**moved, "checks": checks}
            return "gate.updated", {
                "from": gate.from_,
                "to": gate.to,
                "set": {**moved, "checks": checks},
            }

        return refused_by_reducer(
            lambda: self.session, change, where="to", wording={"to": GATE_REFUSED}
        )

    def add(self) -> None:
        if len(self.session.process.environments) < 2:
            self.notify("A gate joins two environments: add environments first (1).", markup=False)
            return

        def added(values: dict[str, Any] | None) -> None:
            if not values:
                return
            gate = {"from": values["from"], "to": values["to"]}
            if self.change("gate.added", {**gate, "checks": split_checks(values["checks"])}):
                highlight(self.table, f"{gate['from']}>{gate['to']}")

        self.app.push_screen(
            CheckedFormDialog("Add a promotion gate", self._fields(), check=self._check(None)),
            added,
        )

    def edit(self, key: str) -> None:
        gate = find_gate(self.session, key)
        if gate is None:
            return

        def edited(values: dict[str, Any] | None) -> None:
            if not values:
                return
            moved = {"from": values["from"], "to": values["to"]}
            checks = split_checks(values["checks"])
            if self.change(
                "gate.updated",
                {"from": gate.from_, "to": gate.to, "set": {**moved, "checks": checks}},
            ):
                highlight(self.table, f"{moved['from']}>{moved['to']}")

        self.app.push_screen(
            CheckedFormDialog(
                f"Edit the {self._gate_title(gate)}", self._fields(gate), check=self._check(gate)
            ),
            edited,
        )

    def removal(self, key: str) -> Removal | None:
        gate = find_gate(self.session, key)
        if gate is None:
            return None
        return (
            f"Remove the {self._gate_title(gate)} and its {plural(len(gate.checks), 'check')}?",
            "Remove gate",
            "gate.removed",
            {"from": gate.from_, "to": gate.to},
        )

    def add_check(self) -> None:
        """Add one check to the highlighted gate."""
        gate = find_gate(self.session, self.current)
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

    def remove_check(self) -> None:
        """Pick one of the highlighted gate's checks and remove it."""
        gate = find_gate(self.session, self.current)
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
