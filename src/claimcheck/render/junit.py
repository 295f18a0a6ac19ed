"""JUnit XML: a test suite per check family, a test case per claim (and source) in each."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from claimcheck.findings import Family, Finding, Report
from claimcheck.render.base import Renderer, RenderOptions, guard_xml, safe_text


def _subject(finding: Finding) -> str:
    if finding.claim is not None:
        return f"claim {finding.claim}"
    if finding.source is not None:
        return f"source {finding.source}"
    return "registry"


def render(report: Report, options: RenderOptions) -> str:
    """Every claim is a case in every family that found anything; failures carry the findings."""
    by_family: dict[Family, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        by_family[finding.rule.family][_subject(finding)].append(finding)
    root = ET.Element("testsuites", name="claimcheck", tests="0", failures="0")
    total = failed = 0
    claims = [f"claim {c.id}" for c in report.claims]
    for family in sorted(by_family, key=lambda f: f.letter):
        cases = by_family[family]
        listed = set(claims)
        subjects = claims + [s for s in cases if s not in listed]
        suite = ET.SubElement(root, "testsuite", name=f"{family.letter} {family.title}")
        failures = 0
        for subject in subjects:
            case = ET.SubElement(
                suite, "testcase", name=safe_text(subject), classname=f"claimcheck.{family.letter}"
            )
            found = cases.get(subject, [])
            if found:
                loc = found[0].location
                if loc is not None:
                    case.set("file", safe_text(loc.file))
                    case.set("line", str(loc.line))
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=found[0].level.label,
                    message="; ".join(safe_text(f"{f.code} {f.message}") for f in found),
                )
                failure.text = "\n".join(
                    safe_text(
                        (f"{f.location}: " if f.location else "")
                        + f"{f.level.label} {f.code} {f.rule.name}: {f.message}"
                    )
                    for f in found
                )
        suite.set("tests", str(len(subjects)))
        suite.set("failures", str(failures))
        total += len(subjects)
        failed += failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    # Every text from the registry went through `safe_text`, so the document holds only XML
    # 1.0 characters; character references keep a CI log from reading it as commands.
    document = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + guard_xml(document) + "\n"


RENDERER = Renderer("junit", ".xml", render)
