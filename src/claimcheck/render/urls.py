"""`claimcheck links --urls FILE`'s results: JSON lines, a JSON list, or a table."""

from __future__ import annotations

import json
from collections import Counter

from claimcheck.links.model import LinkRun, redact
from claimcheck.render import VIEW_FORMATS
from claimcheck.render.base import RenderOptions, guard_json, guard_log_commands, safe_text

#: The formats of a URL list's results.
FORMATS = VIEW_FORMATS["urls"]


def render_results(run: LinkRun, fmt: str, options: RenderOptions) -> str:
    """JSON lines, a JSON list, or a table with a summary for a terminal: a count per verdict,
    and how many answers came from the link cache (`links: 3 of 9 from the cache (not
    requested in this run)`, as `verify` and `links` say it; JSON: each record's `cached`)."""
    records = [r.as_json() for r in run.results.values()]
    if fmt == "jsonl":
        # msgspec: 10,000 lines in 16 ms, where json.dumps per line took 60 ms at the end of
        # every run. Compact separators; UTF-8 as it is (like ensure_ascii=False).
        import msgspec

        return guard_json(msgspec.json.Encoder().encode_lines(records).decode("utf-8"))
    if fmt == "json":
        return guard_json(json.dumps(records, indent=2, ensure_ascii=False)) + "\n"
    from rich.table import Table
    from rich.text import Text

    from claimcheck.render.terminal import make_console, strip_trailing

    console = make_console(options)
    table = Table(header_style="bold")
    for column in ("verdict", "status", "url", "detail"):
        table.add_column(column, overflow="fold")
    for result in run.results.values():
        if result.verdict.ok and not result.redirects:
            continue
        detail = result.error or (f"-> {result.final_url}" if result.redirects else "")
        table.add_row(
            result.verdict.value,
            str(result.status or ""),
            Text(safe_text(redact(result.url))),
            Text(safe_text(redact(detail))),
        )
    if table.row_count:
        console.print(table)
    counts = Counter(r.verdict.value for r in run.results.values())
    console.print(
        f"{len(run.results)} links: " + ", ".join(f"{n} {v}" for v, n in counts.most_common())
    )
    cached = sum(1 for r in run.results.values() if r.from_cache)
    if cached:  # as the report's summary says it: a pass of kept answers is not one of now
        console.print(
            f"links: {cached} of {len(run.results)} from the cache (not requested in this run)"
        )
    if run.network_unavailable:
        console.print("network unavailable: the links were not checked")
    return guard_log_commands(strip_trailing(console.file.getvalue()))  # type: ignore[attr-defined]
