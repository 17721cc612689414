"""The app's edits: a change asked for, undo and redo, and the items any stage may add.

An object the app owns (`app.edits`). Every change a screen asks for (`Forming.change`) comes
here and goes to the open session's `LiveSession`, which runs the reducer; the new state is
put on screen (`show_state`) and a save is requested. Undo and redo go the same way back and
forth. The two items the room may add from any stage (an action, a parked item) are asked
for here too. It reaches the app only through `EditApp`, never `tui.app`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tui.forming import Forming

if TYPE_CHECKING:
    from collections.abc import Callable

    from sessions.live import LiveSession
    from sessions.model import Session
    from tui.timer_control import TimerControl


@runtime_checkable
class EditApp(Forming, Protocol):
    """What the edits need of the app, beyond what every screen reads (`Forming`)."""

    timer_control: TimerControl

    def show_state(self, session: Session | None, *, redraw: bool = True) -> None: ...

    def request_save(self) -> None: ...

    def editable(self) -> LiveSession | None:
        """The session to change now: at once when the file allows it, else after its history
        (`SessionControl.editable`)."""


class EditControl:
    """Records the room's changes, undoes and redoes them, and adds items from any stage."""

    def __init__(self, app: EditApp) -> None:
        self.app = app

    def change(self, type_: str, data: dict[str, Any]) -> bool:
        """Record a change to the session; say why when it cannot be made. Returns success."""
        app = self.app
        live = app.editable()
        if live is None:
            return False
        if app.read_only:
            app.notify(
                "This session is open read-only: nothing can be changed.",
                severity="warning",
                markup=False,
            )
            return False
        return self._record(live, lambda: live.change(type_, data))

    def change_many(self, changes: list[tuple[str, dict[str, Any]]]) -> bool:
        """Record several changes as one the room can undo at once; all or none are made."""
        if not changes:
            return False
        app = self.app
        live = app.editable()
        if live is None or app.read_only:
            return self.change(*changes[0])  # which says why nothing can be changed
        return self._record(live, lambda: live.change_many(changes))

    def _record(self, live: LiveSession, make: Callable[[], object]) -> bool:
        """Make the change (`make` runs the reducer), show it and save it; or say why not."""
        from sessions.events import EventError

        app = self.app
        try:
            make()
        except EventError as error:
            app.notify(f"That change was not made: {error}", severity="error", markup=False)
            return False
        app.show_state(live.session)
        app.request_save()
        return True

    # -- undo and redo ---------------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last change."""
        self._step_back_or_on(undo=True)

    def redo(self) -> None:
        """Redo the change just undone."""
        self._step_back_or_on(undo=False)

    def _step_back_or_on(self, *, undo: bool) -> None:
        """Undo the last change (`undo`) or redo the one just undone, and say which it was."""
        app = self.app
        live = app.editable()
        if live is None or app.read_only:
            return
        earlier = live.session
        event = live.undo() if undo else live.redo()
        if event is None:
            app.notify("Nothing to undo." if undo else "Nothing to redo.", markup=False)
            return
        app.show_state(live.session)
        app.timer_control.follow_timebox()
        app.request_save()
        from sessions.narration import change_words

        # The event read against the state it met: the undone one against the state it made.
        if undo:
            app.notify(f"Undone: {change_words(event, live.session, earlier)}", markup=False)
        else:
            app.notify(f"Redone: {change_words(event, earlier, live.session)}", markup=False)

    # -- items the room adds from any stage --------------------------------------------------------

    def add_action(self) -> None:
        """Agree an action from any stage, with an owner and a due date if the room has them."""
        app = self.app
        if app.session is None:
            return
        from sessions.ids import new_item_id
        from tui.dialogs.form import Field, FormDialog
        from tui.screens.stage import present

        people = [(p.name, p.id) for p in app.session.people]

        def added(values: dict[str, Any] | None) -> None:
            if values and app.session is not None:
                action_id = new_item_id(app.session, "action")
                if self.change("action.added", {"id": action_id, **present(values)}):
                    app.notify("Action added; the wrap-up lists it.", markup=False)

        app.push_screen(
            FormDialog(
                "Add an action",
                [
                    Field("text", "What will be done?", kind="text"),
                    Field(
                        "owner", "Who will do it?", kind="select", options=people, required=False
                    ),
                    Field("due", "Due date", kind="date", required=False),
                ],
            ),
            added,
        )

    def park(self) -> None:
        """Park an off-topic item for the wrap-up, from any stage."""
        app = self.app
        if app.session is None:
            return
        from tui.dialogs.form import Field, FormDialog

        def parked(values: dict[str, Any] | None) -> None:
            if not values or app.session is None:
                return
            from sessions.events import now
            from sessions.ids import new_item_id

            item_id = new_item_id(app.session, "parking")
            if self.change(
                "parking.added",
                {
                    "id": item_id,
                    "text": values["text"],
                    "stage": app.session.session.stage,
                    "at": now(),
                },
            ):
                app.notify("Parked for the wrap-up.", markup=False)

        app.push_screen(
            FormDialog("Park an item", [Field("text", "What should wait for later?", kind="text")]),
            parked,
        )
