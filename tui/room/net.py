"""Where the room can listen: loopback, or this laptop's addresses on the local network."""

from __future__ import annotations

import contextlib
import socket
from dataclasses import dataclass

DEFAULT_PORT = 8765
"""The port the room listens on unless the facilitator picks another."""
LOOPBACK = "127.0.0.1"


@dataclass
class RoomAddress:
    """Where the room listens."""

    host: str
    port: int

    @property
    def url(self) -> str:
        """The join address people type or scan."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


def _interface_addresses() -> list[str]:
    """Return the IPv4 address of each network interface, asking the kernel (Linux)."""
    try:
        import fcntl
        import struct
    except ImportError:  # not a Unix
        return []
    found: list[str] = []
    get_address = 0x8915  # SIOCGIFADDR on Linux; elsewhere the call fails and nothing is found
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(
                    probe.fileno(), get_address, struct.pack("256s", name[:15].encode())
                )
            except OSError:
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def lan_addresses() -> list[str]:
    """Return this machine's IPv4 addresses on local networks.

    No packet is sent to find them: the kernel is asked for each interface's address, and
    the host name is looked up as a fallback.
    """
    found: list[str] = []
    for address in _interface_addresses():
        if not address.startswith("127.") and address not in found:
            found.append(address)
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if not address.startswith("127.") and address not in found:
                found.append(address)
    return found
