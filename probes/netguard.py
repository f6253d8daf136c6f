"""Loaded into the probe worker only (`celery worker --include=probes.netguard`): nothing leaves loopback.

The SSRF probes ask the app to fetch private and reserved addresses. Should one get past
the fetcher's checks, this guard refuses the connection in the socket layer (no packet is
sent) and writes it to PROBE_GUARD_LOG, where the probe counts it as not held. It also
answers DNS for the probe's own names (PROBE_FAKE_DNS, JSON {name: [[addresses], ...]}:
successive answers, for rebinding), and lets the fetcher reach the probe's hostile server
on loopback (PROBE_LOOPBACK_PORTS) — only that port, as in the fetch tests.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket

from celery.signals import task_prerun
from django.conf import settings

LOG = os.environ.get("PROBE_GUARD_LOG", "")
# The stack's own services (Redis, the hostile site): a connection anywhere else is recorded.
INFRA_PORTS = {int(p) for p in os.environ.get("PROBE_INFRA_PORTS", "").split(",") if p}
FAKE_DNS: dict[str, list[list[str]]] = json.loads(os.environ.get("PROBE_FAKE_DNS", "{}"))
ASKED: dict[str, int] = {}
running = {"task": "", "args": ""}

if os.environ.get("PROBE_LOOPBACK_PORTS"):
    settings.CLAIMDESK_FETCH_ALLOW_LOOPBACK = frozenset(int(p) for p in os.environ["PROBE_LOOPBACK_PORTS"].split(","))


@task_prerun.connect
def remember_task(sender=None, args=(), **kwargs) -> None:
    running["task"], running["args"] = getattr(sender, "name", ""), json.dumps(list(args))


def record(address) -> None:
    if LOG:
        with open(LOG, "a") as log:
            log.write(json.dumps({"task": running["task"], "args": running["args"], "address": str(address)}) + "\n")


def on_loopback(address) -> bool:
    if not isinstance(address, tuple):
        return True  # a Unix socket
    try:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


real_connect = socket.socket.connect
real_connect_ex = socket.socket.connect_ex
real_getaddrinfo = socket.getaddrinfo


def allowed(sock, address) -> bool:
    """Record a connection to anything but the stack's services; allow it only on loopback."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or address[1] in INFRA_PORTS:
        return True
    record(f"{address[0]}:{address[1]}")
    return on_loopback(address)


def guarded_connect(self, address):
    if not allowed(self, address):
        raise ConnectionRefusedError(f"probe netguard: {address[0]} is not loopback")
    return real_connect(self, address)


def guarded_connect_ex(self, address):
    if not allowed(self, address):
        return 111  # ECONNREFUSED
    return real_connect_ex(self, address)


def probe_getaddrinfo(host, port, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else str(host or "")
    answers = FAKE_DNS.get(name.lower().rstrip("."))
    if answers is None:
        return real_getaddrinfo(host, port, *args, **kwargs)
    turn = ASKED.get(name, 0)
    ASKED[name] = turn + 1
    infos = []
    for address in answers[min(turn, len(answers) - 1)]:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sockaddr = (address, int(port or 0), 0, 0) if family == socket.AF_INET6 else (address, int(port or 0))
        infos.append((family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr))
    return infos


socket.socket.connect = guarded_connect
socket.socket.connect_ex = guarded_connect_ex
socket.getaddrinfo = probe_getaddrinfo
