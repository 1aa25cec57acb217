"""Provider replies that are empty, malformed or missing fields are retried or end the run with a clear
error, never as "completed"; real SDK clients against local HTTP servers, on a real desktop."""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from provider_fakes import message, text, tool_use

from deskpilot.agent import Agent, RunConfig
from deskpilot.core import events as ev
from deskpilot.core.stops import COMPLETED, ERROR
from deskpilot.providers import make_provider

FAST = RunConfig(max_steps=4, max_retries=2, retry_base_s=0.01, retry_max_s=0.05, bash=False, editor=False)


class RawAPI:
    """Answers each POST with the next scripted raw body (bytes) and status 200."""

    def __init__(self, *bodies: bytes):
        self.bodies = deque(bodies)
        self.requests: list[dict] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                api.requests.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
                data = api.bodies.popleft() if api.bodies else b'{"type": "error"}'
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def raw_api(monkeypatch):
    apis = []

    def make(*bodies: bytes) -> RawAPI:
        api = RawAPI(*bodies)
        apis.append(api)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-faults")
        monkeypatch.setenv("OPENAI_API_KEY", "sk-faults")
        return api

    yield make
    for api in apis:
        api.close()


def body(value: dict) -> bytes:
    return json.dumps(value).encode()


def run(spec: str, api: RawAPI, desktop):
    events: list[ev.Event] = []
    provider = make_provider(spec, base_url=api.url)
    result = Agent(provider, desktop, FAST, on_event=events.append).run("Do the thing")
    return result, events


@pytest.mark.parametrize(
    "bad", [b"{not json", b"", b"{}", body(message())], ids=["malformed", "blank", "no-fields", "empty"]
)
def test_a_broken_anthropic_reply_is_retried_then_the_run_goes_on(raw_api, desktop, bad):
    api = raw_api(bad, body(message(text("All done."))))
    result, events = run("anthropic:claude-sonnet-4-5", api, desktop)
    assert result.reason == COMPLETED and result.final_text == "All done.", result
    [retry] = [e for e in events if e.kind == ev.RETRY]
    assert "model API" in retry.data["error"]


@pytest.mark.parametrize(
    "bad", [b"{not json", b"{}", body(message())], ids=["malformed", "no-fields", "empty"]
)
def test_broken_replies_that_persist_end_the_run_with_a_clear_error(raw_api, desktop, bad):
    api = raw_api(bad, bad, bad)
    result, _ = run("anthropic:claude-sonnet-4-5", api, desktop)
    assert result.reason == ERROR and result.reason != COMPLETED
    assert "gave up after 3 attempts" in result.error and "model API" in result.error


def test_a_tool_use_without_input_gets_an_error_result_not_a_crash(raw_api, desktop):
    block = tool_use({})
    del block["input"]
    api = raw_api(body(message(block)), body(message(text("Fine."))))
    result, events = run("anthropic:claude-sonnet-4-5", api, desktop)
    assert result.reason == COMPLETED, result
    [res] = [e for e in events if e.kind == ev.RESULT]
    assert "JSON object" in res.data["error"]
    sent = api.requests[1]["messages"][1]["content"][0]
    assert sent["type"] == "tool_use" and sent["input"] == {}  # the history stays a valid request


@pytest.mark.parametrize("bad", [b"{not json", b"{}", body({"id": "r1", "object": "response", "output": []})])
def test_a_broken_openai_reply_is_retried(raw_api, desktop, bad):
    done = {
        "id": "r2",
        "object": "response",
        "output": [
            {
                "type": "message",
                "id": "m1",
                "role": "assistant",
                "status": "completed",
                "content": [{"type": "output_text", "text": "All done.", "annotations": []}],
            }
        ],
        "usage": {"input_tokens": 5, "output_tokens": 2, "total_tokens": 7},
    }
    api = raw_api(bad, body(done))
    result, events = run("openai:computer-use-preview", api, desktop)
    assert result.reason == COMPLETED and result.final_text == "All done.", result
    assert [e.kind for e in events].count(ev.RETRY) == 1
