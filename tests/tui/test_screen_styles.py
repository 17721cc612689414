"""Screens keep their styles in .tcss files beside them (live-reloaded by `textual run --dev`)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path, PurePath
from typing import Any

from textual.app import App
from textual.screen import Screen

import tui.screens
from tui.app import FormingApp

SCREENS_ELSEWHERE = ("tui.notes", "tui.room.screen")
"""Modules outside `tui.screens` that define whole screens (the notes window, the room panel)."""


def _screen_classes() -> list[type[Screen[Any]]]:
    """Every screen class defined in the `tui.screens` package, and the few defined elsewhere."""
    found: list[type[Screen[Any]]] = []
    names = [info.name for info in pkgutil.walk_packages(tui.screens.__path__, "tui.screens.")]
    for name in [*names, *SCREENS_ELSEWHERE]:
        module = importlib.import_module(name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Screen) and value.__module__ == module.__name__:
                found.append(value)
    return found


def _css_files(owner: type[App[Any]] | type[Screen[Any]]) -> list[Path]:
    paths = owner.CSS_PATH or []
    listed = [paths] if isinstance(paths, str | PurePath) else list(paths)
    return [Path(inspect.getfile(owner)).parent / path for path in listed]


def test_the_screens_are_found() -> None:
    names = {cls.__name__ for cls in _screen_classes()}
    assert {"StageScreen", "HomeScreen", "ProcessScreen", "WrapupScreen", "ChangesScreen"} <= names
    assert {"NotesScreen", "RoomScreen"} <= names


def test_screens_style_themselves_from_tcss_files_not_default_css() -> None:
    # DEFAULT_CSS is for reusable widgets: a screen's rules in a .tcss file reload live.
    inline = [cls.__name__ for cls in _screen_classes() if "DEFAULT_CSS" in vars(cls)]
    assert inline == []


def test_every_tcss_file_named_exists() -> None:
    owners: list[type[App[Any]] | type[Screen[Any]]] = [FormingApp, *_screen_classes()]
    missing = [path for owner in owners for path in _css_files(owner) if not path.is_file()]
    assert missing == []
    named = {path.resolve() for owner in owners for path in _css_files(owner)}
    # Each screen's .tcss beside it is loaded by the screen or the app: none lies unused.
    beside = set(Path(tui.screens.__file__).parent.rglob("*.tcss"))
    assert {path.resolve() for path in beside} <= named
