"""The app never writes what it will not read, nor where it should not (issue 13, the file side):
a session at the size limit is refused with a message, exports never go through a link or over
another's file, a second window through a link is read-only, a backup folder does not stop saves,
and `forming notes` does not spin on a hostile file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.store import GENERATED_MARK, SessionLock, read_session, writing
from tests.conftest import settle
from tui.app import FormingApp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.export import export_choice, write_charter
from tui.dialogs.pick import PickDialog
from tui.screens.stage import StageScreen


def notices(app) -> str:
    """Every notification the app has shown, title and message, one per line."""
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def concern(id_: str, text: str) -> dict[str, str]:
    return {"id": id_, "role": "data-scientist", "text": text, "origin": "team"}


LONG = "Retraining is triggered by drift in the weekly evaluation; " * 30


async def test_a_session_at_the_size_limit_is_refused_with_a_message_and_the_file_opens(
    app_on, team_session, monkeypatch
) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        # The limit set just above the file as it is: the next long text crosses it.
        monkeypatch.setattr(writing, "MAX_BYTES", path.stat().st_size + 1_000)
        assert app.change("concern.added", concern("k-big", LONG[:1_900]))
        await settle(app, pilot)
        assert app.save_state == "failed" and app.is_running
        told = notices(app)
        assert "grown past" in told and "ctrl+z" in told, told
        assert "Saved" not in str(app.screen.query_one("#status-save").render())
        on_disk = read_session(path)  # the last good file still opens
        assert all(item.id != "k-big" for item in on_disk.concerns)
        # Undoing the change brings the session back under the limit, and it saves again.
        app.action_undo()
        await settle(app, pilot)
        assert app.save_state == "saved"
        read_session(path)


def charter_link(app, victim: Path) -> Path:
    link = app.session_path.with_suffix(".charter.md")
    link.symlink_to(victim)
    return link


async def test_an_export_never_writes_through_a_link(app_on, team_session, tmp_path) -> None:
    victim = tmp_path / "authorized_keys"
    victim.write_text("ssh-ed25519 AAAA precious\n")
    app = app_on(team_session, "wrapup")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        link = charter_link(app, victim)
        # ctrl+e, then the first choice (the charter as Markdown), as a facilitator does.
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert victim.read_text() == "ssh-ed25519 AAAA precious\n"
        assert link.is_symlink()
        assert "never writes through a link" in notices(app)
        # The picture is written the same way: a link named like it is refused too.
        picture = app.session_path.with_name(f"{app.session_path.stem}.wrapup.svg")
        picture.symlink_to(victim)
        export_choice(app, "svg")
        await settle(app, pilot)
        assert victim.read_text() == "ssh-ed25519 AAAA precious\n"
        assert app.is_running


async def test_an_export_asks_before_replacing_a_file_forming_did_not_write(
    app_on, team_session
) -> None:
    app = app_on(team_session, "wrapup")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        target = app.session_path.with_suffix(".charter.md")
        target.write_text("Our own charter, written by hand.\n")
        assert write_charter(app, "md") is None
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert target.read_text() == "Our own charter, written by hand.\n"
        write_charter(app, "md")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert GENERATED_MARK in target.read_text()
        # Now it is Forming's own: the next export replaces it without asking.
        assert write_charter(app, "md") == target
        picture = app.session_path.with_name(f"{app.session_path.stem}.wrapup.svg")
        export_choice(app, "svg")
        await settle(app, pilot)
        assert GENERATED_MARK in picture.read_text() and picture.read_text().startswith("<svg")
        export_choice(app, "svg")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog)


async def test_a_second_window_through_a_link_is_offered_read_only(
    save_to, team_session, forming_home, tmp_path
) -> None:
    path = save_to(team_session)
    elsewhere = tmp_path / "shared-folder"
    elsewhere.mkdir()
    link = elsewhere / "our-session.toml"
    link.symlink_to(path)
    with SessionLock(path):
        app = FormingApp(start="open", path=link, folder=forming_home)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            question = app.screen.query_one("#confirm-question")
            assert "in another Forming window" in str(question.render())
            await pilot.press("y")
            await settle(app, pilot)
            assert app.read_only and isinstance(app.screen, StageScreen)


async def test_a_lock_file_that_is_a_folder_is_named_not_called_another_window(
    save_to, team_session, forming_home
) -> None:
    path = save_to(team_session)
    path.with_name(path.name + ".lock").mkdir()
    app = FormingApp(start="open", path=path, folder=forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        question = str(app.screen.query_one("#confirm-question").render())
        assert "session.toml.lock beside it is a folder" in question
        assert "another Forming window" not in question
        await pilot.press("y")
        await settle(app, pilot)
        assert app.read_only and isinstance(app.screen, StageScreen)


async def test_a_backup_folder_does_not_stop_saving_and_is_told_once(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        path.with_name(path.name + ".bak").mkdir()
        for n in range(2):
            assert app.change("concern.added", concern(f"k{n}", "Later"))
            await settle(app, pilot)
        assert app.save_state == "saved"
        assert len(read_session(path).concerns) == len(team_session.concerns) + 2
        told = notices(app)
        assert told.count("could not be kept as") == 1, told
        assert "a folder has that name" in told
        assert "a folder has the session file's name" not in told


async def test_a_session_file_replaced_by_a_folder_says_so(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        path.unlink()
        path.mkdir()
        assert app.change("concern.added", concern("k1", "Later"))
        await settle(app, pilot)
        assert app.save_state == "failed" and app.is_running
        told = notices(app)
        assert "never replaces a folder" in told and "Save a copy as" in told, told


@pytest.mark.parametrize("where", ["unknown key", "field"])
async def test_notes_do_not_spin_on_a_hostile_file(save_to, team_session, monkeypatch, where):
    from tui import notes

    path = save_to(team_session)
    big = "x" * 4_000_000
    text = path.read_text()
    if where == "unknown key":
        text = text.replace("[session]\n", f'hostile = "{big}"\n[session]\n', 1)
    else:
        text = text.replace("[session]\n", f'[session]\nfacilitator = "{big}"\n', 1)
    path.write_text(text)
    reads = []
    real = notes.read_session
    monkeypatch.setattr(notes, "read_session", lambda p: reads.append(p) or real(p))
    async with notes.NotesApp(path).run_test() as pilot:
        app = pilot.app
        await settle(app, pilot)
        assert "texts of at most" in app.problem
        for _ in range(5):
            app.poll_file()
            await settle(app, pilot)
        assert len(reads) == 1, "an unchanged file is never read again"
