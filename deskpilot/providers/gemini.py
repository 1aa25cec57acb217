"""Gemini computer use through the official `google-genai` SDK's Interactions API (`gemini:<model>`, e.g.
`gemini:gemini-3.5-flash`).

Sources: google-genai 3.6 types (`_gaos/types/interactions`: ComputerUse, FunctionCallStep,
FunctionResultStep, ImageContent) and Google's computer-use docs (desktop environment action table,
safety decisions); see /work/notes/api-facts.md.

The tool is `{"type": "computer_use", "environment": "desktop"}`; the conversation is chained with
`previous_interaction_id`. The model answers with `function_call` steps (`name` + `arguments`), several per
turn. Coordinates are integers 0-999 on a 1000x1000 grid over the screenshot; each maps to the pixel of our
screenshot that holds it (Google's helper: int(x / 1000 * width)). Every action carries an `intent`, which
becomes the turn's text when the model writes none. A call's `safety_decision` of `require_confirmation`
becomes a provider check for the loop's guard (confirmation before it runs; `safety_acknowledgement` in the
result only when it ran); any other decision is treated as blocked and not run. Results go back as
`function_result` steps holding a JSON text part and the newest screenshot.

`key_down` and `key_up` are excluded from the tool (deskpilot's computer tool presses keys and chords, not
separate key events). The key comes from GEMINI_API_KEY or GOOGLE_API_KEY; GEMINI_BASE_URL or the base_url
option points the client elsewhere.
"""

from __future__ import annotations

import json
import os
from typing import Any

from google import genai
from google.genai import _interactions as interactions
from google.genai import types as genai_types

from deskpilot.core.families import COMPUTER_20250124, GEMINI_COMPUTER_USE, GEMINI_DESKTOP
from deskpilot.core.keys import vendor_key
from deskpilot.core.results import ToolResult
from deskpilot.core.scaling import Scaling, from_normalized
from deskpilot.core.turns import CONTINUE, ModelTurn, ProviderError, ToolCall, Usage, final_status
from deskpilot.providers.base import Provider, Session, provider_error
from deskpilot.providers.pricing import estimate_cost

GRID = 1000  # coordinates are 0-999 on a 1000x1000 grid
CLICKS = {
    "click": "left_click",
    "double_click": "double_click",
    "triple_click": "triple_click",
    "middle_click": "middle_click",
    "right_click": "right_click",
    "mouse_down": "left_mouse_down",
    "mouse_up": "left_mouse_up",
    "move": "mouse_move",
}
OTHER_ACTIONS = ("type", "drag_and_drop", "wait", "press_key", "hotkey", "take_screenshot", "scroll")
EXCLUDED = ["key_down", "key_up"]
PIXELS_PER_NOTCH = 100
DEFAULT_SCROLL_PX = 300  # docs: magnitude_in_pixels defaults to 300
REQUIRE_CONFIRMATION = "require_confirmation"


def _coordinate(arguments: dict, x_name: str, y_name: str, grid: Scaling) -> list[int]:
    """A 0-999 grid point -> the screenshot pixel that holds it. ValueError (for the model) if malformed."""
    point = []
    for name, size in ((x_name, grid.image_width), (y_name, grid.image_height)):
        value = arguments.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < GRID:
            raise ValueError(f"{name} must be an integer from 0 to 999 (a 1000x1000 grid), got {value!r}.")
        point.append(from_normalized(value, size, GRID))
    return point


def gemini_actions(name: str, arguments: dict, grid: Scaling) -> list[dict]:
    """A desktop computer-use function call -> canonical computer inputs (in screenshot pixels)."""
    if name in CLICKS:
        return [{"action": CLICKS[name], "coordinate": _coordinate(arguments, "x", "y", grid)}]
    if name == "type":
        if not isinstance(arguments.get("text"), str):
            raise ValueError("type needs text (a string).")
        typed = [{"action": "type", "text": arguments["text"]}] if arguments["text"] else []
        enter = [{"action": "key", "text": "Return"}] if arguments.get("press_enter") is True else []
        if not typed and not enter:
            raise ValueError("type needs non-empty text or press_enter: true.")
        return typed + enter
    if name == "drag_and_drop":
        start = _coordinate(arguments, "start_x", "start_y", grid)
        end = _coordinate(arguments, "end_x", "end_y", grid)
        return [{"action": "left_click_drag", "start_coordinate": start, "coordinate": end}]
    if name == "wait":
        seconds = arguments.get("seconds", 1)
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise ValueError(f"wait's seconds must be a number, got {seconds!r}.")
        return [{"action": "wait", "duration": seconds}]
    if name == "press_key":
        if not isinstance(arguments.get("key"), str) or not arguments["key"].strip():
            raise ValueError("press_key needs key, e.g. 'Enter'.")
        return [{"action": "key", "text": vendor_key(arguments["key"])}]
    if name == "hotkey":
        keys = arguments.get("keys")
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) and k.strip() for k in keys):
            raise ValueError(f"hotkey needs keys, a list such as ['Control', 'S'], got {keys!r}.")
        return [{"action": "key", "text": "+".join(vendor_key(k) for k in keys)}]
    if name == "take_screenshot":
        return [{"action": "screenshot"}]
    if name == "scroll":
        direction = arguments.get("direction")
        if direction not in ("up", "down", "left", "right"):
            raise ValueError(f"scroll direction must be up, down, left or right, got {direction!r}.")
        pixels = arguments.get("magnitude_in_pixels", DEFAULT_SCROLL_PX)
        if isinstance(pixels, bool) or not isinstance(pixels, int) or not 0 <= pixels < GRID:
            raise ValueError(f"magnitude_in_pixels must be an integer from 0 to 999, got {pixels!r}.")
        return [
            {
                "action": "scroll",
                "coordinate": _coordinate(arguments, "x", "y", grid),
                "scroll_direction": direction,
                "scroll_amount": max(1, round(pixels / PIXELS_PER_NOTCH)),
            }
        ]
    raise ValueError(f"Unknown desktop action {name!r}. Use one of: {', '.join((*CLICKS, *OTHER_ACTIONS))}.")


class GeminiProvider(Provider):
    """Gemini computer use (Interactions API, desktop environment). Options: base_url, timeout (seconds)."""

    name = "gemini"
    default_model = "gemini-3.5-flash"

    def __init__(self, model: str = "", *, base_url: str | None = None, timeout: float = 300.0):
        super().__init__(model or self.default_model, base_url=base_url, timeout=timeout)
        self.base_url = base_url
        self.timeout = timeout

    def tool_versions(self) -> dict[str, str]:
        return {"computer": COMPUTER_20250124}  # every mapped action fits it; no bash or editor tool

    def start(self, session: Session) -> None:
        self.session = session
        key = os.environ.get("GEMINI_API_KEY") or os.environ.get("GOOGLE_API_KEY")
        if not key:
            raise ProviderError("cannot set up the gemini client: set GEMINI_API_KEY (or GOOGLE_API_KEY)")
        options = genai_types.HttpOptions(
            base_url=self.base_url or os.environ.get("GEMINI_BASE_URL"),
            timeout=int(self.timeout * 1000),  # milliseconds
            retry_options=genai_types.HttpRetryOptions(attempts=1),  # the loop retries
        )
        self.client = genai.Client(api_key=key, http_options=options)
        self.tool = {
            "type": GEMINI_COMPUTER_USE,
            "environment": GEMINI_DESKTOP,
            "excluded_predefined_functions": EXCLUDED,
        }
        shot = session.tools["computer"].screenshot()
        self.input: list[dict] = [
            {"type": "user_input", "content": [{"type": "text", "text": session.instruction}, _image(shot)]}
        ]
        self.previous_id: str | None = None
        self.calls: dict[str, dict] = {}  # function call id -> {"name", "confirm"}

    def request(self) -> dict:
        request: dict[str, Any] = {
            "model": self.model,
            "input": self.input,
            "tools": [self.tool],
            "system_instruction": self.session.system_prompt,
        }
        if self.previous_id is not None:
            request["previous_interaction_id"] = self.previous_id
        return request

    def next_turn(self) -> ModelTurn:
        try:
            interaction = self.client.interactions.create(**self.request())
        except interactions.GeminiNextGenAPIClientError as exc:  # the Interactions API's error base
            raise provider_error(exc) from exc
        raw = interaction.model_dump(mode="json", exclude_none=True, warnings=False)
        self.previous_id = raw.get("id")
        self.input = []
        steps = raw.get("steps") or []
        calls, intents = [], []
        for step in steps:
            if step.get("type") == "function_call":
                arguments = step.get("arguments") or {}
                if isinstance(arguments.get("intent"), str):
                    intents.append(arguments["intent"])
                calls.extend(self._tool_calls(step))
        text = (raw.get("output_text") or "").strip()
        usage_raw = raw.get("usage") or {}
        usage = Usage(
            input_tokens=usage_raw.get("total_input_tokens", 0) - usage_raw.get("total_cached_tokens", 0),
            output_tokens=usage_raw.get("total_output_tokens", 0),
            cache_read_input_tokens=usage_raw.get("total_cached_tokens", 0),
        )
        return ModelTurn(
            text=text or "\n".join(intents),
            tool_calls=calls,
            usage=usage,
            status=CONTINUE if calls else final_status(text),
            raw=raw,
            cost_usd=estimate_cost(self.model, usage),
        )

    def _tool_calls(self, step: dict) -> list[ToolCall]:
        call_id, name = step["id"], step.get("name", "")
        arguments = step.get("arguments")
        decision = arguments.get("safety_decision") if isinstance(arguments, dict) else None
        verdict = decision.get("decision") if isinstance(decision, dict) else None
        self.calls[call_id] = {"name": name, "confirm": verdict == REQUIRE_CONFIRMATION}
        try:
            if not isinstance(arguments, dict):
                raise ValueError(f"The arguments of {name!r} must be a JSON object, got {arguments!r:.200}.")
            if decision is not None and verdict != REQUIRE_CONFIRMATION:
                why = decision.get("explanation", "") if isinstance(decision, dict) else ""
                raise ValueError(f"Blocked by Gemini's safety system ({verdict}): {why}".strip())
            actions = gemini_actions(name, arguments, self.session.scaling)
        except ValueError as exc:
            return [ToolCall(call_id, "computer", {}, error=str(exc))]
        calls = [
            ToolCall(call_id if i == 0 else f"{call_id}#{i}", "computer", action)
            for i, action in enumerate(actions)
        ]
        if verdict == REQUIRE_CONFIRMATION:
            calls[0].provider_checks = (REQUIRE_CONFIRMATION,)
        return calls

    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None:
        groups: dict[str, list[tuple[ToolCall, ToolResult]]] = {}
        for call, result in results:
            groups.setdefault(call.id.split("#")[0], []).append((call, result))
        for call_id, group in groups.items():
            known = self.calls.pop(call_id, {"name": "", "confirm": False})
            step: dict[str, Any] = {"type": "function_result", "call_id": call_id, "name": known["name"]}
            errors = [result.error for _, result in group if result.error]
            if errors:
                self.input.append({**step, "is_error": True, "result": [_text("\n".join(errors))]})
                continue
            report: dict[str, Any] = {"status": "ok"}
            outputs = [result.output for _, result in group if result.output]
            if outputs:
                report["output"] = "\n".join(outputs)
            if known["confirm"]:
                report["safety_acknowledgement"] = True  # the user confirmed it before it ran
            shots = [result for _, result in group if result.image is not None]
            content = [_text(json.dumps(report))] + ([_image(shots[-1])] if shots else [])
            self.input.append({**step, "result": content})

    def add_user_message(self, text: str) -> None:
        self.input.append({"type": "user_input", "content": [_text(text)]})

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()


def _text(value: str) -> dict:
    return {"type": "text", "text": value}


def _image(result: ToolResult) -> dict:
    return {"type": "image", "data": result.base64_image, "mime_type": result.media_type}
