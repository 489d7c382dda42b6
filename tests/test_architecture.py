"""The shape of the code: which package may import which, and no import cycles.

Imports are read from the source, every `import` statement including those inside functions (a
deferred import is still a dependency), so a cycle fails here rather than hiding behind an
import placed inside a function until it bites at start-up.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("portal", "stories", "mentoring")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules that module `name` imports. `from a.b import c` depends on `a.b.c`
    when that is a module, otherwise on `a.b`."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return {module for module in found if module in known and module != name}


def _import_graph() -> dict[str, set[str]]:
    modules = _project_modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop (the strongly
    connected components of more than one module, by Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_cycle_finder_finds_a_loop_and_nothing_else():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_an_import_inside_a_function_counts(tmp_path, monkeypatch):
    (tmp_path / "one.py").write_text("def f():\n    from two import g\n")
    assert _imports("one", tmp_path / "one.py", {"one", "two"}) == {"two"}


def test_no_project_module_takes_part_in_an_import_cycle():
    assert _cycles(_import_graph()) == []


def test_packages_import_only_in_the_allowed_direction():
    """portal <- stories <- mentoring: stories never imports mentoring, and portal neither, but
    for the root URLconf, which includes every app's pages."""
    allowed = {
        "portal": {"portal"},
        "stories": {"portal", "stories"},
        "mentoring": {"portal", "stories", "mentoring"},
    }
    wrong = defaultdict(set)
    for module, targets in _import_graph().items():
        if module == "portal.urls":
            continue
        for target in targets:
            if target.split(".")[0] not in allowed[module.split(".")[0]]:
                wrong[module].add(target)
    assert dict(wrong) == {}
