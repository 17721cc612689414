"""Stage 5, each other's concerns: the screen, drawing a round per role and owning the keys.

What each key does to the concerns is in the modules beside it: `items` (add, edit, remove),
`votes` (dots and "heard"), `silent` (revealing what was written silently).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, OptionList, Static

from sessions.model import Concern, Role, Session
from sessions.suggestions import MARK
from sessions.text import plural
from tui.dialogs.suggested import ADOPT_HINT, adopt, adopt_binding, pull
from tui.screens.concerns.items import add_concern, edit_concern, remove_concern
from tui.screens.concerns.silent import reveal, reveal_before_leaving
from tui.screens.concerns.votes import clear_votes, mark_heard, vote
from tui.screens.stage import StageScreen, role_steps
from tui.widgets.chrome import EmptyState, say_none_yet, show_content
from tui.widgets.concern_round import Hidden, HiddenCards, VoteLimits, dots, ranked
from tui.widgets.lists import RoleList
from tui.widgets.tables import RecordTable


class ConcernsScreen(StageScreen):
    """A round per role: its concerns ranked by dots, which other roles heard them."""

    STAGE_ID = "concerns"
    HELP_TEXT = (
        "n / p or the role list  choose the role whose round it is\n"
        "a  add a concern (hidden while silent writing is on)\n"
        "e or Enter  edit the highlighted concern;  d  remove it\n"
        "+ / -  add or take away a dot (within the budget and the cap per concern)\n"
        "h  mark or unmark that another role heard the concern\n"
        "s  silent writing on or off;  r  reveal hidden concerns\n"
        "0  clear the dots on this role's concerns\n"
        "y  adopt the highlighted suggestion from the content pack (editing it adopts it too)\n"
        "t  pull in one of the content pack's concerns for this role"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add a concern for this role", id="concerns-add"),
        Binding(
            "e",
            "edit",
            "Edit",
            show=False,
            tooltip="Edit the highlighted concern",
            id="concerns-edit",
        ),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            show=False,
            tooltip="Remove the highlighted concern",
            id="concerns-remove",
        ),
        Binding(
            "plus,equals_sign",
            "vote(1)",
            "+dot",
            tooltip="Add a dot to the highlighted concern",
            id="concerns-vote-up",
        ),
        Binding(
            "minus",
            "vote(-1)",
            "-dot",
            tooltip="Take a dot off the highlighted concern",
            id="concerns-vote-down",
        ),
        Binding(
            "h",
            "heard",
            "Heard",
            tooltip="Mark or unmark that another role heard this concern",
            id="concerns-heard",
        ),
        Binding(
            "s",
            "silent",
            "Silent",
            tooltip="Silent writing: new concerns stay hidden until revealed",
            id="concerns-silent",
        ),
        Binding("r", "reveal", "Reveal", tooltip="Reveal hidden concerns", id="concerns-reveal"),
        adopt_binding("concerns"),
        Binding(
            "t",
            "suggest",
            "Suggest",
            show=False,
            tooltip="Pull in one of the content pack's concerns for this role",
            id="concerns-suggest",
        ),
        Binding(
            "0",
            "clear_votes",
            "Clear dots",
            show=False,
            tooltip="Clear the dots on this role's concerns",
            id="concerns-clear",
        ),
        *role_steps(),
    ]

    CSS_PATH = "screen.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.silent = False
        """Whether the room is writing silently: new concerns are hidden until revealed."""
        self._shown_role: str | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(
            Content(
                "✎ SILENT WRITING: new concerns are hidden until revealed (r reveals, s ends it)"
            ),
            id="silent-banner",
        )
        yield RoleList(id="roles")
        yield Static(id="tally")
        yield HiddenCards(id="hidden")
        yield RecordTable(["Dots", "Concern", "Heard"], id="concerns")
        yield EmptyState(
            "No concerns for this role yet. Press a to add the first one.",
            frozen="No concerns for this role yet.",
            id="no-concerns",
        )
        yield EmptyState(
            "Every concern for this role is hidden until revealed: r reveals them, a adds one.",
            frozen="Every concern for this role is hidden until revealed.",
            id="all-hidden",
        )
        yield Static(id="detail")
        yield EmptyState(
            "No roles yet: add them on the role-mapping stage (ctrl+g), then come back.",
            frozen="No roles yet.",
            id="no-roles",
        )

    def focus_body(self) -> None:
        self.set_focus(self.query_one(RecordTable))

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        rows = []
        for role in session.roles:
            mine = [c for c in session.concerns if c.role == role.id]
            hidden = sum(1 for c in mine if c.masked)
            label: list[Any] = [
                (role.name, "bold"),
                (f"  {plural(len(mine), 'concern')}", "dim"),
                (f" · {plural(sum(c.votes for c in mine), 'dot')}", "dim"),
            ]
            if hidden:
                label.append(f" · ▒ {hidden} hidden")
            rows.append((role.id, Content.assemble(*label)))
        self.query_one(RoleList).show_roles(rows)
        self.set_class(not session.roles, "-no-roles")
        self._draw_round(session)

    @property
    def current_role(self) -> Role | None:
        """The role whose round is on screen, if any."""
        role_id = self.query_one(RoleList).role_id
        return self.session.role(role_id) if role_id else None

    def _draw_round(self, session: Session) -> None:
        role_id = self.query_one(RoleList).role_id
        role = session.role(role_id) if role_id else None
        table = self.query_one(RecordTable)
        limits = VoteLimits(session)
        over = limits.used - limits.budget
        if over > 0:
            # The budget was lowered, or people left, after the dots were placed.
            status = f"placed: ⚠ {over} over the budget, take some off"
        else:
            status = "✓ all placed" if over == 0 else "placed"
        tally: list[Any] = [
            ("● ", "bold"),
            (f"{limits.used} of {limits.budget} dots {status}", "bold"),
            (f" ({limits.per_person} each × {limits.people})", "dim"),
            f" · at most {limits.cap} per concern",
        ]
        show_content(self.query_one("#tally", Static), Content.assemble(*tally))
        self.query_one(HiddenCards).show(Hidden.of(session), hint=not self.frozen)
        if role is None:
            table.show_rows([])
            self.set_class(True, "-empty")
            return
        others = len(session.roles) - 1
        rows = []
        for concern in ranked(session, role.id):
            # The symbol alone in the row; the detail below says "suggested" in full.
            tag = " ◇" if concern.suggested else f" ({concern.origin})"
            text = Text(concern.text)
            text.append(tag, style="dim")
            heard = len([r for r in concern.heard_by if r != role.id])
            if others and heard >= others:
                heard_cell = f"✓ all {others}"
            elif heard:
                heard_cell = f"{heard} of {others}"
            else:
                heard_cell = "· none"
            rows.append((concern.id, [dots(concern.votes), text, heard_cell]))
        # Cards from the room arrive while the facilitator works: they never move the cursor.
        from_room = {c.id for c in session.concerns if c.via == "room"}
        table.show_rows(rows, unfollowed=from_room)
        if role.id != self._shown_role:
            self._shown_role = role.id
            if table.row_count:
                table.move_cursor(row=0)
        self.set_class(not rows, "-empty")
        # Only an empty round says its concerns are all hidden (a class set on the screen
        # styles it afresh, so it is not changed while the table is on show).
        self.set_class(
            not rows and any(c.masked and c.role == role.id for c in session.concerns), "-hidden"
        )
        self._draw_detail(session)

    def _draw_detail(self, session: Session) -> None:
        concern = self._current(session)
        content = Content("") if concern is None else self._concern_content(session, concern)
        show_content(self.query_one("#detail", Static), content)

    def _concern_content(self, session: Session, concern: Concern) -> Content:
        """A concern whole: its dots, its text, where it came from, and who has heard it."""
        origin: str = concern.origin
        if concern.author:
            origin += f", raised by {session.person_name(concern.author)}"
        parts: list[Any] = [(f"{dots(concern.votes)}  ", "bold"), concern.text, "\n"]
        parts.append((f"({origin}) · ", "dim"))
        others = [r for r in session.roles if r.id != concern.role]
        heard = [r.name for r in others if r.id in concern.heard_by]
        waiting = [r.name for r in others if r.id not in concern.heard_by]
        if heard:
            parts += [("✓ heard by: ", "bold"), ", ".join(heard)]
        else:
            parts += [("· heard by: ", "bold"), "no other role yet"]
        if heard and waiting:
            parts += [(" · not yet: ", "dim"), (", ".join(waiting), "dim")]
        if concern.suggested:
            parts += ["\n", f"{MARK} by the content pack" if self.frozen else ADOPT_HINT]
        return Content.assemble(*parts)

    def focus_item(self) -> tuple[str, Content] | None:
        session = self.session
        concern = self._current(session)
        if concern is None:
            return None
        return f"Concern of {session.role_name(concern.role)}", self._concern_content(
            session, concern
        )

    def _current(self, session: Session | None = None) -> Concern | None:
        session = session or self.session
        key = self.query_one(RecordTable).current_key
        if key is None:
            return None
        return next((c for c in session.concerns if c.id == key), None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, RoleList):
            event.stop()
            if self.forming.session is not None:
                self._draw_round(self.session)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, RoleList):
            event.stop()
            self.query_one(RecordTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.forming.session is not None:
            self._draw_detail(self.session)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # -- rounds and silent writing (`silent`) -----------------------------------------------------

    def action_next_role(self) -> None:
        """Move on to the next role's round."""
        self.query_one(RoleList).step(1)

    def action_previous_role(self) -> None:
        """Go back to the previous role's round."""
        self.query_one(RoleList).step(-1)

    def action_silent(self) -> None:
        """Turn silent writing on or off."""
        self.silent = not self.silent
        self.set_class(self.silent, "-silent")
        if self.silent:
            message = "✎ Silent writing on: new concerns stay hidden until you press r."
        else:
            message = "Silent writing off. Concerns still hidden stay so until revealed (r)."
        self.notify(message, markup=False)

    def action_reveal(self) -> None:
        """Reveal the hidden concerns of this role, or of every role."""
        reveal(self.forming, self.current_role)

    def ask_before_leaving(self, leave: Callable[[], None]) -> bool:
        """Ask whether to reveal concerns written in silence before the room moves on."""
        return reveal_before_leaving(self.forming, leave)

    # -- concerns (`items`; the pack's suggestions through `tui.dialogs.suggested`) ----------------

    def action_add(self) -> None:
        """Add a concern for this role; while writing silently it stays hidden."""
        table = self.query_one(RecordTable)
        add_concern(
            self.forming,
            self.current_role,
            silent=self.silent,
            to_row=lambda row: table.move_cursor(row=row),
        )

    def action_suggest(self) -> None:
        """Offer the content pack's concerns for this role that are not here yet."""
        role = self.current_role
        if role is None:
            self.notify("Add a role first: concerns belong to a role.", markup=False)
            return
        pull(
            self, self.forming.pack, "concern", f"Add a suggested concern for {role.name}", role.id
        )

    def action_adopt(self) -> None:
        """Adopt the highlighted concern the content pack suggested."""
        concern = self._current()
        adopt(self, "concern", concern.id if concern else None)

    def _highlighted(self) -> Concern | None:
        """The highlighted concern; with none, the room is told how to add one."""
        concern = self._current()
        if concern is None:
            say_none_yet(self, "concern")
        return concern

    def action_edit(self) -> None:
        """Edit the highlighted concern's words and who raised it."""
        edit_concern(self.forming, self._highlighted())

    def action_remove(self) -> None:
        """Remove the highlighted concern, after asking."""
        remove_concern(self.forming, self._highlighted())

    # -- voting and hearing (`votes`) -------------------------------------------------------------

    def action_vote(self, delta: int) -> None:
        """Add (1) or take away (-1) a dot on the highlighted concern, within the limits."""
        vote(self.forming, self._highlighted(), delta)

    def action_heard(self) -> None:
        """Mark or unmark that another role heard the highlighted concern."""
        mark_heard(self.forming, self._highlighted())

    def action_clear_votes(self) -> None:
        """Clear the dots on this role's concerns, after asking."""
        clear_votes(self.forming, self.current_role)
