"""A form's check that asks the reducer, so a form never repeats the reducer's rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessions.events import EventError, preview
from sessions.model import Session

Change = tuple[str, dict[str, Any]]
"""An event's type and data."""


def refused_by_reducer(
    session: Callable[[], Session],
    change: Callable[[dict[str, Any]], Change | None],
    *,
    where: str,
    wording: dict[str | None, str] | None = None,
) -> Callable[[dict[str, Any]], tuple[str, str] | None]:
    """Return a check (for `CheckedFormDialog`) that previews the change a form's values make.

    `change` turns the values into the event the form will record (`None`: nothing to check);
    the reducer refuses it or not (`sessions.events.preview`). A refusal is shown at the form's
    field it is about, else at `where`. `wording` gives the room's words (saying what to do)
    for a refusal about a field, or (key `None`) about no field of the form; others are shown
    in the reducer's own words.
    """
    words = wording or {}

    def check(values: dict[str, Any]) -> tuple[str, str] | None:
        event = change(values)
        if event is None:
            return None
        try:
            preview(session(), *event)
        except EventError as refusal:
            about = refusal.field if refusal.field in values else None
            reason = str(refusal)
            told = words.get(about) or reason[:1].upper() + reason[1:].rstrip(".") + "."
            return about or where, told
        return None

    return check
