"""Remembered preferences: read safely, written atomically, and the command line wins."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sessions.folder import sessions_folder
from sessions.preferences import Preferences, config_path, read_preferences, remember


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return config_path()


def test_the_config_file_follows_the_environment(tmp_path: Path) -> None:
    # conftest points FORMING_CONFIG at the test's own folder: no test touches a real one.
    assert config_path() == tmp_path / "forming-config" / "config.toml"


def test_nothing_remembered_without_a_file(config: Path) -> None:
    assert read_preferences() == (Preferences(), None)


def test_remember_and_read_back(config: Path) -> None:
    assert remember(theme="projector-light") is None
    assert remember(folder="/srv/workshops") is None
    assert read_preferences() == (Preferences("projector-light", "/srv/workshops"), None)
    assert "projector-light" in config.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content",
    [b"theme = ", b"\xff\xfe", b"theme = 3\nfolder = [1]", b"a = " + b"[" * 5000, b"x" * 70_000],
)
def test_a_broken_file_is_ignored_with_a_reason(config: Path, content: bytes) -> None:
    config.parent.mkdir(parents=True)
    config.write_bytes(content)
    preferences, problem = read_preferences()
    assert preferences == Preferences()
    if content.startswith(b"theme = 3"):
        assert problem is None  # readable, but no usable value: nothing remembered
    else:
        assert problem and str(config) in problem


def test_a_broken_file_is_not_written_over(config: Path) -> None:
    """A hand edit with a typo is left for its author to mend, never replaced by a new file."""
    config.parent.mkdir(parents=True)
    config.write_bytes(b'theme = "projector-light\nfolder = "/srv"\n')
    problem = remember(theme="forming-dark")
    assert problem is not None and str(config) in problem and "not changed" in problem
    assert config.read_bytes() == b'theme = "projector-light\nfolder = "/srv"\n'


def test_remember_replaces_a_link_instead_of_writing_through_it(
    config: Path, tmp_path: Path
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    config.parent.mkdir(parents=True)
    config.symlink_to(precious)
    assert remember(theme="forming-light") is None
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert not config.is_symlink()
    assert read_preferences()[0].theme == "forming-light"


def test_a_folder_that_cannot_be_written_is_said_not_raised(config: Path) -> None:
    config.parent.parent.mkdir(parents=True, exist_ok=True)
    config.parent.write_text("a file where the folder should be", encoding="utf-8")
    problem = remember(theme="forming-light")
    assert problem and "could not remember" in problem


def test_the_remembered_folder_comes_after_dir_and_forming_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remembered = tmp_path / "remembered"
    remember(folder=str(remembered))
    assert sessions_folder(tmp_path / "given") == tmp_path / "given"
    assert sessions_folder() == Path(os.environ["FORMING_HOME"])
    monkeypatch.delenv("FORMING_HOME")
    assert sessions_folder() == remembered
