"""Reading strace logs (``strace -f -e trace=connect,...``) for the egress tests."""

from __future__ import annotations

import re
from pathlib import Path

_CALL = re.compile(r"\b(?:connect|sendto|sendmsg)\(")
_INET = re.compile(r"AF_INET6?\b")
_LOOPBACK = re.compile(r'inet_addr\("127\.|inet_pton\(AF_INET6, "(?:::1|::ffff:127\.)')


def inet_calls(trace: Path, *, beyond_loopback: bool = False) -> list[str]:
    """connect/sendto/sendmsg calls to an IPv4 or IPv6 address in an strace log; with
    ``beyond_loopback``, only those to an address that is not this machine."""
    return [
        line.strip()
        for line in trace.read_text(errors="replace").splitlines()
        if _CALL.search(line) and _INET.search(line) and not (beyond_loopback and _LOOPBACK.search(line))
    ]
