"""The import layering of docs/architecture.md, checked from the source with `ast`.

Every import counts, including the ones inside functions: a function-local import is still
a dependency, and hiding a cycle inside a function is how the old services ↔ tasks loop
survived. A module may import its own layer or lower ones, never a higher one, and no
group of modules may import each other round in a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

# Lowest first. A module's layer is that of the longest prefix listed.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("models", ("claims.models", "claims.roles", "claims.reference", "claims.apps")),
    ("events", ("claims.events",)),
    ("libraries", ("claims.extraction", "claims.fetching")),
    ("matching", ("claims.matching",)),
    ("pipeline", ("claims.pipeline",)),
    ("tasks", ("claims.tasks",)),
    (
        "capabilities",
        (
            "claims.intake",
            "claims.review",
            "claims.evidence",
            "claims.publishing",
            "claims.api",
            "claims.queries",
            "claims.presenters",
            "claims.collaboration",
        ),
    ),
    (
        "entry points",
        ("claims.views", "claims.templatetags", "claims.urls", "claims.admin", "claims.management", "claims.sweep"),
    ),
    ("project", ("factcheck",)),
]
PACKAGES = ("claims", "factcheck")
SKIPPED = ("claims.migrations",)  # generated; they import Django alone
EMPTY = {"claims"}  # the app package itself: an empty __init__.py


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Return every module of the project by dotted name."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = module_name(path)
            if not name.startswith(SKIPPED) and name not in EMPTY:
                modules[name] = path
    return modules


def imports_of(name: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """Return (imported project module, line) for every import in a module, at any depth."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from package import module` depends on that module; `from module import name` on the module.
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, node.lineno))
    return found


def layer_of(module: str) -> int:
    best, layer = -1, None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, layer = len(prefix), index
    return layer


def import_graph() -> dict[str, list[tuple[str, int]]]:
    modules = project_modules()
    return {name: imports_of(name, path, set(modules)) for name, path in modules.items()}


def test_every_module_belongs_to_a_layer():
    assert [name for name in project_modules() if layer_of(name) is None] == []


def test_no_module_imports_a_higher_layer():
    upward = [
        f"{name}:{line} imports {target} ({LAYERS[layer_of(name)][0]} → {LAYERS[layer_of(target)][0]})"
        for name, targets in import_graph().items()
        for target, line in targets
        if layer_of(target) > layer_of(name)
    ]
    assert upward == []


def test_no_modules_import_each_other_in_a_cycle():
    graph = {name: sorted({target for target, _ in targets}) for name, targets in import_graph().items()}
    cycles = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert cycles == []


def test_the_extractor_imports_nothing_from_django_or_the_rest_of_the_app():
    for path in sorted((ROOT / "claims" / "extraction").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            for imported in names:
                assert not imported.startswith("django"), f"{path.name} imports {imported}"
                assert not imported.startswith("claims.") or imported.startswith("claims.extraction"), (
                    f"{path.name} imports {imported}"
                )


def test_the_layering_check_sees_function_level_imports(tmp_path):
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from claims import tasks\n")
    assert imports_of("claims.pipeline.probe", source, {"claims.tasks", "claims.pipeline.probe"}) == [
        ("claims.tasks", 2)
    ]
