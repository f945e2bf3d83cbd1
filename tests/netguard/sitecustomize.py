"""Loaded by every Python process of a test run that puts this folder first on PYTHONPATH (Airflow,
its task runners, dbt): any attempt to reach a host other than this machine is refused and written
to $NETGUARD_LOG, so a test can assert that a run never tried to phone home."""

import os
import socket

_LOG = os.environ.get("NETGUARD_LOG")
_LOCAL = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "", socket.gethostname()}


def _local(host) -> bool:
    host = host.decode() if isinstance(host, bytes) else str(host)
    return host in _LOCAL or host.startswith("127.") or host.endswith(".localdomain") or host == "ip6-localhost"


def _record(what: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {what}\n")


if _LOG:
    _getaddrinfo = socket.getaddrinfo
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _local(host):
            _record(f"getaddrinfo {host}")
            raise socket.gaierror(socket.EAI_NONAME, "outbound connections refused by the test")
        return _getaddrinfo(host, *args, **kwargs)

    def _check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _record(f"connect {address[0]}:{address[1]}")
            raise ConnectionRefusedError("outbound connections refused by the test")

    def connect(self, address):
        _check(self, address)
        return _connect(self, address)

    def connect_ex(self, address):
        _check(self, address)
        return _connect_ex(self, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
