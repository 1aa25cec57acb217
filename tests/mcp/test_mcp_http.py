"""Streamable HTTP: the access token, the Origin check, handles that outlive a client, and the idle timeout."""

from __future__ import annotations

import anyio
import httpx2
import pytest
from conftest import start_http, stop_http
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_helpers import connect, start, text, wait_for

from deskpilot.mcp.http import loopback_origin

DISCOVER = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "server/discover",
    "params": {
        "_meta": {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {},
        }
    },
}
HEADERS = {
    "Accept": "application/json, text/event-stream",
    "MCP-Protocol-Version": "2026-07-28",
    "Mcp-Method": "server/discover",
}


def test_requests_without_the_token_are_refused(http_server):
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token-0123456789"},
        {"Authorization": http_server.token},
    ):
        response = httpx2.post(http_server.url, json=DISCOVER, headers={**HEADERS, **headers})
        assert response.status_code == 401
        assert "access token required" in response.json()["error"]["message"]
    ok = httpx2.post(
        http_server.url, json=DISCOVER, headers={**HEADERS, "Authorization": f"Bearer {http_server.token}"}
    )
    assert ok.status_code == 200, ok.text


@pytest.mark.parametrize("origin", ["http://evil.example", "http://localhost.evil.example:80", "null"])
def test_a_foreign_origin_is_refused_even_with_the_token(http_server, origin):
    headers = {**HEADERS, "Authorization": f"Bearer {http_server.token}", "Origin": origin}
    response = httpx2.post(http_server.url, json=DISCOVER, headers=headers)
    assert response.status_code == 403
    assert f"Origin {origin!r} is not allowed" in response.json()["error"]["message"]


def test_a_page_on_this_machine_may_call(http_server):
    port = http_server.url.split(":")[2].split("/")[0]
    headers = {
        **HEADERS,
        "Authorization": f"Bearer {http_server.token}",
        "Origin": f"http://127.0.0.1:{port}",
    }
    assert httpx2.post(http_server.url, json=DISCOVER, headers=headers).status_code == 200
    assert loopback_origin("http://[::1]:8080") and loopback_origin("https://localhost:1")
    assert not loopback_origin("http://127.0.0.1.evil.example:80") and not loopback_origin("file://")


def test_the_sdk_client_without_the_token_gets_a_clear_error(http_server):
    async def scenario():
        with pytest.raises(Exception) as failure:
            async with Client(streamable_http_client(http_server.url), mode="2026-07-28") as client:
                await client.list_tools()
        assert "401" in repr(failure.value) or "access token required" in repr(failure.value)

    anyio.run(scenario)


def test_handles_survive_a_client_reconnect(http_server):
    async def scenario():
        async with connect("http", "2026-07-28", http=http_server) as first:
            info = await start(first)
        async with connect(
            "http", "legacy", http=http_server
        ) as second:  # a new client, even another revision
            live = await second.call_tool("list_desktops", {})
            assert info["handle"] in [d["handle"] for d in live.structured_content["result"]]
            shot = await second.call_tool("screenshot", {"handle": info["handle"]})
            assert not shot.is_error, text(shot)
            await second.call_tool("stop_desktop", {"handle": info["handle"]})

    anyio.run(scenario)


def test_idle_desktops_are_stopped(tmp_path):
    server = start_http(tmp_path, "--idle-timeout", "2")
    try:

        async def scenario():
            async with connect("http", "2026-07-28", http=server) as client:
                info = await start(client)

                async def gone():  # list_desktops does not count as using a desktop
                    live = await client.call_tool("list_desktops", {})
                    return info["handle"] not in [d["handle"] for d in live.structured_content["result"]]

                await wait_for(gone, 60, "the idle timeout")
                result = await client.call_tool("cursor_position", {"handle": info["handle"]})
                assert result.is_error
                assert f"The desktop {info['handle']!r} is gone (idle for more than 2 s)" in text(result)

        anyio.run(scenario)
    finally:
        stop_http(server)
