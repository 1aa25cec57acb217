"""Claude through the Messages API with Anthropic's hosted computer-use tools: first-party (`anthropic:`),
Amazon Bedrock (`bedrock:`) and Google Vertex AI (`vertex:`).

The tool family, beta header and image tier follow the model and platform (`deskpilot.core.families`).
Current models get the GA client toolset `computer_toolset_20260801` (no beta header, the standard client):
one nameless `tools` entry whose 17 member tools come back as `tool_use` blocks named after the member and
carrying `"toolset_name": "computer"`, often several per turn (a batch, which the loop runs in order and
halts at the first failure). Every member result echoes `toolset_name` and holds only text and images;
a member that is not a screenshot answers "OK", and a batch that does not end with a screenshot gets the
last screenshot attached to its last successful result. Older models get `computer_20251124` /
`computer_20250124` / `computer_20241022` behind their beta headers.

Requests carry four prompt-cache breakpoints (the system prompt, which also covers the tools, and the last
block of the three newest user turns, i.e. a batch's last tool_result). Old screenshots are pruned in
chunks so that the cached prefix changes rarely: the history grows to `only_n_most_recent_images +
image_truncation_threshold - 1` images, then the oldest are replaced by a text note, leaving exactly
`only_n_most_recent_images` (docs: keep the last 3 and prune every 25 turns; Claude Fable 5.1 is not pruned
on the client).

The SDK clients are built with `max_retries=0`: the agent loop retries `TransientError`s itself.
Credentials come from the environment only, so they never sit in provider options (which are recorded):
ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL; AWS_* or AWS_BEARER_TOKEN_BEDROCK and AWS_REGION (SigV4 signing
needs `boto3`); for Vertex, CLOUD_ML_REGION, ANTHROPIC_VERTEX_PROJECT_ID and GOOGLE_OAUTH_ACCESS_TOKEN (or
Google application-default credentials, which need `google-auth`).
"""

from __future__ import annotations

import json
import os
from typing import Any

import anthropic

from deskpilot.core.actions import ACTIONS
from deskpilot.core.families import (
    ANTHROPIC,
    BEDROCK,
    COMPUTER_20241022,
    COMPUTER_20251124,
    COMPUTER_TOOLSET_20260801,
    VERTEX,
    claude_model,
    claude_tools,
)
from deskpilot.core.results import ToolResult
from deskpilot.core.scaling import tier_policy
from deskpilot.core.turns import CONTINUE, ModelTurn, ProviderError, ToolCall, Usage, final_status
from deskpilot.providers.base import (
    Provider,
    Session,
    malformed_reply,
    provider_error,
    require_content,
    require_fields,
)
from deskpilot.providers.pricing import estimate_cost

EPHEMERAL = {"type": "ephemeral"}
CACHED_USER_TURNS = 3  # plus the system prompt: the API's maximum of 4 breakpoints
OMITTED_IMAGE = "[older screenshot omitted to save context]"
# Claude 3.5 Sonnet's editor is text_editor_20241022, which has the same name, commands and inputs as the
# text_editor_20250124 that deskpilot implements: that family runs EditTool("text_editor_20250124") but
# declares the documented text_editor_20241022 type to the API.
LEGACY_DECLARED_TYPES = {"text_editor_20250124": "text_editor_20241022"}

# computer_toolset_20260801 (platform.claude.com computer-use-tool docs; anthropic SDK types/computer_*).
TOOLSET = "computer"  # the toolset_name of every member call and result
MEMBERS = ACTIONS[COMPUTER_20251124]  # the 17 members are the 17 computer_20251124 actions
MEMBER_OK = "OK"  # the docs' short acknowledgment for a member that returns no image
MAX_KEY_REPEAT = 100
SCREENSHOT_MEMBERS = ("screenshot", "zoom")
DEFAULT_CHUNK = {COMPUTER_TOOLSET_20260801: 25}  # prune every 25 turns (docs); older families: 10
OLD_DEFAULT_CHUNK = 10


def tool_versions_for(model: str, platform: str = ANTHROPIC) -> dict[str, str]:
    """The tool versions deskpilot runs for a model (see deskpilot.core.families.claude_tools)."""
    return claude_tools(model, platform).versions()


def images_to_remove(total: int, keep: int, chunk: int) -> int:
    """How many of the oldest images to drop: none until `keep + chunk` images have piled up, then all but
    the `keep` newest. The prompt prefix therefore changes once every `chunk` new images."""
    return total - keep if total >= keep + chunk else 0


def prune_images(messages: list[dict], keep: int, chunk: int) -> int:
    """Replace the oldest screenshots in tool results with a text note, in place; returns how many."""
    slots = [
        (block["content"], index)
        for message in messages
        if message["role"] == "user"
        for block in message["content"]
        if block.get("type") == "tool_result" and isinstance(block.get("content"), list)
        for index, item in enumerate(block["content"])
        if item.get("type") == "image"
    ]
    count = images_to_remove(len(slots), keep, chunk)
    for content, index in slots[:count]:
        content[index] = {"type": "text", "text": OMITTED_IMAGE}
    return count


def with_cache_breakpoints(messages: list[dict], turns: int = CACHED_USER_TURNS) -> list[dict]:
    """A copy of `messages` with cache_control on the last block of the `turns` newest user turns (for a
    batch, its last tool_result: one breakpoint per turn, as the toolset docs ask)."""
    marked = list(messages)
    user_turns = [i for i, message in enumerate(messages) if message["role"] == "user"]
    for i in user_turns[-turns:]:
        content = list(messages[i]["content"])
        content[-1] = {**content[-1], "cache_control": EPHEMERAL}
        marked[i] = {**messages[i], "content": content}
    return marked


def image_block(result: ToolResult) -> dict:
    source = {"type": "base64", "media_type": result.media_type, "data": result.base64_image}
    return {"type": "image", "source": source}


def tool_result_block(call: ToolCall, result: ToolResult, *, image: bool = True) -> dict:
    """A tool_result block. Errors are text only: the API rejects images in error results. `image=False`
    leaves a successful result's screenshot out."""
    if result.is_error:
        text = "\n".join(part for part in (result.output, result.error) if part)
        return {
            "type": "tool_result",
            "tool_use_id": call.id,
            "is_error": True,
            "content": [{"type": "text", "text": text}],
        }
    content: list[dict] = []
    if result.output:
        content.append({"type": "text", "text": result.output})
    if image and result.image is not None:
        content.append(image_block(result))
    return {"type": "tool_result", "tool_use_id": call.id, "content": content}


def member_input(name: str, tool_input: object) -> dict:
    """A toolset member's input -> the canonical computer input ({"action": name, ...}). ValueError (worded
    for the model) when it cannot be one."""
    if name not in MEMBERS:
        raise ValueError(f"Unknown computer member {name!r}. Members: {', '.join(MEMBERS)}.")
    if not isinstance(tool_input, dict):
        raise ValueError(
            f"The input of {name!r} must be a JSON object of parameters, got {tool_input!r:.300}."
        )
    if "action" in tool_input:
        raise ValueError(f"Toolset members take no 'action' field; call the member {name!r} with its inputs.")
    canonical = {"action": name, **tool_input}
    if name == "key" and "repeat" in canonical:
        repeat = canonical.pop("repeat")
        if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= MAX_KEY_REPEAT:
            raise ValueError(
                f"key's repeat must be a whole number from 1 to {MAX_KEY_REPEAT}, got {repeat!r}."
            )
        if isinstance(canonical.get("text"), str) and canonical["text"].strip():
            canonical["text"] = " ".join([canonical["text"].strip()] * repeat)  # xdotool-style sequence
    return canonical


class AnthropicProvider(Provider):
    """Claude on the first-party API. Options:

    max_tokens: output limit per turn (default 16384; 4096 for Haiku and Claude 3.5).
    thinking_budget: extended thinking, {"type": "enabled", "budget_tokens": N}; N < max_tokens.
    adaptive_thinking: {"type": "adaptive"} thinking instead (Claude 4.6 and later).
    effort: output_config.effort, "low" | "medium" | "high" | "max".
    only_n_most_recent_images: screenshots kept in the history (default 3; None keeps all; Claude Fable 5.1
        defaults to None).
    image_truncation_threshold: prune once this many extra screenshots have piled up (default 25 for the
        toolset, 10 for the older tools).
    computer_tool: force a tool family ("computer_toolset_20260801", "computer_20251124", ...), the
        `--computer-tool` flag.
    base_url, timeout: where and how long (seconds) to wait for the API.
    """

    name = "anthropic"
    platform = ANTHROPIC
    default_model = "claude-sonnet-4-6"

    def __init__(
        self,
        model: str = "",
        *,
        max_tokens: int | None = None,
        thinking_budget: int | None = None,
        adaptive_thinking: bool = False,
        effort: str | None = None,
        only_n_most_recent_images: int | None | str = "default",
        image_truncation_threshold: int | None = None,
        computer_tool: str | None = None,
        base_url: str | None = None,
        timeout: float = 300.0,
    ):
        super().__init__(
            model or self.default_model,
            max_tokens=max_tokens,
            thinking_budget=thinking_budget,
            adaptive_thinking=adaptive_thinking,
            effort=effort,
            only_n_most_recent_images=only_n_most_recent_images,
            image_truncation_threshold=image_truncation_threshold,
            computer_tool=computer_tool,
            base_url=base_url,
            timeout=timeout,
        )
        self.model_tools = claude_tools(self.model, self.platform, computer_tool)
        self.family = self.model_tools.family
        self.versions = self.model_tools.versions()
        self.toolset = self.family.name == COMPUTER_TOOLSET_20260801
        parsed = claude_model(self.model)
        small = self.family.name == COMPUTER_20241022 or (parsed is not None and parsed[0] == "haiku")
        self.max_tokens = max_tokens or (4096 if small else 16384)
        if thinking_budget is not None and adaptive_thinking:
            raise ValueError("use either thinking_budget or adaptive_thinking, not both")
        if thinking_budget is not None and not 1024 <= thinking_budget < self.max_tokens:
            raise ValueError(
                f"thinking_budget must be at least 1024 and below max_tokens ({self.max_tokens})"
            )
        if only_n_most_recent_images == "default":
            only_n_most_recent_images = 3 if self.model_tools.client_pruning else None
        if only_n_most_recent_images is not None and (
            not isinstance(only_n_most_recent_images, int) or only_n_most_recent_images < 1
        ):
            raise ValueError(
                "only_n_most_recent_images must be at least 1 (or None to keep every screenshot)"
            )
        chunk = image_truncation_threshold or DEFAULT_CHUNK.get(self.family.name, OLD_DEFAULT_CHUNK)
        if chunk < 1:
            raise ValueError("image_truncation_threshold must be at least 1")
        self.thinking_budget = thinking_budget
        self.adaptive_thinking = adaptive_thinking
        self.effort = effort
        self.keep_images = only_n_most_recent_images
        self.image_chunk = chunk
        self.base_url = base_url
        self.timeout = timeout
        self.messages: list[dict] = []

    def tool_versions(self) -> dict[str, str]:
        return dict(self.versions)

    def scaling_policy(self) -> str:
        """Screenshots sized to the model's image tier; the toolset rejects larger ones. A history that can
        hold more than 20 images (a screenshot per turn, `keep + chunk - 1` before a prune, plus one) also
        keeps every side within 2000 px."""
        most = self.keep_images + self.image_chunk if self.keep_images is not None else float("inf")
        return tier_policy(self.model_tools.tier, most)

    def zoom(self) -> bool:
        return self.toolset  # the toolset enables zoom by default and deskpilot implements it

    def _make_client(self) -> Any:
        client = anthropic.Anthropic(base_url=self.base_url, max_retries=0, timeout=self.timeout)
        if not (client.api_key or client.auth_token or client.credentials):
            raise ValueError(
                "no credentials; set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, or an SDK profile)"
            )
        return client

    def start(self, session: Session) -> None:
        self.session = session
        try:
            self.client = self._make_client()
        except (ValueError, anthropic.AnthropicError) as exc:
            raise ProviderError(f"cannot set up the {self.name} client: {exc}") from exc
        self.tools = [self._declare(name, tool) for name, tool in session.tools.items()]
        self.betas = [self.family.beta] if self.family.beta else []
        self.system = [{"type": "text", "text": session.system_prompt, "cache_control": EPHEMERAL}]
        self.messages = [{"role": "user", "content": [{"type": "text", "text": session.instruction}]}]

    def _declare(self, name: str, tool: Any) -> dict:
        if name == "computer" and self.toolset:
            # One nameless entry; name, display size, display_number and enable_zoom are rejected (docs).
            entry: dict[str, Any] = {"type": COMPUTER_TOOLSET_20260801}
            if not getattr(tool, "enable_zoom", False):
                entry["configs"] = {"zoom": {"enabled": False}}
            return entry
        params = tool.to_params()
        if name == "computer" and params["type"] != self.family.name:
            params = {**params, "type": self.family.name}
        if self.family.name == COMPUTER_20241022 and params["type"] in LEGACY_DECLARED_TYPES:
            return {**params, "type": LEGACY_DECLARED_TYPES[params["type"]]}
        return params

    def request(self) -> dict:
        """The keyword arguments of the next `messages.create` call (`beta.messages.create` with `betas`
        for the beta families). Prunes old screenshots first."""
        if self.keep_images is not None:
            prune_images(self.messages, self.keep_images, self.image_chunk)
        request: dict[str, Any] = {
            "model": self.model,
            "max_tokens": self.max_tokens,
            "system": self.system,
            "tools": self.tools,
            "messages": with_cache_breakpoints(self.messages),
        }
        if self.betas:
            request["betas"] = self.betas
        if self.thinking_budget is not None:
            request["thinking"] = {"type": "enabled", "budget_tokens": self.thinking_budget}
        elif self.adaptive_thinking:
            request["thinking"] = {"type": "adaptive"}
        if self.effort is not None:
            request["output_config"] = {"effort": self.effort}
        return request

    def next_turn(self) -> ModelTurn:
        request = self.request()
        messages = self.client.beta.messages if "betas" in request else self.client.messages
        try:
            response = messages.create(**request)
        except anthropic.APIError as exc:
            raise provider_error(exc) from exc
        except json.JSONDecodeError as exc:
            raise malformed_reply(exc) from exc
        require_fields(response.model_dump(warnings=False), ("content", "usage"))
        content = [
            block.model_dump(mode="json", exclude_none=True, warnings=False) for block in response.content
        ]
        calls = [self._tool_call(block) for block in content if block["type"] == "tool_use"]
        text = "\n".join(block["text"] for block in content if block["type"] == "text")
        require_content(text, calls)
        self.messages.append({"role": "assistant", "content": content})
        usage = Usage(
            input_tokens=response.usage.input_tokens,
            output_tokens=response.usage.output_tokens,
            cache_creation_input_tokens=response.usage.cache_creation_input_tokens or 0,
            cache_read_input_tokens=response.usage.cache_read_input_tokens or 0,
        )
        return ModelTurn(
            text=text,
            tool_calls=calls,
            usage=usage,
            status=CONTINUE if calls else final_status(text),
            raw=response.model_dump(mode="json", exclude_none=True, warnings=False),
            cost_usd=estimate_cost(self.model, usage),
        )

    def _tool_call(self, block: dict) -> ToolCall:
        """Dispatch on the pair (toolset_name, name): a member call is a computer action named by `name`."""
        toolset, name, tool_input = block.get("toolset_name"), block["name"], block.get("input")
        block.setdefault("input", {})  # a reply without input: the history sent back stays a valid tool_use
        if toolset is not None:
            if toolset != TOOLSET or not self.toolset:
                return ToolCall(block["id"], name, {}, error=f"Unknown toolset {toolset!r}.")
            try:
                return ToolCall(block["id"], "computer", member_input(name, tool_input))
            except ValueError as exc:
                return ToolCall(block["id"], "computer", {}, error=str(exc))
        if not isinstance(tool_input, dict):
            return ToolCall(
                block["id"],
                name,
                {},
                error=f"The tool input must be a JSON object of parameters, got {tool_input!r:.300}.",
            )
        if self.toolset and name == "computer":
            return ToolCall(
                block["id"], name, {}, error="Call the computer toolset's members by name, e.g. left_click."
            )
        return ToolCall(block["id"], name, tool_input)

    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None:
        if not self.toolset:
            self.messages.append({"role": "user", "content": [tool_result_block(c, r) for c, r in results]})
            return
        members = {call.id for call, _ in results if self._is_member(call)}
        closing = self._closing_screenshot(results)
        blocks = []
        for call, result in results:
            if call.id not in members:
                blocks.append(tool_result_block(call, result))
                continue
            block = tool_result_block(call, result, image=call.input.get("action") in SCREENSHOT_MEMBERS)
            if not result.is_error and not block["content"]:
                block["content"] = [{"type": "text", "text": MEMBER_OK}]
            if closing is not None and call.id == closing[0]:
                block["content"].append(image_block(closing[1]))
            blocks.append({**block, "toolset_name": TOOLSET})
        self.messages.append({"role": "user", "content": blocks})

    def _is_member(self, call: ToolCall) -> bool:
        block = self._tool_use(call.id)
        return block is not None and block.get("toolset_name") is not None

    def _tool_use(self, call_id: str) -> dict | None:
        for message in reversed(self.messages):
            if message["role"] == "assistant":
                return next(
                    (b for b in message["content"] if b.get("type") == "tool_use" and b["id"] == call_id),
                    None,
                )
        return None

    @staticmethod
    def _closing_screenshot(results: list[tuple[ToolCall, ToolResult]]) -> tuple[str, ToolResult] | None:
        """(call id, result with the image) when a batch does not end with a screenshot: the newest screen
        the batch produced (a zoom shows a crop, not the screen) goes on its last successful computer result
        (errors hold text only)."""
        done = [(c, r) for c, r in results if c.tool == "computer" and not r.is_error]
        if not done or (done[-1] == results[-1] and done[-1][0].input.get("action") == "screenshot"):
            return None
        screens = [r for c, r in done if r.image is not None and c.input.get("action") != "zoom"]
        return (done[-1][0].id, screens[-1]) if screens else None

    def add_user_message(self, text: str) -> None:
        block = {"type": "text", "text": text}
        if self.messages and self.messages[-1]["role"] == "user":
            self.messages[-1]["content"].append(block)  # after the tool results of the same user turn
        else:
            self.messages.append({"role": "user", "content": [block]})

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()


class BedrockProvider(AnthropicProvider):
    """Claude on Amazon Bedrock (`bedrock:<model id or inference profile>`). Extra option: aws_region.
    Bedrock offers the earlier beta tool versions, not the toolset (docs)."""

    name = "bedrock"
    platform = BEDROCK
    default_model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"

    def __init__(self, model: str = "", *, aws_region: str | None = None, **options: Any):
        super().__init__(model, **options)
        self.options["aws_region"] = aws_region
        self.aws_region = aws_region

    def _make_client(self) -> Any:
        return anthropic.AnthropicBedrock(
            aws_region=self.aws_region, base_url=self.base_url, max_retries=0, timeout=self.timeout
        )


class VertexProvider(AnthropicProvider):
    """Claude on Google Vertex AI (`vertex:claude-sonnet-4-5@20250929`). Extra options: region, project_id
    (default: the CLOUD_ML_REGION and ANTHROPIC_VERTEX_PROJECT_ID environment variables)."""

    name = "vertex"
    platform = VERTEX
    default_model = "claude-sonnet-4-5@20250929"

    def __init__(
        self, model: str = "", *, region: str | None = None, project_id: str | None = None, **options: Any
    ):
        super().__init__(model, **options)
        self.options.update(region=region, project_id=project_id)
        self.region = region
        self.project_id = project_id

    def _make_client(self) -> Any:
        given = {"region": self.region, "project_id": self.project_id}
        return anthropic.AnthropicVertex(
            **{key: value for key, value in given.items() if value is not None},
            access_token=os.environ.get("GOOGLE_OAUTH_ACCESS_TOKEN"),
            base_url=self.base_url,
            max_retries=0,
            timeout=self.timeout,
        )
