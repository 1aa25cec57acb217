"""Claude through the Messages API with Anthropic's hosted computer-use tools: first-party (`anthropic:`),
Amazon Bedrock (`bedrock:`) and Google Vertex AI (`vertex:`).

Tool versions and the beta header follow the model family (see `tool_versions_for`). Requests carry four
prompt-cache breakpoints (the system prompt, which also covers the tools, and the last block of the three
newest user turns). Old screenshots are pruned in chunks so that the cached prefix changes rarely: the
history grows to `only_n_most_recent_images + image_truncation_threshold - 1` images, then the oldest are
replaced by a text note, leaving exactly `only_n_most_recent_images`.

The SDK clients are built with `max_retries=0`: the agent loop retries `TransientError`s itself.
Credentials come from the environment only, so they never sit in provider options (which are recorded):
ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL; AWS_* or AWS_BEARER_TOKEN_BEDROCK and AWS_REGION (SigV4 signing
needs `boto3`); for Vertex, CLOUD_ML_REGION, ANTHROPIC_VERTEX_PROJECT_ID and GOOGLE_OAUTH_ACCESS_TOKEN (or
Google application-default credentials, which need `google-auth`).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import anthropic

from deskpilot.core.families import COMPUTER_20241022, COMPUTER_20250124, COMPUTER_20251124, FAMILIES
from deskpilot.core.results import ToolResult
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

LEGACY_DECLARED_TYPES = {"text_editor_20250124": "text_editor_20241022"}

_NEW_NAME = re.compile(r"claude-([a-z]+)-(\d+)(?:-(\d)(?!\d))?")  # claude-sonnet-4-5, claude-opus-4
_OLD_NAME = re.compile(r"claude-(\d+)(?:-(\d))?-(opus|sonnet|haiku)")  # claude-3-5-sonnet, claude-3-opus


def claude_model(model: str) -> tuple[str, tuple[int, int]] | None:
    """("sonnet", (4, 5)) for any first-party, Bedrock or Vertex id of Claude Sonnet 4.5; None if the id
    has no version."""
    if match := _NEW_NAME.search(model):
        return match[1], (int(match[2]), int(match[3] or 0))
    if match := _OLD_NAME.search(model):
        return match[3], (int(match[1]), int(match[2] or 0))
    return None


def tool_versions_for(model: str) -> dict[str, str]:
    """The tool versions of a model's family, per the computer-use docs' table. Unknown models get the
    computer_20250124 family."""
    parsed = claude_model(model)
    if parsed is None:
        return FAMILIES[COMPUTER_20250124].versions()
    kind, version = parsed
    if version == (3, 5):
        return FAMILIES[COMPUTER_20241022].versions()
    if version[0] >= 5 or version >= ((4, 5) if kind == "opus" else (4, 6)):
        return FAMILIES[COMPUTER_20251124].versions()
    if version == (3, 7):  # Claude 3.7 Sonnet predates text_editor_20250429/20250728
        return {**FAMILIES[COMPUTER_20250124].versions(), "editor": "text_editor_20250124"}
    return FAMILIES[COMPUTER_20250124].versions()


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
    """A copy of `messages` with cache_control on the last block of the `turns` newest user turns."""
    marked = list(messages)
    user_turns = [i for i, message in enumerate(messages) if message["role"] == "user"]
    for i in user_turns[-turns:]:
        content = list(messages[i]["content"])
        content[-1] = {**content[-1], "cache_control": EPHEMERAL}
        marked[i] = {**messages[i], "content": content}
    return marked


def tool_result_block(call: ToolCall, result: ToolResult) -> dict:
    """A tool_result block. Errors are text only: the API rejects images in error results."""
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
    if result.base64_image:
        source = {"type": "base64", "media_type": result.media_type, "data": result.base64_image}
        content.append({"type": "image", "source": source})
    return {"type": "tool_result", "tool_use_id": call.id, "content": content}


class AnthropicProvider(Provider):
    """Claude on the first-party API. Options:

    max_tokens: output limit per turn (default 16384; 4096 for Haiku and Claude 3.5).
    thinking_budget: extended thinking, {"type": "enabled", "budget_tokens": N}; N < max_tokens.
    adaptive_thinking: {"type": "adaptive"} thinking instead (Claude 4.6 and later).
    effort: output_config.effort, "low" | "medium" | "high" | "max".
    only_n_most_recent_images: screenshots kept in the history (default 3; None keeps all).
    image_truncation_threshold: prune once this many extra screenshots have piled up (default 10).
    computer_version: force a tool family ("computer_20251124", ...) for model ids this module does not know.
    base_url, timeout: where and how long (seconds) to wait for the API.
    """

    name = "anthropic"
    default_model = "claude-sonnet-4-6"

    def __init__(
        self,
        model: str = "",
        *,
        max_tokens: int | None = None,
        thinking_budget: int | None = None,
        adaptive_thinking: bool = False,
        effort: str | None = None,
        only_n_most_recent_images: int | None = 3,
        image_truncation_threshold: int = 10,
        computer_version: str | None = None,
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
            computer_version=computer_version,
            base_url=base_url,
            timeout=timeout,
        )
        if computer_version is not None and computer_version not in FAMILIES:
            raise ValueError(
                f"computer_version must be one of {', '.join(FAMILIES)}, got {computer_version!r}"
            )
        self.versions = (
            FAMILIES[computer_version].versions() if computer_version else tool_versions_for(self.model)
        )
        parsed = claude_model(self.model)
        small = self.versions["computer"] == COMPUTER_20241022 or (
            parsed is not None and parsed[0] == "haiku"
        )
        self.max_tokens = max_tokens or (4096 if small else 16384)
        if thinking_budget is not None and adaptive_thinking:
            raise ValueError("use either thinking_budget or adaptive_thinking, not both")
        if thinking_budget is not None and not 1024 <= thinking_budget < self.max_tokens:
            raise ValueError(
                f"thinking_budget must be at least 1024 and below max_tokens ({self.max_tokens})"
            )
        if only_n_most_recent_images is not None and only_n_most_recent_images < 1:
            raise ValueError(
                "only_n_most_recent_images must be at least 1 (or None to keep every screenshot)"
            )
        if image_truncation_threshold < 1:
            raise ValueError("image_truncation_threshold must be at least 1")
        self.thinking_budget = thinking_budget
        self.adaptive_thinking = adaptive_thinking
        self.effort = effort
        self.keep_images = only_n_most_recent_images
        self.image_chunk = image_truncation_threshold
        self.base_url = base_url
        self.timeout = timeout
        self.messages: list[dict] = []

    def tool_versions(self) -> dict[str, str]:
        return dict(self.versions)

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
        self.tools = [self._declare(tool.to_params()) for tool in session.tools.values()]
        computer = next(tool["type"] for tool in self.tools if tool["name"] == "computer")
        self.betas = [beta] if (beta := FAMILIES[computer].beta) else []
        self.system = [{"type": "text", "text": session.system_prompt, "cache_control": EPHEMERAL}]
        self.messages = [{"role": "user", "content": [{"type": "text", "text": session.instruction}]}]

    def _declare(self, params: dict) -> dict:
        if self.versions["computer"] == COMPUTER_20241022 and params["type"] in LEGACY_DECLARED_TYPES:
            return {**params, "type": LEGACY_DECLARED_TYPES[params["type"]]}
        return params

    def request(self) -> dict:
        """The keyword arguments of the next `beta.messages.create` call (prunes old screenshots first)."""
        if self.keep_images is not None:
            prune_images(self.messages, self.keep_images, self.image_chunk)
        request: dict[str, Any] = {
            "model": self.model,
            "max_tokens": self.max_tokens,
            "system": self.system,
            "tools": self.tools,
            "messages": with_cache_breakpoints(self.messages),
            "betas": self.betas,
        }
        if self.thinking_budget is not None:
            request["thinking"] = {"type": "enabled", "budget_tokens": self.thinking_budget}
        elif self.adaptive_thinking:
            request["thinking"] = {"type": "adaptive"}
        if self.effort is not None:
            request["output_config"] = {"effort": self.effort}
        return request

    def next_turn(self) -> ModelTurn:
        try:
            response = self.client.beta.messages.create(**self.request())
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
        tool_input = block.get("input")
        block.setdefault("input", {})  # the history sent back must be a valid tool_use block
        if not isinstance(tool_input, dict):
            return ToolCall(
                block["id"],
                block["name"],
                {},
                error=f"The tool input must be a JSON object of parameters, got {tool_input!r:.300}.",
            )
        return ToolCall(block["id"], block["name"], tool_input)

    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None:
        self.messages.append({"role": "user", "content": [tool_result_block(c, r) for c, r in results]})

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
    """Claude on Amazon Bedrock (`bedrock:<model id or inference profile>`). Extra option: aws_region."""

    name = "bedrock"
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
