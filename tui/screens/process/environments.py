"""The process stage's environments, in promotion order."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from sessions.ids import new_slug_id
from sessions.model import Environment, Session
from sessions.text import plural, slugify
from tui.dialogs.form import Field, FormDialog
from tui.screens.process.pane import PartPane, Removal, marked
from tui.screens.stage import changes, present
from tui.widgets.tables import highlight

NO_DEPLOYER = "⚠ nobody"


def find_environment(session: Session, env_id: str | None) -> Environment | None:
    """Return the environment with `env_id`, if there is one."""
    return next((e for e in session.process.environments if e.id == env_id), None)


class EnvironmentsPane(PartPane):
    """The environments a change is promoted through, and the roles that deploy to each."""

    KEY = "environments"
    TAB = "1 Envs"
    COLUMNS = ("Environment", "Who deploys", "Purpose")
    HINT = "Environments in promotion order: [ ] move."
    EMPTY = "No environments yet. Press a to add one, such as development, staging or production."
    HINT_FROZEN = "Environments in promotion order."
    EMPTY_FROZEN = "No environments yet."
    ITEM_NAME = "Environment"
    FINE = "✓ Every environment has a deployer."
    MOVABLE = True
    ADOPT_PART = "environment"
    SUGGEST_TITLE = "Add a suggested environment"

    def rows(self, session: Session) -> list[tuple[str, list[str]]]:
        return [
            (
                env.id,
                [
                    marked(env.name, env.suggested),
                    ", ".join(session.role_name(r) for r in env.deployers) or NO_DEPLOYER,
                    env.purpose or "—",
                ],
            )
            for env in session.process.environments
        ]

    def warnings(self, session: Session) -> list[Content]:
        return [
            Content.assemble("⚠ ", env.name, ": nobody deploys here.")
            for env in session.process.environments
            if not env.deployers
        ]

    def item_content(self, key: str) -> Content:
        env = find_environment(self.session, key)
        if env is None:
            return Content("")
        deployers = ", ".join(self.session.role_name(r) for r in env.deployers)
        return Content.assemble(
            (env.name, "bold"),
            ": ",
            env.purpose or "no purpose written yet.",
            "\n",
            ("Deploys: ", "bold"),
            deployers or "⚠ no role deploys here yet.",
        )

    def is_suggested(self, key: str) -> bool:
        env = find_environment(self.session, key)
        return bool(env is not None and env.suggested)

    def _fields(self, env: Environment | None = None) -> list[Field]:
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

    def add(self) -> None:
        def added(values: dict[str, Any] | None) -> None:
            if not values:
                return
            base = slugify(values["name"], fallback="env")
            env_id = new_slug_id(self.session, "environment", base)
            if self.change("environment.added", {"id": env_id, **present(values)}):
                highlight(self.table, env_id)

        self.app.push_screen(FormDialog("Add an environment", self._fields()), added)

    def edit(self, key: str) -> None:
        env = find_environment(self.session, key)
        if env is None:
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("environment.updated", {"id": env.id, **changes(values)})

        self.app.push_screen(FormDialog(f"Edit {env.name}", self._fields(env)), edited)

    def removal(self, key: str) -> Removal | None:
        env = find_environment(self.session, key)
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

    def move(self, key: str, row: int, target: int) -> None:
        self.change("environment.moved", {"id": key, "position": target})
