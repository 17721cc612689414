"""A session being edited: every change recorded as an event, with undo and redo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sessions.events import NOT_UNDOABLE, EventError, make_event, preview, record
from sessions.ids import reused_id_replacement
from sessions.model import Event, Session


class LiveSession:
    """The session the app edits, with its undo and redo stacks.

    The app never changes the model itself: it calls `change` with an event type and data, and
    the reducer makes the next session. Undo takes the last undoable event off the timeline and
    re-applies the navigation and timing events that came after it; redo records it again.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._undo: list[tuple[int, Session, int]] = []
        """For each undoable change: its index in the timeline, the state before it, and how
        many events it made (more than one for changes recorded together by `change_many`).

        The state is kept without its timeline, which is the current timeline up to the
        index: each kept copy of a 10,000-event timeline would cost 80 KB per change.
        """
        self._redo: list[list[Event]] = []
        self.revision = 0
        """Counts changes, so a saver can tell whether the file is behind."""

    def change(self, type_: str, data: dict[str, Any], at: datetime | None = None) -> Session:
        """Record one change and return the new session; raise `EventError` if it does not fit."""
        event = make_event(self.session, type_, data, at)
        updated = record(self.session, event)
        if type_ not in NOT_UNDOABLE:
            before = self.session.model_copy(update={"timeline": []})
            self._undo.append((len(self.session.timeline), before, 1))
            self._redo.clear()
        self.session = updated
        self.revision += 1
        return updated

    def change_many(
        self, changes: Sequence[tuple[str, dict[str, Any]]], at: datetime | None = None
    ) -> Session:
        """Record several undoable changes as one: a single undo takes them all back.

        All are recorded or none: the first that does not fit raises `EventError` and the
        session is left as it was (a pasted roster of forty people is one change to the room).
        """
        session = self.session
        for type_, data in changes:
            session = record(session, make_event(session, type_, data, at))
        if not changes:
            return session
        before = self.session.model_copy(update={"timeline": []})
        self._undo.append((len(self.session.timeline), before, len(changes)))
        self._redo.clear()
        self.session = session
        self.revision += 1
        return session

    @property
    def can_undo(self) -> bool:
        """Whether there is a change to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone change to do again."""
        return bool(self._redo)

    def undo(self) -> Event | None:
        """Undo the last change and return its event, or `None` when there is nothing to undo."""
        if not self._undo:
            return None
        index, before, count = self._undo.pop()
        timeline = self.session.timeline
        undone = timeline[index : index + count]
        session = before.model_copy(update={"timeline": timeline[:index]})
        # Navigation and timing that happened after the undone change still happened.
        for later in timeline[index + count :]:
            try:
                session = record(session, make_event(session, later.type, later.data, later.at))
            except EventError:
                continue
        self.session = session
        self._redo.append(undone)
        self.revision += 1
        return undone[0]

    def redo(self) -> Event | None:
        """Do the last undone change again and return its new event, or `None`."""
        if not self._redo:
            return None
        undone = self._redo.pop()
        updated = self.session
        events = []
        try:
            for old in undone:
                events.append(make_event(updated, old.type, old.data))
                updated = record(updated, events[-1])
        except EventError:
            self._redo.clear()
            return None
        before = self.session.model_copy(update={"timeline": []})
        self._undo.append((len(self.session.timeline), before, len(undone)))
        self.session = updated
        self.revision += 1
        return events[0]

    def take_history(self, whole: Session) -> dict[str, str]:
        """Put the changes made on the state alone on top of `whole`, the session with its
        history; return the ids given anew (old id -> new id).

        Before its history is read, a session marked with `ids_used` is changed from its
        state (see `SessionHost`): its timeline then holds only those changes. Each is
        recorded again after the history (its `seq` follows on), the undo stack follows it,
        and a new item whose id the history had used after all (a mark edited by hand, or
        left behind by an older Forming) gets a new one, in that change and every later one.
        """
        early = self.session.timeline
        session = whole
        befores: list[Session] = []
        where: list[int] = []
        renames: dict[str, str] = {}
        for event in early:
            befores.append(session.model_copy(update={"timeline": []}))
            where.append(len(session.timeline))
            data = _renamed(event.data, renames) if renames else event.data
            item_id = data.get("id")
            if event.type.endswith(".added") and isinstance(item_id, str):
                fresh = reused_id_replacement(session, event.type.removesuffix(".added"), item_id)
                if fresh is not None:
                    renames[item_id] = fresh
                    data = _renamed(data, renames)
            try:
                session = record(session, make_event(session, event.type, data, event.at))
            except EventError:
                continue  # as an undo does with a later change that no longer fits
        self._undo = [(where[i], befores[i], n) for i, _before, n in self._undo]
        if renames:
            self._redo = [
                [e.model_copy(update={"data": _renamed(e.data, renames)}) for e in events]
                for events in self._redo
            ]
        self.session = session
        self.revision += 1
        return renames

    def preview(self, type_: str, data: dict[str, Any]) -> Session:
        """Return the session a change would make, without recording it."""
        return preview(self.session, type_, data)


def _renamed(value: Any, renames: dict[str, str]) -> Any:
    """Return `value` (event data) with every string equal to a key of `renames` replaced."""
    if isinstance(value, str):
        return renames.get(value, value)
    if isinstance(value, dict):
        return {renames.get(k, k): _renamed(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(item, renames) for item in value]
    return value
