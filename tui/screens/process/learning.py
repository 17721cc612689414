"""The process stage's learning commitments: who learns what from whom."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.content import Content

from sessions.ids import new_item_id
from sessions.model import Learning, Session
from sessions.text import one_line
from tui.dialogs.form import CheckedFormDialog, Field
from tui.dialogs.pick import PickDialog
from tui.dialogs.refusal import Change, refused_by_reducer
from tui.screens.process.pane import PartPane, Removal
from tui.screens.stage import changes, present
from tui.widgets.tables import highlight

SAME_PERSON = "Choose someone else to learn with, or leave it empty."
"""The room's words when the reducer refuses a learner as their own partner."""


def find_learning(session: Session, item_id: str | None) -> Learning | None:
    """Return the learning commitment with `item_id`, if there is one."""
    return next((item for item in session.learning if item.id == item_id), None)


class LearningPane(PartPane):
    """Learning commitments between people, with topics the content pack suggests."""

    KEY = "learning"
    TAB = "5 Learn"
    COLUMNS = ("Learner", "Topic", "With", "When")
    HINT = "Who learns what from whom. t suggests topics."
    EMPTY = "No learning commitments yet. Press a to add one, or t for a suggested topic."
    HINT_FROZEN = "Who learns what from whom."
    EMPTY_FROZEN = "No learning commitments yet."
    ITEM_NAME = "Learning commitment"
    ADOPT_PART = "learning"

    def rows(self, session: Session) -> list[tuple[str, list[str]]]:
        return [
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
        ]

    def item_content(self, key: str) -> Content:
        session = self.session
        item = find_learning(session, key)
        if item is None:
            return Content("")
        partner = session.person_name(item.partner) if item.partner else "—"
        when: list[str | tuple[str, str]] = []
        if item.when:
            when = ["\n", ("When: ", "bold"), item.when]
        return Content.assemble(
            (session.person_name(item.learner), "bold"),
            " learns: ",
            item.topic,
            "\n",
            ("With: ", "bold"),
            partner,
            *when,
        )

    def _fields(
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

    def _dialog(
        self, title: str, fields: list[Field], change: Callable[[dict[str, Any]], Change]
    ) -> CheckedFormDialog:
        """The learning form, checked by the reducer: a refusal shows on its field."""
        check = refused_by_reducer(
            lambda: self.session, change, where="topic", wording={"partner": SAME_PERSON}
        )
        return CheckedFormDialog(title, fields, check=check)

    def _has_people(self) -> bool:
        if self.session.people:
            return True
        self.notify(
            "Nobody is on the team yet: add people on the Who is here stage first.", markup=False
        )
        return False

    def add(
        self, topic: str | None = None, learner: str | None = None, partner: str | None = None
    ) -> None:
        if not self._has_people():
            return

        def added(values: dict[str, Any] | None) -> None:
            if values:
                item_id = new_item_id(self.session, "learning")
                if self.change("learning.added", {"id": item_id, **present(values)}):
                    highlight(self.table, item_id)

        fields = self._fields(topic=topic, learner=learner, partner=partner)
        dialog = self._dialog(
            "Add a learning commitment",
            fields,
            lambda values: (
                "learning.added",
                {"id": new_item_id(self.session, "learning"), **present(values)},
            ),
        )
        self.app.push_screen(dialog, added)

    def edit(self, key: str) -> None:
        item = find_learning(self.session, key)
        if item is None:
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("learning.updated", {"id": item.id, **changes(values)})

        dialog = self._dialog(
            "Edit the learning commitment",
            self._fields(item),
            lambda values: ("learning.updated", {"id": item.id, **changes(values)}),
        )
        self.app.push_screen(dialog, edited)

    def removal(self, key: str) -> Removal | None:
        item = find_learning(self.session, key)
        if item is None:
            return None
        who = self.session.person_name(item.learner)
        return (
            f"Remove {who}'s learning commitment “{one_line(item.topic)}”?",
            "Remove learning commitment",
            "learning.removed",
            {"id": item.id},
        )

    def suggest(self) -> None:
        """Offer the pack's learning pairings that fit the team's roles as topics to add."""
        # As when the part is shown, the list takes the focus (the picker returns it there).
        self.table.focus()
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
            self.add(pairing.topic, learner, partner)

        self.app.push_screen(PickDialog("Suggested learning topics", options), picked)

    def _first_holder(self, role_id: str, other_than: str | None = None) -> str | None:
        """Return the first person holding `role_id` (not `other_than`), to preset a form."""
        for assignment in self.session.holders_of(role_id):
            if assignment.person != other_than and self.session.person(assignment.person):
                return assignment.person
        return None
