"""The room in the app: opened on loopback, participants over HTTP, what the projector shows."""

from __future__ import annotations

import socket

import httpx
import pytest
from textual.widgets import DataTable, Input

from tests.conftest import fill, rendered, saved, settle
from tests.room.conftest import PRE, csrf_of
from tests.tui.concern_steps import notices, pick, rows
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.room.screen import RoomScreen
from tui.screens.concerns import ConcernsScreen

pytestmark = pytest.mark.asyncio


async def join_over_http(url: str, code: str, person: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=url)
    pre = PRE.search((await client.get("/")).text).group(1)
    await client.post("/join", data={"pre": pre, "code": code})
    answer = await client.post("/join", data={"pre": pre, "code": code, "person": person})
    assert answer.status_code == 303, answer.text
    return client


def refused(port: int) -> bool:
    """Whether nothing listens on loopback `port` (a connection attempt is refused)."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


async def test_the_room_end_to_end_on_loopback(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.room.server is None
        assert await app.room.open("127.0.0.1", 0)
        await settle(app, pilot)
        server = app.room.server
        assert server is not None
        assert isinstance(app.screen, RoomScreen)
        url, code, port = server.address.url, server.keys.code, server.address.port
        assert url in rendered(app, "#room-head") and code[:3] in rendered(app, "#room-head")
        assert "▀" in rendered(app, "#room-qr") or "▄" in rendered(app, "#room-qr")

        await pilot.press("w")
        await pick(app, pilot, "*")
        await settle(app, pilot)
        assert app.session.activity.kind == "writing"
        jonas = await join_over_http(url, code, "p2")
        priya = await join_over_http(url, code, "p3")
        for client, texts in ((jonas, ["GPU quota", "Flaky data"]), (priya, ["Feature drift"])):
            csrf = csrf_of(await client.get("/"))
            for n, text in enumerate(texts):
                form = {"csrf": csrf, "sub": f"{text}{n}", "role": "data-scientist", "text": text}
                assert (await client.post("/card", data=form)).status_code == 303
        await settle(app, pilot)
        progress = rendered(app, "#room-progress")
        assert "2 of 5 have joined" in progress
        assert "3 cards written" in progress and "Jonas Berg 2" in progress
        assert "GPU" not in progress, "the projector shows counts, never the cards"
        on_disk = saved(app.session_path)
        cards = [(c.author, c.text, c.masked) for c in on_disk.concerns if c.via == "room"]
        assert cards == [
            ("p2", "GPU quota", True),
            ("p2", "Flaky data", True),
            ("p3", "Feature drift", True),
        ]
        # On the concerns stage, the cards are hidden until the reveal.
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConcernsScreen)
        room_ids = {c.id for c in app.session.concerns if c.via == "room"}
        assert not room_ids & {key for key, *_ in rows(app)}, "hidden cards are not rows"
        hidden = rendered(app, "#hidden")
        assert hidden.startswith(
            "▒ 3 cards hidden until revealed, by 2 people: Jonas Berg 2 · Priya Raman 1"
        )
        assert "GPU" not in hidden
        await pilot.press("f9")
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert not any(c.masked for c in saved(app.session_path).concerns)

        # The dot vote: each person's own budget.
        await pilot.press("d")
        await settle(app, pilot)
        ids = [c.id for c in app.session.concerns if c.via == "room"]
        csrf = csrf_of(await jonas.get("/"))
        vote = {"csrf": csrf, f"dots-{ids[0]}": "3", f"dots-{ids[1]}": "2"}
        assert (await jonas.post("/dots", data=vote)).status_code == 303
        csrf = csrf_of(await priya.get("/"))
        vote = {"csrf": csrf, f"dots-{ids[0]}": "3", f"dots-{ids[2]}": "3"}
        assert (await priya.post("/dots", data=vote)).status_code == 422, "over her budget"
        vote = {"csrf": csrf, f"dots-{ids[0]}": "2", f"dots-{ids[2]}": "3"}
        assert (await priya.post("/dots", data=vote)).status_code == 303
        await settle(app, pilot)
        assert "2 of 5 have voted" in rendered(app, "#room-progress")
        assert all(c.votes == 0 for c in app.session.concerns if c.via == "room")
        await pilot.press("r")
        await settle(app, pilot)
        votes = {c.id: c.votes for c in saved(app.session_path).concerns}
        assert [votes[i] for i in ids] == [5, 2, 3]
        assert "The vote, revealed" in rendered(app, "#room-results")
        assert "The vote" in (await priya.get("/")).text

        # Closing the room ends every token, and nothing listens.
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        assert app.room.server is None
        assert refused(port)
        # Opened again, the room knows none of the old tokens.
        before = app.session_path.read_bytes()
        assert await app.room.open("127.0.0.1", port)
        assert (await jonas.get("/state")).status_code == 403
        form = {"csrf": csrf, "role": "data-scientist", "text": "late"}
        assert (await jonas.post("/card", data=form)).status_code == 403
        assert app.session_path.read_bytes() == before
        await app.room.close()
        await jonas.aclose()
        await priya.aclose()


async def test_quitting_closes_the_room(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert await app.room.open("127.0.0.1", 0)
        port = app.room.server.address.port
        assert not refused(port)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert refused(port)


async def test_a_taken_port_is_a_clear_message(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            told = notices(app)
            assert not await app.room.open("127.0.0.1", port)
            assert app.room.server is None
            assert any(f"Port {port} is taken" in message for message in told)


async def test_private_ballots_typed_in_turn_without_a_network(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        told = notices(app)
        app.change("settings.updated", {"set": {"vote_budget": 3, "vote_cap": 2}})
        app.room.show_panel()
        await settle(app, pilot)
        assert "nothing listens" in rendered(app, "#room-head")
        await pilot.press("d", "b")
        await pick(app, pilot, "p2")
        form = app.screen
        assert isinstance(form, FormDialog)
        first, second = (c.id for c in app.session.concerns[:2])
        assert form.query_one(f"#field-{first}", Input).password, "typed ballots are hidden"
        await fill(app, pilot, {first: "2", second: "2"})
        await settle(app, pilot)
        assert any("budget of 3" in message for message in told)
        assert app.session.ballots == []
        await pilot.press("b")
        await pick(app, pilot, "p2")
        await fill(app, pilot, {first: "2", second: "1"})
        await settle(app, pilot)
        ballots = [(b.person, b.concern, b.dots, b.via) for b in saved(app.session_path).ballots]
        assert ballots == [("p2", first, 2, None), ("p2", second, 1, None)]
        assert "1 of 5 have voted" in rendered(app, "#room-progress")


async def test_received_is_said_only_once_the_change_is_on_disk(
    app_on, team_session, monkeypatch
) -> None:
    import time

    import sessions.store

    real_save = sessions.store.save_session

    def slow_disk(*args, **kwargs):
        time.sleep(0.3)  # a slow disk: the answer must still wait for the save
        return real_save(*args, **kwargs)

    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.change("activity.opened", {"kind": "fist"})
        await settle(app, pilot)
        monkeypatch.setattr(sessions.store, "save_session", slow_disk)
        assert await app.room.open("127.0.0.1", 0)
        server = app.room.server
        client = await join_over_http(server.address.url, server.keys.code, "p2")
        csrf = csrf_of(await client.get("/"))
        answer = await client.post("/fist", data={"csrf": csrf, "score": "3"})
        assert answer.status_code == 303
        vote = saved(app.session_path).confidence
        assert [(v.person, v.score) for v in vote] == [("p2", 3)]
        await client.aclose()
        await app.room.close()


async def test_f9_over_a_dialog_opens_nothing_above_it(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")  # the parking-lot form
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen is dialog and app.room.server is None
        await pilot.press("escape")
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog) and "room" in app.screen.form_title.lower()


async def test_scores_from_the_room_show_as_hidden_on_the_wrapup_stage(
    app_on, team_session
) -> None:
    from tui.room.mode import ROOM_REDRAW_S
    from tui.screens.wrapup import WrapupScreen

    app = app_on(team_session, "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, WrapupScreen)
        app.change("activity.opened", {"kind": "fist"})
        assert app.room.change("fist.given", {"person": "p2", "score": 5, "via": "room"}) is None
        assert app.session.confidence[0].masked, "the session is current at once"
        await pilot.pause(ROOM_REDRAW_S + 0.2)  # the stage redraws within ROOM_REDRAW_S
        table = app.screen.query_one("#vote-table", DataTable)
        cells = [str(getattr(c, "plain", c)) for c in table.get_row_at(1)]
        assert cells == ["Jonas Berg", "▒ given, hidden until revealed"]
        await app.workers.wait_for_complete()
