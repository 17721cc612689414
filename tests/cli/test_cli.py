"""The command line: validate and export read only, locate every problem, never show a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.store import save_session
from tests.conftest import HOSTILE, doc_example, forming


@pytest.fixture
def hand_written(tmp_path: Path) -> Path:
    path = tmp_path / "fraud signals.toml"
    path.write_text(doc_example(), encoding="utf-8")
    return path


def test_hand_written_file_validates_and_exports_untouched(hand_written: Path) -> None:
    before = hand_written.read_bytes()
    mtime = hand_written.stat().st_mtime_ns
    result = forming("validate", str(hand_written))
    assert result.returncode == 0, result.stderr
    assert "Fraud Signals" in result.stdout
    md = forming("export", str(hand_written))
    assert md.returncode == 0, md.stderr
    for name in ("Fraud Signals", "Ana Costa", "Raj Patel", "Model risk analyst", "Data scientist"):
        assert name in md.stdout
    out = hand_written.parent / "charter.html"
    html = forming("export", str(hand_written), "--format", "html", "-o", str(out))
    assert html.returncode == 0, html.stderr
    page = out.read_text(encoding="utf-8")
    assert "Fraud Signals" in page and "Ana Costa" in page and "<script" not in page
    assert hand_written.read_bytes() == before
    assert hand_written.stat().st_mtime_ns == mtime
    assert not list(hand_written.parent.glob("*.bak"))


def _broken_files() -> dict[str, bytes]:
    good = doc_example()
    return {
        "truncated": good[: len(good) // 2].encode(),
        "not-toml": b"this is not = = toml\n",
        "wrong-type": good.replace("availability = 50", 'availability = "half"').encode(),
        "unknown-schema": good.replace("schema = 1", "schema = 7").encode(),
        "dangling": good.replace(
            'person = "raj"\nrole = "model-risk"', 'person = "zed"\nrole = "model-risk"'
        ).encode(),
        "empty": b"",
        "bom": ("\ufeff" + good.replace("schema = 1", "schema = 'x'")).encode(),
        "binary": bytes(range(256)) * 4,
        "deep": b"a = " + b"[" * 5000,
        "percent": good.replace("share = 100", "share = 140").encode(),
    }


@pytest.mark.parametrize("name", sorted(_broken_files()))
def test_broken_files_exit_1_with_located_message(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_bytes(_broken_files()[name])
    for command in (["validate", str(path)], ["export", str(path)]):
        result = forming(*command)
        assert result.returncode == 1, (name, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert path.name in result.stderr
        assert result.stdout == ""
    located = {
        "not-toml": ":1:",
        "wrong-type": "people[1].availability",
        "dangling": "assignments[2].person",
        "percent": "share",
        "unknown-schema": "schema",
    }
    if name in located:
        assert located[name] in forming("validate", str(path)).stderr


def test_bom_alone_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(("\ufeff" + doc_example()).encode())
    assert forming("validate", str(path)).returncode == 0


def test_hostile_text_is_exported_literally_without_escape_bytes(tmp_path, team_session) -> None:
    from sessions.live import LiveSession

    live = LiveSession(team_session)
    for index, text in enumerate(HOSTILE):
        live.change("person.added", {"id": f"h{index}", "name": text[:80]})
    path = tmp_path / "hostile.toml"
    save_session(live.session, path)
    for fmt in ("md", "html"):
        result = forming("export", str(path), "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert "\x9b" not in result.stdout and "\x9d" not in result.stdout
    md = forming("export", str(path)).stdout
    assert "\\[bold\\]x" in md or "[bold]x" in md


def test_usage_errors_exit_2() -> None:
    assert forming("validate").returncode == 2
    assert forming("export", "x.toml", "--format", "pdf").returncode == 2
    result = forming("frobnicate")
    assert result.returncode == 2
    assert "--help" in result.stderr


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for target in (tmp_path / "nope.toml", tmp_path):
        result = forming("validate", str(target))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.strip()


def test_help_everywhere() -> None:
    for command in ([], ["validate"], ["export"], ["open"], ["new"], ["demo"]):
        result = forming(*command, "--help")
        assert result.returncode == 0
        assert "usage:" in result.stdout


def test_export_refuses_to_overwrite_the_session(hand_written: Path) -> None:
    before = hand_written.read_bytes()
    result = forming("export", str(hand_written), "-o", str(hand_written))
    assert result.returncode == 1
    assert hand_written.read_bytes() == before
