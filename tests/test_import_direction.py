"""Imports between our apps go one way (issue 8): a layer never imports a layer above it, so each can be read,
tested and changed without the ones above, and no import cycle can form between apps.

The layers, from the bottom (a module may import its own layer and the ones below):

  backend    the platform: settings helpers, api (error format, pagination), reference data, mail, accounts,
             jobs; in that order inside it (accounts send mail, mail finds the reader's language through
             get_user_model())
  companies  companies, sites, placements, moderation
  seekers    students, teachers, classes, parents, favourites, applications (on companies' placements)
  matching   search and match of students and placements, the search index (listens to companies.signals)
  clearing   the application market over applications and matches
  entdeckertage, monitoring   built on all of the above
  frontend   the layout and the navigation of every role

Entry points sit on top and may import anything: the root URLconf and settings, the demo data (backend/demo/,
entdeckertage/demo.py), benchmarks and management commands.

Rule modules: a few modules hold one rule that several layers apply and import no app code themselves (only the
platform and each other), so any layer may read them: clearing.policy (the market's numbers as settings),
matching.scoring (the one definition of a match) and matching.labels (its reasons in German). The test checks
that they stay that way.

A lower layer that must tell a higher one about a change sends a signal (companies.signals.placements_written,
heard by matching's index). Remaining exceptions are listed in EXCEPTIONS with the reason; the test fails when
one is no longer needed, so the list only shrinks.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LAYERS = [
    "backend",
    "backend.api",
    "backend.reference",
    "backend.mail",
    "backend.accounts",
    "backend.jobs",
    "companies",
    "seekers",
    "matching",
    "clearing",
    ("entdeckertage", "monitoring"),
    "frontend",
]
RANK = {unit: rank for rank, layer in enumerate(LAYERS) for unit in ((layer,) if isinstance(layer, str) else layer)}

RULE_MODULES = {"clearing.policy", "matching.scoring", "matching.labels"}

# (importing module, imported unit): why it stays for now.
EXCEPTIONS = {
    ("companies.selectors", "seekers"): (
        "the company's dashboard counts the applications it may see; the rule (released_to_company) lives once, "
        "on seekers' Application queryset"
    ),
    ("seekers.tasks", "clearing"): (
        "a freed seat or a lapsed application tells students their best matches with free seats "
        "(clearing.selectors); the tasks are enqueued by seekers' services"
    ),
    ("seekers.views", "clearing"): (
        "the student's applications page shows the best free matches after a lapse (clearing.selectors)"
    ),
}


def is_entry_point(module: str) -> bool:
    parts = module.split(".")
    return (
        module in ("backend.urls", "backend.asgi", "backend.wsgi")
        or module.startswith(("backend.settings", "backend.demo"))
        or parts[-1] in ("demo", "bench", "bench_settings")
        or "commands" in parts
    )


def unit_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "backend":
        sub = ".".join(parts[:2])
        return sub if sub in RANK else "backend"
    return parts[0] if parts[0] in RANK else None


def our_modules():
    """(module name, path) of every module of our apps, tests and migrations left out."""
    for top in sorted({u.split(".")[0] for u in RANK}):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            parts = list(rel.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


def imports_of(module: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """Every module this one imports (top-level and inside functions), as absolute names, with the line.
    `from package import name` counts as an import of package.name when that is a module of ours."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                target = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.append((submodule if submodule in known else target, node.lineno))
    return found


def crossing_imports():
    """(module, imported module, line) for each import of another unit of ours."""
    modules = dict(our_modules())
    for module, path in modules.items():
        unit = unit_of(module)
        for target, line in imports_of(module, path, set(modules)):
            target_unit = unit_of(target)
            if target_unit is not None and target_unit != unit:
                yield module, target, line


def test_imports_go_down_the_layers():
    wrong, used = [], set()
    for module, target, line in crossing_imports():
        if is_entry_point(module) or target in RULE_MODULES:
            continue
        unit, target_unit = unit_of(module), unit_of(target)
        assert unit is not None and target_unit is not None
        if RANK[target_unit] <= RANK[unit]:
            continue
        if (module, target_unit) in EXCEPTIONS:
            used.add((module, target_unit))
            continue
        wrong.append(f"{module}:{line} imports {target} ({target_unit} is above {unit})")
    assert not wrong, "Imports against the direction (see this test's docstring):\n" + "\n".join(wrong)
    assert not set(EXCEPTIONS) - used, f"No longer needed, remove from EXCEPTIONS: {sorted(set(EXCEPTIONS) - used)}"


def test_rule_modules_import_only_the_platform_and_each_other():
    modules = dict(our_modules())
    for module in sorted(RULE_MODULES):
        assert module in modules, f"{module} is gone: update RULE_MODULES"
        for target, line in imports_of(module, modules[module], set(modules)):
            target_unit = unit_of(target)
            assert target_unit is None or target in RULE_MODULES or target_unit.startswith("backend"), (
                f"{module}:{line} imports {target}: a rule module may import only the platform and other rule modules"
            )


def test_the_scan_sees_real_imports():
    """The scan must not pass by seeing nothing: known imports of each kind are found."""
    found = {(m, t) for m, t, _line in crossing_imports()}
    assert ("seekers.models", "companies.models") in found  # top level, absolute
    assert ("matching.signals", "companies.signals") in found  # `from companies import signals as ...`
    assert ("seekers.services.applying", "matching.scoring") in found  # `from matching import scoring`
    assert ("seekers.services.seats", "companies.selectors") in found  # in a subpackage, next to relative ones
    assert ("matching.indexing", "matching.tasks") not in found  # the same app is no crossing
