"""The command palette's one provider: Textual's own commands, the open session's, the stage's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast, runtime_checkable

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.forming import Forming

if TYPE_CHECKING:
    from textual.binding import BindingType
    from textual.screen import Screen

    from tui.room.mode import RoomControl


@runtime_checkable
class PaletteApp(Forming, Protocol):
    """What the palette needs of the app, beyond what every screen reads (`Forming`).

    A protocol rather than the app's class: the app imports this module, and nothing in
    `tui/` imports the app back (an import-linter contract, type-only imports included).
    """

    BINDINGS: ClassVar[list[BindingType]]

    @property
    def room(self) -> RoomControl: ...

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]: ...

    def may_run(self, action: str) -> bool: ...

    async def run_action(self, action: str) -> bool: ...

    def enter_stage(self, stage_id: str) -> None: ...

    def action_add_action(self) -> None: ...

    def action_save_copy(self) -> None: ...

    def go_home(self) -> None: ...


class FormingCommands(Provider):
    """Every command the palette offers, from one provider so that they list as one.

    Stage screens contribute their own commands through `StageScreen.palette_commands`. A
    provider per screen (in `Screen.COMMANDS`) would split the list into groups, and Textual
    keeps providers in a set, so the groups' order would change from one run to the next.
    """

    def _commands(self) -> list[SystemCommand]:
        # The app is Forming's (its `COMMANDS` is the only place this provider is named).
        return palette_commands(cast("PaletteApp", self.app), self.screen)

    async def discover(self) -> Hits:
        """With nothing typed: every command, in the order of their titles."""
        for title, help_text, callback, discover in sorted(
            self._commands(), key=lambda command: command.title
        ):
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """The commands whose titles match what was typed, best first."""
        matcher = self.matcher(query)
        for title, help_text, callback, *_ in self._commands():
            if (match := matcher.match(title)) > 0:
                yield Hit(match, matcher.highlight(title), callback, help=help_text)


def palette_commands(app: PaletteApp, screen: Screen[Any]) -> list[SystemCommand]:
    """Every command the palette offers over `screen`: Textual's, the session's, the stage's."""
    from tui.screens.stage import StageScreen

    return [
        *app.get_system_commands(screen),
        *session_commands(app),
        *app.room.commands(),
        *(stage_key_commands(screen) if isinstance(screen, StageScreen) else ()),
        *(screen.palette_commands() if isinstance(screen, StageScreen) else ()),
    ]


def stage_key_commands(screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The stage's own keys the footer offers on `screen`, by the footer's names, each running
    the key's own action: read from the screen's bindings, so the two cannot drift apart.

    The app's keys are left to `session_commands`; a key `check_action` hides or turns off
    (an edit while read-only or replayed) is not offered. A binding on two keys ("space,x")
    is offered once, under the key the footer shows.
    """
    app = screen.app
    offered: set[tuple[int, str]] = set()
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if node is app or not binding.show or not active.enabled:
            continue
        if (id(node), binding.action) in offered:
            continue
        offered.add((id(node), binding.action))
        yield SystemCommand(
            f"{palette_text(binding.description)} ({app.get_key_display(binding)})",
            palette_text(binding.tooltip or binding.description),
            lambda action=binding.action, node=node: app.run_action(action, node),
        )


def session_commands(app: PaletteApp) -> Iterator[SystemCommand]:
    """The open session's commands: its stages, the app's keys that work now, and a few more."""
    session = app.session
    if session is None:
        return
    for index, stage in enumerate(session.stages):
        yield SystemCommand(
            f"Go to stage {index + 1}: {palette_text(stage.title)}",
            palette_text(stage.goal) or "Move the room to this stage",
            lambda stage_id=stage.id: app.enter_stage(stage_id),
        )
    for binding in app.BINDINGS:
        if (
            isinstance(binding, Binding)
            and binding.action not in ("quit", "help", "hold_palette_paging")
            and app.may_run(binding.action)
        ):
            yield SystemCommand(
                f"{binding.description} ({binding.key})",
                binding.tooltip or binding.description,
                lambda action=binding.action: app.run_action(action),
            )
    if app.may_run("add_action"):
        yield SystemCommand(
            "Add an action",
            "Agree an action with an owner and a due date, from any stage",
            app.action_add_action,
        )
    if app.may_run("save_copy"):
        from tui.save_copy import SAVE_COPY_TITLE

        yield SystemCommand(
            SAVE_COPY_TITLE,
            "Save the session in another folder or file; Forming then saves there",
            app.action_save_copy,
        )
    yield SystemCommand(
        "Close session and go home",
        "Save and return to the list of sessions",
        app.go_home,
    )


def palette_text(text: str) -> str:
    """`text` from a session file, made safe for the command palette.

    Textual reads a command's name and help as markup, with no way to pass plain text: a
    stage title or goal such as `[/]` stopped the app. Every opening bracket is escaped, which
    shows every string literally (checked against the hostile strings in the tests).
    """
    return text.replace("[", "\\[")
