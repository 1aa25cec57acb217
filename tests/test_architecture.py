"""The house rules of the package layout: imports only go down the floors, and never in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from deskpilot.agent.loop import Agent
from deskpilot.core import protocols
from deskpilot.desktop import Desktop
from deskpilot.providers.base import Provider
from deskpilot.safety import Guard
from deskpilot.tools import BashTool, ComputerTool, EditTool

PACKAGE = Path(__file__).resolve().parents[1] / "deskpilot"
# Each package may import from its own floor's neighbours named here and from any lower floor.
FLOORS = [
    {"core"},
    {"desktop", "perception"},
    {"tools", "safety"},
    {"local"},
    {"providers"},
    {"store"},
    {"agent"},
    {"evals", "web", "mcp"},
    {"cli"},
]
ANNOTATED = {"size", "apps", "home", "env", "number", "name", "model", "tainted", "audit"}
FLOOR = {name: level for level, names in enumerate(FLOORS) for name in names}


def _imports() -> dict[str, set[str]]:
    """module name -> the deskpilot modules it imports (at any depth, including function-level imports)."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("deskpilot"):
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("deskpilot"))
        found[module] = targets
    modules = set(found)
    return {m: {t for t in ts if t in modules and t != m} for m, ts in found.items()}


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in FLOOR) else None


def test_every_package_has_a_floor():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages <= set(FLOOR), f"packages without a floor: {packages - set(FLOOR)}"


def test_imports_never_go_up():
    upward = []
    for module, targets in _imports().items():
        source = _package(module)
        for target in targets:
            destination = _package(target)
            if source and destination and source != destination and FLOOR[destination] > FLOOR[source]:
                upward.append(f"{module} -> {target}")
            if source == "core" and destination not in (None, "core"):
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_the_import_graph_has_no_cycles():
    graph = {_package(m) or m: set() for m in _imports()}
    for module, targets in _imports().items():
        source = _package(module) or module
        graph[source] |= {_package(t) or t for t in targets} - {source}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path, node, nxt]
            if state.get(nxt) is None and (cycle := visit(nxt, [*path, node])):
                return cycle
        state[node] = 2
        return None

    cycles = [cycle for node in sorted(graph) if state.get(node) is None and (cycle := visit(node, []))]
    assert cycles == []


@pytest.mark.parametrize(
    ("cls", "protocol"),
    [
        (Desktop, protocols.Desktop),
        (ComputerTool, protocols.Tool),
        (BashTool, protocols.Tool),
        (EditTool, protocols.Tool),
        (Provider, protocols.Provider),
        (Guard, protocols.Guard),
    ],
)
def test_the_parts_have_the_members_their_protocols_name(cls, protocol):
    methods = [name for name in vars(protocol) if not name.startswith("_") and name not in ANNOTATED]
    missing = [name for name in methods if not callable(getattr(cls, name, None)) and not hasattr(cls, name)]
    assert missing == [], f"{cls.__name__} lacks {missing}"


def test_the_agent_takes_hooks_not_wrapped_providers():
    assert {"take_over", "hand_back", "stop", "send_user_message"} <= set(dir(Agent))
