"""Toasts that never pile up: a new one replaces the last of its kind, and only a few show."""

from __future__ import annotations

from typing import Any

from textual.notifications import Notification, Notify, SeverityLevel

MAX_TOASTS = 3
"""The most toasts shown at once: more would climb over a dialog's buttons."""


def _kind(toast: Notification) -> tuple[str, str]:
    """Toasts of one kind replace each other: the same title and severity."""
    return (toast.title, toast.severity)


class ToastCap:
    """A mixin for the app: at most `MAX_TOASTS` toasts show, and one of each kind.

    Pressing undo five times, or stepping through a replay, used to stack five toasts that
    covered a dialog's buttons. `notify` makes the notification itself (as Textual's does) and
    keeps it; when one is replaced or pushed out, the toasts are cleared and the ones kept are
    told again with the time they had left. Public API only.
    """

    _toasts: list[Notification] | None = None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        app: Any = self
        if timeout is None:
            timeout = app.NOTIFICATION_TIMEOUT
        toast = Notification(message, title, severity, timeout, markup=markup)
        shown = [t for t in (self._toasts or []) if not t.has_expired]
        kept = [t for t in shown if _kind(t) != _kind(toast)][-(MAX_TOASTS - 1) :]
        if len(kept) == len(shown):
            self._toasts = [*shown, toast]
            app.post_message(Notify(toast))
            return
        # Start again: every toast so far expires (one still on its way then never shows),
        # and the ones kept are told again as new toasts with the time they had left.
        again = [
            Notification(t.message, t.title, t.severity, t.time_left, markup=t.markup) for t in kept
        ]
        for old in shown:
            old.timeout = 0
        app.clear_notifications()
        self._toasts = [*again, toast]
        for fresh in self._toasts:
            app.post_message(Notify(fresh))
