"""`forming diff`, `forming notes` and `forming new --from` from the command line: read only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sessions.followup import follow_up
from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import save_session
from tests.conftest import doc_example, forming

LATER = datetime(2027, 2, 26, 9, 0, tzinfo=UTC)


def snapshot(*paths: Path) -> list[tuple[bytes, int]]:
    """Each file's bytes and modification time, to prove nothing wrote to it."""
    return [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths]


@pytest.fixture
def pair(tmp_path: Path, team_session: Session) -> tuple[Path, Path]:
    """Session A and its follow-up B, where one person left, one joined and a share moved."""
    live = LiveSession(follow_up(team_session, at=LATER))
    live.change("person.removed", {"id": "p5"}, at=LATER)
    live.change("person.added", {"id": "p6", "name": "Ana [red]Costa"}, at=LATER)
    live.change("assignment.added", {"person": "p6", "role": "data-engineer", "share": 50})
    live.change(
        "assignment.updated", {"person": "p2", "role": "data-engineer", "set": {"share": 20}}
    )
    live.change("role.updated", {"id": "platform-engineer", "set": {"name": "ML platform"}})
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    save_session(team_session, a)
    save_session(live.session, b)
    return a, b


def test_diff_of_a_file_with_itself_says_no_changes(pair: tuple[Path, Path]) -> None:
    a, _ = pair
    for fmt in ("text", "md"):
        result = forming("diff", str(a), str(a), "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert result.stdout == "No changes: the two sessions hold the same agreements.\n"


def test_diff_names_people_and_roles_that_differ(pair: tuple[Path, Path]) -> None:
    a, b = pair
    before = snapshot(a, b)
    result = forming("diff", str(a), str(b))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "+ joined: Ana [red]Costa" in out
    assert "- left: Lena Fischer" in out
    assert "~ share: Jonas Berg: Data engineer 40% → 20%" in out
    assert "~ renamed: Platform / ML engineer → ML platform" in out
    assert "\x1b" not in out
    md = forming("diff", str(a), str(b), "--format", "md")
    assert md.returncode == 0, md.stderr
    assert "## People" in md.stdout
    assert "Ana \\[red\\]Costa" in md.stdout
    assert "- \\- left: Lena Fischer" in md.stdout
    assert snapshot(a, b) == before
    assert not list(a.parent.glob("*.bak")) and not list(a.parent.glob("*.lock"))


def test_diff_works_on_the_hand_written_example(tmp_path: Path) -> None:
    a, b = tmp_path / "fraud signals.toml", tmp_path / "fraud signals later.toml"
    a.write_text(doc_example(), encoding="utf-8")
    b.write_text(
        doc_example()
        .replace('name = "Raj Patel"', 'name = "Raj Patel-Shah"')
        .replace('checks = ["Model risk sign-off", "Load test passed"]', 'checks = ["Load test"]'),
        encoding="utf-8",
    )
    before = snapshot(a, b)
    same = forming("diff", str(a), str(a))
    assert same.returncode == 0 and same.stdout.startswith("No changes")
    result = forming("diff", str(a), str(b))
    assert result.returncode == 0, result.stderr
    # Both files are the same session (same id), so the same person id with a new name is a
    # rename, and what Raj holds is not reported as changed.
    assert "~ renamed: Raj Patel → Raj Patel-Shah" in result.stdout
    assert "~ changed: Book the process walkthrough" not in result.stdout
    assert "= still open: Book the process walkthrough (owner Raj Patel-Shah" in result.stdout
    assert "+ check added: Development → Production: Load test" in result.stdout
    assert "- check removed: Development → Production: Model risk sign-off" in result.stdout
    assert snapshot(a, b) == before


@pytest.mark.parametrize("broken", [b"not = = toml\n", b"", b'format = "forming.session"\n'])
def test_broken_file_exits_1_naming_it_without_traceback(
    tmp_path: Path, pair: tuple[Path, Path], broken: bytes
) -> None:
    a, _ = pair
    bad = tmp_path / "broken file.toml"
    bad.write_bytes(broken)
    before = snapshot(a, bad)
    for command in (
        ["diff", str(a), str(bad)],
        ["diff", str(bad), str(a), "--format", "md"],
        ["validate", str(bad)],
        ["notes", str(bad)],
    ):
        result = forming(*command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert bad.name in result.stderr
        assert result.stdout == ""
    assert snapshot(a, bad) == before


def test_missing_file_exits_1(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    a, _ = pair
    for command in (["diff", str(a), str(tmp_path / "nope.toml")], ["notes", str(tmp_path)]):
        result = forming(*command)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr and result.stderr.strip()


def test_new_from_a_broken_file_exits_1_before_the_app(tmp_path: Path, forming_home) -> None:
    bad = tmp_path / "old.toml"
    bad.write_text("schema = 1\n", encoding="utf-8")
    result = forming("new", "--from", str(bad))
    assert result.returncode == 1
    assert "old.toml" in result.stderr and "Traceback" not in result.stderr
    assert list(forming_home.iterdir()) == []


def test_usage_errors_exit_2(pair: tuple[Path, Path]) -> None:
    a, _ = pair
    assert forming("diff", str(a)).returncode == 2
    assert forming("diff", str(a), str(a), "--format", "html").returncode == 2
    assert forming("notes").returncode == 2
    for command in (["diff"], ["notes"], ["new"]):
        result = forming(*command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout
    assert "--from" in forming("new", "--help").stdout


def test_a_follow_up_runs_the_check_in_of_the_pack_the_session_was_run_with() -> None:
    """Without --pack, a data-platform session's follow-up ran the mlops check-in, and one run
    with a pack of the facilitator's own ran it too, silently, whatever that pack said."""
    from tui.launch import follow_up_pack

    assert follow_up_pack("data-platform", None) == ("data-platform", None)
    assert follow_up_pack("mlops", None) == (None, None)
    assert follow_up_pack("bank-model-risk", "./bank-pack") == ("./bank-pack", None)
    assert follow_up_pack("bank-model-risk", "mlops") == ("mlops", None)
    source, problem = follow_up_pack("bank-model-risk", None)
    assert source is None and problem is not None
    assert "'bank-model-risk'" in problem and "--pack DIR" in problem


def test_new_from_a_session_of_an_unshipped_pack_asks_for_its_folder(
    tmp_path: Path, forming_home
) -> None:
    from content import load_pack
    from sessions.start import new_session

    session = new_session(load_pack("mlops"), team="Fraud", session_id="s")
    info = session.session.model_copy(update={"pack": "bank-model-risk"})
    session = session.model_copy(update={"session": info})
    old = tmp_path / "fraud.toml"
    save_session(session, old)
    result = forming("new", "--from", str(old))
    assert result.returncode == 1
    assert "fraud.toml: this session was run with the content pack 'bank-model-risk'" in (
        result.stderr
    )
    assert "--pack DIR" in result.stderr and "Traceback" not in result.stderr
    assert list(forming_home.iterdir()) == []


def test_diff_links_a_long_chain_through_the_files_beside_it(
    tmp_path: Path, team_session: Session
) -> None:
    """A → X → Y → B: what X finished is told as finished, read from X's file beside A."""
    first = LiveSession(team_session)
    first.change("action.added", {"id": "a1", "text": "Book the walkthrough"}, at=LATER)
    x = LiveSession(follow_up(first.session, at=LATER))
    x.change("action.updated", {"id": "a1", "set": {"done": True}}, at=LATER)
    y = follow_up(x.session, at=LATER)
    paths = [tmp_path / f"{name}.toml" for name in ("a", "x", "y", "b")]
    for path, session in zip(
        paths, (first.session, x.session, y, follow_up(y, at=LATER)), strict=True
    ):
        save_session(session, path)
    before = snapshot(*paths)
    result = forming("diff", str(paths[0]), str(paths[3]))
    assert result.returncode == 0, result.stderr
    assert "B follows A through 2 sessions between them." in result.stdout
    assert "~ completed: Book the walkthrough (in " in result.stdout
    assert "removed: Book the walkthrough" not in result.stdout
    assert snapshot(*paths) == before
