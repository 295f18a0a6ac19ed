"""Hover, go-to-definition and completion, read from an analysis (no protocol types here).

Offsets and spans are in code points of the document asked about: the registry's text, or
the page's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimcheck.lsp.analysis import value_end
from claimcheck.lsp.documents import Text, mapping_path, read_line, sibling_keys, word_at
from claimcheck.safetext import safe_text
from claimcheck.units import SIGN_CLASS

if TYPE_CHECKING:
    from pathlib import Path

    from claimcheck.findings import NodePath, Report
    from claimcheck.loader import LoadedRegistry
    from claimcheck.lsp.analysis import Analysis
    from claimcheck.model import Claim, Registry, Source

_RULE_CODE = re.compile(r"[A-Z][0-9]{3}")


@dataclass(frozen=True)
class Place:
    """A span of a file, in code points (0-based line and column at each end)."""

    path: Path
    start: tuple[int, int]
    end: tuple[int, int]


# --- where things are --------------------------------------------------------------------


def node_place(analysis: Analysis, path: NodePath) -> Place | None:
    """Where a node of the registry (a path that indexes the registry, as a check's
    findings do) stands in its text."""
    loaded = analysis.loaded
    if loaded is None:
        return None
    if len(path) >= 2 and isinstance(path[1], int) and str(path[0]) in loaded.rows:
        path = (path[0], loaded.rows[str(path[0])][path[1]], *path[2:])
    line, column = loaded.positions.locate(path)
    text = analysis.text
    start = text.located(line, column)
    # The whole scalar: a mention is words (`"open for 312 hours a week"`), an id one.
    end = value_end(text, start, analysis._depths)
    return Place(analysis.registry, text.position(start), text.position(max(end, start)))


def page_mentions(analysis: Analysis) -> list[tuple[int, int, int, int]]:
    """Where the registry's mentions stand word for word on the page: (start, end, claim
    index, mention index), offsets in the page's prose."""
    cached: list[tuple[int, int, int, int]] | None = getattr(analysis, "_mentions", None)
    if cached is not None:
        return cached
    found: list[tuple[int, int, int, int]] = []
    if analysis.page is not None and analysis.loaded is not None:
        from claimcheck.checks.coverage import normal_text, normalise, whole_figures

        prose = normalise(analysis.page.prose)
        for i, claim in enumerate(analysis.loaded.registry.claims):
            for j, mention in enumerate(claim.mentions):
                wanted = normal_text(mention)
                at = prose.text.find(wanted) if wanted else -1
                while at >= 0:
                    end = at + len(wanted)
                    # Whole words and figures only, as P002 and P003 match: "10 buses" is
                    # not in "210 buses", nor "lost 8" in "lost 8.5".
                    if not (
                        (at and wanted[0].isalnum() and prose.text[at - 1].isalnum())
                        or (
                            end < len(prose.text)
                            and wanted[-1].isalnum()
                            and prose.text[end].isalnum()
                        )
                    ) and whole_figures(prose.text, at, end):
                        found.append((prose.origin(at), prose.origin(end - 1) + 1, i, j))
                    at = prose.text.find(wanted, at + 1)
    analysis._mentions = found  # type: ignore[attr-defined]
    return found


def claims_at_page(analysis: Analysis, offset: int) -> list[tuple[int, int | None]]:
    """The claims the page states at `offset` (an offset in the page's text): those with a
    mention there, and those a finding places there (a changed figure); (claim index,
    mention index or None)."""
    if analysis.page is None or analysis.page_text is None or analysis.loaded is None:
        return []
    line, column = analysis.page_text.position(offset)
    at = analysis.page.offset(line + 1, column + 1)
    found: list[tuple[int, int | None]] = [
        (i, j) for start, end, i, j in page_mentions(analysis) if start <= at <= end
    ]
    ids = {c.id: i for i, c in enumerate(analysis.loaded.registry.claims)}
    for finding in analysis.report.findings if analysis.report else ():
        where = finding.location
        if (
            where is not None
            and where.line == line + 1
            and where.file == str(analysis.page_path)
            and finding.claim in ids
        ):
            index = ids[finding.claim]
            if not any(i == index for i, _ in found):
                mention = finding.path[3] if len(finding.path) > 3 else None
                found.append((index, mention if isinstance(mention, int) else None))
    return found


# --- hover ---------------------------------------------------------------------------------


def hover(analysis: Analysis, on_page: bool, offset: int) -> tuple[str, int, int] | None:
    """Markdown for what stands at `offset`, and the span it is about."""
    if analysis.loaded is None or analysis.report is None:
        return None
    registry, report = analysis.loaded.registry, analysis.report
    if on_page:
        claims = claims_at_page(analysis, offset)
        if not claims or analysis.page_text is None:
            return None
        figure = word_at(analysis.page_text.source, offset, _FIGURE) or (offset, offset)
        parts = [claim_markdown(registry.claims[i], registry, report) for i, _ in claims]
        return "\n\n---\n\n".join(parts), figure[0], figure[1]
    source = analysis.text.source
    span = word_at(source, offset)
    if span is None:
        return None
    word = source[span[0] : span[1]]
    claim = next((c for c in registry.claims if c.id == word), None)
    if claim is not None:
        return claim_markdown(claim, registry, report), *span
    cited = next((s for s in registry.sources if s.id == word), None)
    if cited is not None:
        return source_markdown(cited, registry, report), *span
    if _RULE_CODE.fullmatch(word):
        from claimcheck.checks import all_rules

        rule = next((r for r in all_rules() if r.code == word), None)
        if rule is not None:
            text = f"**{rule.code}** {rule.name} ({rule.severity.label})\n\n{_md(rule.summary)}"
            return text, *span
    return None


#: A figure's characters on the page: digits, marks, a currency sign (`units.CURRENCY_SIGNS`,
#: the quantity reader's; a marked one or a code ends or starts with a letter).
_FIGURE = re.compile("[\\w.,%+" + SIGN_CLASS + "-]")


def _md(text: str) -> str:
    """Registry text shown in Markdown as written: control characters escaped, and every
    character Markdown would read as markup (or HTML) backslash-escaped."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~&])", r"\\\1", safe_text(text))


def _code(text: str) -> str:
    """A URL or an id as a code span (shown as written), or escaped when it cannot be one."""
    shown = safe_text(text)
    return f"`{shown}`" if "`" not in shown else _md(text)


def claim_markdown(claim: Claim, registry: Registry, report: Report) -> str:
    """A claim for a hover: its text, value, states, review, sources with their verdicts."""
    from claimcheck.render.claim import claim_findings, claim_json
    from claimcheck.render.terminal import not_run_line

    data = claim_json(claim, registry, report)
    lines = [f"**{claim.id}** · {claim.kind} · {', '.join(data['states'])}"]
    said = not_run_line(report)  # `ok` by the rules run only, as `verify` says it
    if said is not None:
        lines += ["", f"*{_md(said)}*"]
    lines += ["", _md(claim.text)]
    labels = ("value", "measure", "period", "date")
    facts = [f"{label} {_md(str(data[label]))}" for label in labels if data[label]]
    if facts:
        lines += ["", " · ".join(facts)]
    review = data["review"]
    if review is not None:
        said = " · ".join(_md(str(review[k])) for k in ("status", "on", "by") if review[k])
        lines += ["", f"review: {said}" + (f" — {_md(review['note'])}" if review["note"] else "")]
    verdicts = list((report.support or {}).get(claim.id, ()))
    lines += ["", "**Sources**" if data["citations"] else "**No sources cited**"]
    for citation in data["citations"]:
        title = _md(citation["title"] or "(not listed)")
        line = f"- `{citation['source']}` {title}"
        verdict = next((v for v in verdicts if v.source == citation["source"]), None)
        if verdict is not None:
            verdicts.remove(verdict)
            line += f" — *{verdict.verdict.value}*" + (
                f": {_md(verdict.reason)}" if verdict.reason else ""
            )
        if citation["quote"]:
            line += f"\n  > {_md(citation['quote'])}"
        lines.append(line)
    # The findings themselves, not their JSON form (a struct since the report's writer
    # changed, which this read as a dict and crashed on).
    findings = claim_findings(claim, report)
    if findings:
        lines += ["", "**Findings**"]
        lines += [f"- {f.code} {f.level.label}: {_md(f.message)}" for f in findings]
    return "\n".join(lines)


def source_markdown(source: Source, registry: Registry, report: Report) -> str:
    """A source for a hover: title, kind, link and its last known status, the claims citing it."""
    lines = [f"**{source.id}** · source" + (f" · {source.kind}" if source.kind else ""), ""]
    lines.append(_md(source.title))
    if source.identifier:
        lines += ["", _code(source.identifier)]
        result = next((r for r in report.links or () if r.url == source.url), None)
        if result is not None:  # as the link cache has it: the server checks no link
            said = result.verdict.value
            if said == "skipped":
                said = "not in the link cache (`claimcheck links` checks it)"
            lines += ["", f"link: {said}"]
    citing = [c.id for c in registry.claims if any(x.source == source.id for x in c.citations)]
    lines += ["", f"cited by {len(citing)} claim{'s' if len(citing) != 1 else ''}"]
    if citing:
        shown = ", ".join(f"`{c}`" for c in citing[:12])
        lines[-1] += f": {shown}" + (" …" if len(citing) > 12 else "")
    own = [f for f in report.findings if f.source == source.id and f.claim is None]
    if own:
        lines += ["", "**Findings**"] + [f"- {f.code}: {_md(f.message)}" for f in own]
    return "\n".join(lines)


# --- go to definition ----------------------------------------------------------------------


def definition(analysis: Analysis, on_page: bool, offset: int) -> Place | None:
    """Where the source or claim named at `offset` is defined; on the page, the registry's
    mention of the claim stated there."""
    loaded = analysis.loaded
    if loaded is None:
        return None
    if on_page:
        claims = claims_at_page(analysis, offset)
        if not claims:
            return None
        i, j = claims[0]
        return node_place(
            analysis, ("claims", i, "mentions", j) if j is not None else ("claims", i, "id")
        )
    span = word_at(analysis.text.source, offset)
    if span is None:
        return None
    word = analysis.text.source[span[0] : span[1]]
    for i, source in enumerate(loaded.registry.sources):
        if source.id == word:
            return node_place(analysis, ("sources", i, "id"))
    for i, claim in enumerate(loaded.registry.claims):
        if claim.id == word:
            return node_place(analysis, ("claims", i, "id"))
    return None


# --- completion ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """A completion: the text to insert, and how it is shown."""

    label: str
    kind: str  # field, value, reference
    detail: str = ""
    insert: str = ""
    documentation: str = ""
    #: Ordered before the others (a required field).
    first: bool = False


_VALUE = re.compile(r"(?:^|[{,]|^\s*-)\s*(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>[\w.-]*)$")
_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<word>[A-Za-z_]*)$")
_FLOW_KEY = re.compile(r"[{,][ \t]*(?P<word>[A-Za-z_]*)$")


def complete(analysis: Analysis, offset: int) -> tuple[list[Choice], int]:
    """What may be written at `offset` of the registry: source ids after `source:` (and
    `relay_of:`), allowed values after a field with a fixed set, field names where a key
    goes. Returns the choices and where the word they replace starts."""
    text = analysis.text
    line, column = text.position(offset)
    prefix = text.line(line)[:column]
    flow = _flow_path(text, line, prefix)
    value = _VALUE.search(prefix)
    if value is not None:
        start = offset - len(value["value"])
        where = flow[0] if flow is not None else _path_of_key(text, line)
        return _values(analysis, [*where, value["key"]]), start
    if flow is not None:
        where, opened = flow
        key = _FLOW_KEY.search(prefix)
        if key is None or key.start() < opened:
            return [], offset
        present = set(re.findall(r"([A-Za-z_][\w-]*)[ \t]*:", prefix[opened:]))
        return _fields(where, present), offset - len(key["word"])
    key = _KEY.match(prefix)
    if key is None:
        return [], offset
    at = len(key["indent"]) + len(key["dash"] or "")
    where = mapping_path(text, line, at)
    return _fields(where, sibling_keys(text, line, at)), offset - len(key["word"])


_KEY_BEFORE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*$")


def _flow_path(text: Text, line: int, prefix: str) -> tuple[list[str], int] | None:
    """When `prefix` ends inside a flow mapping (`{source: a, `), its path (`-` for a list
    item) and the column of its `{`; None outside one."""
    opened: list[tuple[str, int, str | None]] = []  # bracket, column, the key it is the value of
    quote = ""
    for i, char in enumerate(prefix):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'" and (i == 0 or prefix[i - 1] in " {[,:"):
            quote = char
        elif char in "{[":
            before = _KEY_BEFORE.search(prefix, 0, i)
            opened.append((char, i, before.group(1) if before else None))
        elif char in "}]" and opened:
            opened.pop()
        elif char == "#" and (i == 0 or prefix[i - 1] in " \t"):
            return None
    if not opened or opened[-1][0] != "{":
        return None
    info = read_line(text.line(line))
    if info is None:
        return None
    path = mapping_path(text, line, info.column)
    for depth, (_, _, key) in enumerate(opened):
        if depth > 0 and opened[depth - 1][0] == "[":
            path.append("-")
        elif key is not None:
            path.append(key)
    if opened[0][0] == "[" and opened[0][2] is None:
        return None  # a list written after a dash: not a registry's shape
    return path, opened[-1][1]


def _path_of_key(text: Text, line: int) -> list[str]:
    """The path of the block mapping holding the key on `line`."""
    info = read_line(text.line(line))
    return mapping_path(text, line, info.column) if info is not None else []


_SOURCES_BLOCK = re.compile(r"^sources[ \t]*:[^\n]*\n(?P<body>(?:[ \t#-].*\n?|\n)*)", re.MULTILINE)
_WRITTEN_ID = re.compile(r"^[ \t]*-[ \t]+id[ \t]*:[ \t]*([a-z][a-z0-9_]*)[ \t]*$", re.MULTILINE)
_WRITTEN_TITLE = re.compile(r"^[ \t]*title[ \t]*:[ \t]*(.+)$", re.MULTILINE)


def _written_sources(source: str) -> list[tuple[str, str]]:
    """The ids (and titles) of the block-style `sources:` list, read from the text."""
    block = _SOURCES_BLOCK.search(source)
    if block is None:
        return []
    body = block["body"]
    found = list(_WRITTEN_ID.finditer(body))
    out = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(body)
        title = _WRITTEN_TITLE.search(body, match.end(), end)
        out.append((match.group(1), title.group(1).strip() if title else ""))
    return out


@functools.cache
def _schema() -> dict[str, Any]:
    from claimcheck.schema import registry_schema

    return registry_schema()


def _branch(node: dict[str, Any] | None, want: str) -> dict[str, Any] | None:
    """The node, its `$ref` followed, and of an `anyOf` the branch that has `want`."""
    seen = 0
    while node is not None and seen < 16:
        seen += 1
        ref = node.get("$ref")
        if isinstance(ref, str):
            node = _schema()["$defs"].get(ref.rsplit("/", 1)[-1])
            continue
        if "anyOf" in node and want not in node:
            branches = [b for b in node["anyOf"] if isinstance(b, dict)]
            chosen = [_branch(b, want) for b in branches]
            node = next((c for c in chosen if c is not None and want in c), None)
            continue
        return node
    return None


def schema_at(path: list[str]) -> dict[str, Any] | None:
    """The schema of the node at `path` (`-` for a list item)."""
    node: dict[str, Any] | None = _schema()
    for step in path:
        if step == "-":
            node = _branch(node, "items")
            node = node.get("items") if node else None
        else:
            node = _branch(node, "properties")
            node = node["properties"].get(step) if node else None
        if node is None:
            return None
    return node


def _fields(path: list[str], present: set[str]) -> list[Choice]:
    node = _branch(schema_at(path), "properties")
    if node is None:
        return []
    required = set(node.get("required", ()))
    about = node.get("description", "")
    choices = []
    for name, prop in node["properties"].items():
        if name in present:
            continue
        choices.append(
            Choice(
                name,
                "field",
                detail=_type_of(prop) + (" (required)" if name in required else ""),
                insert=f"{name}: ",
                documentation=about,
                first=name in required,
            )
        )
    return choices


def _type_of(node: dict[str, Any]) -> str:
    """A schema node's type, shortly: `figure | fact | ...`, `list`, `text`."""
    values = _enum(node)
    if values:
        shown = " | ".join(str(v) for v in values[:6])
        return shown + (" | …" if len(values) > 6 else "")
    for want, name in (("items", "list"), ("properties", "mapping")):
        if _branch(node, want) is not None and want in (_branch(node, want) or {}):
            return name
    kinds = node.get("type") or [b.get("type") for b in node.get("anyOf", ()) if b.get("type")]
    flat = [k for k in (kinds if isinstance(kinds, list) else [kinds]) if k and k != "null"]
    return " | ".join(str(k) for k in flat) or "value"


def _enum(node: dict[str, Any] | None) -> list[object]:
    if node is None:
        return []
    if "$ref" in node:
        return _enum(_branch(node, "enum"))
    values = list(node.get("enum", ()))
    for branch in node.get("anyOf", ()):
        values += [v for v in _enum(branch) if v not in values]
    return values


def _values(analysis: Analysis, path: list[str]) -> list[Choice]:
    key = path[-1]
    loaded: LoadedRegistry | None = analysis.loaded
    if key in ("source", "relay_of"):
        if loaded is not None:
            listed = [(s.id, s.title) for s in loaded.registry.sources]
        else:  # a buffer being typed is often not YAML yet: the ids as written
            listed = _written_sources(analysis.text.source)
        return [Choice(i, "reference", detail=title, insert=i) for i, title in listed]
    if key == "rule" and path[-2:-1] == ["-"] and "allow" in path:
        from claimcheck.checks import all_rules

        return [Choice(r.code, "value", detail=r.name, insert=r.code) for r in all_rules()]
    return [Choice(str(v), "value", insert=str(v)) for v in _enum(schema_at(path)) if v is not None]
