"""Imports point one way and never in a circle (DESIGN.md, "Layout").

`ui` and `cli` -> services (`sspdesk/*.py`, `bundles`, `duties`, `demo`) -> `pdf` / `store` -> `domain`. Every
import counts, also one inside a function or under `TYPE_CHECKING`: a lazy import still ties the two modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sspdesk

SRC = Path(sspdesk.__file__).parent.parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in (SRC / "sspdesk").rglob("*.py")}


def imported(name: str, path: Path) -> set[str]:
    """The names a module imports, anywhere in it; `from a import b` is `a.b` when that is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..a import b
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names)
    return found


def own(target: str) -> str | None:
    """The sspdesk module an import name lands in (`sspdesk.x.Y` -> `sspdesk.x`), or None for other packages."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def all_imports() -> dict[str, set[str]]:
    return {name: imported(name, path) for name, path in MODULES.items()}


GRAPH = {name: {m for t in targets if (m := own(t)) and m != name} for name, targets in all_imports().items()}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ("ui", "cli", "pdf", "store", "domain") else "services"


def find_cycle() -> list[str]:
    """One import cycle as a list of modules (first == last), or [] (depth-first search, white/grey/black)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[module] = 2
        return []

    for module in sorted(GRAPH):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def test_no_sspdesk_module_imports_itself_round_a_circle():
    cycle = find_cycle()
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_import_graph_sees_imports_inside_functions_and_resolves_submodules():
    # A guard on the test itself: cli/__init__ imports its command modules by `from sspdesk.cli import x`, and
    # services import reportlab's PDF modules only inside the function that makes the PDF.
    assert "sspdesk.cli.pdf_cmds" in GRAPH["sspdesk.cli"]
    assert "sspdesk.pdf.case_form" in GRAPH["sspdesk.cases"]


ALLOWED = {  # layer -> the layers it may import besides its own
    "services": {"pdf", "store", "domain"},
    "pdf": {"domain"},
    "store": {"domain"},
    "domain": set(),
    "cli": {"services", "pdf", "store", "domain"},
    "ui": {"services", "pdf", "store", "domain"},
}


def test_imports_point_down_the_layers_only():
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if layer(target) != layer(module) and layer(target) not in ALLOWED[layer(module)]
    )
    assert wrong == []


def test_pdf_modules_import_only_the_domain_and_pdf_base():
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if layer(module) == "pdf"
        for target in targets
        if layer(target) != "domain" and target != "sspdesk.pdf.base"
    )
    assert wrong == []


def test_pyside6_is_imported_only_inside_ui():
    wrong = sorted(
        module
        for module, targets in all_imports().items()
        if layer(module) != "ui" and any(t == "PySide6" or t.startswith("PySide6.") for t in targets)
    )
    assert wrong == []


def test_no_module_is_imported_by_a_name_in_a_string():
    # importlib.import_module("sspdesk.x") would hide an edge from this test and from PyInstaller's analysis.
    def by_name(node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and (
            (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            or (isinstance(node.func, ast.Name) and node.func.id in ("import_module", "__import__"))
        )

    wrong = sorted(
        name
        for name, path in MODULES.items()
        if any(by_name(node) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))
    )
    assert wrong == []
