"""Streamable HTTP for `deskpilot mcp --http`: loopback only, an access token on every request, Origin checked.

The spec (2026-07-28 basic/transports/streamable-http.mdx, "Security & Endpoint"): servers MUST validate
`Origin` on all incoming connections and answer a present, invalid one with 403; SHOULD bind to localhost;
SHOULD authenticate all connections. The SDK's own Host/Origin check stays on behind this gate.
"""

from __future__ import annotations

import json
import secrets
import socket
import sys
from urllib.parse import urlsplit

import uvicorn
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MCP_PATH = "/mcp"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def loopback_origin(origin: str) -> bool:
    """True for http(s) origins on this machine (any port)."""
    try:
        parts = urlsplit(origin)
        return (
            parts.scheme in ("http", "https") and parts.hostname in LOOPBACK_HOSTS and parts.port is not None
        )
    except ValueError:
        return False


class Gate:
    """ASGI middleware: a foreign Origin gets 403, a missing or wrong token 401, before the MCP app runs."""

    def __init__(self, app: ASGIApp, token: str):
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is not None and not loopback_origin(origin):
            await _refuse(send, 403, f"Origin {origin!r} is not allowed: only pages on this machine may call")
            return
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.encode(), self.token.encode()):
            await _refuse(
                send,
                401,
                "access token required: send 'Authorization: Bearer TOKEN' with the token `deskpilot mcp "
                "--http` printed (or set in DESKPILOT_MCP_TOKEN)",
                {"www-authenticate": "Bearer"},
            )
            return
        await self.app(scope, receive, send)


async def _refuse(send: Send, status: int, message: str, extra: dict[str, str] | None = None) -> None:
    # The body MAY be a JSON-RPC error response without an id (streamable-http.mdx); `id: null` is JSON-RPC's
    # spelling of that, and the SDK client then shows our message instead of a generic one.
    body = json.dumps({"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def serve_http(mcp_app: ASGIApp, token: str, host: str = "127.0.0.1", port: int = 0) -> None:
    """Bind first (so port 0 picks a free port we can print), then serve until interrupted."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)  # connections wait in the backlog until uvicorn accepts them
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    print(
        f"deskpilot mcp: serving http://{shown}:{bound}{MCP_PATH} token {token}", file=sys.stderr, flush=True
    )
    server = uvicorn.Server(uvicorn.Config(Gate(mcp_app, token), log_level="warning", lifespan="on"))
    server.run(sockets=[sock])
