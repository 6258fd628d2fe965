"""Watching (and optionally refusing) network use from inside the process, with Python audit hooks.

``EgressMonitor(settings)`` records every ``socket.connect``, ``sendto``/``sendmsg`` and name
lookup made by Python code while it is active, and marks each as allowed (the configured Ollama
host and Chroma server, a local Unix socket) or not. With ``enforce=True`` a connection or name
lookup anywhere else is refused with ``PermissionError`` before it is made.

Audit hooks see what Python's ``socket`` module does; native code that opens sockets itself
(a C or Rust library) bypasses them. That is why the egress tests also run the whole path in a
network namespace with no network at all (``unshare -n``), where any such attempt fails.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

from reviewer.settings import Settings

WATCHED = frozenset(
    {
        "socket.connect",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
    }
)
CONNECTING = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})

_monitors: list[EgressMonitor] = []
_monitors_lock = threading.Lock()
_installed = False


@dataclass(frozen=True)
class NetworkEvent:
    event: str  # the audit event, e.g. "socket.connect"
    target: str  # "host:port", a host name, or a Unix socket path
    allowed: bool
    why: str


@dataclass
class EgressMonitor:
    """A context manager that records network events; see the module docstring."""

    allowed: list[tuple[str, int]]
    enforce: bool = False
    events: list[NetworkEvent] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._names = {h.lower() for h, _ in self.allowed}
        self._endpoints = {(h.lower(), p) for h, p in self.allowed}
        for host, port in self.allowed:  # resolved before watching starts, so not recorded
            for address in _resolve(host, port):
                self._endpoints.add((address, port))
                self._names.add(address)

    @classmethod
    def for_settings(cls, settings: Settings, *, enforce: bool = False) -> EgressMonitor:
        return cls(allowed=settings.allowed_hosts(), enforce=enforce)

    def __enter__(self) -> EgressMonitor:
        _install()
        with _monitors_lock:
            _monitors.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        with _monitors_lock:
            _monitors.remove(self)

    @property
    def violations(self) -> list[NetworkEvent]:
        return [e for e in self.events if not e.allowed]

    @property
    def connections(self) -> list[NetworkEvent]:
        return [e for e in self.events if e.event in CONNECTING]

    def observe(self, event: str, args: tuple[Any, ...]) -> NetworkEvent | None:
        observed = self._judge(event, args)
        if observed is not None:
            self.events.append(observed)
        return observed

    def _judge(self, event: str, args: tuple[Any, ...]) -> NetworkEvent | None:
        if event in CONNECTING:
            sock, address = args[0], args[1] if len(args) > 1 else None
            if address is None:
                return None  # a send on a connected socket: its connect was judged
            if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", object()):
                return NetworkEvent(event, str(address), True, "local Unix socket")
            host, port = _host_port(address)
            ok = (host.lower(), port) in self._endpoints
            return NetworkEvent(event, f"{host}:{port}", ok, "configured host" if ok else "not a configured host")
        if event == "socket.getnameinfo":
            host, port = _host_port(args[0])
            return self._lookup(event, host)
        if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
            host = args[0]
            if host is None:
                return None
            return self._lookup(event, host.decode() if isinstance(host, bytes) else str(host))
        return None

    def _lookup(self, event: str, host: str) -> NetworkEvent:
        name = host.lower().strip("[]")
        if name in self._names:
            return NetworkEvent(event, host, True, "configured host")
        if name in LOCAL_NAMES or _is_literal(name):
            return NetworkEvent(event, host, True, "no lookup leaves the machine")
        return NetworkEvent(event, host, False, "name lookup of a host that is not configured")


def _host_port(address: Any) -> tuple[str, int]:
    if isinstance(address, tuple) and len(address) >= 2:
        return str(address[0]), int(address[1]) if isinstance(address[1], int) else -1
    return str(address), -1


def _is_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _resolve(host: str, port: int) -> set[str]:
    try:
        return {str(info[4][0]).lower() for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except OSError:
        return set()


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event not in WATCHED or not _monitors:
        return
    refused: NetworkEvent | None = None
    for monitor in list(_monitors):
        observed = monitor.observe(event, args)
        if monitor.enforce and observed is not None and not observed.allowed:
            refused = observed
    if refused is not None:
        raise PermissionError(f"network access to {refused.target} refused: not a configured host")


def _install() -> None:
    """Audit hooks cannot be removed, so one hook is installed once and serves every monitor."""
    global _installed
    with _monitors_lock:
        if not _installed:
            sys.addaudithook(_hook)
            _installed = True
