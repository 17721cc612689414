"""Export from inside the app: the charter (Markdown or HTML) or a picture of the screen (SVG)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.dialogs.pick import PickDialog

if TYPE_CHECKING:
    from tui.app import FormingApp


EXPORT_FORMATS = [
    ("Charter as Markdown (.md), for the team's repository", "md"),
    ("Charter as HTML (.html), to print or share", "html"),
    ("This screen as a picture (.svg)", "svg"),
]


def export_dialog() -> PickDialog:
    """Return the dialog that asks what to write."""
    return PickDialog("Export", EXPORT_FORMATS)


def export_choice(app: FormingApp, choice: str) -> None:
    """Write what was chosen in the export dialog, beside the session file."""
    if choice == "svg":
        # Wait for the dialog to leave the screen, so the picture shows only the stage.
        app.call_after_refresh(save_screen_picture, app)
    else:
        write_charter(app, choice)


def save_screen_picture(app: FormingApp) -> Path | None:
    """Save an SVG picture of the current screen beside the session file."""
    if app.session_path is None:
        return None
    stage = app.session.session.stage if app.session else "screen"
    target = app.session_path.with_name(f"{app.session_path.stem}.{stage}.svg")
    try:
        target.write_text(app.export_screenshot(title="Forming"), encoding="utf-8")
    except OSError as error:
        app.notify(
            f"Could not write {target}: {error.strerror or error}.",
            title="Picture not saved",
            severity="error",
            markup=False,
        )
        return None
    app.notify(f"Picture of the screen saved to {target}", title="Exported", markup=False)
    return target


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
