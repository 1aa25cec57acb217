"""The sandbox's only way out: an HTTP proxy on a Unix socket that lets through an allowlist and logs
every request.

The pod has no network but its own loopback. Inside it, `socat` listens on 127.0.0.1:PROXY_PORT and
passes each connection to this proxy's Unix socket (bound into the pod); apps get http_proxy/https_proxy
and the browser --proxy-server. The proxy understands `CONNECT host:port` (HTTPS tunnels) and
absolute-form requests (`GET http://host/path HTTP/1.1`), per RFC 9110 section 9.3.6 and RFC 9112
section 3.2.2. A host not on the allowlist gets 403. Each decision is one JSON line in the log.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

PROXY_PORT = 3128
MAX_HEADER = 64 * 1024


def host_allowed(host: str, port: int, allow: list[str]) -> bool:
    """`example.com` allows it and its subdomains on any port; `example.com:443` only that port."""
    host = host.strip("[]").lower().rstrip(".")
    for entry in allow:
        name, _, want_port = (
            entry.lower().rpartition(":") if entry.count(":") == 1 else (entry.lower(), "", "")
        )
        if want_port and not want_port.isdigit():
            name, want_port = entry.lower(), ""
        if (host == name or host.endswith("." + name)) and (not want_port or int(want_port) == port):
            return True
    return False


def allows_loopback(allow: list[str]) -> bool:
    """Whether the allowlist names a loopback host (`127.0.0.1:8000`, `localhost`, `[::1]:3000`): a
    server on the owner's machine, which the pod, with its own loopback, reaches only through the proxy."""
    for entry in allow:
        host = entry.lower()
        if host.startswith("["):
            host = host[1 : host.find("]")]
        elif host.count(":") == 1:
            host = host.partition(":")[0]
        if host in ("localhost", "::1") or host.endswith(".localhost") or host.startswith("127."):
            return True
    return False


class EgressProxy:
    """Runs in a daemon thread of the desktop's owner. `close()` stops it."""

    def __init__(self, socket_path: Path, allow: list[str], log_path: Path):
        self.socket_path, self.allow, self.log_path = Path(socket_path), list(allow), Path(log_path)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(target=self._run, name="deskpilot-egress", daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_unix_server(self._handle, path=str(self.socket_path))
        )
        self.socket_path.chmod(0o666)
        self._ready.set()
        self._loop.run_forever()

    def close(self) -> None:
        def stop() -> None:
            if self._server is not None:
                self._server.close()
            self._loop.stop()

        if self._loop.is_running():
            self._loop.call_soon_threadsafe(stop)
            self._thread.join(5)
        self.socket_path.unlink(missing_ok=True)

    def _log(self, entry: dict) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a") as f:
            f.write(json.dumps({"time": round(time.time(), 3), **entry}) + "\n")

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            writer.close()
            return
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split()
        if len(parts) != 3:
            await self._refuse(writer, 400, "bad request", request_line, "")
            return
        method, target, _ = parts
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            port_number = int(port) if port.isdigit() else 443
        else:
            url = urlsplit(target)
            host, port_number = url.hostname or "", url.port or (443 if url.scheme == "https" else 80)
        if not host or not host_allowed(host, port_number, self.allow):
            await self._refuse(
                writer, 403, "not on the sandbox's network allowlist", method, f"{host}:{port_number}"
            )
            return
        try:
            up_reader, up_writer = await asyncio.wait_for(asyncio.open_connection(host, port_number), 15)
        except (OSError, TimeoutError) as exc:
            await self._refuse(writer, 502, f"cannot connect: {exc}", method, f"{host}:{port_number}")
            return
        self._log({"method": method, "target": f"{host}:{port_number}", "allowed": True})
        if method == "CONNECT":
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            up_writer.write(origin_form(head))
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    async def _refuse(self, writer: asyncio.StreamWriter, status: int, reason: str, method: str, target: str):
        self._log({"method": method, "target": target, "allowed": False, "reason": reason})
        body = f"deskpilot sandbox: {reason}\n".encode()
        writer.write(
            f"HTTP/1.1 {status} {reason}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        try:
            await writer.drain()
        finally:
            writer.close()


def origin_form(head: bytes) -> bytes:
    """A proxied request's head as sent to the origin server: the target in origin form (path and query,
    RFC 9112 section 3.2.1; servers such as Python's http.server answer 404 to an absolute URI), with a Host
    header, and one request per connection (Connection: close), so that every request is checked."""
    lines = head.decode("latin-1").split("\r\n")
    method, target, version = lines[0].split()
    url = urlsplit(target)
    path = (url.path or "/") + (f"?{url.query}" if url.query else "")
    hop = ("connection", "proxy-connection", "keep-alive")
    headers = [line for line in lines[1:] if line and line.split(":", 1)[0].strip().lower() not in hop]
    if not any(line.split(":", 1)[0].strip().lower() == "host" for line in headers):
        headers.insert(0, f"Host: {url.netloc}")
    return "\r\n".join([f"{method} {path} {version}", *headers, "Connection: close", "", ""]).encode(
        "latin-1"
    )


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
