"""The one tool-family table: which computer, bash and text-editor tool versions go together, the beta
header each family needs, and each computer version's actions.

Source: Anthropic's computer-use tool docs (tool versions, beta headers; see
/work/shared/reference/computer-use-tool-spec.md §1.2 and apis-2026.md). Model ids -> families is the
providers' business; they read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskpilot.core.actions import ACTIONS

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
