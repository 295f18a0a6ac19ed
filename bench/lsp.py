"""Time `claimcheck lsp`: start to initialized, and a diagnostics round trip on the bundled
claims.yaml (issue 21: targets 0.3 s and 0.2 s).

A bare JSON-RPC client over pipes (no client library in the way) starts the server as an
editor does, sends `initialize` and times the answer from the moment the process was
started; then opens the bundled registry and times until its diagnostics are published (the
first run, cold), and after that each edit (a buffer change) until the diagnostics of that
version come back. Each figure is the median of `--runs` servers (best in brackets); for
comparison the same machine's bare Python start-up, `claimcheck --help`, and the import of
lsprotocol (pygls's protocol types, ~570 attrs classes) alone.

Run: `uv run python bench/lsp.py [--runs 7] [--edits 10]`. Bytecode should be compiled, as an
install does (`uv sync --compile-bytecode`, as bench/run.sh does): where PYTHONDONTWRITEBYTECODE
is set and nothing compiled it, every start recompiles lsprotocol's 470 KB of source.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "claims.yaml"


class Server:
    """A `claimcheck lsp` process and the messages to and from it."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "claimcheck", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        self.next_id = 0

    def send(self, method: str, params: Any, *, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        body = json.dumps(message).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()
        return ident

    def receive(self) -> dict[str, Any]:
        stdout: IO[bytes] | None = self.process.stdout
        assert stdout is not None
        length = 0
        while True:
            line = stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        data: dict[str, Any] = json.loads(stdout.read(length))
        return data

    def wait(self, check: Any) -> dict[str, Any]:
        while True:
            message = self.receive()
            if check(message):
                return message

    def close(self) -> None:
        ident = self.send("shutdown", None, request=True)
        self.wait(lambda m: m.get("id") == ident)
        self.send("exit", None)
        self.process.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process has used so far (Linux; 0 elsewhere): on a
    shared machine, what start-up costs whatever else is running."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_run(edits: int) -> tuple[float, float, float, list[float], int]:
    """Start to initialized (wall, CPU), the first diagnostics, each edit's; and how many
    diagnostics."""
    server = Server()
    ident = server.send(
        "initialize",
        {"processId": None, "rootUri": ROOT.as_uri(), "capabilities": {}},
        request=True,
    )
    server.wait(lambda m: m.get("id") == ident)
    started = time.perf_counter() - server.started
    cpu = cpu_seconds(server.process.pid)
    server.send("initialized", {})
    uri = REGISTRY.as_uri()
    text = REGISTRY.read_text(encoding="utf-8")
    sent = time.perf_counter()
    server.send(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )

    def published(version: int) -> Any:
        def check(m: dict[str, Any]) -> bool:
            p = m.get("params") or {}
            return bool(
                m.get("method") == "textDocument/publishDiagnostics"
                and p.get("uri") == uri
                and p.get("version") == version
            )

        return check

    found = server.wait(published(1))
    first = time.perf_counter() - sent
    count = len(found["params"]["diagnostics"])
    rounds = []
    for version in range(2, edits + 2):
        time.sleep(0.05)  # a person types; the server is idle between edits
        edited = text.replace("version: 1\n", f"version: 1\n# edit {version}\n", 1)
        sent = time.perf_counter()
        server.send(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": edited}],
            },
        )
        server.wait(published(version))
        rounds.append(time.perf_counter() - sent)
    server.close()
    return started, cpu, first, rounds, count


def timed(argv: list[str], runs: int) -> float:
    best = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best.append(time.perf_counter() - t)
    return statistics.median(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    starts, cpus, firsts, rounds = [], [], [], []
    count = 0
    for _ in range(args.runs):
        started, cpu, first, edited, count = one_run(args.edits)
        starts.append(started)
        cpus.append(cpu)
        firsts.append(first)
        rounds.extend(edited)

    def shown(values: list[float]) -> str:
        return f"{statistics.median(values):.3f} s (best {min(values):.3f})"

    python = timed([sys.executable, "-c", "pass"], args.runs)
    helped = timed([sys.executable, "-m", "claimcheck", "--help"], args.runs)
    imports = timed([sys.executable, "-c", "import lsprotocol.types"], args.runs)
    print(f"bundled claims.yaml: {count} diagnostics; {args.runs} servers, {args.edits} edits each")
    print(f"start to initialized:             {shown(starts)}  (target 0.3 s)")
    print(f"  CPU time to initialized:        {shown(cpus)}")
    print(f"first diagnostics after didOpen:  {shown(firsts)}")
    print(f"diagnostics after an edit:        {shown(rounds)}  (target 0.2 s)")
    print(f"for comparison: python -c pass {python:.3f} s; claimcheck --help {helped:.3f} s; ")
    print(f"  python -c 'import lsprotocol.types' {imports:.3f} s")


if __name__ == "__main__":
    main()
