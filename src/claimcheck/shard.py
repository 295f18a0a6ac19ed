"""Splitting link checks across CI jobs, and merging their JSON reports into one.

Shards split the URLs by host, so each host's politeness limits hold across shards (all of a
host's requests come from one job), and deterministically (a stable hash, not Python's).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from claimcheck.errors import ConfigError
from claimcheck.files import read_json
from claimcheck.findings import ClaimState, ClaimSummary, Finding, Location, Report, Severity


def parse_shard(text: str) -> tuple[int, int]:
    """`2/4` -> (2, 4); a ConfigError for anything else."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise ConfigError(f"--shard: expected K/N such as 2/4, got {text!r}") from None
    if not 1 <= k <= n:
        raise ConfigError(f"--shard: K must be between 1 and N, got {text!r}")
    return k, n


def in_shard(url: str, shard: tuple[int, int]) -> bool:
    """Whether the URL's host belongs to shard K of N."""
    k, n = shard
    host = (urlsplit(url).hostname or "").lower().encode()
    return zlib.crc32(host) % n == k - 1


def merge_reports(paths: Sequence[Path]) -> Report:
    """One report from the JSON reports of several shards (findings once each)."""
    from claimcheck.engine import rule_by_code

    findings: dict[tuple[object, ...], Finding] = {}
    claims: dict[str, ClaimSummary] = {}
    links: dict[str, dict[str, object]] = {}
    registry, today, version, sources = "", date.today(), "", 0
    for path in paths:
        document = read_json(path, "report")
        if not isinstance(document, dict) or document.get("schema_version") != 1:
            raise ConfigError(
                "not a claimcheck JSON report (schema_version 1)",
                file=str(path),
                hint="write reports with `claimcheck verify -f json`",
            )
        registry, version = document["registry"], document["tool_version"]
        today = date.fromisoformat(document["today"])
        sources = document["summary"]["sources"]
        for item in document["findings"]:
            rule = rule_by_code(item["code"])
            if rule is None:
                raise ConfigError(f"unknown rule {item['code']}", file=str(path))
            loc = item["location"]
            finding = Finding(
                rule,
                item["message"],
                claim=item["claim"],
                source=item["source"],
                severity=Severity.parse(item["severity"]),
                hint=item["hint"],
                location=Location(loc["file"], loc["line"], loc["column"]) if loc else None,
                related=tuple(item.get("related", [])),
            )
            findings[(item["code"], item["claim"], item["source"], item["message"], str(loc))] = (
                finding
            )
        for item in document["claims"]:
            states = tuple(ClaimState(s) for s in item["states"])
            known = claims.get(item["id"])
            if known is not None:  # the union of what each shard found, most serious first
                union = set(known.states) | set(states)
                states = tuple(
                    s
                    for s in ClaimState
                    if s in union and (s is not ClaimState.OK or len(union) == 1)
                )
            claims[item["id"]] = ClaimSummary(
                item["id"], item["kind"], "", states, item["findings"]
            )
        for link in document.get("links") or []:
            links[link["url"]] = link
    ordered = tuple(sorted(findings.values(), key=Finding.sort_key))
    return Report(registry, today, version, ordered, tuple(claims.values()), sources, links=None)
