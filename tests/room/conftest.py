"""Fixtures for the room: a session file with a host over it, and participants as HTTP clients."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from sessions.model import Session
from tests.conftest import saved
from tui.room.host import FileHost
from tui.room.keys import RoomKeys
from tui.room.web import RoomSite

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PRE = re.compile(r'name="pre" value="([^"]+)"')


@pytest.fixture
def room_file(team_session: Session, save_to) -> Path:
    return save_to(team_session, "room.toml")


@pytest.fixture
def host(team_session: Session, room_file: Path) -> FileHost:
    return FileHost(saved(room_file), room_file)


@pytest.fixture
def site(host: FileHost) -> RoomSite:
    return RoomSite(host, RoomKeys(code="482913"))


@pytest.fixture
async def client_for(site: RoomSite) -> AsyncIterator[Callable[..., httpx.AsyncClient]]:
    """Make HTTP clients that reach the site in memory (each is one device)."""
    clients: list[httpx.AsyncClient] = []

    def make(address: str = "127.0.0.1") -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=site.app, client=(address, 50000))
        client = httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8765")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


async def join(client: httpx.AsyncClient, person: str, code: str = "482913") -> httpx.Response:
    """Join as `person` the way the page does: the code first, then the name."""
    page = await client.get("/")
    pre = PRE.search(page.text).group(1)
    await client.post("/join", data={"pre": pre, "code": code})
    return await client.post("/join", data={"pre": pre, "code": code, "person": person})


def csrf_of(page: httpx.Response) -> str:
    return CSRF.search(page.text).group(1)


async def host_change(host: FileHost, type_: str, data: dict) -> None:
    """The facilitator's change, through the same host (and saved)."""
    assert await host.submit(lambda _session: (type_, data)) is None
