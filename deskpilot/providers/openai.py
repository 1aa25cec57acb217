"""OpenAI's computer-use model through the Responses API (`openai:computer-use-preview`).

Each request sends only the new input items and chains the conversation with `previous_response_id`.
A `computer_call`'s action becomes one canonical computer action; its reply is a `computer_call_output`
holding the screenshot taken after the action (a fresh one when the action failed, with the error text in
a following user message).

Safety checks: a call that carries `pending_safety_checks` goes to `session.confirm` before the loop sees
it. Approved checks are echoed in that call's `acknowledged_safety_checks`. When they are declined (or no
one can be asked) the action is dropped and the turn ends the run with status "ask_user", its text naming
the checks; a later `add_user_message` answers the dropped call with an unacknowledged screenshot.

OPENAI_API_KEY and OPENAI_BASE_URL are read by the SDK.
"""

from __future__ import annotations

import json
from typing import Any

import openai

from deskpilot.core.families import COMPUTER_20250124
from deskpilot.core.keys import vendor_key
from deskpilot.core.results import ToolResult
from deskpilot.core.turns import ASK_USER, CONTINUE, ModelTurn, ToolCall, Usage, final_status
from deskpilot.providers.base import (
    Provider,
    Session,
    malformed_reply,
    provider_error,
    require_content,
    require_fields,
)
from deskpilot.providers.pricing import estimate_cost

COMPUTER_VERSION = COMPUTER_20250124  # the canonical schema every mapped action fits
PIXELS_PER_NOTCH = 100
WAIT_S = 1.0
BUTTONS = {"left": "left_click", "right": "right_click", "wheel": "middle_click"}
HISTORY_KEYS = {"back": "alt+Left", "forward": "alt+Right"}


def _field(action: dict, name: str) -> Any:
    if name not in action:
        raise ValueError(f"The {action.get('type')!r} action is missing its {name!r} field.")
    return action[name]


def _chord(keys: object) -> str:
    if not isinstance(keys, list) or not keys or not all(isinstance(key, str) for key in keys):
        raise ValueError(f"keys must be a non-empty list of key names, got {keys!r}.")
    return "+".join(vendor_key(key) for key in keys)


def _point(action: dict) -> list:
    return [_field(action, "x"), _field(action, "y")]


def computer_action(action: dict) -> dict:
    """A computer_call action -> canonical computer-tool input. ValueError (model-readable) if unsupported.
    Coordinates pass through unchanged: display pixels are the model-image pixels, and the computer tool
    checks them."""
    kind = action.get("type")
    if kind in ("click", "double_click", "move", "scroll", "drag"):
        canonical = _pointer_action(kind, action)
        if action.get("keys") and canonical["action"] != "key":
            canonical["text"] = _chord(action["keys"])  # modifiers held during the action
        return canonical
    if kind == "type":
        return {"action": "type", "text": _field(action, "text")}
    if kind == "keypress":
        return {"action": "key", "text": _chord(_field(action, "keys"))}
    if kind == "wait":
        return {"action": "wait", "duration": WAIT_S}
    if kind == "screenshot":
        return {"action": "screenshot"}
    raise ValueError(
        f"Unknown computer action type {kind!r}. Use one of: click, double_click, scroll, type, wait, move, "
        "keypress, drag, screenshot."
    )


def _pointer_action(kind: str, action: dict) -> dict:
    if kind == "click":
        button = action.get("button", "left")
        if button in HISTORY_KEYS:
            return {"action": "key", "text": HISTORY_KEYS[button]}
        if button not in BUTTONS:
            raise ValueError(f"Unknown mouse button {button!r}; use left, right, wheel, back or forward.")
        return {"action": BUTTONS[button], "coordinate": _point(action)}
    if kind == "double_click":
        return {"action": "double_click", "coordinate": _point(action)}
    if kind == "move":
        return {"action": "mouse_move", "coordinate": _point(action)}
    if kind == "scroll":
        dx, dy = action.get("scroll_x") or 0, action.get("scroll_y") or 0
        pixels, direction = (
            (dy, "down" if dy > 0 else "up") if abs(dy) >= abs(dx) else (dx, "right" if dx > 0 else "left")
        )
        notches = max(1, round(abs(pixels) / PIXELS_PER_NOTCH)) if pixels else 0
        return {
            "action": "scroll",
            "coordinate": _point(action),
            "scroll_direction": direction,
            "scroll_amount": notches,
        }
    path = _field(action, "path")
    if not isinstance(path, list) or len(path) < 2 or not all(isinstance(p, dict) for p in path):
        raise ValueError(f"drag needs a path of at least two {{x, y}} points, got {path!r:.200}.")
    return {"action": "left_click_drag", "start_coordinate": _point(path[0]), "coordinate": _point(path[-1])}


class OpenAIProvider(Provider):
    """computer-use-preview on the Responses API. Options: environment ("linux"), reasoning_summary
    ("concise", "detailed" or None), base_url, timeout (seconds)."""

    name = "openai"
    default_model = "computer-use-preview"

    def __init__(
        self,
        model: str = "",
        *,
        environment: str = "linux",
        reasoning_summary: str | None = "concise",
        base_url: str | None = None,
        timeout: float = 300.0,
    ):
        super().__init__(
            model or self.default_model,
            environment=environment,
            reasoning_summary=reasoning_summary,
            base_url=base_url,
            timeout=timeout,
        )
        self.environment = environment
        self.reasoning_summary = reasoning_summary
        self.base_url = base_url
        self.timeout = timeout

    def tool_versions(self) -> dict[str, str]:
        return {"computer": COMPUTER_VERSION}  # the model has no bash or editor tool

    def start(self, session: Session) -> None:
        self.session = session
        self.client = openai.OpenAI(base_url=self.base_url, max_retries=0, timeout=self.timeout)
        width, height = session.scaling.image_size
        self.tool = {
            "type": "computer_use_preview",
            "display_width": width,
            "display_height": height,
            "environment": self.environment,
        }
        self.input: list[dict] = [{"role": "user", "content": session.instruction}]
        self.previous_id: str | None = None
        self.acknowledged: dict[str, list[dict]] = {}  # call id -> approved safety checks
        self.dropped: list[str] = []  # ids of calls whose safety checks were declined

    def request(self) -> dict:
        request: dict[str, Any] = {
            "model": self.model,
            "tools": [self.tool],
            "input": self.input,
            "instructions": self.session.system_prompt,
            "truncation": "auto",
        }
        if self.previous_id is not None:
            request["previous_response_id"] = self.previous_id
        if self.reasoning_summary is not None:
            request["reasoning"] = {"summary": self.reasoning_summary}
        return request

    def next_turn(self) -> ModelTurn:
        try:
            response = self.client.responses.create(**self.request())
        except openai.APIError as exc:
            raise provider_error(exc) from exc
        except json.JSONDecodeError as exc:
            raise malformed_reply(exc) from exc
        raw = response.model_dump(mode="json", exclude_none=True, warnings=False)
        require_fields(raw, ("id", "output"))
        require_content("", raw["output"])  # an empty output list is an empty reply
        self.previous_id = raw["id"]
        self.input = []
        output = raw.get("output", [])
        messages = [
            part["text"]
            for item in output
            if item["type"] == "message"
            for part in item.get("content", [])
            if part.get("type") == "output_text"
        ]
        summaries = [
            part["text"] for item in output if item["type"] == "reasoning" for part in item.get("summary", [])
        ]
        calls, declined = [], []
        for item in output:
            if item["type"] != "computer_call":
                continue
            call = self._tool_call(item)
            checks = item.get("pending_safety_checks") or []
            if checks and not self._approved(checks, call):
                declined.extend(check.get("message") or check.get("code") or check["id"] for check in checks)
                self.dropped.append(call.id)
                continue
            if checks:
                self.acknowledged[call.id] = checks
            calls.append(call)
        text = "\n".join(messages) or "\n".join(summaries)
        if declined:
            calls, status = [], ASK_USER
            text = f"The user declined the safety check(s) and the action was not performed: {'; '.join(declined)}"
        else:
            status = CONTINUE if calls else final_status("\n".join(messages))
        usage = raw.get("usage", {})
        cached = usage.get("input_tokens_details", {}).get("cached_tokens", 0)
        turn_usage = Usage(
            input_tokens=usage.get("input_tokens", 0) - cached,
            output_tokens=usage.get("output_tokens", 0),
            cache_read_input_tokens=cached,
        )
        return ModelTurn(
            text=text,
            tool_calls=calls,
            usage=turn_usage,
            status=status,
            raw=raw,
            cost_usd=estimate_cost(self.model, turn_usage),
        )

    def _tool_call(self, item: dict) -> ToolCall:
        action = item.get("action")
        try:
            if not isinstance(action, dict):
                raise ValueError(f"The computer_call has no single action: {action!r:.200}.")
            return ToolCall(item["call_id"], "computer", computer_action(action))
        except ValueError as exc:
            return ToolCall(item["call_id"], "computer", {}, error=str(exc))

    def _approved(self, checks: list[dict], call: ToolCall) -> bool:
        if self.session.confirm is None:
            return False
        return (
            self.session.confirm({"kind": "openai_safety_check", "checks": checks, "action": call.input})
            is True
        )

    def _screenshot_output(self, call_id: str, result: ToolResult | None) -> dict:
        if result is None or result.base64_image is None:
            result = self.session.tools["computer"].screenshot()
        image_url = f"data:{result.media_type};base64,{result.base64_image}"
        item = {
            "type": "computer_call_output",
            "call_id": call_id,
            "output": {"type": "computer_screenshot", "image_url": image_url},
        }
        if call_id in self.acknowledged:
            item["acknowledged_safety_checks"] = self.acknowledged.pop(call_id)
        return item

    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None:
        notes = []
        for call, result in results:
            self.input.append(self._screenshot_output(call.id, result))
            if result.error:
                notes.append(f"The {call.input.get('action', 'computer')} action failed: {result.error}")
            if result.output:
                notes.append(result.output)
        if notes:
            self.input.append({"role": "user", "content": "\n".join(notes)})

    def add_user_message(self, text: str) -> None:
        self.input.extend(self._screenshot_output(call_id, None) for call_id in self.dropped)
        self.dropped = []
        self.input.append({"role": "user", "content": text})

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
