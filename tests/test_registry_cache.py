"""The cache of validated registries: a hit is the very registry the text loads as, and
anything else (an edit, a corrupt or foreign entry, another version) is read from the text."""

from __future__ import annotations

import json
import os
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
    path = tmp_path / "claims.yaml"
    base = (DATA / "registries" / "golden.yaml").read_text(encoding="utf-8")
    for i in range(registry_cache.MAX_ENTRIES + 3):
        path.write_text(base + f"# {i}\n", encoding="utf-8")
        load_registry(path, cache=cache)
    assert len(list(cache.directory.glob("*.msgpack"))) == registry_cache.MAX_ENTRIES
    hook = _memo(_dec_hook)
    assert cache.get(base + f"# {registry_cache.MAX_ENTRIES + 2}\n", hook) is not None
    assert cache.get(base + "# 0\n", hook) is None
