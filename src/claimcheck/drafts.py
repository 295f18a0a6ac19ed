"""`claimcheck extract`: draft registry entries for what a page states and nobody registered.

Drafts come from the coverage findings (P001 figures, P004 statements): an id, the sentence as
`text` and `mentions`, a kind, the parsed value, and empty citations to fill in. They are
printed as YAML, or appended to the registry with its comments and order kept (ruamel.yaml's
round-trip mode) and written atomically.

The page is hostile and the YAML is printed to CI logs, so it is dumped log-safe with the same
meaning: no value is folded onto a line of its own (where a runner would read `::error ...` as
a workflow command), and a string holding `::`, `##[` or a control, bidi or invisible character
is double-quoted, those characters written as YAML escapes (`\\u202e`, `#\\x23[`).
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from claimcheck.checks.coverage import sentences
from claimcheck.errors import ConfigError
from claimcheck.files import EditedText, edit_text
from claimcheck.findings import Finding
from claimcheck.ids import snake_id, unique
from claimcheck.page import FILLER, PageText
from claimcheck.quantity import find_quantities
from claimcheck.render.base import safe_text

#: Words left out of drafted ids.
_STOP = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "by",
        "with",
        "from",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "are",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "there",
        "over",
        "under",
        "about",
    }
)


def draft_claims(
    findings: Iterable[Finding], page: PageText, taken: set[str]
) -> list[dict[str, Any]]:
    """One draft claim per P001 sentence and per P004 statement."""
    spans = sentences(page.prose)
    starts = [start for start, _ in spans]
    drafts = []
    for finding in findings:
        if finding.code not in ("P001", "P004") or finding.location is None:
            continue
        offset = page.offset(finding.location.line, finding.location.column)
        start, end = spans[max(0, bisect.bisect_right(starts, offset) - 1)]
        sentence = " ".join(page.prose[start:end].replace(FILLER, "").split())
        if not sentence:
            continue
        draft: dict[str, Any] = {
            "id": unique(snake_id(sentence, skip=_STOP, prefix="claim"), taken),
            "text": sentence,
        }
        if finding.code == "P001":
            draft.update(_figure(sentence))
        else:
            draft["kind"] = "quote" if '"' in sentence or "\u201c" in sentence else "fact"
        draft["mentions"] = [sentence]
        draft["citations"] = []
        draft["review"] = {"status": "unverified", "note": "drafted by claimcheck extract"}
        drafts.append(draft)
    return drafts


def _figure(sentence: str) -> dict[str, Any]:
    found = [q for q in find_quantities(sentence) if not (q.is_year or q.date or q.period)]
    if not found:
        return {"kind": "fact"}
    q = found[0]
    value: Any = _number(q.low) if q.low == q.high else [_number(q.low), _number(q.high)]
    result: dict[str, Any] = {"kind": "figure", "value": value}
    if q.qualifier != "exact":
        result["qualifier"] = q.qualifier
    unit = q.unit or (f"{q.currency}" if q.currency else None)
    if unit:
        scale = {10**3: " thousand", 10**6: " million", 10**9: " billion"}.get(int(q.scale), "")
        result["unit"] = unit + scale
    return result


def _number(value: Any) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


#: What a CI log would obey in a line: a workflow command (`::` after a line's leading
#: whitespace, the legacy `##[` anywhere).
_COMMAND = re.compile(r"::|##\[")


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        """Strings a log could obey double-quoted: the only style whose escapes name any
        character, so `_escape_unsafe` can rewrite them with the same meaning."""

    def represent_str(representer: Any, data: str) -> Any:
        quoted = _COMMAND.search(data) is not None or safe_text(data) != data
        return representer.represent_scalar(
            "tag:yaml.org,2002:str", data, style='"' if quoted else None
        )

    # On a subclass: RoundTripRepresenter's own table is shared by every ruamel user.
    Representer.add_representer(str, represent_str)
    yaml = YAML()
    yaml.Representer = Representer
    # Never folded: a folded value starts a line, which a runner reads as a command.
    yaml.width = 1 << 30
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def _escape_unsafe(text: str) -> str:
    """Dumped YAML with what a log or terminal would obey written as escapes. Only strings
    holding such characters have them, and those are double-quoted (`_yaml`), where YAML reads
    `\\u202e`, `\\x1b` and `\\x23` (`#`) as the characters: the same document, safe to print."""
    lines = [safe_text(line) for line in text.split("\n")]  # the dump's own newlines stay
    return "\n".join(lines).replace("##[", "#\\x23[")


def dump_drafts(drafts: Sequence[dict[str, Any]], indent: int = 2) -> str:
    """The drafts as a YAML list, its dashes `indent` spaces in (as under `claims:`)."""
    out = io.StringIO()
    _yaml().dump(list(drafts), out)
    pad = " " * indent
    text = _escape_unsafe(out.getvalue())
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def append_drafts(registry: Path, drafts: Sequence[dict[str, Any]]) -> None:
    """Insert the drafts after the last claim, leaving every other byte of the file as it was.

    The file is edited as text, not re-dumped: a YAML round-trip would re-quote and re-flow
    what the user wrote. Its BOM and line endings are kept, and it is locked meanwhile.
    """
    edit_text(registry, "registry", lambda found: _with_drafts(registry, found, drafts))


def _with_drafts(registry: Path, found: EditedText, drafts: Sequence[dict[str, Any]]) -> str:
    from claimcheck.loader import parse_registry

    text = found.normalised
    loaded = parse_registry(text, str(registry))
    where = loaded.positions.list_end("claims")
    if where is None:
        raise ConfigError(
            "cannot find the end of a block-style `claims:` list to append to",
            file=str(registry),
            hint="write the claims as a block list (`- id: ...`), or paste the extract output",
        )
    offset, indent = where
    addition = dump_drafts(drafts, indent)
    if offset > 0 and text[offset - 1] != "\n":
        addition = "\n" + addition
    at = found.offset(offset)  # the same place in the file as written, \r\n and all
    return found.text[:at] + addition.replace("\n", found.newline) + found.text[at:]
