"""The facilitator's app as the room's host: participants' changes go through the app's session."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from sessions.model import Session
from tui.room.host import Change

if TYPE_CHECKING:
    from tui.app import FormingApp


class AppHost:
    """Hands participants' changes to the app, on its own event loop, and waits for the save."""

    def __init__(self, app: FormingApp) -> None:
        self.app = app

    def current(self) -> Session | None:
        app = self.app
        if app.live is None or app.replay is not None:
            return None
        return app.live.session

    async def submit(self, build: Callable[[Session], Change]) -> str | None:
        app = self.app
        if app.live is None or app.read_only or app.replay is not None:
            return "the facilitator's session is not open for changes"
        # Built and applied with no await in between: on the app's loop, nothing else changes
        # the session meanwhile, so the event fits the state it was built from.
        type_, data = build(app.live.session)
        problem = app.room_change(type_, data)
        if problem is not None:
            return problem
        revision = app.live.revision
        if not await asyncio.to_thread(app.save_through, revision):
            return "the facilitator's laptop could not save it; try again in a moment"
        return None
