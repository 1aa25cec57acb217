"""The one tool-family table: which computer, bash and text-editor tool versions go together, the beta
header each family needs, each computer version's actions, and which model gets which family.

Source: Anthropic's computer-use tool docs (tool versions, beta headers; see
/work/shared/reference/computer-use-tool-spec.md §1.2 and apis-2026.md, /work/notes/api-facts.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deskpilot.core.actions import ACTIONS
from deskpilot.core.scaling import HIGH_TIER, STANDARD_TIER, ImageTier

COMPUTER_20241022 = "computer_20241022"
COMPUTER_20250124 = "computer_20250124"
COMPUTER_20251124 = "computer_20251124"
COMPUTER_TOOLSET_20260801 = "computer_toolset_20260801"
ZOOM_VERSIONS = frozenset({COMPUTER_20251124})  # the computer tool versions that have `zoom`


@dataclass(frozen=True)
class ToolFamily:
    name: str  # the family's computer tool type
    computer: str  # the computer version deskpilot's ComputerTool runs for it
    bash: str
    editor: str
    beta: str | None  # the anthropic-beta header the family needs; None when generally available

    @property
    def actions(self) -> tuple[str, ...]:
        return ACTIONS[self.computer]

    @property
    def zoom(self) -> bool:
        return self.computer in ZOOM_VERSIONS

    def versions(self) -> dict[str, str]:
        return {"computer": self.computer, "bash": self.bash, "editor": self.editor}


FAMILIES: dict[str, ToolFamily] = {
    family.name: family
    for family in (
        # Claude 3.5 Sonnet's editor is text_editor_20241022, which has the same commands and inputs as
        # text_editor_20250124; providers declare the documented type (see providers/anthropic.py).
        ToolFamily(COMPUTER_20241022, COMPUTER_20241022, "bash_20241022", "text_editor_20250124",
                   "computer-use-2024-10-22"),
        ToolFamily(COMPUTER_20250124, COMPUTER_20250124, "bash_20250124", "text_editor_20250728",
                   "computer-use-2025-01-24"),
        ToolFamily(COMPUTER_20251124, COMPUTER_20251124, "bash_20250124", "text_editor_20250728",
                   "computer-use-2025-11-24"),
        # The GA toolset: its 17 member tools are the 17 actions of computer_20251124.
        ToolFamily(COMPUTER_TOOLSET_20260801, COMPUTER_20251124, "bash_20250124", "text_editor_20250728",
                   None),
    )
}  # fmt: skip
DEFAULT_FAMILY = FAMILIES[COMPUTER_20250124]


def supports_zoom(computer_version: str) -> bool:
    return computer_version in ZOOM_VERSIONS


# Models -> families ---------------------------------------------------------------------------------------
# Anthropic computer-use docs (platform.claude.com .../computer-use-tool, "Compatibility" and "Earlier tool
# versions", 2026-09) and the Opus 5.5 / Sonnet 5.5 migration guides:
# - computer_toolset_20260801: Fable 5/5.1, Mythos 5/5.1, Opus 4.8/5/5.5, Sonnet 5/5.5; GA on the Claude API
#   and Google Cloud (Vertex). Other platforms offer only the earlier beta versions; Opus 5.5 and Sonnet 5.5
#   accept computer_20251124 on Amazon Bedrock.
# - computer_20251124: Opus 4.5, 4.6, 4.7, Sonnet 4.6 (only this one), and the toolset models above.
# - computer_20250124: Sonnet 4.5, Haiku 4.5, Opus 4.1, Sonnet 4, Opus 4, Claude 3.7 Sonnet.
# - computer_20241022: Claude 3.5 Sonnet.
# An id this table cannot place gets the newest family (not the oldest).
# Image tiers: see deskpilot.core.scaling (high: Opus 4.7+, Sonnet 5+, Haiku 5.5, Fable, Mythos).
ANTHROPIC, BEDROCK, VERTEX = "anthropic", "bedrock", "vertex"
PLATFORMS = (ANTHROPIC, BEDROCK, VERTEX)
TOOLSET_PLATFORMS = frozenset({ANTHROPIC, VERTEX})
NEWEST_FAMILY = FAMILIES[COMPUTER_TOOLSET_20260801]
# Claude 3.7 Sonnet predates text_editor_20250429/20250728.
CLAUDE_3_7_EDITOR = "text_editor_20250124"

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


@dataclass(frozen=True)
class ModelTools:
    """What one model on one platform gets: its tool family, its image tier, whether the client may prune old
    screenshots (Fable 5.1: no, the docs ask for server-side clearing), and an editor override."""

    family: ToolFamily
    tier: ImageTier
    client_pruning: bool = True
    editor: str | None = None

    @property
    def beta(self) -> str | None:
        return self.family.beta

    def versions(self) -> dict[str, str]:
        versions = self.family.versions()
        return {**versions, "editor": self.editor} if self.editor else versions


# (kind, first version) -> (family, tier), checked top down; a kind matches "*" too.
_CLAUDE_ROWS: tuple[tuple[str, tuple[int, int], str, ImageTier], ...] = (
    ("fable", (0, 0), COMPUTER_TOOLSET_20260801, HIGH_TIER),
    ("mythos", (0, 0), COMPUTER_TOOLSET_20260801, HIGH_TIER),
    ("opus", (4, 8), COMPUTER_TOOLSET_20260801, HIGH_TIER),
    ("opus", (4, 7), COMPUTER_20251124, HIGH_TIER),
    ("opus", (4, 5), COMPUTER_20251124, STANDARD_TIER),
    ("sonnet", (5, 0), COMPUTER_TOOLSET_20260801, HIGH_TIER),
    ("sonnet", (4, 6), COMPUTER_20251124, STANDARD_TIER),
    ("haiku", (5, 5), COMPUTER_TOOLSET_20260801, HIGH_TIER),
    ("haiku", (5, 0), COMPUTER_TOOLSET_20260801, STANDARD_TIER),
    ("*", (5, 0), COMPUTER_TOOLSET_20260801, HIGH_TIER),  # newer than the docs: every toolset model is high
    ("*", (3, 6), COMPUTER_20250124, STANDARD_TIER),
    ("*", (3, 5), COMPUTER_20241022, STANDARD_TIER),
    ("*", (0, 0), COMPUTER_20250124, STANDARD_TIER),
)


def claude_tools(model: str, platform: str = ANTHROPIC, override: str | None = None) -> ModelTools:
    """The tools of a Claude model id on a platform ("anthropic", "bedrock", "vertex"). `override` names a
    family (the --computer-tool flag) and wins over the table."""
    if platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform!r}; choose one of {', '.join(PLATFORMS)}")
    if override is not None and override not in FAMILIES:
        raise ValueError(f"unknown computer tool {override!r}; choose one of {', '.join(FAMILIES)}")
    parsed = claude_model(model)
    family, tier, pruning, editor = NEWEST_FAMILY, STANDARD_TIER, True, None
    if parsed is not None:
        kind, version = parsed
        for row_kind, first, name, row_tier in _CLAUDE_ROWS:
            if row_kind in (kind, "*") and version >= first:
                family, tier = FAMILIES[name], row_tier
                break
        pruning = (kind, version) != ("fable", (5, 1))
        editor = CLAUDE_3_7_EDITOR if version == (3, 7) else None
    if family.name == COMPUTER_TOOLSET_20260801 and platform not in TOOLSET_PLATFORMS:
        family = FAMILIES[COMPUTER_20251124]
    if override is not None:
        family = FAMILIES[override]
    return ModelTools(family, tier, pruning, editor)


# OpenAI (openai SDK types/responses/computer_tool_param.py; openai-agents-python picks the preview tool
# for computer-use-preview models and the GA tool otherwise).
OPENAI_COMPUTER = "computer"  # GA built-in tool, batched actions[] (gpt-5.4 and later)
OPENAI_COMPUTER_USE_PREVIEW = "computer_use_preview"  # one action per computer_call
OPENAI_TOOLS = (OPENAI_COMPUTER, OPENAI_COMPUTER_USE_PREVIEW)


def openai_tool(model: str, override: str | None = None) -> str:
    if override is not None and override not in OPENAI_TOOLS:
        raise ValueError(f"unknown computer tool {override!r}; choose one of {', '.join(OPENAI_TOOLS)}")
    if override is not None:
        return override
    return OPENAI_COMPUTER_USE_PREVIEW if model.startswith("computer-use-preview") else OPENAI_COMPUTER


# Gemini (google-genai Interactions types: ComputerUse{type: "computer_use", environment}).
GEMINI_COMPUTER_USE = "computer_use"
GEMINI_DESKTOP = "desktop"
