"""A persistent cache of good results, so that reruns within the TTL make no request.

SQLite in the platform cache directory. Only alive and redirected results are stored:
failures, blocks and rate limits are always checked again, and so is a good result whose page
was read only in part (`partly_read`: cut off, or still arriving when the timeout ended), since
an error page in the part not read was never seen. The newest answer wins: a URL
found failing (dead, blocked, a timeout...) loses the good result kept for it, so no later
run, `--offline` included, answers from an older `alive`. Each result is written as it
arrives, so an interrupted run keeps what it learned.

A result is kept with how it was checked (`CheckMode`: the method, whether the soft-404 probe
ran) and serves only a run whose check it is at least as strict as: an `alive` HEAD (which a
page answering GET 404 may give) never answers for a GET run, nor a result checked without
the probe for a run with it, nor one reached through more redirects than the run allows.

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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.errors import ConfigError
from claimcheck.links.model import CACHEABLE, Hop, LinkResult, Verdict

if TYPE_CHECKING:
    from claimcheck.links.settings import LinkSettings

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
);
create table if not exists modes (
    url text primary key,
    method text not null,
    probe integer not null
)
"""

#: A cached result lasts between (1 - TTL_JITTER) x cache-ttl and cache-ttl (`ttl_for`).
TTL_JITTER = 0.2


#: Results written per transaction.
BATCH = 256
#: URLs looked up per query in `last_requested` (below SQLite's oldest limit of 999).
_LOOKUP = 500


#: How a good result's `error` begins when its page was read only in part (claimcheck.links.
#: fetch: "the page was cut off after 1,052 bytes: only what arrived was read for an error
#: page", "the page did not arrive within 2 s (61 bytes read): ...").
PARTLY_READ = ("the page did not arrive within", "the page was cut off after")


def partly_read(result: LinkResult) -> bool:
    """Whether `result` is good by its status alone, its page read only in part: never kept,
    not even for a short time. A kept result reads back without its `error`, so a later run
    would say `alive, cached` with nothing of the part unread; and an error page served in
    that part (a soft 404, a challenge page after a slow start) would go unseen for the
    cache's TTL. The request costs a run one request; a silent alive would cost a day."""
    return result.verdict in CACHEABLE and (result.error or "").startswith(PARTLY_READ)


def ttl_for(url: str, ttl: float) -> float:
    """How long `url`'s result lasts: `ttl` less a fraction in [0, TTL_JITTER) that a hash of
    the URL fixes, the same on every run and machine (reproducible in tests and CI)."""
    digest = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return ttl * (1.0 - TTL_JITTER * int.from_bytes(digest, "big") / 2.0**64)


@dataclass(frozen=True, slots=True)
class CheckMode:
    """How a run checks a link, as far as its verdict depends on it: `method` ("get", or
    "head-get", which believes a 2xx HEAD), whether the soft-404 probe runs, and how many
    redirects it follows. A kept result was checked with `method` and `probe`; a redirect
    count is read from the result's own hops."""

    method: str = "get"
    probe: bool = False
    max_redirects: int = 10

    @classmethod
    def of(cls, settings: LinkSettings) -> CheckMode:
        """The mode of a run with these settings."""
        return cls(settings.method, settings.soft_404_probe, settings.max_redirects)

    def serves(self, method: str, probe: bool, hops: int) -> bool:
        """Whether a result checked with `method` and `probe`, through `hops` redirects,
        answers for this run: its check at least as strict as this run's (GET is stricter
        than a believed HEAD, the probe stricter than none) and its redirects within this
        run's limit."""
        return (
            (method == "get" or self.method == "head-get")
            and (probe or not self.probe)
            and hops <= self.max_redirects
        )


#: How a result kept without a mode (written before modes were kept, or by a caller that
#: gave none) was checked: claimcheck's defaults. Such rows last at most one `cache-ttl`.
UNSAID_MODE = CheckMode()


def default_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimcheck", appauthor=False)) / "links.sqlite3"


class LinkCache:
    """URL -> last good result, with the wall-clock time it was checked and how (`mode`: the
    run's, which its results are written with and which a result must serve to be read).

    A row that does not read back as a good result (an unknown verdict, a time in the future,
    a damaged redirect list, a mode it does not serve) is a miss, never an error: the cache
    is a file anyone may have written to. Raises sqlite3.Error when the file is not a usable
    cache (not SQLite, another table under our name, locked).
    """

    def __init__(self, path: Path, ttl: float, mode: CheckMode = UNSAID_MODE) -> None:
        from claimcheck.files import refuse_links

        # SQLite follows links when it opens or creates the database and its companions: a
        # checkout's planted link would have it create files where the link points.
        for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
            refuse_links(path.with_name(name), "link cache")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.ttl = ttl
        self.mode = mode
        #: URL -> its row to write, or None: its kept result to drop (the newest answer).
        self._pending: dict[str, tuple[object, ...] | None] = {}
        self._attempts: list[tuple[str, float]] = []
        self._db = sqlite3.connect(path, timeout=5)
        try:
            self._db.execute("pragma journal_mode=wal")
            self._db.executescript(SCHEMA)
            self._db.execute(f"select {_COLUMNS}, url from results limit 0")
            self._db.execute("select url, requested_at from attempts limit 0")
            self._db.execute("select url, method, probe from modes limit 0")
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
            how = self._db.execute(
                "select method, probe from modes where url = ?", (url,)
            ).fetchone()
        except sqlite3.Error:
            return None  # locked or damaged meanwhile: check the URL again
        if row is None:
            return None
        result = _result(url, row, now, ttl_for(url, self.ttl))
        if result is None:
            return None
        method, probe = (UNSAID_MODE.method, UNSAID_MODE.probe) if how is None else how
        if method not in ("get", "head-get") or probe not in (0, 1):
            return None  # not a mode this cache writes
        return result if self.mode.serves(method, bool(probe), len(result.redirects)) else None

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
        """Note that a URL was requested, and keep its result, checked in this cache's mode,
        if good and read whole; a result that is not good (dead, a soft 404, blocked, a
        timeout, refused after a redirect...) or whose page was read only in part
        (`partly_read`) drops the one kept: the newest answer wins, so no later run reads an
        older `alive` (a page read whole a day ago says nothing of what its unread part is
        now). Written with the next `BATCH` (one transaction, one sync, not one per result on
        the event loop), and at `flush` or `close` whatever is left; a ConfigError when the
        file cannot be written (disk full)."""
        if result.from_cache:
            return
        if result.verdict is Verdict.SKIPPED and result.attempts == 0:
            return  # never requested (excluded, out of time, over budget): no answer
        self._attempts.append((result.url, now))
        if result.verdict in CACHEABLE and not partly_read(result):
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
        modes = [(row[0], self.mode.method, int(self.mode.probe)) for row in rows]
        try:
            with self._db:
                self._db.executemany("delete from results where url = ?", dropped)
                self._db.executemany("delete from modes where url = ?", dropped)
                self._db.executemany(
                    "insert or replace into results values (?, ?, ?, ?, ?, ?)", rows
                )
                self._db.executemany("insert or replace into modes values (?, ?, ?)", modes)
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
