"""Time `verify --changed-only HEAD` on a one-claim pull request against the bundled registry,
cold cache, every source URL served on loopback (issue 18, item 3).

The bundled claims.yaml is committed to a scratch repository, one claim's text is edited, and
a `remap` rule in the scratch `claimcheck.toml` sends every source URL to a local server that
answers after `--delay` ms (a real host's round trip). The same run without `--changed-only`
is timed beside it. Prints wall time (best of `--runs`) and the requests the server saw.

Run: `uv run python bench/changed_only.py [--delay 50] [--runs 3]`
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import warn_if_not_compiled

ROOT = Path(__file__).resolve().parent.parent
PAGE = (
    "<html><head><title>Statistical bulletin | Office</title></head><body>"
    "<h1>Statistical bulletin</h1><p>Figures for the year, table by table.</p></body></html>"
)


def serve(delay: float) -> tuple[int, list[int]]:
    """A server on 127.0.0.2 answering 200 after `delay` seconds; its port and a request count."""
    seen = [0]

    async def handle(request: web.Request) -> web.Response:
        seen[0] += 1
        await asyncio.sleep(delay)
        # A page as a real host serves one: a title and a heading for the soft-404 reading.
        return web.Response(text=PAGE, content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    port = [0]

    async def start() -> None:
        runner = web.AppRunner(app, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.2", 0)
        await site.start()
        port[0] = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        ready.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()

    threading.Thread(target=run, daemon=True).start()
    ready.wait(10)
    return port[0], seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--delay", type=float, default=50, help="ms per answer")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    warn_if_not_compiled()
    port, seen = serve(args.delay / 1000)
    env = {**os.environ, "CLAIMCHECK_ALLOW_PRIVATE": "1", "NO_COLOR": "1"}
    env.pop("CLAIMCHECK_OFFLINE", None)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(ROOT / "claims.yaml", work / "claims.yaml")
        (work / "claimcheck.toml").write_text(
            "[links]\nhost-interval = 0\n"
            f'remap = [{{pattern = "^https?://", replacement = "http://127.0.0.2:{port}/"}}]\n',
            encoding="utf-8",
        )
        git = ["git", "-c", "user.name=b", "-c", "user.email=b@example.org"]
        subprocess.run([*git, "init", "-q"], cwd=work, check=True)
        subprocess.run([*git, "add", "."], cwd=work, check=True)
        subprocess.run([*git, "commit", "-qm", "start"], cwd=work, check=True)
        text = (work / "claims.yaml").read_text(encoding="utf-8")
        # One claim's text edited: the first `text:` line under `claims:`.
        at = text.index("\nclaims:")
        line = re.compile(r"^(    text: )(.*)$", re.M).search(text, at)
        assert line is not None
        edited = text[: line.end(2)] + " (edited)" + text[line.end(2) :]
        if line.group(2).endswith(("'", '"')):
            edited = text[: line.end(2) - 1] + " (edited)" + text[line.end(2) - 1 :]
        (work / "claims.yaml").write_text(edited, encoding="utf-8")
        claimcheck = [sys.executable, "-m", "claimcheck", "verify", "-f", "json", "--no-cache"]
        print(f"bundled registry, one claim edited; server answers after {args.delay:.0f} ms")
        print(f"{'run':<28} {'s':>6} {'requests':>9}")
        for name, extra in (("--changed-only HEAD", ["--changed-only", "HEAD"]), ("full", [])):
            best, requests = float("inf"), 0
            for _ in range(args.runs):
                seen[0] = 0
                started = time.perf_counter()
                subprocess.run(
                    [*claimcheck, *extra], cwd=work, env=env, capture_output=True, check=False
                )
                wall = time.perf_counter() - started
                if wall < best:
                    best, requests = wall, seen[0]
            print(f"{name:<28} {best:>6.2f} {requests:>9}")


if __name__ == "__main__":
    main()
