"""The computer, bash and text-editor tools, as Anthropic's computer-use spec defines them."""

from deskpilot.core.results import ToolError, ToolResult
from deskpilot.tools.bash import BashTool
from deskpilot.tools.computer import ComputerTool
from deskpilot.tools.edit import EditTool

__all__ = ["BashTool", "ComputerTool", "EditTool", "ToolError", "ToolResult"]
