"""The app's edit and stage controllers, without Textual: a plain object stands in for the app."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from sessions.live import LiveSession
from sessions.model import Session
from tui.edits import EditApp, EditControl
from tui.stage_control import StageApp, StageControl


class FakeApp:
    """The members of the app the controllers use, recording what they were asked to do."""

    def __init__(self, session: Session, *, read_only: bool = False) -> None:
        self.live = LiveSession(session)
        self.session: Session | None = session
        self.read_only = read_only
        self.replaying = False
        self.replay = None
        self.overlay = None
        self.screen = object()
        self.screen_stack: list[Any] = []
        self.told: list[str] = []
        self.saves = 0
        self.changes: list[tuple[str, dict[str, Any]]] = []
        self.timer_control = SimpleNamespace(follow_timebox=lambda: None)
        self.timer = SimpleNamespace(elapsed=lambda: 0)

    def wait_for_history(self) -> LiveSession:
        return self.live

    def editable(self) -> LiveSession:
        return self.live

    def notify(self, message: str, **_: Any) -> None:
        self.told.append(message)

    def show_state(self, session: Session | None, *, redraw: bool = True) -> None:
        self.session = session

    def request_save(self) -> None:
        self.saves += 1

    def change(self, type_: str, data: dict[str, Any]) -> bool:
        self.changes.append((type_, data))
        return False  # the stage controller's part ends at asking for the change


def edits_of(app: FakeApp) -> EditControl:
    return EditControl(cast("EditApp", app))


def stages_of(app: FakeApp) -> StageControl:
    return StageControl(cast("StageApp", app))


def test_a_change_goes_through_the_reducer_onto_the_screen_and_to_a_save(
    team_session: Session,
) -> None:
    app = FakeApp(team_session)
    assert edits_of(app).change("action.added", {"id": "a1", "text": "Write the runbook"})
    assert app.session is app.live.session and app.session.actions[0].text == "Write the runbook"
    assert app.saves == 1 and app.told == []


def test_a_refused_change_says_why_and_saves_nothing(team_session: Session) -> None:
    app = FakeApp(team_session)
    assert not edits_of(app).change("person.added", {"id": "p1", "name": "Maya again"})
    assert app.saves == 0 and app.session is team_session
    assert app.told[0].startswith("That change was not made:")


def test_read_only_nothing_is_changed_one_at_a_time_or_many(team_session: Session) -> None:
    app = FakeApp(team_session, read_only=True)
    edits = edits_of(app)
    assert not edits.change("action.added", {"id": "a1", "text": "x"})
    assert not edits.change_many([("action.added", {"id": "a1", "text": "x"})])
    assert not edits.change_many([])
    assert app.told == ["This session is open read-only: nothing can be changed."] * 2
    assert app.saves == 0 and app.live.session is team_session


def test_undo_and_redo_say_what_they_did(team_session: Session) -> None:
    app = FakeApp(team_session)
    edits = edits_of(app)
    edits.undo()
    edits.redo()
    assert app.told == ["Nothing to undo.", "Nothing to redo."] and app.saves == 0
    app.told.clear()
    edits.change("action.added", {"id": "a1", "text": "Write the runbook"})
    edits.undo()
    assert app.session is not None and app.session.actions == []
    edits.redo()
    assert app.session is not None and len(app.session.actions) == 1
    assert [words.split(":")[0] for words in app.told] == ["Undone", "Redone"]
    assert "Write the runbook" in app.told[0] and app.saves == 3


def on_stage(session: Session, stage_id: str) -> Session:
    """`session` with the room on `stage_id`."""
    return session.model_copy(
        update={"session": session.session.model_copy(update={"stage": stage_id})}
    )


def test_moving_on_and_back_stops_at_the_ends_of_the_agenda(team_session: Session) -> None:
    ids = [stage.id for stage in team_session.stages]
    app = FakeApp(on_stage(team_session, ids[1]))
    stages_of(app).next()
    stages_of(app).previous()
    assert [(type_, data["stage"]) for type_, data in app.changes] == [
        ("stage.entered", ids[2]),
        ("stage.entered", ids[0]),
    ]
    app = FakeApp(on_stage(team_session, ids[0]))
    stages_of(app).previous()
    assert app.changes == [] and app.told == ["This is the first stage."]
    app = FakeApp(on_stage(team_session, ids[-1]))
    stages_of(app).next()
    assert app.changes == [] and app.told == ["This is the last stage."]


def test_the_stage_here_is_the_rooms_in_a_live_session(team_session: Session) -> None:
    app = FakeApp(team_session)
    assert stages_of(app).here() == team_session.session.stage
    app.session = None
    assert stages_of(app).here() == ""
