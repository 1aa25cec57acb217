"""Local HTTP servers that speak just enough of the Anthropic Messages API (first-party, Bedrock and Vertex
paths), the OpenAI Responses API and OpenAI chat completions for the real SDK clients to talk to.

Each server records every request (path, headers, JSON body) and answers from a script of replies. Like
the real APIs, the Messages and Responses fakes reject requests that break the protocol rules deskpilot
relies on, with a 400 the SDKs turn into errors.
"""

from __future__ import annotations

import base64
import binascii
import io
import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

from deskpilot.providers.base import Session
from deskpilot.tools import ComputerTool
from deskpilot.tools.bash import BashTool
from deskpilot.tools.edit import EditTool


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: dict


@dataclass
class Reply:
    body: dict | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


class FakeAPI:
    """One server. `script(reply_or_callable, ...)` queues replies; a callable gets the Request and
    returns a Reply. `check(request) -> list of problems` (if given) answers 400 when there are any."""

    def __init__(self, check: Callable[[Request], list[str]] | None = None):
        self.requests: list[Request] = []
        self.replies: deque = deque()
        self.check = check
        self.problems: list[str] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                request = Request("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                api.requests.append(request)
                reply = api.answer(request)
                time.sleep(reply.delay_s)
                data = json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def script(self, *replies) -> None:
        self.replies.extend(replies)

    def answer(self, request: Request) -> Reply:
        problems = self.check(request) if self.check else []
        if problems:
            self.problems.extend(problems)
            return Reply(
                {"type": "error", "error": {"type": "invalid_request_error", "message": "; ".join(problems)}},
                400,
            )
        if not self.replies:
            return Reply(
                {"type": "error", "error": {"type": "api_error", "message": "no scripted reply left"}}, 500
            )
        reply = self.replies.popleft()
        reply = reply(request) if callable(reply) else reply
        return reply if isinstance(reply, Reply) else Reply(reply)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def make_session(
    desktop,
    versions: dict,
    *,
    scaling_policy: str = "api",
    confirm=None,
    instruction="Open the menu",
    zoom: bool = False,
):
    """The session the agent loop would build for these tool versions, on a real desktop."""
    computer = ComputerTool(desktop, versions["computer"], scaling_policy=scaling_policy, enable_zoom=zoom)
    tools = {"computer": computer}
    if "bash" in versions:
        tools["bash"] = BashTool(versions["bash"])
    if "editor" in versions:
        editor = EditTool(versions["editor"])
        tools[editor.name] = editor
    return Session(
        instruction=instruction,
        system_prompt="You operate a test desktop.",
        tools=tools,
        scaling=computer.scaling,
        desktop=desktop,
        confirm=confirm,
    )


def png(color: tuple[int, int, int] = (0, 128, 255), size: tuple[int, int] = (8, 6)) -> str:
    """A real base64 PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def error_body(kind: str, message: str) -> dict:
    return {"type": "error", "error": {"type": kind, "message": message}}


# Anthropic Messages API ---------------------------------------------------------------------------------

_ids = itertools.count(1)


def message(*content: dict, stop_reason: str | None = None, usage: dict | None = None) -> dict:
    """A Messages API response body."""
    uses_tools = any(block["type"] == "tool_use" for block in content)
    return {
        "id": f"msg_{next(_ids)}",
        "type": "message",
        "role": "assistant",
        "model": "claude-fake",
        "content": list(content),
        "stop_reason": stop_reason or ("tool_use" if uses_tools else "end_turn"),
        "stop_sequence": None,
        "usage": usage or {"input_tokens": 10, "output_tokens": 5},
    }


def text(value: str) -> dict:
    return {"type": "text", "text": value}


def tool_use(tool_input, name: str = "computer", id: str | None = None) -> dict:
    return {"type": "tool_use", "id": id or f"toolu_{next(_ids)}", "name": name, "input": tool_input}


def member(name: str, tool_input: dict | None = None, id: str | None = None) -> dict:
    """A computer_toolset_20260801 member call: named after the member, with toolset_name "computer"."""
    return {
        "type": "tool_use",
        "id": id or f"toolu_{next(_ids)}",
        "name": name,
        "input": {} if tool_input is None else tool_input,
        "toolset_name": "computer",
    }


def count_cache_controls(body: dict) -> int:
    blocks = [*body.get("system", []), *body.get("tools", [])]
    for msg in body.get("messages", []):
        for block in msg["content"]:
            blocks.append(block)
            if isinstance(block.get("content"), list):
                blocks.extend(block["content"])
    return sum("cache_control" in block for block in blocks if isinstance(block, dict))


def check_messages(request: Request) -> list[str]:
    """Rules of the Messages API that deskpilot must keep."""
    body, problems = request.body, []
    messages = body.get("messages", [])
    if not messages or messages[0]["role"] != "user":
        problems.append("messages must start with a user turn")
    for i, msg in enumerate(messages):
        if msg["role"] != "assistant":
            continue
        wanted = [b["id"] for b in msg["content"] if b["type"] == "tool_use"]
        if not wanted:
            continue
        following = messages[i + 1]["content"] if i + 1 < len(messages) else []
        answered = [b["tool_use_id"] for b in following if b.get("type") == "tool_result"]
        if i + 1 < len(messages) and sorted(answered) != sorted(wanted):
            problems.append(f"tool_use ids {wanted} were answered by tool_result ids {answered}")
    for msg in messages:
        for block in msg["content"]:
            if block.get("type") != "tool_result":
                continue
            inner = block.get("content", [])
            if block.get("is_error") and any(part.get("type") != "text" for part in inner):
                problems.append("an error tool_result may hold text only")
            for part in inner:
                if part.get("type") == "image":
                    source = part["source"]
                    if source["media_type"] not in ("image/png", "image/jpeg") or not _is_base64(
                        source["data"]
                    ):
                        problems.append("bad image block")
    if count_cache_controls(body) > 4:
        problems.append(f"at most 4 blocks may have cache_control, got {count_cache_controls(body)}")
    return problems + check_toolset(request)


# The rules of computer_toolset_20260801 (platform.claude.com computer-use-tool docs, 2026-09): see
# /work/notes/api-facts.md. The fake enforces them the way the API does, with a 400.
TOOLSET = "computer_toolset_20260801"
TOOLSET_FIELDS = {"type", "configs", "cache_control", "allowed_callers"}
MEMBERS = (
    "key", "hold_key", "type", "cursor_position", "mouse_move", "left_mouse_down", "left_mouse_up",
    "left_click", "left_click_drag", "right_click", "middle_click", "double_click", "triple_click",
    "scroll", "wait", "screenshot", "zoom",
)  # fmt: skip
HALT_TEXT = "Not executed: an earlier computer action in this turn failed."
# Models that reject computer_20251124 on the Claude API (Opus 5.5 / Sonnet 5.5 migration guides).
REJECTS_BETA_TOOL = ("claude-opus-5-5", "claude-sonnet-5-5")
# The high image tier (vision docs): long edge 2576 px and 4784 visual tokens; others 1568 px / 1.15 MP.
HIGH_TIER_MODELS = ("claude-opus-4-7", "claude-opus-4-8", "claude-opus-5", "claude-sonnet-5", "claude-fable",
                    "claude-mythos", "claude-opus-6")  # fmt: skip


def png_size(data: str) -> tuple[int, int]:
    return Image.open(io.BytesIO(base64.b64decode(data))).size


def model_of(request: Request) -> str:
    """The model id: in the body (Claude API) or in the path (Bedrock /model/ID/invoke, Vertex .../models/ID)."""
    match = re.search(r"/models?/([^/:]+(?::\d+)?)", request.path)
    model = request.body.get("model") or (match[1] if match else "")
    return re.sub(r"^(?:[a-z]{2}\.)?anthropic\.", "", model)


def image_limit_problems(body: dict, model: str) -> list[str]:
    """Oversized images: the toolset rejects them instead of downscaling."""
    high = any(model.startswith(prefix) for prefix in HIGH_TIER_MODELS)
    long_edge, pixels = (2576, 4784 * 28 * 28) if high else (1568, 1_150_000)
    images = [
        part["source"]["data"]
        for msg in body.get("messages", [])
        for block in msg["content"]
        if block.get("type") == "tool_result" and isinstance(block.get("content"), list)
        for part in block["content"]
        if part.get("type") == "image"
    ]
    problems = []
    for data in images:
        width, height = png_size(data)
        if max(width, height) > long_edge or width * height > pixels:
            problems.append(f"image {width}x{height} exceeds the model's limit ({long_edge} px long edge)")
        if len(images) > 20 and max(width, height) > 2000:
            problems.append(f"image {width}x{height} exceeds 2000 px in a request with {len(images)} images")
    return problems


def check_toolset(request: Request) -> list[str]:
    body, problems = request.body, []
    tools = body.get("tools", [])
    toolsets = [tool for tool in tools if tool.get("type") == TOOLSET]
    model = model_of(request)
    beta = request.headers.get("anthropic-beta", "")
    if not toolsets:
        if any(tool.get("type") == "computer_20251124" for tool in tools) and model.startswith(
            REJECTS_BETA_TOOL
        ):
            problems.append(f"'{model}' does not support tool types: computer_20251124.")
        for msg in body.get("messages", []):
            for block in msg["content"]:
                if "toolset_name" in block:
                    problems.append("toolset_name on a block but no toolset is declared")
        return problems
    entry = toolsets[0]
    if len(toolsets) > 1:
        problems.append("the toolset is declared twice")
    if set(entry) - TOOLSET_FIELDS:
        problems.append(f"the toolset entry rejects {sorted(set(entry) - TOOLSET_FIELDS)}")
    for name, config in (entry.get("configs") or {}).items():
        if name not in MEMBERS or set(config) - {"enabled", "defer_loading"}:
            problems.append(f"bad configs entry {name!r}: {config!r}")
    if any(tool.get("name") == "computer" or tool.get("type") == "computer_20251124" for tool in tools):
        problems.append("the toolset cannot be declared beside computer_20251124 or a tool named computer")
    if "computer-use" in beta:
        problems.append(f"the toolset needs no beta header (got {beta!r})")
    messages = body.get("messages", [])
    for i, msg in enumerate(messages):
        if msg["role"] != "assistant" or i + 1 >= len(messages):
            continue
        uses = {b["id"]: b for b in msg["content"] if b["type"] == "tool_use"}
        failed = False
        for block in messages[i + 1]["content"]:
            if block.get("type") != "tool_result" or block["tool_use_id"] not in uses:
                continue
            use = uses[block["tool_use_id"]]
            if use.get("toolset_name") != block.get("toolset_name"):
                problems.append(
                    f"tool_result {block['tool_use_id']} must echo toolset_name {use.get('toolset_name')!r}"
                )
            content = block.get("content")
            parts = content if isinstance(content, list) else [{"type": "text", "text": content or ""}]
            if any(part.get("type") not in ("text", "image") for part in parts):
                problems.append("member results hold only text and image content")
            if block.get("is_error") and not any(part.get("text") for part in parts):
                problems.append("an is_error result needs a description")
            if failed and not (block.get("is_error") and [p.get("text") for p in parts] == [HALT_TEXT]):
                problems.append(
                    f"after a failed action, {block['tool_use_id']} must be answered with the halt text"
                )
            failed = failed or bool(block.get("is_error"))
    return problems + image_limit_problems(body, model)


def _is_base64(data: str) -> bool:
    try:
        return bool(base64.b64decode(data, validate=True))
    except (binascii.Error, ValueError):
        return False


# OpenAI Responses API -----------------------------------------------------------------------------------


class ResponsesAPI(FakeAPI):
    """Remembers the responses it gave, checks previous_response_id chaining, that every computer_call of
    the previous response is answered with a screenshot, and that acknowledged checks were pending."""

    def __init__(self):
        self.given: dict[str, dict] = {}
        super().__init__(check=lambda request: self.check_chain(request) + self.check_tool(request))

    def check_chain(self, request: Request) -> list[str]:
        body, problems = request.body, []
        previous = body.get("previous_response_id")
        if previous is None:
            return problems
        if previous not in self.given:
            return [f"unknown previous_response_id {previous}"]
        answered = [item["call_id"] for item in body["input"] if item.get("type") == "computer_call_output"]
        outputs = {
            item["call_id"]: item for item in body["input"] if item.get("type") == "computer_call_output"
        }
        if len(answered) != len(outputs):
            problems.append(f"a computer_call was answered twice: {answered}")
        for call in self.given[previous]["output"]:
            if call["type"] != "computer_call":
                continue
            output = outputs.get(call["call_id"])
            if output is None:
                problems.append(f"no computer_call_output for {call['call_id']}")
                continue
            if not output["output"]["image_url"].startswith("data:image/"):
                problems.append("computer_call_output needs a data URL screenshot")
            pending = {check["id"] for check in call.get("pending_safety_checks", [])}
            acknowledged = {check["id"] for check in output.get("acknowledged_safety_checks", [])}
            if not acknowledged <= pending:
                problems.append("acknowledged a safety check that was not pending")
        return problems

    def check_tool(self, request: Request) -> list[str]:
        """The GA tool is declared as exactly {"type": "computer"} (openai SDK ComputerToolParam)."""
        tools = request.body.get("tools", [])
        return [
            f"the GA computer tool takes no other fields: {t}"
            for t in tools
            if t.get("type") == "computer" and len(t) > 1
        ]

    def answer(self, request: Request) -> Reply:
        reply = super().answer(request)
        if reply.status == 200:
            self.given[reply.body["id"]] = reply.body
        return reply


def response(*output: dict, usage: dict | None = None) -> dict:
    """A Responses API response body."""
    return {
        "id": f"resp_{next(_ids)}",
        "object": "response",
        "created_at": 1_700_000_000,
        "model": "computer-use-preview",
        "status": "completed",
        "output": list(output),
        "parallel_tool_calls": False,
        "tool_choice": "auto",
        "tools": [],
        "usage": usage
        or {
            "input_tokens": 100,
            "output_tokens": 20,
            "total_tokens": 120,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }


def computer_call(action: dict, checks: list[dict] | None = None, call_id: str | None = None) -> dict:
    return {
        "type": "computer_call",
        "id": f"cu_{next(_ids)}",
        "call_id": call_id or f"call_{next(_ids)}",
        "action": action,
        "pending_safety_checks": checks or [],
        "status": "completed",
    }


def computer_batch(actions: list[dict], checks: list[dict] | None = None, call_id: str | None = None) -> dict:
    """A GA computer_call carrying a batch of actions (openai SDK ResponseComputerToolCall.actions)."""
    return {
        "type": "computer_call",
        "id": f"cu_{next(_ids)}",
        "call_id": call_id or f"call_{next(_ids)}",
        "actions": actions,
        "pending_safety_checks": checks or [],
        "status": "completed",
    }


def output_message(value: str) -> dict:
    return {
        "type": "message",
        "id": f"msg_{next(_ids)}",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": value, "annotations": []}],
    }


def reasoning(summary: str) -> dict:
    return {
        "type": "reasoning",
        "id": f"rs_{next(_ids)}",
        "summary": [{"type": "summary_text", "text": summary}],
    }


# OpenAI chat completions --------------------------------------------------------------------------------


def completion(content: str, usage: dict | None = None) -> dict:
    return {
        "id": f"chatcmpl_{next(_ids)}",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "local-model",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": usage or {"prompt_tokens": 50, "completion_tokens": 7, "total_tokens": 57},
    }


def images_in_chat(body: dict) -> list[str]:
    """The image data URLs of a chat request, oldest first."""
    return [
        part["image_url"]["url"]
        for msg in body["messages"]
        if isinstance(msg["content"], list)
        for part in msg["content"]
        if part["type"] == "image_url"
    ]


# Gemini Interactions API --------------------------------------------------------------------------------
# Shapes: google-genai 3.6 `_gaos/types/interactions` (Interaction, FunctionCallStep, FunctionResultStep,
# ImageContent, ComputerUse); rules: Google's computer-use docs (see /work/notes/api-facts.md).


class InteractionsAPI(FakeAPI):
    """Remembers the interactions it gave and checks the chaining, that every function_call of the previous
    interaction is answered exactly once, and the safety acknowledgement rules."""

    def __init__(self):
        self.given: dict[str, dict] = {}
        super().__init__(check=self.check_interaction)

    def check_interaction(self, request: Request) -> list[str]:
        body, problems = request.body, []
        if not request.headers.get("x-goog-api-key"):
            problems.append("no x-goog-api-key header")
        tools = body.get("tools", [])
        if not any(t.get("type") == "computer_use" and t.get("environment") == "desktop" for t in tools):
            problems.append(f"no computer_use tool for the desktop environment: {tools}")
        steps = body.get("input") if isinstance(body.get("input"), list) else []
        previous = body.get("previous_interaction_id")
        if previous is None:
            return problems
        if previous not in self.given:
            return [*problems, f"unknown previous_interaction_id {previous}"]
        results = [s for s in steps if s.get("type") == "function_result"]
        answered = [s["call_id"] for s in results]
        if len(answered) != len(set(answered)):
            problems.append(f"a function_call was answered twice: {answered}")
        by_id = {s["call_id"]: s for s in results}
        for call in self.given[previous].get("steps", []):
            if call.get("type") != "function_call":
                continue
            result = by_id.get(call["id"])
            if result is None:
                problems.append(f"no function_result for {call['id']}")
                continue
            parts = result["result"] if isinstance(result["result"], list) else []
            for part in parts:
                if part.get("type") == "image" and not _is_base64(part.get("data", "")):
                    problems.append("bad image content")
            texts = [
                json.loads(p["text"]) for p in parts if p.get("type") == "text" and p["text"].startswith("{")
            ]
            acknowledged = any(t.get("safety_acknowledgement") for t in texts)
            needs = (call.get("arguments", {}).get("safety_decision") or {}).get(
                "decision"
            ) == "require_confirmation"
            if acknowledged and not needs:
                problems.append(f"{call['id']} acknowledged a safety decision it did not have")
            if needs and not result.get("is_error") and not acknowledged:
                problems.append(f"{call['id']} ran without safety_acknowledgement")
        return problems

    def answer(self, request: Request) -> Reply:
        reply = super().answer(request)
        if reply.status == 200:
            self.given[reply.body["id"]] = reply.body
        return reply


def interaction(*steps: dict, usage: dict | None = None) -> dict:
    calls = any(step["type"] == "function_call" for step in steps)
    return {
        "id": f"int_{next(_ids)}",
        "model": "gemini-3.5-flash",
        "status": "requires_action" if calls else "completed",
        "steps": list(steps),
        "usage": usage or {"total_input_tokens": 120, "total_output_tokens": 9, "total_cached_tokens": 20},
    }


def fcall(name: str, arguments: dict | None = None, id: str | None = None, intent: str = "do it") -> dict:
    return {
        "type": "function_call",
        "id": id or f"fc_{next(_ids)}",
        "name": name,
        "arguments": {"intent": intent, **(arguments or {})},
    }


def model_output(value: str) -> dict:
    return {"type": "model_output", "content": [{"type": "text", "text": value}]}
