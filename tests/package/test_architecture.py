"""The architecture rules of docs/architecture.md, read off the source itself.

Every import is counted, wherever it is written (top level, inside a function, under
TYPE_CHECKING): a lazy import is still a dependency, and a cycle hidden in one is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "src" / "trainertui"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports(name: str) -> set[str]:
    """Everything ``name`` imports: modules of this package (as module names) and others."""
    path = MODULES[name]
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # `from trainertui.ui import app` imports the module
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found


def own_imports(name: str) -> set[str]:
    return {m for m in imports(name) if m in MODULES and m != name and m != "trainertui"}


def test_the_source_is_found():
    assert {"trainertui.model", "trainertui.ui.app", "trainertui.ui.screens.workout"} <= set(MODULES)
    assert "trainertui.ui.messages" in own_imports("trainertui.ui.screens.menu")


def test_nothing_outside_ui_imports_textual_or_the_ui():
    """The one exception: the command line opens the app (and imports it only then)."""
    for name in MODULES:
        if name == "trainertui.ui" or name.startswith("trainertui.ui."):
            continue
        for imported in imports(name):
            if (name, imported) == ("trainertui.cli", "trainertui.ui.app"):
                continue
            assert not imported.startswith(("textual", "rich", "trainertui.ui")), f"{name} imports {imported}"


def test_screens_and_widgets_never_import_the_app():
    """Data goes down as constructor arguments and requests come up as messages, so a screen
    or widget has no reason to know the App."""
    for name in MODULES:
        if name.startswith(("trainertui.ui.screens.", "trainertui.ui.widgets.")):
            assert "trainertui.ui.app" not in own_imports(name), f"{name} imports the App"


def test_widgets_do_not_import_screens():
    for name in MODULES:
        if name.startswith("trainertui.ui.widgets."):
            assert not any(m.startswith("trainertui.ui.screens") for m in own_imports(name)), name


def test_no_import_cycle_among_the_packages_modules():
    graph = {name: own_imports(name) for name in MODULES}
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = path[path.index(name) :] + [name]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
