"""End to end: the installed `forming` in a real terminal (tmux), driven by keys like a person."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from sessions.store import read_session

TMUX = shutil.which("tmux")
FORMING = Path(sys.executable).parent / "forming"

pytestmark = pytest.mark.skipif(
    TMUX is None or not FORMING.exists(), reason="needs tmux and the installed forming command"
)


class Terminal:
    """A tmux session running one command, read and typed into like a real terminal."""

    def __init__(self, command: list[str], env: dict[str, str], size=(100, 30)) -> None:
        self.name = f"forming-{uuid.uuid4().hex[:8]}"
        # A server of its own per terminal: on the shared default server, one test's last
        # session closing stops the server while another test's new-session is connecting to
        # it ("server exited unexpectedly").
        # The socket lives in a short directory of its own (a socket path has a ~100 byte
        # limit, too short for pytest's tmp_path) that close() removes.
        self.socket_dir = tempfile.mkdtemp(prefix="fm-tmux-")
        assert TMUX is not None
        self.tmux = [TMUX, "-S", str(Path(self.socket_dir) / "s")]
        exports = " ".join(f"{key}={value}" for key, value in env.items())
        script = f"env {exports} {' '.join(command)}; echo FORMING-EXIT=$?; sleep 60"
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                script,
            ],
            check=True,
        )

    def screen(self) -> str:
        """The text on the terminal now."""
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Poll the screen until `text` appears; fail with the screen if it never does."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared. Screen:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 20.0) -> str:
        """Poll the screen until `text` is no longer on it."""
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while text in screen and time.monotonic() < deadline:
            time.sleep(0.1)
            screen = self.screen()
        assert text not in screen, f"{text!r} never went away. Screen:\n{screen}"
        return screen

    def keys(self, *keys: str) -> None:
        """Press keys (tmux key names, such as C-n or Enter)."""
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        """Type text literally."""
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)
        shutil.rmtree(self.socket_dir, ignore_errors=True)


@pytest.fixture
def terminal_env(forming_home: Path) -> dict[str, str]:
    return {
        "FORMING_HOME": str(forming_home),
        "FORMING_CONFIG": str(forming_home / "config.toml"),
        "TERM": "xterm-256color",
    }


def test_create_session_add_people_and_roles_quit_and_check_file(terminal_env, forming_home):
    term = Terminal([str(FORMING), "new", "--team", "'E2E Team'"], terminal_env)
    try:
        term.wait_for("New session")
        term.keys("Enter")
        term.wait_gone("New session")
        term.wait_for("Purpose and setup")
        term.keys("C-n")
        term.wait_for("Who is here")
        for name in ("Ada [lead]", "Grace"):
            term.keys("a")
            term.wait_for("Add a person")
            term.type(name)
            term.wait_for(name)
            term.keys("Enter")
            term.wait_gone("Add a person")
            term.wait_for(name)
        term.keys("C-n")
        term.wait_for("Coverage")
        term.keys("Enter")
        term.wait_for("Ada [lead] as")
        term.keys("C-u")
        term.wait_for("0 to 100")
        term.type("60")
        term.wait_gone("0 to 100")
        term.keys("Enter")
        term.wait_gone("Ada [lead] as")
        term.wait_for("60%")
        term.keys("C-q")
        term.wait_for("FORMING-EXIT=0")
    finally:
        term.close()
    session = read_session(forming_home / "e2e-team.toml")
    assert [p.name for p in session.people] == ["Ada [lead]", "Grace"]
    assert [(a.person, a.role, a.share) for a in session.assignments] == [
        ("p1", "data-scientist", 60)
    ]
    assert session.session.stage == "roles"


def test_demo_shows_the_agenda_and_broken_file_has_no_traceback(terminal_env, tmp_path):
    term = Terminal([str(FORMING), "demo"], terminal_env, size=(120, 40))
    try:
        term.wait_for("Actions and close")
        term.wait_for("Returns Forecast")
        term.keys("C-q")
        term.wait_for("FORMING-EXIT=0")
    finally:
        term.close()
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 'forming.session'\nschema = [[[\n", encoding="utf-8")
    term = Terminal([str(FORMING), "open", str(broken)], terminal_env)
    try:
        screen = term.wait_for("FORMING-EXIT=1")
        assert "broken.toml" in screen and "Traceback" not in screen
    finally:
        term.close()


@pytest.mark.parametrize("size", [(40, 12), (20, 6)])
@pytest.mark.parametrize("exported", [False, True], ids=["plain", "stale-COLUMNS-LINES"])
def test_tiny_terminals_never_show_a_traceback(terminal_env, size, exported):
    if exported:
        # A shell that exported the size it had at start must not pin the app to it.
        terminal_env = {**terminal_env, "COLUMNS": "120", "LINES": "40"}
    term = Terminal([str(FORMING), "demo"], terminal_env, size=size)
    try:
        term.wait_for("larger")
        term.keys("C-q")
        screen = term.wait_for("FORMING-EXIT=")
        assert "FORMING-EXIT=0" in screen and "Traceback" not in screen
    finally:
        term.close()
