"""The room's web server: uvicorn serving the pages on the app's own event loop.

uvicorn is the ASGI server most used with Starlette, pure Python with h11 (no compiled parts
needed), and its `Server.serve()` is a coroutine, so it runs as a task on Textual's loop: the
pages' handlers run on the same thread as the app, which stays the one writer of the session.
The socket is bound here, so a taken port or a wrong address is a clear message, not an exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
from collections.abc import Generator

import uvicorn

from tui.room.host import RoomHost
from tui.room.keys import RoomKeys
from tui.room.net import RoomAddress
from tui.room.web import RoomSite


class RoomError(Exception):
    """The room could not open, with what to do about it."""


class _QuietServer(uvicorn.Server):
    """uvicorn without its signal handlers: the app owns Ctrl+C and the terminal."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def bind(host: str, port: int) -> socket.socket:
    """Return a listening socket on `host:port`, or raise `RoomError` saying what to do."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise RoomError(
                f"Port {port} is taken on {host}: choose another port when opening the room."
            ) from None
        raise RoomError(
            f"Cannot listen on {host}:{port} ({error.strerror or error}): choose another "
            "address, or loopback to try it on this laptop only."
        ) from None
    sock.setblocking(False)
    return sock


class RoomServer:
    """One opening of the room: its keys, its pages, and the server task serving them."""

    def __init__(self, host: RoomHost, *, address: str, port: int, team: str = "") -> None:
        self.keys = RoomKeys()
        self.site = RoomSite(host, self.keys, team=team)
        self._socket = bind(address, port)
        bound = self._socket.getsockname()
        self.address = RoomAddress(address, int(bound[1]))
        config = uvicorn.Config(
            self.site.app,
            log_config=None,
            log_level="critical",
            access_log=False,
            lifespan="off",
            # Short keep-alive: an idle phone does not hold a connection for long, and closing
            # the room does not wait long for them.
            timeout_keep_alive=5,
            timeout_graceful_shutdown=2,
            limit_concurrency=400,
            server_header=False,
        )
        self._server = _QuietServer(config)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start serving on the running event loop."""
        self._task = asyncio.get_running_loop().create_task(
            self._server.serve(sockets=[self._socket]), name="forming-room"
        )

    async def started(self) -> None:
        """Wait until the server takes connections."""
        while not self._server.started:
            if self._task is not None and self._task.done():
                self._task.result()
                raise RoomError("The room stopped as it started.")
            await asyncio.sleep(0.01)

    def close_now(self) -> None:
        """End every token and stop listening at once (the server task ends on its own)."""
        self.keys.close()
        self._server.should_exit = True
        for listening in getattr(self._server, "servers", []):
            listening.close()
        self._socket.close()

    async def stop(self) -> None:
        """End every token and stop listening; return once the server has stopped."""
        self.close_now()
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self._task), 5)
            if not self._task.done():
                self._task.cancel()
