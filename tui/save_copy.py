"""Keeping work that cannot be saved where it lives: "Save a copy as…", and asking first.

When the disk is full, the folder refuses writes, another program changed the file, or another
window holds it, the session stays in memory and the facilitator can save it somewhere else;
the copy then becomes the file Forming saves to. Nothing here closes the app or drops work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from sessions.errors import FileChanged, FolderInTheWay, SessionFileError, SessionTooLarge
from tui.forming import Forming

if TYPE_CHECKING:
    from sessions.host import SessionHost
    from tui.timer_control import TimerControl

SAVE_COPY_TITLE = "Save a copy as…"
"""The command palette's name for saving the session somewhere else."""

SAVE_COPY_HINT = f"ctrl+p, then {SAVE_COPY_TITLE}"
"""How notifications tell the facilitator to reach it."""


@runtime_checkable
class SaveApp(Forming, Protocol):
    """What saving on the facilitator's word needs of the app, beyond what screens read."""

    timer_control: TimerControl

    @property
    def host(self) -> SessionHost | None: ...

    def flush_save(self) -> None: ...

    def refresh_bindings(self) -> None: ...


def _backup_name(path: Path | None) -> str:
    """The name the store keeps the previous version of the session file at `path` under."""
    from sessions.store import backup_path

    return backup_path(path).name if path is not None else "a backup beside it"


def save_failure(error: Exception) -> tuple[str, bool]:
    """Return what to tell the room about a failed save, and whether the file was changed.

    Any exception is turned into words: a save must never close the app.
    """
    if isinstance(error, FileChanged):
        name = error.path.name if error.path else "The session file"
        return (
            f"{name} was changed by another program since Forming last saved it, so it was "
            "not overwritten. Your work is kept in memory. Press ctrl+s to overwrite that "
            f"file (its version is kept as {_backup_name(error.path)}), or keep both: "
            f"{SAVE_COPY_HINT}.",
            True,
        )
    if isinstance(error, SessionTooLarge):
        # A copy elsewhere would be just as large: undoing is what gets the room saving again.
        return (
            f"{error}.\nYour latest change is kept on screen but not saved. Undo it (ctrl+z) "
            "to save again; to carry on with this team, start a follow-up session from this "
            "file (forming new --from FILE), which keeps its people, roles and agreements.",
            False,
        )
    if isinstance(error, FolderInTheWay):
        return (
            f"{error}.\nYour work is kept in memory: save it under another name with "
            f"{SAVE_COPY_HINT}.",
            False,
        )
    if isinstance(error, SessionFileError):
        reason = str(error)
    else:
        reason = f"could not save ({type(error).__name__}: {error})"
    return (
        f"{reason}\nYour work is kept in memory. Press ctrl+s to try again, or save it "
        f"somewhere else: {SAVE_COPY_HINT}.",
        False,
    )


def tell_save_note(app: Forming, note: str) -> None:
    """Tell the room, once per cause, what it should know about a save that worked."""
    if note and note != app.save_note:
        app.notify(
            f"{note}. Remove or rename what has that name to keep backups again.",
            title="Saved, without a backup",
            severity="warning",
            markup=False,
            timeout=20,
        )
    app.save_note = note


def copy_target(text: str, team: str) -> Path:
    """Return where a copy typed as `text` goes: a folder gets a new file named for the team.

    Raises `ValueError` saying what to type instead when the place cannot take a copy.
    """
    from sessions.store import session_filename

    text = text.strip().strip("\"'")
    if not text:
        raise ValueError("Type a folder, or a file name ending in .toml.")
    target = Path(text).expanduser()
    if target.is_dir():
        return session_filename(team, target)
    if target.suffix.lower() != ".toml":
        target = target.with_name(target.name + ".toml")
    if not target.parent.is_dir():
        raise ValueError(f"The folder {target.parent} does not exist.")
    if target.exists() or target.is_symlink():
        raise ValueError(
            f"There is already a file at {target}; type another name, or just a folder."
        )
    return target


def ask_for_copy(app: SaveApp) -> None:
    """Ask where to save a copy of the session, then save it there."""
    from tui.dialogs.form import Field, FormDialog

    if app.wait_for_history() is None or app.session is None:
        return
    here = app.session_path.parent if app.session_path else Path.home()

    def chosen(values: dict[str, Any] | None) -> None:
        if values:
            save_copy(app, values["path"])

    app.push_screen(
        FormDialog(
            SAVE_COPY_TITLE,
            [
                Field(
                    "path",
                    "Folder or file to save the session in (it then saves there)",
                    kind="text",
                    value=str(here),
                )
            ],
            submit="Save copy",
        ),
        chosen,
    )


def save_copy(app: SaveApp, where: str) -> bool:
    """Save the live session at `where`, lock it, and make it the file Forming saves to."""
    from sessions.store import create_session_file

    live = app.wait_for_history()
    if live is None:
        return False
    try:
        target = copy_target(where, live.session.session.team)
        target, lock, stamp = create_session_file(live.session, path=target)
    except (ValueError, SessionFileError, OSError) as error:
        app.notify(
            str(error), title="Not saved as a copy", severity="error", markup=False, timeout=20
        )
        return False
    # The copy becomes the file Forming saves to (unless the session was closed meanwhile).
    if app.host is None:
        lock.release()
    else:
        app.host.use_copy(target, lock, stamp)
        app.save_state = "saved"
        app.refresh_bindings()  # the editing keys come back
    app.notify(
        f"Saved a copy as {target}. Forming now saves your changes there.",
        title="Copy saved",
        markup=False,
        timeout=15,
    )
    return True


def ask_to_overwrite(app: Forming, overwrite: Callable[[], None]) -> None:
    """Ask before overwriting a file another program changed; `overwrite` runs on yes."""
    from tui.dialogs.confirm import ConfirmDialog

    name = app.session_path.name if app.session_path else "The session file"

    def answer(yes: bool | None) -> None:
        if yes:
            overwrite()

    app.push_screen(
        ConfirmDialog(
            f"{name} was changed by another program since Forming saved it. Overwrite it with "
            f"the session on screen? Its version is kept as {_backup_name(app.session_path)}. "
            "To keep both instead, "
            f"choose No, then {SAVE_COPY_HINT}.",
            title="The file was changed",
            yes="Overwrite",
            no="No",
        ),
        answer,
    )


def ask_to_leave_unsaved(app: Forming, leave: Callable[[], None]) -> None:
    """Ask before closing a session whose latest changes are not saved; `leave` runs on yes."""
    from tui.dialogs.confirm import ConfirmDialog

    reason = (app.last_save_error or "the last save failed").splitlines()[0]

    def answer(yes: bool | None) -> None:
        if yes:
            leave()

    app.push_screen(
        ConfirmDialog(
            f"Your latest changes are NOT SAVED: {reason}\n"
            f"Stay and keep them in memory, then save them somewhere else ({SAVE_COPY_HINT}), "
            "or leave without them.",
            title="Not saved",
            yes="Leave without saving",
            no="Stay",
        ),
        answer,
    )


def save_now(app: SaveApp) -> None:
    """Save now (ctrl+s); over a file another program changed, ask first."""
    if app.wait_for_history() is None or app.host is None:
        return
    host = app.host
    if app.read_only:
        app.notify("Read-only: this session is not saved.", markup=False)
        return
    if host.file_changed:

        def overwrite() -> None:
            """Save over a file another program changed, as the facilitator chose."""
            if app.host is not None:
                app.host.overwrite_next()
            app.flush_save()

        ask_to_overwrite(app, overwrite)
        return
    app.timer_control.log()
    host.last_error = ""  # pressed on purpose: a failure is told again
    app.flush_save()
    if app.save_state == "saved":
        app.notify(f"Saved to {app.session_path}", markup=False)


def unsaved_asked(app: SaveApp, leave: Callable[[], None]) -> bool:
    """Try to save; if that fails, ask before `leave` drops the work, and return True."""
    if app.wait_for_history() is None or app.read_only:
        return False
    app.timer_control.log()
    app.flush_save()
    if app.save_state != "failed":
        return False
    ask_to_leave_unsaved(app, leave)
    return True
