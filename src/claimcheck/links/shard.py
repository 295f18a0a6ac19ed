"""Splitting link checks across CI jobs (`claimcheck.merge` merges their JSON reports).

Shards split the URLs by host, so each host's politeness limits hold across shards (all of a
host's requests come from one job), and deterministically (a stable hash, not Python's).
"""

from __future__ import annotations

import zlib
from urllib.parse import urlsplit

from claimcheck.errors import ConfigError

#: The most shards a run may be split into: a CI matrix of jobs, not a count to loop over
#: (`merge` lists the missing ones).
MAX_SHARDS = 1000


def parse_shard(text: str) -> tuple[int, int]:
    """`2/4` -> (2, 4); a ConfigError for anything else."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise ConfigError(f"--shard: expected K/N such as 2/4, got {text!r}") from None
    if not 1 <= k <= n:
        raise ConfigError(f"--shard: K must be between 1 and N, got {text!r}")
    if n > MAX_SHARDS:
        raise ConfigError(f"--shard: N may be at most {MAX_SHARDS}, got {text!r}")
    return k, n


def in_shard(url: str, shard: tuple[int, int]) -> bool:
    """Whether the URL's host belongs to shard K of N."""
    k, n = shard
    host = (urlsplit(url).hostname or "").lower().encode()
    return zlib.crc32(host) % n == k - 1
