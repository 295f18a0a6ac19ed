"""Splitting link checks across CI jobs (`claimcheck.merge` merges their JSON reports).

Shards split the URLs by host, so each host's politeness limits hold across shards (all of a
host's requests come from one job), and deterministically (a stable hash, not Python's). The
host hashed is the one requested and cached (`shard_host`: lower case, an IDN host in
punycode, as yarl and aiohttp read it), its trailing dot left out: `bücher.example`,
`BÜCHER.example` and `xn--bcher-kva.example.` are one host, in one shard.
"""

from __future__ import annotations

import zlib

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
    """Whether the URL's host (`shard_host`) belongs to shard K of N. Raises ValueError for
    a URL whose host cannot be read (the caller reports it malformed, in one shard)."""
    k, n = shard
    return zlib.crc32(shard_host(url).encode("utf-8", "surrogatepass")) % n == k - 1


def shard_host(url: str) -> str:
    """The host a request for `url` goes to, as `claimcheck.http.target` reads it (yarl, as
    aiohttp connects: lower case, an IDN host in punycode, `①②⑦.0.0.1` as 127.0.0.1), with
    its trailing dot left out (`example.org.` is `example.org`); "" for a URL with none.
    Read here with yarl, not through `claimcheck.http` (a value module imports no edge);
    tests/test_shard_hosts.py holds the two to the same host."""
    import yarl

    try:
        host = yarl.URL(url.strip(" ")).raw_host
    except (TypeError, UnicodeError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None
    return (host or "").lower().removesuffix(".")
