"""A persistent cache of good results, so that reruns within the TTL make no request.

SQLite in the platform cache directory. Only alive and redirected results are stored:
failures, blocks and rate limits are always checked again. Each result is written as it
arrives, so an interrupted run keeps what it learned.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

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


def default_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimcheck", appauthor=False)) / "links.sqlite3"


class LinkCache:
    """URL -> last good result, with the wall-clock time it was checked."""

    def __init__(self, path: Path, ttl: float) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.ttl = ttl
        self._db = sqlite3.connect(path)
        self._db.execute("pragma journal_mode=wal")
        self._db.execute(SCHEMA)
        self._db.commit()

    def get(self, url: str, now: float) -> LinkResult | None:
        row = self._db.execute(
            "select verdict, status, final_url, redirects, checked_at from results where url = ?",
            (url,),
        ).fetchone()
        if row is None or now - row[4] > self.ttl:
            return None
        verdict, status, final_url, redirects, _ = row
        hops = tuple(Hop(h["status"], h["url"]) for h in json.loads(redirects))
        return LinkResult(url, Verdict(verdict), status, final_url, hops, from_cache=True)

    def put(self, result: LinkResult, now: float) -> None:
        if result.verdict not in CACHEABLE or result.from_cache:
            return
        redirects = json.dumps([{"status": h.status, "url": h.url} for h in result.redirects])
        self._db.execute(
            "insert or replace into results values (?, ?, ?, ?, ?, ?)",
            (result.url, result.verdict.value, result.status, result.final_url, redirects, now),
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()
