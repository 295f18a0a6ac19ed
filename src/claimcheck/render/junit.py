"""JUnit XML: a test suite per check family, a test case per claim (and source) in each.

A test case fails when the run would fail on its findings (`--fail-on`, error by default):
its `<failure>` carries those findings and has the worst one's severity as its `type`;
findings below the threshold are in the case's `<system-out>`, so a run that exits 0 has no
failing case and a run that exits 1 has at least one."""

from __future__ import annotations

import os.path
from collections import defaultdict

from claimcheck.findings import Family, Finding, Location, Report
from claimcheck.render.base import Renderer, RenderOptions, guard_xml, safe_text


def _subject(finding: Finding) -> str:
    """The case a finding belongs to: its claim's, its source's, or its registry's.

    In a run of several registries, claim and source ids are qualified by their registry, and
    a finding on no entry (a page's figure, P001; a registry's own error) names the registry
    it is of: one case per registry, with that registry's file and line, and a failure counted
    for each registry that fails. One case for them all put every registry's findings under
    the first's file and counted one failure however many registries failed."""
    if finding.claim is not None:
        return f"claim {finding.claim}"
    if finding.source is not None:
        return f"source {finding.source}"
    if finding.registry is not None:
        return f"registry {finding.registry}"
    return "registry"


def render(report: Report, options: RenderOptions) -> str:
    """Every claim is a case in every family that found anything; failures carry the findings.

    Written line by line as ElementTree would indent and serialise the same tree (a test holds
    the two equal): building and serialising 200,000 elements took 3 s of a 100k-claim run."""
    by_family: dict[Family, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        by_family[finding.rule.family][_subject(finding)].append(finding)
    suites: list[str] = []
    total = failed = 0
    claims = [f"claim {c.id}" for c in report.claims]
    listed = set(claims)
    for family in sorted(by_family, key=lambda f: f.letter):
        cases = by_family[family]
        subjects = claims + [s for s in cases if s not in listed]
        classname = _attr(f"claimcheck.{family.letter}")
        body: list[str] = []
        failures = 0
        for subject in subjects:
            head = f'    <testcase name="{_attr(safe_text(subject))}" classname="{classname}"'
            found = cases.get(subject)
            if not found:
                body.append(head + " />")
                continue
            # A case fails exactly when the run would fail on its findings (`--fail-on`);
            # the findings below the threshold are shown, in its output, not as a failure.
            failing = [f for f in found if f.level >= options.fail_on]
            below = [f for f in found if f.level < options.fail_on]
            loc = (failing or found)[0].location
            if loc is not None:
                head += f' file="{_attr(safe_text(_file(loc)))}" line="{loc.line}"'
            parts = [f"{head}>"]
            if failing:
                failures += 1
                worst = max(f.level for f in failing)
                message = "; ".join(safe_text(f"{f.code} {f.message}") for f in failing)
                parts.append(
                    f'      <failure type="{_attr(worst.label)}" message="{_attr(message)}">'
                    f"{_text(_lines(failing))}</failure>"
                )
            if below:
                parts.append(f"      <system-out>{_text(_lines(below))}</system-out>")
            parts.append("    </testcase>")
            body.append("\n".join(parts))
        name = _attr(f"{family.letter} {family.title}")
        opening = f'  <testsuite name="{name}" tests="{len(subjects)}" failures="{failures}"'
        suites.append(
            f"{opening}>\n" + "\n".join(body) + "\n  </testsuite>" if body else f"{opening} />"
        )
        total += len(subjects)
        failed += failures
    opening = f'<testsuites name="claimcheck" tests="{total}" failures="{failed}"'
    document = (
        f"{opening}>\n" + "\n".join(suites) + "\n</testsuites>" if suites else f"{opening} />"
    )
    # Every text from the registry went through `safe_text`, so the document holds only XML
    # 1.0 characters; character references keep a CI log from reading it as commands.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + guard_xml(document) + "\n"


def _file(loc: Location) -> str:
    """`a/../page.md` (a page given relative to its registry) as `page.md`: the path's own
    text normalised, no link followed (as `github` and `sarif` name files)."""
    return os.path.normpath(loc.file)


def _lines(findings: list[Finding]) -> str:
    """The findings, one a line: place, severity, code, rule and message."""
    return "\n".join(
        safe_text(
            (f"{_file(f.location)}:{f.location.line}:{f.location.column}: " if f.location else "")
            + f"{f.level.label} {f.code} {f.rule.name}: {f.message}"
        )
        for f in findings
    )


def _text(text: str) -> str:
    """Element text escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attr(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it (line breaks and tabs as
    references, so that they survive attribute normalisation)."""
    text = _text(text)
    for char, ref in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if char in text:
            text = text.replace(char, ref)
    return text


RENDERER = Renderer("junit", ".xml", render)
