"""One self-contained HTML file for editors: the page's health at a glance, a filterable and
sortable table of claims, and each claim's findings. No network assets; all registry text is
escaped (a claim containing `<script>` is shown, not run)."""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Sequence

from claimcheck.findings import ClaimState, ClaimSummary, Finding, Report, Severity
from claimcheck.render.base import Renderer, RenderOptions, guard_xml, safe_text
from claimcheck.render.terminal import (
    borrowed_findings,
    left_out_lines,
    plural,
    reason_lines,
)

COLOURS = {
    "ok": "#2e7d32",
    "unverified": "#9e9e9e",
    "unsourced": "#f9a825",
    "stale": "#ef6c00",
    "inconsistent": "#8e24aa",
    "failing-source": "#1565c0",
    "disputed": "#c62828",
    "retracted": "#6d4c41",
    "invalid": "#37474f",
}

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:1.5em;color:#222}
h1{font-size:1.4em;margin:.2em 0}.muted{color:#666}
.chart{display:flex;flex-wrap:wrap;gap:.6em;align-items:flex-end;margin:1em 0 1.5em}
.bar{display:flex;flex-direction:column;align-items:center;width:6.5em;cursor:pointer;border:0;background:none;font:inherit}
.bar span.fill{display:block;width:3em;border-radius:3px 3px 0 0}
.bar.active{outline:2px solid #222}
.controls{display:flex;gap:.6em;flex-wrap:wrap;margin:.5em 0}
input,select{font:inherit;padding:.3em .5em}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f5f5f5;position:sticky;top:0}
.state{display:inline-block;padding:0 .45em;border-radius:.8em;color:#fff;font-size:.85em;margin:0 .15em .15em 0}
details{margin:.2em 0}.sev-error{color:#c62828}.sev-warning{color:#ef6c00}.sev-note{color:#1565c0}
code{font-size:.9em}
"""

SCRIPT = """
(function(){
  const rows=[...document.querySelectorAll('#claims tbody tr')];
  const search=document.getElementById('search'), state=document.getElementById('state');
  function apply(){
    const q=search.value.toLowerCase(), s=state.value; let shown=0;
    for(const r of rows){
      const ok=(!q||r.dataset.text.includes(q))&&(!s||r.dataset.states.split(' ').includes(s));
      r.hidden=!ok; if(ok) shown++;
    }
    document.getElementById('shown').textContent=shown;
    document.querySelectorAll('.bar').forEach(b=>b.classList.toggle('active',b.dataset.state===s));
  }
  search.addEventListener('input',apply); state.addEventListener('change',apply);
  document.querySelectorAll('.bar').forEach(b=>b.addEventListener('click',()=>{
    state.value=state.value===b.dataset.state?'':b.dataset.state; apply();}));
  document.querySelectorAll('#claims th').forEach((th,i)=>th.addEventListener('click',()=>{
    const body=document.querySelector('#claims tbody'), asc=th.dataset.asc!=='1';
    document.querySelectorAll('#claims th').forEach(x=>delete x.dataset.asc); th.dataset.asc=asc?'1':'0';
    const key=r=>r.children[i].dataset.sort??r.children[i].textContent;
    rows.sort((a,b)=>{const x=key(a),y=key(b),n=parseFloat(x)-parseFloat(y);
      return (isNaN(n)?x.localeCompare(y):n)*(asc?1:-1);}).forEach(r=>body.appendChild(r));
  }));
  apply();
})();
"""


#: What html.escape changes: text with none of these (and nothing safe_text would change) is
#: returned as it is, which is most of a report's text (600k calls at 100k claims).
_HTML_SPECIAL = re.compile("[&<>\"']")


def _e(text: object) -> str:
    value = text if type(text) is str else str(text)
    if value.isprintable() and _HTML_SPECIAL.search(value) is None:
        return value
    return html.escape(safe_text(value), quote=True)


#: JSON inside <script> is raw text: entities are not decoded there, so what could end the
#: element or read as a log command is written as JSON escapes instead.
_SCRIPT_JSON = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "#": "\\u0023"})


def _reasons(
    report: Report, claim: ClaimSummary, own: Sequence[Finding], lent: Sequence[Finding]
) -> str:
    return "".join(
        f'<div class="muted">{_e(line)}</div>' for line in reason_lines(report, claim, own, lent)
    )


def render(report: Report, options: RenderOptions) -> str:
    """The whole report as one HTML document."""
    by_claim: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_claim[
            finding.claim or (f"source {finding.source}" if finding.source else "registry")
        ].append(finding)
    counts: dict[str, int] = {s.value: report.count_state(s) for s in ClaimState}
    tallest = max(counts.values(), default=1) or 1
    bars = "".join(
        f'<button class="bar" data-state="{_e(name)}" title="show {_e(name)} claims">'
        f'<span>{n}</span><span class="fill" style="height:{max(3, int(120 * n / tallest))}px;'
        f'background:{COLOURS[name]}"></span><span>{_e(name)}</span></button>'
        for name, n in counts.items()
    )
    options_html = "".join(f'<option value="{_e(n)}">{_e(n)}</option>' for n in counts)
    rows = []
    borrowed = borrowed_findings(report)
    # A row's state cells and, for a claim with no findings of its own or borrowed, its
    # reasons depend on its states only: made once per set of states (a few), not per claim.
    by_states: dict[tuple[ClaimState, ...], tuple[str, str, str]] = {}
    support_of = report.support or {}
    kinds: dict[str, str] = {}
    for claim in report.claims:
        own = by_claim.get(claim.id, [])
        lent = borrowed.get(claim.id, ())
        made = by_states.get(claim.states)
        if made is None:
            states = [s.value for s in claim.states]
            made = by_states[claim.states] = (
                _e(" ".join(states)),
                f'<td data-sort="{len(states)}">'
                + "".join(
                    f'<span class="state" style="background:{COLOURS[s]}">{_e(s)}</span>'
                    for s in states
                )
                + "</td>",
                _reasons(report, claim, (), ()),
            )
        states_attr, states_cell, plain_reasons = made
        # What gives it the states its own findings do not (a source it cites, a constraint).
        reasons = _reasons(report, claim, own, lent) if own or lent else plain_reasons
        details = reasons + "".join(
            f'<div class="sev-{f.level.label}"><code>{_e(f.location or "")}</code> '
            f"{_e(f.level.label)} <b>{_e(f.code)}</b> {_e(f.rule.name)}: {_e(f.message)}"
            + (
                f'<br><span class="muted">fix: {_e(f.hint or f.rule.fix)}</span>'
                if (f.hint or f.rule.fix)
                else ""
            )
            + "</div>"
            for f in own
        )
        elsewhere = len(lent)
        count = f"{len(own)} (+{elsewhere} on what it cites or names)" if elsewhere else len(own)
        findings_cell = (
            f"<details><summary>{count}</summary>{details}</details>" if details else "0"
        )
        cited = support_of.get(claim.id, ())
        support = "".join(
            f'<br><span class="muted">{_e(c.source)}: {_e(c.verdict.value)} ({_e(c.reason)})</span>'
            for c in cited
        )
        claim_id, text = _e(claim.id), _e(claim.text)
        kind = kinds.get(claim.kind) or kinds.setdefault(claim.kind, _e(claim.kind))
        # The filter's text is the cells as shown, lowered as the search box's query is (an
        # escape such as \U0001bca0 must match what the reader types from the cell).
        rows.append(
            f'<tr data-states="{states_attr}" data-text="{(claim_id + " " + text).lower()}">'
            f"<td><code>{claim_id}</code></td><td>{kind}</td>"
            f"{states_cell}<td>{text}{support}</td>"
            f'<td data-sort="{len(own)}">{findings_cell}</td></tr>'
        )
    claim_ids = {c.id for c in report.claims}
    other = [k for k in by_claim if k not in claim_ids]
    others = "".join(
        f"<h3>{_e(key)}</h3>"
        + "".join(
            f'<div class="sev-{f.level.label}"><code>{_e(f.location or "")}</code> {_e(f.level.label)} '
            f"<b>{_e(f.code)}</b> {_e(f.rule.name)}: {_e(f.message)}</div>"
            for f in by_claim[key]
        )
        for key in other
    )
    summary = {
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "notes": report.count(Severity.NOTE),
    }
    data = json.dumps(
        {
            "registry": report.registry,
            "today": report.today.isoformat(),
            **summary,
            "suppressed": report.suppressed,
            "baseline": report.baseline,
        }
    ).translate(_SCRIPT_JSON)
    # Allowed findings, known ones and links not checked: left out of the table, said here.
    left_out = "".join(f'\n<p class="muted">{_e(line)}</p>' for line in left_out_lines(report))
    return guard_xml(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>claimcheck: {_e(report.registry)}</title>
<style>{STYLE}</style></head>
<body>
<h1>claimcheck: {_e(report.registry)}</h1>
<p class="muted">{plural(len(report.claims), "claim")}, {plural(report.sources, "source")}, checked for {_e(report.today)}:
{plural(summary["errors"], "error")}, {plural(summary["warnings"], "warning")}, {plural(summary["notes"], "note")}.</p>{left_out}
<div class="chart" id="chart">{bars}</div>
<div class="controls"><input id="search" type="search" placeholder="filter claims" aria-label="filter claims">
<select id="state" aria-label="state"><option value="">every state</option>{options_html}</select>
<span class="muted"><span id="shown">{len(report.claims)}</span> shown</span></div>
<table id="claims"><thead><tr><th>id</th><th>kind</th><th>state</th><th>claim</th><th>findings</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
{"<h2>Sources and registry</h2>" + others if others else ""}
<script type="application/json" id="report-data">{data}</script>
<script>{SCRIPT}</script>
</body></html>
""")


RENDERER = Renderer("html", ".html", render)
