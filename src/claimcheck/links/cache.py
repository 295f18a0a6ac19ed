"""A persistent cache of good results, so that reruns within the TTL make no request.

SQLite in the platform cache directory. Only alive and redirected results are stored:
failures, blocks and rate limits are always checked again. Each result is written as it
arrives, so an interrupted run keeps what it learned.
"""

from __future__ import annotations

import json
import sqlite3
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
)
"""


#: Results written per transaction.
BATCH = 256


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
        self._pending: list[tuple[object, ...]] = []
        self._db = sqlite3.connect(path, timeout=5)
        try:
            self._db.execute("pragma journal_mode=wal")
            self._db.execute(SCHEMA)
            self._db.execute(f"select {_COLUMNS}, url from results limit 0")
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
        return None if row is None else _result(url, row, now, self.ttl)

    def put(self, result: LinkResult, now: float) -> None:
        """Keep a good result: written with the next `BATCH` (one transaction, one sync, not
        one per result on the event loop), and at `flush` or `close` whatever is left; a
        ConfigError when the file cannot be written (disk full)."""
        if result.verdict not in CACHEABLE or result.from_cache:
            return
        redirects = json.dumps([{"status": h.status, "url": h.url} for h in result.redirects])
        self._pending.append(
            (result.url, result.verdict.value, result.status, result.final_url, redirects, now)
        )
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the results kept so far, in one transaction."""
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        try:
            with self._db:
                self._db.executemany(
                    "insert or replace into results values (?, ?, ?, ?, ?, ?)", rows
                )
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
    """The cached result of a row, or None when it is stale, dated ahead of `now`, or not one
    this cache would have written."""
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
