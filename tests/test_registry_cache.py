"""The cache of validated registries: a hit is the very registry the text loads as, and
anything else (an edit, a corrupt or foreign entry, another version) is read from the text."""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck import registry_cache
from claimcheck.cli import app
from claimcheck.loader import _dec_hook, _memo, load_registry
from claimcheck.registry_cache import RegistryCache, default_directory
from tests.conftest import DATA

runner = CliRunner()


def large_registry(n: int = 5000) -> str:
    """A registry over the cache's size floor, with a finding to locate every 50 claims (a
    mention that says another figure: C001)."""
    out = ["version: 1", "sources:", "  - id: bulletin", "    title: Bulletin", "claims:"]
    for i in range(n):
        said = i + 2 if i % 50 == 0 else i + 1
        out += [
            f"  - id: claim_{i}",
            f"    text: {i + 1} nights in shelters in 2025, in ward number {i}.",
            "    kind: figure",
            f"    value: {i + 1}",
            "    period: 2025",
            f"    mentions: ['{said} nights in shelters in ward number {i}, padded to length']",
            "    citations: [{source: bulletin, locator: table 2}]",
            "    review: {status: verified, on: 2026-05-01}",
        ]
    text = "\n".join(out) + "\n"
    assert len(text) >= registry_cache.MIN_CHARS
    return text


def entries() -> list[Path]:
    return sorted(default_directory().glob("*.msgpack"))


def verify(path: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(
        app, ["verify", str(path), "-f", "json", "--today", "2026-12-01", *extra]
    )
    assert result.exit_code in (0, 1), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_a_hit_reports_what_the_text_reports(tmp_path: Path) -> None:
    """The second run reads the cache and reports byte for byte what the first did, findings'
    lines and columns included; an edit to one figure is seen at once (a new key)."""
    path = tmp_path / "claims.yaml"
    path.write_text(large_registry(), encoding="utf-8")
    first = verify(path)
    assert len(entries()) == 1
    second = verify(path)
    assert second == first
    assert first["findings"] and all("line" in str(f) for f in first["findings"])
    # The mutation: claim_1's value no longer fits its mention.
    path.write_text(
        path.read_text(encoding="utf-8").replace("    value: 2\n", "    value: 7\n", 1),
        encoding="utf-8",
    )
    edited = verify(path)
    claims = {f["claim"] for f in edited["findings"]}
    assert "claim_1" in claims and "claim_1" not in {f["claim"] for f in first["findings"]}
    assert len(entries()) == 2
    # Off by the config: nothing read or written.
    config = tmp_path / "claimcheck.toml"
    config.write_text("registry-cache = false\n", encoding="utf-8")
    for entry in entries():
        entry.unlink()
    assert verify(path, "--config", str(config)) == edited and entries() == []


def test_a_registry_with_findings_of_its_own_is_not_kept(tmp_path: Path) -> None:
    text = large_registry().replace("  - id: claim_7\n", "  - id: Claim-7\n")
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    document = verify(path)
    assert any(f["code"] == "R002" for f in document["findings"])
    assert entries() == []


def test_a_small_registry_is_read_from_its_text(tmp_path: Path) -> None:
    verify(DATA / "registries" / "golden.yaml", "--offline")
    assert entries() == []


@pytest.mark.parametrize(
    "spoil",
    ["truncated", "another text's entry", "another version's entry", "garbage", "symlink"],
)
def test_a_spoilt_entry_is_a_miss(
    tmp_path: Path, spoil: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever is wrong with an entry, the registry is read from its text: the same registry
    comes back, and the cache is not an error."""
    text = large_registry()
    cache = RegistryCache(tmp_path / "cache")
    hook = _memo(_dec_hook)
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    truth = load_registry(path).registry
    cache.put(text, truth, ("version", "sources", "claims"), {"sources": 1, "claims": 5000})
    (entry,) = cache.directory.glob("*.msgpack")
    assert cache.get(text, hook) is not None
    other = text.replace("claim_0\n", "claim_zero\n")
    if spoil == "truncated":
        entry.write_bytes(entry.read_bytes()[:1000])
    elif spoil == "another text's entry":
        # The other text's registry, under this text's name: its key says whose it is.
        other_path = tmp_path / "other.yaml"
        other_path.write_text(other, encoding="utf-8")
        cache.put(other, load_registry(other_path).registry, None, {})
        (other_entry,) = (p for p in cache.directory.glob("*.msgpack") if p != entry)
        os.replace(other_entry, entry)
    elif spoil == "another version's entry":  # the code that reads registries has changed
        monkeypatch.setattr(registry_cache, "_fingerprint", lambda: "0" * 32)
    elif spoil == "garbage":
        entry.write_bytes(b"\x93\x01\x02\x03" * 100)
    elif spoil == "symlink":
        target = tmp_path / "elsewhere.msgpack"
        os.replace(entry, target)
        entry.symlink_to(target)
    assert cache.get(text, hook) is None
    assert load_registry(path, cache=cache).registry == truth


def test_entries_are_pruned_oldest_first(tmp_path: Path) -> None:
    cache = RegistryCache(tmp_path / "cache", min_chars=0)
    cache.directory.mkdir(parents=True)
    (cache.directory / "another-run-writing.tmp").write_bytes(b"")  # not an entry, and young
    path = tmp_path / "claims.yaml"
    base = (DATA / "registries" / "golden.yaml").read_text(encoding="utf-8")
    for i in range(registry_cache.MAX_ENTRIES + 3):
        path.write_text(base + f"# {i}\n", encoding="utf-8")
        load_registry(path, cache=cache)
    assert len(list(cache.directory.glob("*.msgpack"))) == registry_cache.MAX_ENTRIES
    assert [p.name for p in cache.directory.glob("*.tmp")] == ["another-run-writing.tmp"]
    hook = _memo(_dec_hook)
    assert cache.get(base + f"# {registry_cache.MAX_ENTRIES + 2}\n", hook) is not None
    assert cache.get(base + "# 0\n", hook) is None


def package_copy(tmp_path: Path) -> Path:
    """The claimcheck package's source, copied: a stand-in for other code of the same version."""
    copy = tmp_path / "code" / "claimcheck"
    shutil.copytree(
        Path(registry_cache.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    # The copy fingerprints as the package itself: what follows is about the edits alone.
    package = Path(registry_cache.__file__).parent
    assert registry_cache.code_fingerprint(copy) == registry_cache.code_fingerprint(package)
    return copy


def test_an_entry_of_code_that_reads_units_otherwise_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reviewer's case: an entry written by code that differed only in units.py (not one of
    the modules the fingerprint once listed) would decode into a registry today's code reads
    otherwise. It is a miss, and the registry is read from its text."""
    copy = package_copy(tmp_path)
    monkeypatch.setattr(
        registry_cache, "_fingerprint", lambda: registry_cache.code_fingerprint(copy)
    )
    text = large_registry()
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    truth = load_registry(path).registry
    cache = RegistryCache(tmp_path / "cache")
    hook = _memo(_dec_hook)
    cache.put(text, truth, None, {})
    assert cache.get(text, hook) is not None  # the clean twin: the same code hits
    units = copy / "units.py"
    units.write_text(units.read_text(encoding="utf-8") + "\nSCALE_OF_A_RATE = None\n", "utf-8")
    assert cache.get(text, hook) is None
    assert load_registry(path, cache=cache).registry == truth


def test_every_module_of_the_package_is_in_the_fingerprint(tmp_path: Path) -> None:
    """An edit to any `*.py` file (subpackages included), a new module and a renamed one each
    change the fingerprint; so no list of modules can go stale."""
    copy = package_copy(tmp_path)
    before = registry_cache.code_fingerprint(copy)
    modules = sorted(copy.rglob("*.py"))
    assert {"units.py", "quantity.py", "checks/__init__.py"} <= {
        m.relative_to(copy).as_posix() for m in modules
    }
    for module in modules:
        source = module.read_bytes()
        module.write_bytes(source + b"\n")
        assert registry_cache.code_fingerprint(copy) != before, module
        module.write_bytes(source)
    assert registry_cache.code_fingerprint(copy) == before
    extra = copy / "checks" / "extra_reading.py"
    extra.write_text("UNITS = {}\n", encoding="utf-8")
    assert registry_cache.code_fingerprint(copy) != before
    extra.unlink()
    os.replace(copy / "units.py", copy / "unit_words.py")  # the same bytes under another name
    assert registry_cache.code_fingerprint(copy) != before


def test_temporary_files_of_killed_runs_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed while writing an entry leaves its `*.tmp` file: the next write removes the
    ones older than an hour, and leaves a younger one (another run may be writing it now)."""
    cache = RegistryCache(tmp_path / "cache", min_chars=0)
    cache.directory.mkdir(parents=True)
    now = time.time()
    ages = {"killed.tmp": 2 * 3600, "just-over.tmp": 3600 + 60, "writing.tmp": 0, "young.tmp": 3000}
    for name, age in ages.items():
        (cache.directory / name).write_bytes(b"\x00" * 1000)
        os.utime(cache.directory / name, (now - age, now - age))
    path = tmp_path / "claims.yaml"
    base = (DATA / "registries" / "golden.yaml").read_text(encoding="utf-8")
    path.write_text(base, encoding="utf-8")
    load_registry(path, cache=cache)
    assert sorted(p.name for p in cache.directory.glob("*.tmp")) == ["writing.tmp", "young.tmp"]
    assert len(list(cache.directory.glob("*.msgpack"))) == 1
    # On a full disk the write fails; the files it is full of are removed all the same.
    for name in ("writing.tmp", "young.tmp"):
        os.utime(cache.directory / name, (now - 7200, now - 7200))

    def full(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    path.write_text(base + "# edited\n", encoding="utf-8")
    assert load_registry(path, cache=cache).registry == load_registry(path).registry
    assert list(cache.directory.glob("*.tmp")) == []
    assert len(list(cache.directory.glob("*.msgpack"))) == 1
