"""OpenAI computer use through the Responses API: the GA built-in `computer` tool (gpt-5.4 and later,
`openai:gpt-5.4`) and the older `computer_use_preview` tool (`openai:computer-use-preview`).

Each request sends only the new input items and chains the conversation with `previous_response_id`.
A GA `computer_call` carries a batch `actions[]`; each action becomes one canonical computer call (ids
`call_id`, `call_id#1`, ...), the loop runs them in order and halts at the first failure, and the reply is
one `computer_call_output` per computer_call holding the newest screenshot its actions produced (a fresh one
when none did), with failures and skipped actions told in a following user message. A preview call holds
one `action`.

Safety checks: a call's `pending_safety_checks` become `ToolCall.provider_checks` on its first action, so
the loop's guard (policy + human confirmation) decides before anything runs; they are never acknowledged
automatically. When that first action ran, the checks are echoed in the call's `acknowledged_safety_checks`;
when it did not (declined, or no one could be asked), the next turn ends the run with status "ask_user"
naming the checks, and a later `add_user_message` answers the call with an unacknowledged screenshot.

OPENAI_API_KEY and OPENAI_BASE_URL are read by the SDK.
"""

from __future__ import annotations

import json
from typing import Any

import openai

from deskpilot.core.families import COMPUTER_20250124, OPENAI_COMPUTER, openai_tool
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
    """OpenAI computer use on the Responses API. Options: environment ("linux", preview tool only),
    reasoning_summary ("concise", "detailed" or None), computer_tool ("computer" or "computer_use_preview";
    default by model), base_url, timeout (seconds)."""

    name = "openai"
    default_model = "computer-use-preview"

    def __init__(
        self,
        model: str = "",
        *,
        environment: str = "linux",
        reasoning_summary: str | None = "concise",
        computer_tool: str | None = None,
        base_url: str | None = None,
        timeout: float = 300.0,
    ):
        super().__init__(
            model or self.default_model,
            environment=environment,
            reasoning_summary=reasoning_summary,
            computer_tool=computer_tool,
            base_url=base_url,
            timeout=timeout,
        )
        self.tool_type = openai_tool(self.model, computer_tool)
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
        if self.tool_type == OPENAI_COMPUTER:
            self.tool: dict[str, Any] = {"type": OPENAI_COMPUTER}  # GA: no display size or environment
        else:
            self.tool = {
                "type": self.tool_type,
                "display_width": width,
                "display_height": height,
                "environment": self.environment,
            }
        self.input: list[dict] = [{"role": "user", "content": session.instruction}]
        self.previous_id: str | None = None
        self.checks: dict[str, list[dict]] = {}  # call id -> its pending safety checks
        self.unresolved: list[dict] = []  # checks whose action did not run: the run asks the user
        self.dropped: list[str] = []  # ids of calls answered only after the user's next message

    def request(self) -> dict:
        request: dict[str, Any] = {
            "model": self.model,
            "tools": [self.tool],
            "input": self.input,
            "instructions": self.session.system_prompt,
        }
        if self.tool_type != OPENAI_COMPUTER:
            request["truncation"] = "auto"  # required by computer-use-preview
        if self.previous_id is not None:
            request["previous_response_id"] = self.previous_id
        if self.reasoning_summary is not None:
            request["reasoning"] = {"summary": self.reasoning_summary}
        return request

    def next_turn(self) -> ModelTurn:
        if self.unresolved:
            names = "; ".join(c.get("message") or c.get("code") or c["id"] for c in self.unresolved)
            self.unresolved = []
            text = f"The user declined the safety check(s) and the action was not performed: {names}"
            return ModelTurn(text=text, status=ASK_USER)
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
        calls = [
            call for item in output if item["type"] == "computer_call" for call in self._tool_calls(item)
        ]
        usage = raw.get("usage", {})
        cached = usage.get("input_tokens_details", {}).get("cached_tokens", 0)
        turn_usage = Usage(
            input_tokens=usage.get("input_tokens", 0) - cached,
            output_tokens=usage.get("output_tokens", 0),
            cache_read_input_tokens=cached,
        )
        return ModelTurn(
            text="\n".join(messages) or "\n".join(summaries),
            tool_calls=calls,
            usage=turn_usage,
            status=CONTINUE if calls else final_status("\n".join(messages)),
            raw=raw,
            cost_usd=estimate_cost(self.model, turn_usage),
        )

    def _tool_calls(self, item: dict) -> list[ToolCall]:
        """A computer_call -> one canonical call per action; its safety checks ride on the first."""
        call_id = item["call_id"]
        checks = item.get("pending_safety_checks") or []
        if checks:
            self.checks[call_id] = checks
        codes = tuple(str(check.get("code") or "unknown") for check in checks)
        batch = item.get("actions")
        actions = batch if isinstance(batch, list) and batch else [item.get("action")]
        calls = []
        for index, action in enumerate(actions):
            call_id_i = call_id if index == 0 else f"{call_id}#{index}"
            try:
                if not isinstance(action, dict):
                    raise ValueError(f"The computer_call has no action: {action!r:.200}.")
                call = ToolCall(call_id_i, "computer", computer_action(action))
            except ValueError as exc:
                call = ToolCall(call_id_i, "computer", {}, error=str(exc))
            if index == 0:
                call.provider_checks = codes
            calls.append(call)
        return calls

    def _screenshot_output(self, call_id: str, result: ToolResult | None, acknowledge: bool) -> dict:
        if result is None or result.image is None:
            result = self.session.tools["computer"].screenshot()
        image_url = f"data:{result.media_type};base64,{result.base64_image}"
        item: dict[str, Any] = {
            "type": "computer_call_output",
            "call_id": call_id,
            "output": {"type": "computer_screenshot", "image_url": image_url},
        }
        checks = self.checks.pop(call_id, None)
        if checks and acknowledge:
            item["acknowledged_safety_checks"] = checks
        return item

    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None:
        groups: dict[str, list[tuple[ToolCall, ToolResult]]] = {}
        for call, result in results:
            groups.setdefault(call.id.split("#")[0], []).append((call, result))
        notes = []
        for call_id, group in groups.items():
            first_ran = not group[0][1].is_error
            if call_id in self.checks and not first_ran:
                self.unresolved.extend(self.checks[call_id])
                self.dropped.append(call_id)
                continue
            shots = [result for _, result in group if result.image is not None]
            self.input.append(self._screenshot_output(call_id, shots[-1] if shots else None, first_ran))
            for call, result in group:
                if result.error:
                    notes.append(f"The {call.input.get('action', 'computer')} action failed: {result.error}")
                if result.output:
                    notes.append(result.output)
        if notes:
            self.input.append({"role": "user", "content": "\n".join(notes)})

    def add_user_message(self, text: str) -> None:
        self.input.extend(self._screenshot_output(call_id, None, False) for call_id in self.dropped)
        self.dropped = []
        self.input.append({"role": "user", "content": text})

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
