"""The process stage's CI/CD pipeline: its steps in order, each with an owning role."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from sessions.ids import new_item_id
from sessions.model import PipelineStep, Session
from tui.dialogs.form import Field, FormDialog
from tui.screens.process.pane import PartPane, Removal, marked
from tui.screens.stage import changes, present
from tui.widgets.tables import highlight

NO_OWNER = "⚠ no owner"


def find_step(session: Session, step_id: str | None) -> PipelineStep | None:
    """Return the pipeline step with `step_id`, if there is one."""
    return next((s for s in session.process.pipeline if s.id == step_id), None)


class PipelinePane(PartPane):
    """The CI/CD pipeline's steps in order, each owned by a role."""

    KEY = "pipeline"
    TAB = "3 Pipeline"
    COLUMNS = ("#", "Step", "Owner")
    HINT = "CI/CD steps in order: [ ] move."
    EMPTY = "No pipeline steps yet. Press a to add the first step of the CI/CD pipeline."
    HINT_FROZEN = "CI/CD steps in order."
    EMPTY_FROZEN = "No pipeline steps yet."
    ITEM_NAME = "Pipeline step"
    FINE = "✓ Every step has an owner."
    MOVABLE = True
    ADOPT_PART = "step"
    SUGGEST_TITLE = "Add a suggested pipeline step"

    def rows(self, session: Session) -> list[tuple[str, list[str]]]:
        return [
            (
                step.id,
                [
                    str(index),
                    marked(step.name, step.suggested),
                    session.role_name(step.owner) or NO_OWNER,
                ],
            )
            for index, step in enumerate(session.process.pipeline, start=1)
        ]

    def warnings(self, session: Session) -> list[Content]:
        return [
            Content.assemble("⚠ ", step.name, ": no owning role.")
            for step in session.process.pipeline
            if step.owner is None
        ]

    def item_content(self, key: str) -> Content:
        step = find_step(self.session, key)
        if step is None:
            return Content("")
        owner = self.session.role_name(step.owner) if step.owner else "⚠ no owning role yet"
        return Content.assemble((step.name, "bold"), "\n", ("Owner: ", "bold"), owner)

    def is_suggested(self, key: str) -> bool:
        step = find_step(self.session, key)
        return bool(step is not None and step.suggested)

    def _fields(self, step: PipelineStep | None = None) -> list[Field]:
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

    def add(self) -> None:
        def added(values: dict[str, Any] | None) -> None:
            if values:
                step_id = new_item_id(self.session, "step")
                if self.change("step.added", {"id": step_id, **present(values)}):
                    highlight(self.table, step_id)

        self.app.push_screen(FormDialog("Add a pipeline step", self._fields()), added)

    def edit(self, key: str) -> None:
        step = find_step(self.session, key)
        if step is None:
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("step.updated", {"id": step.id, **changes(values)})

        self.app.push_screen(FormDialog(f"Edit {step.name}", self._fields(step)), edited)

    def removal(self, key: str) -> Removal | None:
        step = find_step(self.session, key)
        if step is None:
            return None
        return (
            f"Remove the pipeline step {step.name}?",
            "Remove step",
            "step.removed",
            {"id": step.id},
        )

    def move(self, key: str, row: int, target: int) -> None:
        self.change("step.moved", {"id": key, "position": target})
