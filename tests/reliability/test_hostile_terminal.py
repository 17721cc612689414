"""Hostile text never reaches the terminal as commands, and never becomes a clickable action.

The installed `forming` runs in a real pseudo-terminal on a session file whose people, roles,
concerns, parking items, needs, stage goals and team name hold every HOSTILE string raw; the
test visits every stage and reads every byte the app writes. Escape sequences from the file
must arrive as harmless visible text, never as OSC 52 (clipboard), OSC 8 (links), clear-screen
or reset commands, nor as raw C1 control characters.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from textual.widgets import DataTable

from sessions.store import parse_session, read_session
from tests.reliability.hostile import hostile_document
from tui.app import FormingApp
from tui.screens.stage import StageScreen

FORMING = Path(sys.executable).parent / "forming"

STAGE_TITLES = [
    "Purpose and setup",
    "Who is here",
    "Role mapping",
    "What each role owns",
    "Each other's concerns",
    "What we need from each other",
    "Agree the dev process",
    "One team, one backlog",
    "Actions and close",
]

# Escape sequences, so what is left is the text a person sees.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[PX^_][\s\S]*?\x1b\\"  # DCS, SOS, PM, APC
    rb"|\x1b[@-Z\\-_]|\x1b[ -/][@-~]"  # two and three byte escapes
)
_OSC8 = re.compile(rb"\x1b\]8;[^\x07\x1b]*;([^\x07\x1b]*)(?:\x07|\x1b\\)")


class Terminal:
    """A program on a pseudo-terminal of a fixed size; every byte it writes is kept."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.master = master
        self.output = bytearray()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)

    def _read(self, timeout: float) -> bool:
        """Read what is waiting; return False once the program has closed the terminal."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the other side is closed
            return False
        self.output += chunk
        return bool(chunk)

    def visible(self) -> str:
        """The text written so far, escape sequences removed."""
        return _ESCAPES.sub(b"", bytes(self.output)).decode("utf-8", errors="replace")

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        """Read until `text` has been shown; fail with the tail of the screen if it never is."""
        deadline = time.monotonic() + timeout
        while text not in self.visible():
            assert time.monotonic() < deadline, f"{text!r} never shown:\n{self.visible()[-2000:]}"
            assert self._read(0.1) or text in self.visible(), "the app closed the terminal"

    def send(self, keys: bytes) -> None:
        """Type bytes into the terminal."""
        os.write(self.master, keys)

    def wait_exit(self, timeout: float = 30.0) -> int:
        """Read everything until the program exits, and return its exit code."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        while self._read(0.05):  # what is still in the terminal's buffer
            pass
        return self.process.wait(timeout=max(deadline - time.monotonic(), 1.0))

    def close(self) -> None:
        """Stop the program if it is still running, and close the terminal."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        os.close(self.master)


@pytest.mark.skipif(not FORMING.exists(), reason="needs the installed forming command")
def test_hostile_file_in_a_real_terminal_sends_no_commands(
    tmp_path, forming_home, fresh_session
) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(hostile_document(fresh_session), encoding="utf-8")
    parse_session(path.read_bytes())  # the file opens: the model cleans what it holds
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "FORMING_HOME": str(forming_home),
        "FORMING_CONFIG": str(forming_home / "config.toml"),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
    }
    term = Terminal([str(FORMING), "open", str(path)], env, size=(120, 40))
    try:
        term.wait_for(STAGE_TITLES[0], timeout=60)
        for title in STAGE_TITLES[1:]:
            term.send(b"\x0e")  # ctrl+n
            term.wait_for(title)
        term.send(b"\x11")  # ctrl+q
        code = term.wait_exit()
    finally:
        term.close()
    out = bytes(term.output)
    text = out.decode("utf-8", errors="replace")
    visible = term.visible()

    assert code == 0, visible[-2000:]
    assert "Traceback" not in visible
    # No clipboard write, screen clear or reset ever reaches the terminal.
    assert b"\x1b]52" not in out
    assert b"\x1b[2J" not in out
    assert b"\x1bc" not in out
    # Links: none carries an address from the file.
    targets = b" ".join(_OSC8.findall(out))
    assert b"evil" not in targets, targets
    # No 8-bit C1 controls (CSI, OSC, NEL), no bidi overrides, no stray BEL, NUL or DEL.
    for char in ("\x9b", "\x9d", "\x85", "\u202e", "\u2066", "\x00", "\x7f"):
        assert char not in text, repr(char)
    assert b"\x07" not in _ESCAPES.sub(b"", out), "BEL outside an escape sequence"
    # The hostile escape sequences arrive as harmless text, exactly as cleaned.
    for shown in ("]52;c;SGVsbG8=", "[2J", "]8;;http://evil\\click]8;;\\"):
        assert shown in visible, shown
        assert f"\x1b{shown}".encode() not in out
    # Markup-like names are shown literally.
    for name in ("[bold]x", "[@click=app.quit]x[/]", "[red]unclosed", "［full-width］", "[[]]"):
        assert name in visible, name
    assert session_unchanged_but_for_time(path)


def session_unchanged_but_for_time(path: Path) -> bool:
    """The file still opens after the visit, its hostile names cleaned and in place."""
    session = read_session(path)
    names = [person.name for person in session.people]
    return "[bold]x" in names and all("\x1b" not in name for name in names)


async def test_click_markup_in_names_creates_no_action(save_to, fresh_session, forming_home):
    session = parse_session(hostile_document(fresh_session, stage="roster"))
    team = "[bold]Team[/] ]52;c;SGVsbG8= [@click=app.quit]q[/]"
    assert session.session.team == team, "the file's team name, its controls removed"
    path = save_to(session)
    app = FormingApp(start="open", path=path, folder=forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StageScreen) and app.screen.STAGE_ID == "roster"
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
        row = names.index("[@click=app.quit]x[/]")
        table.move_cursor(row=row)
        await pilot.pause()
        # Click on the name in the table, and on the click-markup in the status bar's team name.
        target_y = row + 1 - table.scroll_offset.y
        assert 0 < target_y < table.region.height
        assert await pilot.click(DataTable, offset=(2, target_y))
        await pilot.pause()
        if not isinstance(app.screen, StageScreen):  # a click on a row may open its form
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running and app.return_code is None, "a click ran an action from a name"
        status = app.screen.query_one("#status-where")
        assert str(status.render()).startswith(team)
        assert await pilot.click("#status-where", offset=(1 + team.index("[@click") + 2, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None, "a click ran an action from a name"
