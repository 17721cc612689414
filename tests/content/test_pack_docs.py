"""Packs anyone can write: the documented example, the pack check, and the second bundled pack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content import BUNDLED_PACK_IDS, load_pack
from sessions.live import LiveSession
from sessions.start import new_session
from sessions.store import read_session, save_session
from tests.conftest import FIXED, settle
from tui.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "content-packs.md"


def write_doc_example(folder: Path) -> Path:
    """Write the example pack of docs/content-packs.md into `folder`/bank-pack, as a reader does."""
    pack_dir = folder / "bank-pack"
    pack_dir.mkdir(parents=True)
    blocks = re.findall(r"```toml (\S+)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert {name for name, _ in blocks} == {"pack.toml", "roles.toml", "concerns.toml"}
    for name, body in blocks:
        (pack_dir / name).write_text(body, encoding="utf-8")
    return pack_dir


def test_the_documented_example_passes_the_check(tmp_path: Path, capsys) -> None:
    pack_dir = write_doc_example(tmp_path)
    assert main(["pack", "check", str(pack_dir)]) == 0
    out = capsys.readouterr().out
    assert "valid content pack 'bank-model-risk' 0.1.0" in out
    assert "Model risk analyst" in out
    # The summary the doc promises is the one the check prints.
    assert "4 stages,\n60 minutes" in DOC.read_text(encoding="utf-8")
    assert "4 stages, 60 minutes" in out
    assert main(["validate", "--pack", str(pack_dir)]) == 0


def test_the_documented_typo_is_reported_as_the_doc_says(tmp_path: Path, capsys) -> None:
    pack_dir = write_doc_example(tmp_path)
    roles = pack_dir / "roles.toml"
    text = roles.read_text(encoding="utf-8")
    roles.write_text(text.replace('name = "ML engineer"', 'nmae = "ML engineer"', 1), "utf-8")
    assert main(["pack", "check", str(pack_dir)]) == 1
    err = capsys.readouterr().err
    doc = DOC.read_text(encoding="utf-8")
    for line in (
        "bank-pack/roles.toml:12: roles[1].name: Required key is missing",
        "bank-pack/roles.toml:14: roles[1].nmae: Unknown key; did you mean 'name'?",
    ):
        assert line in err
        assert line in doc


def test_an_open_quote_is_reported_in_plain_words_with_its_line(tmp_path: Path, capsys) -> None:
    pack_dir = write_doc_example(tmp_path)
    concerns = pack_dir / "concerns.toml"
    text = concerns.read_text(encoding="utf-8")
    concerns.write_text(text.replace('no documentation."', "no documentation."), "utf-8")
    assert main(["pack", "check", str(pack_dir)]) == 1
    err = capsys.readouterr().err
    assert "bank-pack/concerns.toml:3:" in err
    assert "A quote is not closed before the end of the line" in err
    assert "Illegal character" not in err and "Traceback" not in err


def test_check_usage(tmp_path: Path, capsys) -> None:
    assert main(["pack", "check", str(tmp_path / "nowhere")]) == 1
    assert "No such directory" in capsys.readouterr().err
    assert main(["validate"]) == 2
    assert "forming validate --pack DIR" in capsys.readouterr().err
    assert main(["validate", "x.toml", "--pack", str(tmp_path)]) == 2


def test_the_check_says_whether_a_pack_has_a_check_in_agenda(tmp_path: Path, capsys) -> None:
    """A follow-up runs the pack's check-in agenda, or the whole agenda again without one:
    the check says which, so a pack author learns it before the team's first follow-up."""
    assert main(["pack", "check", "mlops"]) == 0
    assert "check-in: 8 stages, 70 minutes." in capsys.readouterr().out
    assert main(["pack", "check", str(write_doc_example(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "no check-in agenda (a follow-up runs the whole agenda again)." in out
    assert " ".join(out.split()) in " ".join(DOC.read_text(encoding="utf-8").split()).replace(
        "`bank-pack: valid", str(tmp_path / "bank-pack") + ": valid"
    )


@pytest.mark.parametrize("pack_id", BUNDLED_PACK_IDS)
def test_every_bundled_pack_checks_and_starts_a_session(pack_id: str, tmp_path: Path) -> None:
    assert main(["pack", "check", pack_id]) == 0
    pack = load_pack(pack_id)
    assert pack.meta.id == pack_id
    session = new_session(pack, team="Platform", at=FIXED, session_id="s")
    live = LiveSession(session)
    live.change("person.added", {"id": "p1", "name": "Ana", "availability": 100}, at=FIXED)
    role = session.roles[0].id
    live.change("assignment.added", {"person": "p1", "role": role, "share": 100}, at=FIXED)
    path = tmp_path / "s.toml"
    save_session(live.session, path)
    again = read_session(path)
    assert again.session.pack == pack_id
    assert [s.id for s in again.stages] == [s.id for s in pack.stages]


def test_a_folder_named_like_a_bundled_pack_wins(tmp_path: Path, monkeypatch) -> None:
    pack_dir = write_doc_example(tmp_path)
    pack_dir.rename(tmp_path / "data-platform")
    monkeypatch.chdir(tmp_path)
    assert load_pack("data-platform").meta.id == "bank-model-risk"


async def test_a_session_runs_on_the_documented_pack(tmp_path: Path, forming_home: Path) -> None:
    """A pack written from the doc alone, with a custom role, runs a session in the app."""
    from textual.widgets import Input

    from tui.app import FormingApp
    from tui.dialogs.form import FormDialog
    from tui.screens.discussion import DiscussionScreen

    pack_dir = write_doc_example(tmp_path)
    app = FormingApp(start="new", folder=forming_home, pack_source=str(pack_dir), team="Fraud")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)
        # The form names the pack a new session will use before the facilitator starts it.
        labels = " ".join(str(label.render()) for label in app.screen.query(".field-label"))
        assert "Model risk workshop 0.1.0" in labels
        assert app.screen.query_one("#field-pack", Input).value == str(pack_dir)
        await pilot.press("enter")
        await settle(app, pilot)
        session = app.session
        assert session is not None
        assert session.session.pack == "bank-model-risk"
        assert "model-risk-analyst" in [role.id for role in session.roles]
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(app, pilot)
        assert isinstance(app.screen, DiscussionScreen)
        assert app.screen.stage_id == "review-path"
        path = app.session_path
        assert path is not None
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert read_session(path).session.stage == "review-path"


async def test_a_discussion_stage_records_its_agreements_as_actions(
    tmp_path: Path, forming_home: Path
) -> None:
    """The doc says a discussion stage's agreements are captured as actions (and the example
    pack's notes ask for it): `a` there adds one, listed in the footer, saved to the file."""
    from tui.app import FormingApp
    from tui.dialogs.form import FormDialog
    from tui.screens.discussion import DiscussionScreen

    pack_dir = write_doc_example(tmp_path)
    app = FormingApp(start="new", folder=forming_home, pack_source=str(pack_dir), team="Fraud")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        app.enter_stage("review-path")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DiscussionScreen)
        assert "add_action" in {b.binding.action for b in screen.active_bindings.values()}
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Agree review lead times", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        path = app.session_path
        assert path is not None
        assert [a.text for a in read_session(path).actions] == ["Agree review lead times"]


async def test_a_refused_pack_keeps_the_new_session_form_and_what_was_typed(
    tmp_path: Path, forming_home: Path
) -> None:
    """A pack with a typo, chosen in the new-session form: the problem shows under the pack
    field, the form stays open with the team's name as typed, and the fixed pack starts."""
    from textual.widgets import Input, Label

    from tui.app import FormingApp
    from tui.dialogs.form import FormDialog

    pack_dir = write_doc_example(tmp_path)
    roles = pack_dir / "roles.toml"
    good = roles.read_text(encoding="utf-8")
    roles.write_text(good.replace('name = "ML engineer"', 'nmae = "ML engineer"', 1), "utf-8")
    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-team", Input).value = "Fraud Models"
        form.query_one("#field-pack", Input).value = str(pack_dir)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is form and app.session is None
        problem = str(form.query_one("#error-pack", Label).render())
        assert "roles.toml:14: roles[1].nmae: Unknown key" in problem
        assert form.query_one("#field-team", Input).value == "Fraud Models"
        roles.write_text(good, "utf-8")
        form.query_one("#field-team", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.session is not None
        assert app.session.session.team == "Fraud Models"
        assert app.session.session.pack == "bank-model-risk"
