"""Layers point one way: workshops ← participants ← discussion. A lower app never imports a higher one."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "workshops": {"participants", "discussion"},
    "participants": {"discussion"},
    "discussion": set(),
}


def imported_top_level_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_only_the_layers_below_it(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_top_level_packages(path) & FORBIDDEN[app])
        for path in (ROOT / app).rglob("*.py")
        if imported_top_level_packages(path) & FORBIDDEN[app]
    }
    assert offenders == {}


def test_templates_of_lower_apps_do_not_link_to_higher_apps():
    """A URL name of a higher app in a lower app's template would tie the layers together too."""
    offenders = []
    for app, higher in FORBIDDEN.items():
        for template in (ROOT / "templates" / app).rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            offenders += [
                f"{template.relative_to(ROOT)} → {h}:" for h in higher if f"'{h}:" in text or f'"{h}:' in text
            ]
    assert offenders == []
