"""Errors about session files, each naming the file and where in it the problem lies."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_LINE_COLUMN = re.compile(r"^line (\d+), column (\d+)$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a session file, and where it is."""

    where: str
    """`"line 3, column 8"` for a TOML error, a field path such as `people[2].share`, or `""`."""
    reason: str
    """What is wrong, in plain words."""

    def render(self, path: Path | None = None) -> str:
        """Return the problem as one line: `returns.toml:3:8: Invalid value` and the like."""
        name = path.name if path is not None else ""
        at = _LINE_COLUMN.match(self.where)
        if at:
            place = f"{at[1]}:{at[2]}"
            return f"{name}:{place}: {self.reason}" if name else f"{self.where}: {self.reason}"
        parts = [part for part in (name, self.where, self.reason) if part]
        return ": ".join(parts)


def _problems(problems: Problem | str | Iterable[Problem]) -> list[Problem]:
    if isinstance(problems, Problem):
        return [problems]
    if isinstance(problems, str):
        return [Problem("", problems)]
    return list(problems) or [Problem("", "the file could not be read")]


class SessionFileError(Exception):
    """A session file that cannot be read or written; `str()` gives one line per problem."""

    def __init__(
        self, problems: Problem | str | Iterable[Problem], path: Path | str | None = None
    ) -> None:
        self.problems: list[Problem] = _problems(problems)
        """Everything wrong, in file order where that is known."""
        self.path: Path | None = Path(path) if path is not None else None
        """The file the problems are about, when there is one."""
        super().__init__(self.problems, self.path)

    def lines(self) -> list[str]:
        """Return one line per problem, each starting with the file's name."""
        return [problem.render(self.path) for problem in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


class SessionInUse(SessionFileError):
    """The session is open for editing elsewhere: its lock is held by another editor."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            Problem(
                "",
                "is already open for editing in another Forming window; "
                "close it there, or open this one read-only (replay or export)",
            ),
            path,
        )
        # Keep the exception picklable: its constructor takes the path alone.
        self.args = (self.path,)


class SaveError(SessionFileError):
    """A save failed; the previous version of the file is left as it was."""


class FileChanged(SaveError):
    """The file on disk is no longer the one Forming last read or saved, so it was not written.

    Another program (a sync client, git, an editor, a colleague's copy) replaced or edited it
    while the session was open; overwriting it without asking could lose their work.
    """

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            Problem(
                "",
                "not saved: the file was changed by another program since Forming last saved "
                "it, so it was left as it is",
            ),
            path,
        )
        # Keep the exception picklable: its constructor takes the path alone.
        self.args = (self.path,)


class SessionTooLarge(SaveError):
    """The session has grown past the size a session file may have, so it was not written.

    Forming never writes a file it would refuse to read: the last saved version stays.
    """


class FolderInTheWay(SaveError):
    """A folder now stands where the session file was, and a save never replaces a folder."""


class WriteRefused(SessionFileError):
    """Forming would not write a file there: a link, a folder, or a file it did not write."""


class NotWrittenByForming(WriteRefused):
    """A file is already there and Forming did not write it: it is replaced only when asked."""
