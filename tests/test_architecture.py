"""The shape of the code cannot drift: data flows one way, and only the edges do I/O.

Every `claimcheck` import of every module is read from its syntax tree (lazy imports inside
functions included), and checked against the layering in the README's architecture section.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "claimcheck"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__") or "claimcheck"


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports(path: Path, *, runtime_only: bool = False) -> set[str]:
    """The claimcheck modules a file imports (without the `claimcheck.` prefix)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("claimcheck")
        ):
            base = node.module.removeprefix("claimcheck").lstrip(".")
            for alias in node.names:
                child = f"{base}.{alias.name}" if base else alias.name
                found.add(child if child in MODULES else base)
        elif isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix("claimcheck.")
                for a in node.names
                if a.name.startswith("claimcheck.")
            )
    return {name for name in found if name}


def test_only_the_cli_imports_the_cli_and_the_engine() -> None:
    for name, path in MODULES.items():
        if name == "cli" or name.startswith("cli.") or name == "__main__":
            continue
        used = imports(path)
        assert not any(u == "cli" or u.startswith("cli.") for u in used), name
        if name != "engine":
            assert "engine" not in used, f"{name} imports the engine: data flows one way"


#: What the values at the bottom may import: nothing but each other.
VALUES = {
    "errors",
    "files",
    "suggest",
    "ids",
    "clock",
    "dates",
    "quantity",
    "lexicon",
    "units",
    "expression",
    "figures",
    "findings",
    "model",
    "links.model",
    "links.settings",
    "links.shard",
    "safetext",
}


@pytest.mark.parametrize("name", sorted(VALUES))
def test_values_import_only_values(name: str) -> None:
    used = imports(MODULES[name], runtime_only=True)
    assert used <= VALUES | {"claimcheck"}, f"{name} imports {sorted(used - VALUES)}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("render")))
def test_renderers_need_no_run(name: str) -> None:
    # A view is a pure function of a report or of values: no loading, no network, no run.
    forbidden = {"engine", "loader", "http", "resolver", "links.pool", "links.fetch", "config"}
    used = imports(MODULES[name], runtime_only=True)
    assert not used & forbidden, f"{name} imports {sorted(used & forbidden)}"
    assert not any(u.startswith("sources") for u in used), name


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("checks")))
def test_checks_are_pure(name: str) -> None:
    # A check is run(registry, ctx) -> findings: what it needs is gathered and passed in.
    forbidden = {"engine", "config", "http", "resolver", "links.pool", "links.fetch", "loader"}
    used = imports(MODULES[name], runtime_only=True)
    assert not used & forbidden, f"{name} imports {sorted(used & forbidden)}"
    assert not any(u.startswith(("render", "sources.fetch", "sources.run")) for u in used), name


_IO = re.compile(r"\bprint\(|sys\.std(?:out|err)|\bimport typer\b|\bfrom rich\b|date\.today\(\)")


@pytest.mark.parametrize(
    "name", sorted(n for n in MODULES if not n.startswith(("cli", "render")) and n != "clock")
)
def test_the_core_never_prints_nor_reads_the_real_date(name: str) -> None:
    text = MODULES[name].read_text(encoding="utf-8")
    found = [m.group() for m in _IO.finditer(text)]
    assert not found, f"{name}: {found} (the CLI prints; the clock tells the date)"


def test_the_core_builds_no_clock_nor_session_of_its_own() -> None:
    for name, path in MODULES.items():
        if name.startswith("cli") or name in ("clock", "http"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        called = {
            ast.unparse(node.func).rsplit(".", 1)[-1]
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
        }
        assert "Clock" not in called, f"{name} builds a Clock: it is passed in"
        assert "ClientSession" not in called, f"{name} builds an HTTP session: use the edge"


def test_no_cli_module_is_over_500_lines() -> None:
    for path in (SRC / "cli").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path.name
