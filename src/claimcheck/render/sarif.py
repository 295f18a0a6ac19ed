"""SARIF 2.1.0 for code-scanning tools: rules from the rule registry, results located in the
registry or the page, fingerprints from claim ids so an alert follows its claim across edits."""

from __future__ import annotations

import os.path
from pathlib import PurePath
from urllib.parse import quote

from claimcheck.findings import Finding, Report, Rule, Severity, Support
from claimcheck.render.base import Renderer, RenderOptions, repository_path, safe_text
from claimcheck.render.json_ import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/claimcheck-cli/"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}
#: The base id of paths in the repository (the name GitHub's and Microsoft's tools use).
SRCROOT = "%SRCROOT%"


def _rule(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": rule.fix or rule.summary},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "helpUri": INFORMATION_URI,
    }


#: A plain-text SARIF message reads `[text](target)` as an embedded link (SARIF 2.1.0
#: §3.11.6), which GitHub code scanning renders; a literal `[`, `]` or `\` is escaped with a
#: backslash there.
_MESSAGE_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]"})


def message_text(text: str) -> str:
    """Untrusted text as a SARIF plain-text message: `safe_text`, and no embedded link.

    SARIF's `markdown` message property is not written: registry text never reaches a
    Markdown renderer through SARIF."""
    return safe_text(text).translate(_MESSAGE_ESCAPES)


def artifact_location(file: str, options: RenderOptions) -> dict[str, str]:
    """Where a file is, as code scanning reads it: a percent-encoded URI relative to the
    repository's root (`uriBaseId` %SRCROOT%), or, for a file outside it, an absolute
    `file:` URI. A path as given is no URI: `Q1 #2.md` would end at its `#`."""
    inside = repository_path(file, options)
    if inside is not None:
        return {"uri": quote(inside, safe="/"), "uriBaseId": SRCROOT}
    absolute = PurePath(file)
    if options.cwd is not None:
        absolute = options.cwd / absolute
    # `a/../page.md` as `page.md`: the path's own text, no link followed (as inside the root).
    absolute = PurePath(os.path.normpath(absolute))
    if absolute.is_absolute():
        return {"uri": absolute.as_uri()}
    return {"uri": quote(absolute.as_posix(), safe="/")}  # `..` with no root known


def _root_uri(root: PurePath) -> str:
    uri = root.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _own_hint(finding: Finding) -> bool:
    return bool(finding.hint) and finding.hint != finding.rule.fix


def render(report: Report, options: RenderOptions) -> str:
    """One run; its rules are those the findings use."""
    rules: list[Rule] = []
    for finding in report.findings:
        if finding.rule not in rules:
            rules.append(finding.rule)
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for f in report.findings:
        result: dict[str, object] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.level],
            # The rule's own fix is in its `help`; a finding's message adds only its own hint,
            # so a report read back from JSON (where the two are one field) renders the same.
            "message": {
                "text": message_text(f.message + (f" Fix: {f.hint}" if _own_hint(f) else ""))
            },
            "partialFingerprints": {"claimcheck/v1": f.fingerprint()},
        }
        if f.location is not None:
            result["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(f.location.file, options),
                        "region": {"startLine": f.location.line, "startColumn": f.location.column},
                    }
                }
            ]
        properties: dict[str, object] = {}
        if f.registry is not None:  # a run of several registries: whose finding it is
            properties["registry"] = f.registry
        cited = (report.support or {}).get(f.claim or "")
        if cited:  # the claim's citations' support verdicts
            properties["support"] = [
                {"source": c.source, "verdict": c.verdict.value, "reason": c.reason} for c in cited
            ]
        if properties:
            result["properties"] = properties
        results.append(result)
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "claimcheck",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(r) for r in rules],
            }
        },
        "results": results,
    }
    root = options.root if options.root is not None else options.cwd
    if root is not None:  # where %SRCROOT% is on the machine that ran
        run["originalUriBaseIds"] = {SRCROOT: {"uri": _root_uri(root)}}
    if report.support is not None:
        counts = report.support_counts()
        run["properties"] = {"support": {v.value: counts[v] for v in Support}}
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return dumps(document)


RENDERER = Renderer("sarif", ".sarif", render)
