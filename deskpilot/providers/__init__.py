"""Model backends, picked by a spec string such as "anthropic:claude-sonnet-4-5" or "local"."""

from __future__ import annotations

import importlib
from urllib.parse import parse_qsl

from deskpilot.core.turns import (
    ASK_USER,
    CONTINUE,
    DONE,
    FAIL,
    ModelTurn,
    ProviderError,
    ToolCall,
    TransientError,
    Usage,
)
from deskpilot.providers.base import Provider, Session

# prefix -> (module, class). "uitars:model@url", "qwen25vl:model@url" and "qwen3vl:model@url" carry their
# endpoint (any OpenAI-compatible server: vLLM, Ollama, llama.cpp server).
REGISTRY = {
    "anthropic": ("deskpilot.providers.anthropic", "AnthropicProvider"),
    "bedrock": ("deskpilot.providers.anthropic", "BedrockProvider"),
    "vertex": ("deskpilot.providers.anthropic", "VertexProvider"),
    "openai": ("deskpilot.providers.openai", "OpenAIProvider"),
    "gemini": ("deskpilot.providers.gemini", "GeminiProvider"),
    "uitars": ("deskpilot.providers.opengui", "UITarsProvider"),
    "qwen25vl": ("deskpilot.providers.opengui", "Qwen25VLProvider"),
    "qwen3vl": ("deskpilot.providers.opengui", "Qwen3VLProvider"),
    "local": ("deskpilot.providers.local", "LocalProvider"),
    "noop": ("deskpilot.providers.scripted", "NoopProvider"),
    "oracle": ("deskpilot.providers.scripted", "OracleProvider"),
}


def make_provider(spec: str, **options) -> Provider:
    """Build a provider from "prefix:model" (or a bare prefix for local, noop and oracle). Options may ride
    on the spec after "?": "uitars:ui-tars-7b@http://host:8000/v1?coords=rel1000"; keyword options win."""
    spec, _, query = spec.partition("?")
    options = {**dict(parse_qsl(query, keep_blank_values=True)), **options}
    prefix, _, model = spec.partition(":")
    if prefix not in REGISTRY:
        raise ProviderError(
            f"unknown model spec {spec!r}; use one of: {', '.join(p + ':' for p in REGISTRY)}"
        )
    module, cls = REGISTRY[prefix]
    provider_class = getattr(importlib.import_module(module), cls)
    if options and provider_class.__init__ is Provider.__init__:  # it declares no options of its own
        raise ProviderError(f"{prefix} takes no options, got {', '.join(sorted(options))}")
    try:
        return provider_class(model, **options)
    except TypeError as exc:  # an option this provider does not take
        raise ProviderError(f"{prefix}: {exc}") from None


__all__ = [
    "ASK_USER",
    "CONTINUE",
    "DONE",
    "FAIL",
    "ModelTurn",
    "Provider",
    "ProviderError",
    "REGISTRY",
    "Session",
    "ToolCall",
    "TransientError",
    "Usage",
    "make_provider",
]
