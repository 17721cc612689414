"""A crowd votes at once over loopback: every vote lands in the file exactly once."""

from __future__ import annotations

import asyncio
import random

import httpx
import pytest

from sessions.live import LiveSession
from sessions.store import read_session
from tests.conftest import FIXED, settle
from tests.room.conftest import PRE, csrf_of

pytestmark = pytest.mark.asyncio

CROWD = 60
"""A full room, with the long runs (`-m slow`): each vote is read back from the file, so the
run grows with the square of the crowd."""
CROWD_IN_DEFAULT_RUN = 12
"""Enough for votes to arrive while others are being saved, in every run."""


def crowd_session(team_session, crowd: int):
    live = LiveSession(team_session)
    for n in range(crowd):
        live.change("person.added", {"id": f"q{n}", "name": f"Participant {n}"}, at=FIXED)
    live.change("settings.updated", {"set": {"vote_budget": 3, "vote_cap": 2}}, at=FIXED)
    live.change("activity.opened", {"kind": "dots"}, at=FIXED)
    return live.session


@pytest.mark.parametrize(
    "crowd", [CROWD_IN_DEFAULT_RUN, pytest.param(CROWD, marks=pytest.mark.slow)]
)
async def test_a_crowd_votes_at_once_and_each_vote_lands_once(
    app_on, team_session, crowd: int
) -> None:
    app = app_on(crowd_session(team_session, crowd), "concerns")
    rng = random.Random(12)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert await app.room.open("127.0.0.1", 0)
        url, code = app.room.server.address.url, app.room.server.keys.code
        concerns = [c.id for c in app.session.concerns]
        limits = httpx.Limits(max_connections=1)
        clients = [httpx.AsyncClient(base_url=url, limits=limits) for _ in range(crowd)]
        ballots: dict[str, dict[str, int]] = {}
        try:
            for n, client in enumerate(clients):
                pre = PRE.search((await client.get("/")).text).group(1)
                form = {"pre": pre, "code": code, "person": f"q{n}"}
                assert (await client.post("/join", data=form)).status_code == 303
            pages = [csrf_of(await client.get("/")) for client in clients]

            async def vote(n: int) -> None:
                picked = rng.sample(concerns, 2)
                ballot = {picked[0]: 2, picked[1]: 1}
                ballots[f"q{n}"] = ballot
                form = {"csrf": pages[n], **{f"dots-{c}": str(d) for c, d in ballot.items()}}
                answer = await clients[n].post("/dots", data=form)
                assert answer.status_code == 303
                # Told "received": it is on disk already.
                on_disk = read_session(app.session_path)
                assert any(b.person == f"q{n}" for b in on_disk.ballots)

            await asyncio.gather(*(vote(n) for n in range(crowd)))
        finally:
            for client in clients:
                await client.aclose()
        await settle(app, pilot)
        on_disk = read_session(app.session_path)
        found: dict[str, dict[str, int]] = {}
        for ballot in on_disk.ballots:
            found.setdefault(ballot.person, {})[ballot.concern] = ballot.dots
        assert found == ballots
        given = [e for e in on_disk.timeline if e.type == "dots.given"]
        assert sorted(e.data["person"] for e in given) == sorted(ballots), "each exactly once"
        await app.room.close()
