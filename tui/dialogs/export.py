"""Export the charter from inside the app: Markdown or HTML, written beside the session."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.dialogs.pick import PickDialog

if TYPE_CHECKING:
    from tui.app import FormingApp


EXPORT_FORMATS = [
    ("Markdown (.md), for the team's repository", "md"),
    ("HTML (.html), to print or share", "html"),
]


def export_dialog() -> PickDialog:
    """Return the dialog that asks which format to write."""
    return PickDialog("Export the charter", EXPORT_FORMATS)


def write_charter(app: FormingApp, fmt: str) -> Path | None:
    """Write the live session's charter beside its file and tell the room where it went."""
    from sessions.export import export_charter

    if app.session is None or app.session_path is None:
        return None
    target = app.session_path.with_suffix(f".charter.{fmt}")
    try:
        target.write_text(export_charter(app.session, fmt), encoding="utf-8")
    except OSError as error:
        app.notify(
            f"Could not write {target}: {error.strerror or error}.",
            title="Charter not written",
            severity="error",
            markup=False,
        )
        return None
    app.notify(f"Charter written to {target}", title="Exported", markup=False, timeout=8)
    return target
