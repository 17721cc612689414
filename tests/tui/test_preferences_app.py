"""The app remembers a theme chosen in it and a folder given with --dir; the command line wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.preferences import read_preferences, remember
from tests.conftest import settle
from tui.app import FormingApp
from tui.cli import main


async def test_a_theme_chosen_in_the_app_is_remembered(forming_home: Path) -> None:
    app = FormingApp(start="home", folder=forming_home, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert read_preferences()[0].theme is None  # starting is not choosing
        app.theme = "projector-light"
        await settle(app, pilot)
        assert read_preferences()[0].theme == "projector-light"
        app.theme = "forming-dark"  # back to the first one: that is a choice too
        await settle(app, pilot)
        assert read_preferences()[0].theme == "forming-dark"


async def test_a_preferences_file_that_cannot_be_used_is_said_at_start(
    forming_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sessions.preferences import config_path

    config = config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_bytes(b"theme = ")
    told: list[str] = []
    app = FormingApp(start="home", folder=forming_home, theme="forming-dark")
    monkeypatch.setattr(app, "notify", lambda message, **_: told.append(message))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
    assert [message for message in told if str(config) in message]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Path | None]]:
    """Run `forming` up to the app's start and record its theme and folder instead of running."""
    seen: list[tuple[str, Path | None]] = []

    def run(self: FormingApp, *args, **kwargs) -> int:
        seen.append((self.theme, self.folder))
        return 0

    monkeypatch.setattr(FormingApp, "run", run)
    return seen


def test_the_remembered_theme_is_used_and_the_command_line_wins(started) -> None:
    remember(theme="projector-dark")
    assert main([]) == 0
    assert main(["--theme", "forming-light"]) == 0
    assert [theme for theme, _ in started] == ["projector-dark", "forming-light"]
    assert read_preferences()[0].theme == "projector-dark"  # --theme is not remembered


def test_a_remembered_theme_forming_no_longer_knows_is_ignored(started) -> None:
    remember(theme="no-such-theme")
    assert main([]) == 0
    assert started[0][0] == "forming-dark"


def test_a_folder_given_with_dir_is_remembered(
    started, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORMING_HOME")
    chosen = tmp_path / "workshops"
    assert main(["--dir", str(chosen)]) == 0
    assert read_preferences()[0].folder == str(chosen.resolve())
    assert main([]) == 0
    assert started[-1][1] == chosen
