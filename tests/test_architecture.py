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


MENTORING = ROOT / "mentoring"
# Django's fixed places and the modules every subject shares (docs/adr/0005).
MENTORING_ROOT_MODULES = {
    "__init__.py",
    "admin.py",
    "apps.py",
    "generate.py",
    "matching.py",
    "matching_arrays.py",
    "personal_data.py",
    "records.py",
    "retention.py",
    "shared.py",
    "tasks.py",
    "urls.py",
}


def test_mentoring_is_laid_out_by_subject():
    """One sub-package per subject; at the app's root only Django's fixed places and what every
    subject shares; no second naming scheme (`forms_rounds.py`, `services/`) creeping back."""
    subjects = {
        path.name
        for path in MENTORING.iterdir()
        if (path / "__init__.py").exists()
        and path.name not in {"management", "migrations", "models", "templatetags"}
    }
    root_modules = {path.name for path in MENTORING.glob("*.py")}

    assert {"mentorships", "bookings", "rounds", "programme"} <= subjects
    assert root_modules <= MENTORING_ROOT_MODULES, root_modules - MENTORING_ROOT_MODULES
    assert not {"services", "views", "forms", "selectors"} & subjects
    # Templates follow the same subjects.
    template_folders = {path.name for path in (ROOT / "templates" / "mentoring").iterdir()}
    assert template_folders <= subjects | {"includes"}, template_folders - subjects


def test_the_models_package_names_every_model_of_the_app_without_a_star_import():
    from django.apps import apps

    import mentoring.models

    source = (MENTORING / "models" / "__init__.py").read_text()
    tree = ast.parse(source)
    star_imports = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)
    ]
    models = {model.__name__ for model in apps.get_app_config("mentoring").get_models()}

    assert star_imports == []
    assert models <= set(mentoring.models.__all__), models - set(mentoring.models.__all__)
