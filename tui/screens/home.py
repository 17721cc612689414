"""The home screen: the sessions in the sessions folder, newest first, and a way to start one."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from sessions.text import shorten
from tui.screens.stage import FormingScreen, TooSmall
from tui.widgets.chrome import EmptyState, KeysFooter
from tui.widgets.tables import RecordTable


def shown_path(path: Path) -> str:
    """`path` as the room reads it best: under the user's home folder, from `~`."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def check_in_numbers(summaries: list[Any]) -> dict[Path, str]:
    """Name each follow-up in the list by its place after the first workshop: `check-in 2`.

    A follow-up carries its team's name, so without this mark the home list shows two rows
    that read alike. One whose earlier session is not in the folder is just `follow-up`.
    """
    by_id = {s.session_id: s for s in summaries if getattr(s, "session_id", "")}
    marks: dict[Path, str] = {}
    for summary in summaries:
        if not getattr(summary, "follows_id", None):
            continue
        depth, current, seen = 0, summary, set()
        while current is not None and current.follows_id and current.session_id not in seen:
            seen.add(current.session_id)
            depth += 1
            current = by_id.get(current.follows_id)
        marks[summary.path] = f"check-in {depth}" if current is not None else "follow-up"
    return marks


HOME_TITLE = "Forming: help a new cross-functional team form"
"""The home screen's title."""

UP_FRONT_FILES = 12
"""At most this many session files are read before the home screen's first frame (a year of
monthly follow-ups); more are read after it, off the UI thread."""
UP_FRONT_BYTES = 512 * 1024
"""Nor any file larger than this (twice a full day's workshop). Reading one full day's summary
costs about 2.5 ms of CPU, so the first frame waits about 30 ms at most (docs/performance.md)."""


def _up_front(paths: list[Path]) -> bool:
    """Whether the session files `paths` are few and small enough to list before the first
    frame."""
    try:
        return len(paths) <= UP_FRONT_FILES and all(
            p.stat().st_size <= UP_FRONT_BYTES for p in paths
        )
    except OSError:
        return False


class HomeScreen(FormingScreen):
    """Sessions in the sessions folder: open, start, delete, or try the demo."""

    CSS_PATH = "home.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_session", "New", tooltip="Start a new session", id="home-new"),
        Binding(
            "enter,o",
            "open_session",
            "Open",
            tooltip="Open the highlighted session",
            id="home-open",
        ),
        Binding("m", "demo", "Demo", tooltip="Open a copy of the example session", id="home-demo"),
        Binding(
            "d,delete",
            "delete_session",
            "Delete",
            tooltip="Move the highlighted session to the trash folder",
            id="home-delete",
        ),
        Binding(
            "r",
            "refresh",
            "Refresh",
            show=False,
            tooltip="Read the folder again",
            id="home-refresh",
        ),
        Binding("f1", "app.help", "Help", tooltip="Keys", id="home-help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[Path] = []
        self._listing = 0
        """Counts readings of the folder, so a slow reading never overwrites a newer one."""

    def compose(self) -> ComposeResult:
        # The terminal's size classes are set before the children exist: set once they are
        # mounted (`on_mount`), a class that changes restyles every widget on the screen.
        self._fit(*self.app.size)
        yield TooSmall()
        with Vertical(id="home"):
            # The product, not one kind of team: the list holds sessions of every pack (the
            # bundled ones form an MLOps team or a data platform team).
            yield Label(HOME_TITLE, id="home-title")
            yield Label("", id="home-folder", markup=False)
            # Every column in view: long team names and stage titles wrap rather than push
            # the file's name off the screen; a long file name is shortened on its line (a
            # name wrapped mid-word reads as several), and shown whole below for the
            # highlighted row.
            yield RecordTable(
                ["Team", "Stage", "People", "Last change", "File"],
                shortened={"File"},
                id="sessions",
            )
            yield Label("", id="home-file", markup=False)
            yield EmptyState(
                "No sessions here yet. Press n to start one, or m to open the example "
                "session and see a whole workshop.",
                id="home-empty",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(RecordTable).focus()
        if self.app.screen is self:
            from sessions.folder import session_files

            self._listing += 1
            folder = self._folder()
            paths = session_files(folder) if isinstance(folder, Path) else []
            if isinstance(folder, Path) and not _up_front(paths):
                # Many or large files: the first frame comes first, and the files are read
                # off the UI thread. A screen shown over this one before it is mounted
                # leaves the list to `go_home`.
                self.call_after_refresh(self._read_sessions, self._listing)
            else:
                # A few small files are read now, so the first frame shows the whole list.
                self._show_sessions(*self._list(folder, paths), self._listing)

    @property
    def folder(self) -> Path:
        """The sessions folder."""
        from sessions.folder import sessions_folder

        return sessions_folder(self.forming.folder)

    def _folder(self) -> Path | Exception:
        from sessions.errors import SessionFileError

        try:
            return self.folder
        except (OSError, SessionFileError) as error:
            return error

    def _list(
        self, folder: Path | Exception | None = None, paths: list[Path] | None = None
    ) -> tuple[Path | Exception, list[Any]]:
        # No pydantic: the summaries are read without the session model (see `list_sessions`).
        from sessions.store import list_sessions

        folder = self._folder() if folder is None else folder
        if isinstance(folder, Exception):
            return folder, []
        return folder, list_sessions(folder, paths)

    @work(thread=True, group="home-sessions", exit_on_error=False)
    def _read_sessions(self, listing: int) -> None:
        folder, summaries = self._list()
        # The app may be closing by now (ctrl+q at once): then nobody needs the list.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._show_sessions, folder, summaries, listing)

    def refresh_sessions(self) -> None:
        """Read the sessions folder again and redraw the list."""
        self._listing += 1
        self._show_sessions(*self._list(), self._listing)

    def _show_sessions(self, folder: Path | Exception, summaries: list[Any], listing: int) -> None:
        if listing != self._listing or not self.is_attached:
            return
        if isinstance(folder, Exception):
            reason = getattr(folder, "strerror", None) or folder
            self.query_one("#home-folder", Label).update(
                f"Cannot read the sessions folder: {reason}"
            )
        else:
            self.query_one("#home-folder", Label).update(f"Sessions folder: {shown_path(folder)}")
        table = self.query_one(RecordTable)
        rows = []
        self.paths = []
        rounds = check_in_numbers(summaries)
        for summary in summaries:
            when = summary.updated_at.strftime("%Y-%m-%d %H:%M") if summary.updated_at else ""
            if summary.error:
                cells: list[Any] = [
                    Text("⚠ cannot be read"),
                    Text(shorten(summary.error, 60)),
                    Text(""),
                    Text(""),
                    Text(summary.path.name),
                ]
            else:
                team = Text(summary.team)
                if summary.path in rounds:
                    team.append(f"  ↻ {rounds[summary.path]}", style="dim")
                cells = [
                    team,
                    Text(summary.stage_title),
                    Text(str(summary.people)),
                    Text(when),
                    Text(summary.path.name),
                ]
            rows.append((str(summary.path), cells))
            self.paths.append(summary.path)
        table.show_rows(rows)
        self.set_class(not summaries, "-empty")
        self._show_file()

    def _show_file(self) -> None:
        """Name the highlighted row's file in full, under the list (the folder is above it)."""
        path = self._highlighted()
        self.query_one("#home-file", Label).update(f"File: {path.name}" if path is not None else "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_file()

    def _highlighted(self) -> Path | None:
        table = self.query_one(DataTable)
        if not self.paths or table.cursor_row < 0 or table.cursor_row >= len(self.paths):
            return None
        return self.paths[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_session()

    def action_open_session(self) -> None:
        """Open the highlighted session."""
        path = self._highlighted()
        if path is not None:
            self.forming.open_session(path)

    def action_refresh(self) -> None:
        """Read the folder again."""
        self.refresh_sessions()

    def action_demo(self) -> None:
        """Open a fresh copy of the example session."""
        from tui.startup import DemoError, prepare_demo

        try:
            path = prepare_demo(self.folder)
        except DemoError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.forming.open_session(path)

    def action_new_session(self, team: str | None = None) -> None:
        """Ask for the team's details and start a new session."""
        # When asked: not before the first frame.
        from tui.dialogs.fields import detail_fields
        from tui.dialogs.form import CheckedFormDialog, Field

        fields = [
            *detail_fields(team=team),
            Field(
                "pack",
                self._pack_label(),
                value=self.forming.pack_source or "",
                required=False,
                placeholder="mlops",
            ),
            Field(
                "empty",
                "Start empty: no suggested concerns, gates, steps or meetings "
                "(t pulls them in later, stage by stage)",
                kind="bool",
                required=False,
                value=False,
            ),
        ]
        # A pack that does not load keeps the form open with the problem under its field, so
        # the team's name and purpose are not typed again.
        dialog = CheckedFormDialog("New session", fields, check=self._pack_problem, submit="Start")
        self.app.push_screen(dialog, self._create)

    def _pack_problem(self, values: dict[str, Any]) -> tuple[str, str] | None:
        """Return ("pack", what is wrong and what to do) when the chosen pack does not load."""
        from content.loader import PackError, load_pack

        try:
            load_pack(values.get("pack") or self.forming.pack_source)
        except PackError as error:
            return "pack", f"{error}\nFix the pack and press Enter again, or clear this field."
        return None

    def _pack_label(self) -> str:
        """Name the pack a new session will use, so the facilitator sees it before starting."""
        pack = self.forming.pack
        in_use = f"{pack.meta.name} {pack.meta.version}" if pack is not None else "none loaded"
        return (
            f"Content pack, in use: {in_use}. Change it with a folder, "
            "or a bundled pack: mlops, data-platform"
        )

    def _create(self, values: dict[str, Any] | None) -> None:
        if not values:
            return
        from content.loader import PackError, load_pack
        from sessions.errors import SessionFileError
        from sessions.start import new_session
        from sessions.store import create_session_file

        source = values.get("pack") or self.forming.pack_source
        try:
            pack = load_pack(source)
        except PackError as error:
            self.notify(
                str(error), title="Content pack refused", severity="error", markup=False, timeout=20
            )
            return
        session = new_session(
            pack,
            team=values["team"],
            product=values.get("product") or "",
            purpose=values.get("purpose") or "",
            org_size=values.get("org_size") or "small",
            facilitator=values.get("facilitator") or "",
            suggestions=not values.get("empty"),
        )
        try:
            path, lock, _ = create_session_file(session, self.folder)
        except (SessionFileError, OSError) as error:
            self.notify(
                str(error),
                title="Cannot create the session",
                severity="error",
                markup=False,
                timeout=20,
            )
            return
        self.forming.show_session(session, path, lock=lock)

    def action_delete_session(self) -> None:
        """Move the highlighted session to the trash folder, after asking."""
        path = self._highlighted()
        if path is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            from sessions.store import move_to_trash

            try:
                target = move_to_trash(path)
            except OSError as error:
                self.notify(
                    f"Could not delete {path.name}: {error.strerror or error}",
                    severity="error",
                    markup=False,
                )
                return
            self.notify(f"Moved {path.name} to {target.parent}", markup=False)
            self.refresh_sessions()

        from tui.dialogs.confirm import ConfirmDialog

        self.app.push_screen(
            ConfirmDialog(
                f"Delete the session in {path.name}? It is moved to the trash folder inside "
                "the sessions folder, where you can still recover it.",
                title="Delete session",
                yes="Delete",
                no="Keep",
            ),
            confirmed,
        )
