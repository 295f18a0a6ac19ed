"""A baseline: the findings a registry already had, so CI fails only on new ones.

The file lists fingerprints (rule, claim or source, field: no line numbers), with the code and
message of each so that a person can read it. It is versioned. A claimcheck JSON report serves
as a baseline too: its findings' fingerprints are the known ones.
"""

from __future__ import annotations

from pathlib import Path

from claimcheck import __version__
from claimcheck.errors import ConfigError
from claimcheck.files import read_json
from claimcheck.findings import Finding
from claimcheck.render.json_ import dumps

BASELINE_VERSION = 1
DEFAULT_PATH = Path(".claimcheck-baseline.json")
#: Findings about the run, not the registry (links not checked: no network, out of time; a
#: check that crashed). Recorded, they would hide the same trouble on every later run.
OF_THE_RUN = frozenset({"L008", "X001"})


def baseline_text(findings: tuple[Finding, ...]) -> str:
    """The baseline file's content for these findings, but those about the run."""
    entries = sorted(
        (
            {
                "fingerprint": f.fingerprint(),
                "code": f.code,
                "claim": f.claim,
                "source": f.source,
                "message": f.message,
            }
            for f in findings
            if f.code not in OF_THE_RUN
        ),
        key=lambda e: (
            e["code"] or "",
            e["claim"] or "",
            e["source"] or "",
            e["fingerprint"] or "",
        ),
    )
    return dumps(
        {"baseline_version": BASELINE_VERSION, "tool_version": __version__, "findings": entries}
    )


def read_baseline(path: Path) -> frozenset[str]:
    """The fingerprints in a baseline file or a JSON report; a ConfigError naming the file."""
    document = read_json(path, "baseline file", hint="create it with `claimcheck baseline`")
    if isinstance(document, dict) and "schema_version" in document:
        from claimcheck.render.json_read import report_from_json

        report = report_from_json(document, str(path))
        return frozenset(f.fingerprint() for f in report.findings)
    if not isinstance(document, dict) or document.get("baseline_version") != BASELINE_VERSION:
        raise ConfigError(
            "not a claimcheck baseline (version 1) or JSON report",
            file=str(path),
            hint="recreate it with `claimcheck baseline`",
        )
    entries = document.get("findings")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
    ):
        raise ConfigError(
            "the baseline's `findings` must be a list of objects with a fingerprint", file=str(path)
        )
    return frozenset(e["fingerprint"] for e in entries)
