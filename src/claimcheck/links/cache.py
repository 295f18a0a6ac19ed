"""A persistent cache of good results, so that reruns within the TTL make no request.

SQLite in the platform cache directory. Only alive and redirected results are stored:
failures, blocks and rate limits are always checked again. The newest answer wins: a URL
found failing (dead, blocked, a timeout...) loses the good result kept for it, so no later
run, `--offline` included, answers from an older `alive`. Each result is written as it
arrives, so an interrupted run keeps what it learned.

A result lasts `cache-ttl` less up to a fifth, by a fraction fixed for each URL (a hash of
it, `ttl_for`): the thousands of entries one run writes expire over a window, not in one run.
When each URL was last requested, whatever the answer, is kept too (`attempts`), so that a
run with `max-per-host` can check first the URLs checked longest ago (claimcheck.links.budget).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from claimcheck.errors import ConfigError
from claimcheck.links.model import CACHEABLE, Hop, LinkResult, Verdict

SCHEMA = """
create table if not exists results (
    url text primary key,
    verdict text not null,
    status integer,
    final_url text,
    redirects text not null,
    checked_at real not null
);
create table if not exists attempts (
    url text primary key,
    requested_at real not null
)
"""

#: A cached result lasts between (1 - TTL_JITTER) x cache-ttl and cache-ttl (`ttl_for`).
TTL_JITTER = 0.2


#: Results written per transaction.
BATCH = 256
#: URLs looked up per query in `last_requested` (below SQLite's oldest limit of 999).
_LOOKUP = 500


def ttl_for(url: str, ttl: float) -> float:
    """How long `url`'s result lasts: `ttl` less a fraction in [0, TTL_JITTER) that a hash of
    the URL fixes, the same on every run and machine (reproducible in tests and CI)."""
    digest = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return ttl * (1.0 - TTL_JITTER * int.from_bytes(digest, "big") / 2.0**64)


def default_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimcheck", appauthor=False)) / "links.sqlite3"


class LinkCache:
    """URL -> last good result, with the wall-clock time it was checked.

    A row that does not read back as a good result (an unknown verdict, a time in the future,
    a damaged redirect list) is a miss, never an error: the cache is a file anyone may have
    written to. Raises sqlite3.Error when the file is not a usable cache (not SQLite, another
    table under our name, locked).
    """

    def __init__(self, path: Path, ttl: float) -> None:
        from claimcheck.files import refuse_links

        # SQLite follows links when it opens or creates the database and its companions: a
        # checkout's planted link would have it create files where the link points.
        for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
            refuse_links(path.with_name(name), "link cache")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.ttl = ttl
        #: URL -> its row to write, or None: its kept result to drop (the newest answer).
        self._pending: dict[str, tuple[object, ...] | None] = {}
        self._attempts: list[tuple[str, float]] = []
        self._db = sqlite3.connect(path, timeout=5)
        try:
            self._db.execute("pragma journal_mode=wal")
            self._db.executescript(SCHEMA)
            self._db.execute(f"select {_COLUMNS}, url from results limit 0")
            self._db.execute("select url, requested_at from attempts limit 0")
            self._db.commit()
        except BaseException:
            self._db.close()
            raise

    def get(self, url: str, now: float) -> LinkResult | None:
        self.flush()  # a result kept but not yet written is read back as written
        try:
            row = self._db.execute(
                f"select {_COLUMNS} from results where url = ?", (url,)
            ).fetchone()
        except sqlite3.Error:
            return None  # locked or damaged meanwhile: check the URL again
        return None if row is None else _result(url, row, now, ttl_for(url, self.ttl))

    def last_requested(self, urls: Sequence[str], now: float) -> dict[str, float]:
        """When each of `urls` was last requested (any answer), for those the cache knows: the
        later of its `attempts` row and its good result's time (a cache written before
        `attempts` existed has only the latter). A time after `now` or not a number is left
        out: that URL counts as never requested."""
        self.flush()
        found: dict[str, float] = {}
        try:
            for start in range(0, len(urls), _LOOKUP):
                chunk = list(urls[start : start + _LOOKUP])
                marks = ", ".join("?" * len(chunk))
                for table, column in (("results", "checked_at"), ("attempts", "requested_at")):
                    rows = self._db.execute(
                        f"select url, {column} from {table} where url in ({marks})", chunk
                    )
                    for url, at in rows:
                        if isinstance(at, int | float) and at <= now:
                            found[url] = max(float(at), found.get(url, float("-inf")))
        except sqlite3.Error:
            return found  # locked or damaged meanwhile: those URLs count as never requested
        return found

    def put(self, result: LinkResult, now: float) -> None:
        """Note that a URL was requested, and keep its result if good; a result that is not
        good (dead, a soft 404, blocked, a timeout, refused after a redirect...) drops the
        one kept: the newest answer wins, so no later run reads an older `alive`. Written with
        the next `BATCH` (one transaction, one sync, not one per result on the event loop),
        and at `flush` or `close` whatever is left; a ConfigError when the file cannot be
        written (disk full)."""
        if result.from_cache:
            return
        if result.verdict is Verdict.SKIPPED and result.attempts == 0:
            return  # never requested (excluded, out of time, over budget): no answer
        self._attempts.append((result.url, now))
        if result.verdict in CACHEABLE:
            redirects = json.dumps([{"status": h.status, "url": h.url} for h in result.redirects])
            self._pending[result.url] = (
                result.url,
                result.verdict.value,
                result.status,
                result.final_url,
                redirects,
                now,
            )
        else:
            self._pending[result.url] = None
        if len(self._attempts) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the results kept so far, in one transaction."""
        if not self._attempts and not self._pending:
            return
        pending, self._pending = self._pending, {}
        attempts, self._attempts = self._attempts, []
        rows = [row for row in pending.values() if row is not None]
        dropped = [(url,) for url, row in pending.items() if row is None]
        try:
            with self._db:
                self._db.executemany("delete from results where url = ?", dropped)
                self._db.executemany(
                    "insert or replace into results values (?, ?, ?, ?, ?, ?)", rows
                )
                self._db.executemany("insert or replace into attempts values (?, ?)", attempts)
        except sqlite3.Error as exc:
            raise ConfigError(
                f"cannot write the link cache: {exc}",
                file=str(self.path),
                hint="free some disk space, give another file with --cache, or use --no-cache",
            ) from None

    def close(self) -> None:
        """Write what is left, then close (also on an interrupted run: the HTTP edge closes
        the cache in a `finally`)."""
        try:
            self.flush()
        finally:
            self._db.close()


_COLUMNS = "verdict, status, final_url, redirects, checked_at"


def _result(url: str, row: tuple[object, ...], now: float, ttl: float) -> LinkResult | None:
    """The cached result of a row, or None when it is stale (older than `ttl`, this URL's
    share of `cache-ttl`), dated ahead of `now`, or not one this cache would have written."""
    verdict, status, final_url, redirects, checked_at = row
    if not isinstance(checked_at, int | float) or not 0 <= now - checked_at <= ttl:
        return None
    if verdict not in _CACHEABLE_TEXT:
        return None
    if status is not None and (not isinstance(status, int) or not 100 <= status <= 999):
        return None
    if final_url is not None and not isinstance(final_url, str):
        return None
    if not isinstance(redirects, str):
        return None
    try:
        hops = json.loads(redirects)
    except (ValueError, RecursionError):
        return None
    if not isinstance(hops, list) or not all(
        isinstance(h, dict)
        and isinstance(h.get("status"), int)
        and not isinstance(h.get("status"), bool)
        and isinstance(h.get("url"), str)
        for h in hops
    ):
        return None
    return LinkResult(
        url,
        Verdict(verdict),
        status,
        final_url,
        tuple(Hop(h["status"], h["url"]) for h in hops),
        from_cache=True,
    )


_CACHEABLE_TEXT = frozenset(v.value for v in CACHEABLE)
