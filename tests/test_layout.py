"""The apps' imports point one way: territories imports no other app, and no two apps import each other.

Read from the source with `ast` (no app is imported), so an arrow added anywhere, even inside a
function, fails here with the file that adds it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("afn_directory", "territories", "accounts", "workshops", "moderation", "surveys", "officials")


def _imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).parent.parts
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                yield ".".join(base + ([node.module] if node.module else []))
            else:
                yield node.module


def app_imports() -> dict[str, dict[str, list[str]]]:
    """app → {other app it imports → the files that import it}; migrations left out (history)."""
    graph = {app: {} for app in APPS}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for module in _imported_modules(path):
                other = module.split(".")[0]
                if other in APPS and other != app:
                    graph[app].setdefault(other, []).append(str(path.relative_to(ROOT)))
    return graph


def _cycles(graph):
    """Every cycle, each as the list of apps along it (found by depth-first search)."""
    found = []

    def visit(app, path):
        for other in graph[app]:
            if other == path[0]:
                found.append([*path, other])
            elif other not in path and other > path[0]:  # each cycle once, from its smallest app
                visit(other, [*path, other])

    for app in graph:
        visit(app, [app])
    return found


def test_territories_imports_no_other_app_of_the_project():
    assert app_imports()["territories"] == {}


def test_the_project_package_imports_no_app():
    assert app_imports()["afn_directory"] == {}


def test_no_two_apps_import_each_other_even_through_others():
    graph = app_imports()
    assert _cycles({app: set(others) for app, others in graph.items()}) == [], graph


def test_the_arrows_point_down_the_layers():
    allowed = {
        "afn_directory": set(),
        "territories": set(),
        "accounts": {"afn_directory"},
        "workshops": {"afn_directory", "territories", "accounts"},
        # Staff grant an official's access request from the moderation queue (an OfficialScope).
        "moderation": {"afn_directory", "territories", "accounts", "workshops", "officials"},
        "surveys": {"afn_directory", "territories", "accounts", "workshops"},
        "officials": {"afn_directory", "territories", "accounts", "workshops", "surveys"},
    }
    graph = app_imports()
    assert {app: set(graph[app]) - allowed[app] for app in APPS} == {app: set() for app in APPS}


def test_the_cycle_finder_finds_a_cycle_through_three_apps():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]


def test_workshops_querysets_import_no_model_module():
    modules = set(_imported_modules(ROOT / "workshops" / "querysets.py"))
    assert not {m for m in modules if m.startswith("workshops.models") or m.startswith("workshops.geojson")}
