"""The cache of check results: a hit reports what the checks report, and a change to anything
the cached checks read (the registry, the page, the day, the status vocabulary, the code) is a
miss, each planted beside a twin that hits."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck import check_cache, registry_cache
from claimcheck.check_cache import CACHED, READS
from claimcheck.checks import all_checks
from claimcheck.checks.base import PAGE
from claimcheck.cli import app
from tests.test_registry_cache import large_registry

runner = CliRunner()

STATUS = (
    "  - id: pool\n"
    "    text: The pool is closed for repairs.\n"
    "    kind: status\n"
    "    as_of: 2026-05\n"
    "    mentions: ['The pool is closed for repairs']\n"
)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each run's look-up in the cache: True for a hit."""
    seen: list[bool] = []
    get = check_cache.CheckCache.get

    def spy(self: check_cache.CheckCache, key: str) -> Any:
        found = get(self, key)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(check_cache.CheckCache, "get", spy)
    return seen


def entries() -> list[Path]:
    return sorted(check_cache.default_directory().glob("*.msgpack"))


def verify(path: Path, *extra: str, today: str = "2026-06-01") -> dict[str, Any]:
    result = runner.invoke(app, ["verify", str(path), "-f", "json", "--today", today, *extra])
    assert result.exit_code in (0, 1), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def codes(document: dict[str, Any], claim: str) -> set[str]:
    return {f["code"] for f in document["findings"] if f.get("claim") == claim}


def registry(tmp_path: Path, page: str = "") -> Path:
    path = tmp_path / "claims.yaml"
    text = large_registry().replace("claims:\n", f"{page}claims:\n{STATUS}", 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_hit_reports_what_the_checks_report(tmp_path: Path, reads: list[bool]) -> None:
    path = registry(tmp_path)
    first = verify(path)
    assert reads == [False] and len(entries()) == 1
    second = verify(path)
    assert reads == [False, True]
    assert second == first
    assert any(f["code"] == "C001" for f in first["findings"])


def test_an_edit_to_the_registry_is_a_miss(tmp_path: Path, reads: list[bool]) -> None:
    path = registry(tmp_path)
    first = verify(path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("    value: 2\n", "    value: 7\n", 1),
        encoding="utf-8",
    )
    edited = verify(path)
    assert reads == [False, False]
    assert "C001" in codes(edited, "claim_1") and "C001" not in codes(first, "claim_1")


def test_another_day_is_a_miss(tmp_path: Path, reads: list[bool]) -> None:
    """The status is fresh in June and stale a year on (T001): the day is in the key."""
    path = registry(tmp_path)
    fresh = verify(path, today="2026-06-01")
    same_day = verify(path, today="2026-06-01")
    later = verify(path, today="2027-09-01")
    assert reads == [False, True, False]
    assert "T001" not in codes(fresh, "pool") and "T001" not in codes(same_day, "pool")
    assert "T001" in codes(later, "pool")


def test_an_edit_to_the_page_is_a_miss(tmp_path: Path, reads: list[bool]) -> None:
    """The page states its own date: an edit to it is T007 at once (the page is in the key)."""
    page = tmp_path / "page.md"
    page.write_text("# Pools\n\nLast updated: 1 May 2026\n\nThe pool is closed.\n", "utf-8")
    path = registry(tmp_path, "page:\n  title: Pools\n  path: page.md\n  as_of: 2026-05-01\n")
    first = verify(path, "--select", "T,C,S")
    page.write_text("# Pools\n\nLast updated: 1 March 2026\n\nThe pool is closed.\n", "utf-8")
    edited = verify(path, "--select", "T,C,S")
    assert reads == [False, False]
    assert not any(f["code"] == "T007" for f in first["findings"])
    assert any(f["code"] == "T007" for f in edited["findings"])


def test_another_status_vocabulary_is_a_miss(tmp_path: Path, reads: list[bool]) -> None:
    """A word made a status by the config (`extend-status-words`) is read at once."""
    path = registry(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "claims:\n",
        "claims:\n  - id: ward\n    text: The ward is mothballed.\n    kind: fact\n"
        "    as_of: 2026-05\n    mentions: ['The ward is mothballed']\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    config = tmp_path / "claimcheck.toml"
    config.write_text("[staleness]\n", encoding="utf-8")
    before = verify(path, "--config", str(config), today="2027-09-01")
    config.write_text('[staleness]\nextend-status-words = ["mothballed"]\n', encoding="utf-8")
    after = verify(path, "--config", str(config), today="2027-09-01")
    assert reads == [False, False]
    assert "T001" not in codes(before, "ward") and "T001" in codes(after, "ward")


def test_other_code_is_a_miss(
    tmp_path: Path, reads: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = registry(tmp_path)
    verify(path)
    monkeypatch.setattr(registry_cache, "_fingerprint", lambda: "another version")
    verify(path)
    assert reads == [False, False] and len(entries()) == 2


def test_a_corrupt_entry_is_a_miss(tmp_path: Path, reads: list[bool]) -> None:
    path = registry(tmp_path)
    first = verify(path)
    (entry,) = entries()
    entry.write_bytes(entry.read_bytes()[:100])
    assert verify(path) == first
    assert reads == [False, False]


def test_a_crashed_check_leaves_nothing_kept(
    tmp_path: Path, reads: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.checks import consistency

    path = registry(tmp_path)

    def crash(*_: object) -> Any:
        raise RuntimeError("planted")

    monkeypatch.setattr(consistency, "_timeline", crash)
    crashed = verify(path)
    assert any(f["code"] == "X001" for f in crashed["findings"])
    assert entries() == []
    monkeypatch.undo()


def test_a_crash_on_one_entry_leaves_nothing_kept(
    tmp_path: Path, reads: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check that crashed on one claim (its X001) and checked the rest: what it did not
    find on that claim must be looked for again on the next run, not replayed as found."""
    from claimcheck.checks import staleness

    path = registry(tmp_path)
    real = staleness._words

    def faulty(claim: Any) -> str:
        if claim.id == "pool":
            raise OverflowError("planted")
        return str(real(claim))

    monkeypatch.setattr(staleness, "_words", faulty)
    crashed = verify(path, today="2027-01-01")
    assert [f["claim"] for f in crashed["findings"] if f["code"] == "X001"] == ["pool"]
    assert entries() == []
    monkeypatch.setattr(staleness, "_words", real)
    assert "T001" in codes(verify(path, today="2027-01-01"), "pool")  # found, then kept
    assert len(entries()) == 1


def test_a_small_registry_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("version: 1\nclaims:\n" + STATUS, encoding="utf-8")
    verify(path)
    assert entries() == []


def test_the_cached_checks_read_only_what_is_in_the_key() -> None:
    """Each cached check's module reads of the run's context only `READS`, and the check
    gathers nothing but the page: a check that came to read the links, snapshots or
    retractions would otherwise be served stale findings."""
    for check in all_checks():
        if check.name not in CACHED:
            continue
        assert check.needs <= {PAGE} and check.wants <= {PAGE}, check.name
        source = Path(f"src/claimcheck/checks/{check.name}.py").read_text(encoding="utf-8")
        read = {
            node.attr
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "ctx"
        }
        assert read <= READS, (check.name, read - READS)
        # And `ctx` itself goes to no function of another module.
        calls = [
            node
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call)
            and any(isinstance(a, ast.Name) and a.id == "ctx" for a in node.args)
        ]
        assert all(isinstance(c.func, ast.Name) and c.func.id.startswith("_") for c in calls)


def test_every_input_is_in_the_key(tmp_path: Path) -> None:
    """The scope of `--changed-only`, the checks run, the entries left out as invalid and the
    registry's name each give another key (the end-to-end tests above plant the rest)."""
    from dataclasses import replace
    from datetime import date

    from claimcheck.checks.base import CheckContext
    from claimcheck.loader import load_text

    cache = check_cache.CheckCache(tmp_path, min_chars=0)
    loaded = load_text("version: 1\nclaims:\n" + STATUS, "claims.yaml")
    ctx = CheckContext(today=date(2026, 6, 1))
    names = ["structure", "staleness"]
    key = cache.key(loaded, ctx, names)
    assert key == cache.key(loaded, CheckContext(today=date(2026, 6, 1)), list(names))
    others = [
        cache.key(loaded, replace(ctx, scope=frozenset({"pool"})), names),
        cache.key(loaded, replace(ctx, scope=frozenset()), names),
        cache.key(loaded, ctx, ["structure"]),
        cache.key(loaded, replace(ctx, invalid_ids=frozenset({"gone"})), names),
        cache.key(replace(loaded, path="other.yaml"), ctx, names),
    ]
    assert None not in others and len({key, *others}) == len(others) + 1
