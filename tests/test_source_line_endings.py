"""A plain-text source with Windows (CRLF) or old Mac (lone CR) line endings reads as with LF.

The readers split lines, end blocks and join a sentence wrapped across lines at LF alone:
"4.99 per\\r\\ncent" was no percentage (a false Q004 on a right claim), a pipe table's rows
were no rows (its header's "(£000)" was not read, and a wrong scale passed), and a lone CR
ended no line, so a heading's year ran into the sentence below it (a false Q017). Each
subject planted (the source says the figure otherwise) beside a clean twin, in LF, CRLF and
CR, served on loopback through `snapshot` and `verify`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimcheck.sources.text import read_document
from tests.sourcepages import run_verify, take_snapshot, verdicts
from tests.sourceserver import serve

ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def registry(claim: str) -> str:
    return f"""version: 1
sources:
  - id: notice
    title: A published notice
    kind: report
    url: '{{url}}'
    accessed: 2025-05-01
claims:
  - id: figure
{claim}    citations:
      - {{{{source: notice}}}}
    review: {{{{status: verified, on: 2025-05-01, by: me}}}}
"""


TAX = registry(
    "    text: Council tax in Westmoor will rise by 4.99 per cent in 2025/26.\n"
    "    kind: figure\n    value: 4.99\n    unit: percent\n"
    "    measure: council tax increase\n    period: 2025/26\n",
)
CARE = registry(
    "    text: Westmoor will spend £48.3 million on adult social care in 2025/26.\n"
    "    kind: figure\n    value: 48.3\n    unit: GBP million\n"
    "    measure: spending on adult social care\n    period: 2025/26\n",
)
EMISSIONS = registry(
    "    text: The region's greenhouse gas emissions were 102 MtCO2e in 2023.\n"
    "    kind: figure\n    value: 102\n    unit: MtCO2e\n"
    "    measure: total greenhouse gas emissions\n    period: 2023\n",
)


def tax(rate: str) -> list[str]:
    # the figure's "per cent" wrapped onto the next line
    return [
        "Westmoor council tax notice 2025/26",
        "",
        f"Council tax will rise by {rate} per",
        "cent in 2025/26, the most allowed without a referendum.",
        "The adult social care precept is included.",
        "",
    ]


def care(unit: str) -> list[str]:
    return [
        "Westmoor budget book 2025/26",
        "",
        f"| Service | 2024/25 {unit} | 2025/26 {unit} |",
        "|---|---|---|",
        "| Adult social care | 45.1 | 48.3 |",
        "| Children's services | 39.0 | 41.2 |",
        "",
        "Reserves remain at the level recommended.",
        "",
    ]


def emissions(said: str) -> list[str]:
    # a heading's year: its own line, not the sentence's
    return [
        "Regional emissions since 2019",
        "",
        f"The region's total greenhouse gas emissions were 102 MtCO2e {said}.",
        "Most came from transport and buildings.",
        "",
    ]


#: subject -> (registry, the clean source's lines, the planted source's lines, the finding
#: the planted one gives and how its message starts).
SUBJECTS: dict[str, tuple[str, list[str], list[str], str, str]] = {
    "tax": (
        TAX,
        tax("4.99"),
        tax("5.99"),
        "Q005",
        "the claim says 4.99 percent; `notice` says '5.99 per",
    ),
    "care": (
        CARE,
        care("(£ million)"),
        care("(£000)"),
        "Q005",
        "the claim says 48.3 GBP million; `notice` says '48.3 (£000)'",
    ),
    "emissions": (
        EMISSIONS,
        emissions("last year"),
        emissions("in 2022"),
        "Q017",
        "`notice` gives '102 MtCO2e' for 2022, not 2023",
    ),
}


def run(tmp_path: Path, template: str, lines: list[str], ending: str) -> dict[str, Any]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    with serve() as site:
        body = ENDINGS[ending].join(lines).encode()
        site.pages["/notice.txt"] = (200, "text/plain", body)
        path = tmp_path / "claims.yaml"
        path.write_text(template.format(url=site.url("/notice.txt")), encoding="utf-8")
        result = take_snapshot(path, site)
    assert result.exit_code == 0, result.output
    [kept] = (tmp_path / "snapshots").glob("*.json")
    assert "\\r" not in kept.read_text(encoding="utf-8")  # the passages are of the LF text
    return run_verify(path)


def findings(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["code"], f["message"]) for f in report["findings"] if f["code"] != "Q011"]


@pytest.mark.parametrize("ending", sorted(ENDINGS))
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_source_reads_alike_whatever_its_line_endings(
    tmp_path: Path, subject: str, ending: str
) -> None:
    template, clean, planted, code, says = SUBJECTS[subject]
    report = run(tmp_path / "clean", template, clean, ending)
    assert findings(report) == []
    assert [s["verdict"] for s in verdicts(report)] == ["supported"]
    report = run(tmp_path / "planted", template, planted, ending)
    [(found, message)] = findings(report)
    assert found == code and message.startswith(says), message
    assert [s["verdict"] for s in verdicts(report)] == ["unsupported"]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_line_endings_change_neither_the_text_nor_its_digest(subject: str) -> None:
    # A source republished with other line endings is the same text: no drift, and every
    # line where it was (a lone CR is one LF; a CRLF one LF).
    _, clean, _, _, _ = SUBJECTS[subject]
    read = {k: read_document(e.join(clean).encode()) for k, e in ENDINGS.items()}
    assert {d.pages for d in read.values()} == {("\n".join(clean),)}
    assert len({d.digest for d in read.values()}) == 1
    # a UTF-16 source too (read by another path)
    wide = read_document("\r\n".join(clean).encode("utf-16"))
    assert wide.pages == read["lf"].pages


def test_a_mixed_file_and_an_html_source() -> None:
    mixed = read_document(b"Council tax will rise by 4.99 per\r\ncent.\rNext line\n\r\nEnd")
    assert mixed.pages == ("Council tax will rise by 4.99 per\ncent.\nNext line\n\nEnd",)
    page = (
        b"<html><body><main><article><h1>Notice</h1><p>Council tax will rise by 4.99 per\r\n"
        b"cent in 2025/26.</p></article></main></body></html>"
    )
    assert "\r" not in read_document(page).pages[0]


def test_the_kept_passage_is_json_without_cr(tmp_path: Path) -> None:
    template, clean, _, _, _ = SUBJECTS["tax"]
    run(tmp_path, template, clean, "crlf")
    [kept] = (tmp_path / "snapshots").glob("*.json")
    [figure] = json.loads(kept.read_text(encoding="utf-8"))["figures"]
    assert figure["selector"]["exact"] == "4.99 per\ncent"
