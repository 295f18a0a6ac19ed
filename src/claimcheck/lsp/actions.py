"""The code actions, as text edits of the registry that keep every other byte of it.

- register this figure: the claim `extract` drafts for an unregistered figure (P001),
  appended as `claimcheck add` appends (`claimcheck.edit.appended`), with the sources it
  cites that the registry lacks;
- add this mention: the figure's words added to the `mentions` of a claim of that value;
- add a missing `kind` (R008), guessed from the claim and offered with the other kinds;
- mark reviewed: `review: {status, on, note}` with the reason the snapshots give (the
  citations' support verdicts) or a reason to write; a review already written is edited
  where its fields stand (its comments, `by` and earlier note kept).

Edits are computed on the text the analysis checked; the server sends them with that
text's version, so a client refuses them if the buffer changed since.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from claimcheck.errors import ClaimcheckError
from claimcheck.lsp.documents import Text

if TYPE_CHECKING:
    from pathlib import Path

    import yaml

    from claimcheck.findings import Finding
    from claimcheck.lsp.analysis import Analysis
    from claimcheck.model import Claim

KINDS = ("figure", "fact", "quote", "event", "status", "assessment")


@dataclass(frozen=True)
class Edit:
    """Replace a span of a file (0-based lines and columns, code points) with text."""

    path: Path
    start: tuple[int, int]
    end: tuple[int, int]
    text: str


@dataclass(frozen=True)
class Action:
    """A code action: its title, kind (`quickfix`, `refactor.rewrite`), edits, and the
    codes of the diagnostics it fixes."""

    title: str
    kind: str
    edits: tuple[Edit, ...]
    fixes: tuple[str, ...] = ()
    preferred: bool = False
    #: The claim it is about, for the diagnostics it fixes.
    subject: dict[str, Any] = field(default_factory=dict)


class _Registry:
    """The registry's text as the edits address it: \\n line breaks, the nodes composed."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.path = analysis.registry
        self.original = analysis.text
        plain = analysis.text.source.replace("\r\n", "\n")
        self.text = Text(plain)
        self.newline = analysis.text.newline
        self._root: yaml.Node | None = None
        self._composed = False

    def edit(self, start: int, end: int, text: str) -> Edit:
        # Lines and columns are the same in the text as written (\r\n) and in plain \n.
        return Edit(
            self.path,
            self.text.position(start),
            self.text.position(end),
            text.replace("\n", self.newline),
        )

    def root(self) -> yaml.Node | None:
        if not self._composed:
            from yaml import YAMLError

            from claimcheck.positions import compose

            self._composed = True
            try:
                self._root = compose(self.text.source)
            except YAMLError:
                self._root = None
        return self._root

    def claim_node(self, ident: str) -> yaml.MappingNode | None:
        """The mapping of the claim with this id, as written."""
        import yaml

        root = self.root()
        if not isinstance(root, yaml.MappingNode):
            return None
        claims = _value(root, "claims")
        if not isinstance(claims, yaml.SequenceNode):
            return None
        for item in claims.value:
            if isinstance(item, yaml.MappingNode):
                found = _value(item, "id")
                if isinstance(found, yaml.ScalarNode) and found.value == ident:
                    return item
        return None


def _value(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in mapping.value:
        if getattr(k, "value", None) == key:
            return v  # type: ignore[no-any-return]
    return None


def _key(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, _ in mapping.value:
        if getattr(k, "value", None) == key:
            return k  # type: ignore[no-any-return]
    return None


def _end(node: yaml.Node, source: str) -> int:
    """Where a node's own text ends: its last scalar's end, less trailing white space (a
    block scalar's end mark is past its line breaks; a block collection's, at the next
    token)."""
    import yaml

    while (
        isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        and node.value
        and not (node.flow_style)
    ):
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = int(node.end_mark.index)
    start = int(node.start_mark.index)
    while end > start and source[end - 1] in " \t\r\n":
        end -= 1
    return end


def _scalar(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _insert_field(
    reg: _Registry, mapping: yaml.MappingNode, key: str, value: str, after: str | None
) -> Edit:
    """`key: value` added to a claim's mapping: after the field `after` (else its last
    field), on a line of its own with the mapping's indentation, or inside its braces."""
    return _insert_fields(reg, mapping, [(key, value)], after)


def _insert_fields(
    reg: _Registry, mapping: yaml.MappingNode, fields: list[tuple[str, str]], after: str | None
) -> Edit:
    """Fields added to a mapping in one edit: after the field `after` (else its last
    field), each on a line of its own with the mapping's indentation, or inside its braces.
    After a `|+` block scalar, below the line breaks it keeps (they are its text)."""
    source = reg.text.source
    pairs = mapping.value
    anchor = next((p for p in pairs if getattr(p[0], "value", None) == after), None)
    anchor = anchor or pairs[-1]
    if mapping.flow_style:
        at = _end(anchor[1], source)
        return reg.edit(at, at, "".join(f", {key}: {value}" for key, value in fields))
    column = int(pairs[0][0].start_mark.column)
    lines = "".join(f"{' ' * column}{key}: {value}\n" for key, value in fields)
    kept = _kept_end(anchor[1], source)
    if kept is not None:
        return reg.edit(kept, kept, lines if source[kept - 1] == "\n" else "\n" + lines)
    end = _end(anchor[1], source)
    line_end = reg.text.line_end(end)
    if line_end >= len(source):  # the last line, with no line break after it
        return reg.edit(line_end, line_end, "\n" + lines.removesuffix("\n"))
    at = line_end + 1
    return reg.edit(at, at, lines)


#: A block scalar's header that keeps its final line breaks (`|+`, `>2+`, `|+2`).
_KEEP = re.compile(r"[|>](?:[1-9]?\+|\+[1-9])")


def _kept_end(node: yaml.Node, source: str) -> int | None:
    """Where a node ends when its text ends with a block scalar that keeps its final line
    breaks (`|+`): past those breaks, which are its value; None for any other node."""
    import yaml

    while (
        isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        and node.value
        and not (node.flow_style)
    ):
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    if not isinstance(node, yaml.ScalarNode) or node.style not in ("|", ">"):
        return None
    if not _KEEP.match(source, int(node.start_mark.index)):
        return None
    return int(node.end_mark.index)


def _set_field(reg: _Registry, mapping: yaml.MappingNode, key: str, value: str) -> Edit:
    """`key: value` in place of the field's own text, or added after the last field."""
    found = _key(mapping, key)
    if found is None:
        return _insert_field(reg, mapping, key, value, None)
    old = _value(mapping, key)
    assert old is not None
    start = int(found.start_mark.index)
    return reg.edit(start, _end(old, reg.text.source), f"{key}: {value}")


def _add_to_list(reg: _Registry, mapping: yaml.MappingNode, key: str, item: str) -> Edit:
    """`item` appended to the list `key` of a mapping, in the list's own style (created as
    `key: [item]` when missing)."""
    import yaml

    source = reg.text.source
    found = _value(mapping, key)
    if not isinstance(found, yaml.SequenceNode):
        return _insert_field(reg, mapping, key, f"[{item}]", None)
    if found.flow_style:
        if not found.value:
            at = int(found.start_mark.index) + 1
            return reg.edit(at, at, item)
        at = _end(found.value[-1], source)
        return reg.edit(at, at, f", {item}")
    last = found.value[-1]
    line_start = source.rfind("\n", 0, int(last.start_mark.index)) + 1
    dash = source.rfind("-", line_start, int(last.start_mark.index))
    column = dash - line_start if dash >= 0 else int(last.start_mark.column) - 2
    at = _end(last, source)
    return reg.edit(at, at, f"\n{' ' * column}- {item}")


# --- the actions ---------------------------------------------------------------------------


def register_figure(analysis: Analysis, finding: Finding) -> list[Action]:
    """Register an unregistered figure (P001): one action per figure of its sentence, and one
    for them all when there are several."""
    from claimcheck.drafts import draft_entries
    from claimcheck.edit import appended

    loaded, page = analysis.loaded, analysis.page
    if loaded is None or page is None:
        return []
    registry = loaded.registry
    taken = {c.id for c in registry.claims} | {s.id for s in registry.sources}
    taken |= set(loaded.invalid_ids)
    drafts = draft_entries([finding], page, registry, taken)
    if not drafts.claims:
        return []
    reg = _Registry(analysis)
    parsed = _parsed(reg)
    if parsed is None:
        return []
    new_sources = {s["id"]: s for s in drafts.sources}

    def action(title: str, claims: list[dict[str, Any]], preferred: bool) -> Action | None:
        cited = [c["source"] for claim in claims for c in claim.get("citations", ())]
        sources = [new_sources[i] for i in dict.fromkeys(cited) if i in new_sources]
        edits = []
        try:
            for key, entries in (("sources", sources), ("claims", claims)):
                if entries:
                    start, end, text = appended(
                        reg.text.source, parsed, key, entries, str(reg.path)
                    )
                    edits.append(reg.edit(start, end, text))
        except ClaimcheckError:
            return None  # a layout `add` cannot append to either
        return Action(title, "quickfix", tuple(edits), ("P001",), preferred)

    out = []
    for i, claim in enumerate(drafts.claims):
        figure = claim.get("mentions", [claim["id"]])[0]
        made = action(f"Register {figure!r} as claim `{claim['id']}`", [claim], i == 0)
        if made is not None:
            out.append(made)
    if len(drafts.claims) > 1:
        made = action(
            f"Register the {len(drafts.claims)} figures of this sentence", drafts.claims, False
        )
        if made is not None:
            out.append(made)
    return out


def _parsed(reg: _Registry) -> Any:
    """The registry parsed from the \\n text the edits address (what `appended` reads)."""
    loaded = reg.analysis.loaded
    if loaded is not None and "\r" not in reg.original.source:
        return loaded
    from claimcheck.loader import parse_registry

    try:
        return parse_registry(reg.text.source, str(reg.path))
    except ClaimcheckError:
        return None


def add_mention(analysis: Analysis, finding: Finding) -> list[Action]:
    """Add an unregistered figure's words as a mention of each claim of the same value."""
    from claimcheck.drafts import draft_entries

    loaded, page = analysis.loaded, analysis.page
    if loaded is None or page is None:
        return []
    drafts = draft_entries([finding], page, loaded.registry, set())
    reg = _Registry(analysis)
    out = []
    for draft in drafts.claims:
        mention = (draft.get("mentions") or [None])[0]
        if not mention:
            continue
        for claim in loaded.registry.claims:
            if not _same_figure(claim, draft):
                continue
            node = reg.claim_node(claim.id)
            if node is None:
                continue
            edit = _add_to_list(reg, node, "mentions", _scalar(mention))
            title = f"Add {mention!r} as a mention of `{claim.id}`"
            out.append(Action(title, "quickfix", (edit,), ("P001",)))
    return out


def _same_figure(claim: Claim, draft: dict[str, Any]) -> bool:
    """Whether a drafted figure has the claim's value (and unit, where both have one)."""
    if claim.value is None or isinstance(claim.value, tuple) or "value" not in draft:
        return False
    try:
        value = Decimal(str(draft["value"]))
    except (InvalidOperation, ValueError):
        return False
    unit, theirs = draft.get("unit"), claim.unit
    same_unit = not unit or not theirs or str(unit).lower() == theirs.lower()
    return value == claim.value and same_unit


def add_kind(analysis: Analysis, claim_id: str) -> list[Action]:
    """A `kind` for a claim that has none (R008): the likeliest first, then the others."""
    import yaml

    reg = _Registry(analysis)
    node = reg.claim_node(claim_id)
    if node is None or _value(node, "kind") is not None:
        return []
    text = _value(node, "text")
    wrote = text.value if isinstance(text, yaml.ScalarNode) else ""
    if _value(node, "value") is not None:
        guess = "figure"
    elif any(mark in wrote for mark in ('"', "\u201c")):
        guess = "quote"
    else:
        guess = "fact"
    after = "text" if _value(node, "text") is not None else "id"
    ordered = [guess, *(k for k in KINDS if k != guess)]
    return [
        Action(
            f"Add `kind: {kind}` to `{claim_id}`",
            "quickfix",
            (_insert_field(reg, node, "kind", kind, after),),
            ("R008",),
            preferred=kind == guess,
            subject={"claim": claim_id},
        )
        for kind in ordered
    ]


#: The note written when the snapshots give no reason: the editor writes the real one.
REASON_TO_WRITE = "REASON: what was checked, and where"


def mark_reviewed(analysis: Analysis, claim_id: str) -> list[Action]:
    """`review:` set for a claim, dated today: verified or disputed with the reason its
    citations' support verdicts give, or verified with a reason to write."""
    import yaml

    from claimcheck.findings import Support

    report, loaded = analysis.report, analysis.loaded
    if report is None or loaded is None:
        return []
    claim = next((c for c in loaded.registry.claims if c.id == claim_id), None)
    reg = _Registry(analysis)
    node = reg.claim_node(claim_id)
    if claim is None or node is None:
        return []
    today = report.today.isoformat()
    old = _value(node, "review")

    def marked(status: str, title: str, note: str, *, kind: str = "quickfix") -> Action:
        if isinstance(old, yaml.MappingNode) and old.value:
            edits = _review_updated(reg, old, status, today, note)
        else:
            value = f"{{status: {status}, on: {today}, note: {_scalar(note)}}}"
            edits = (_set_field(reg, node, "review", value),)
        return Action(title, kind, edits, preferred=status == "verified" and kind == "quickfix")

    verdicts = (report.support or {}).get(claim_id, ())
    held = [v for v in verdicts if v.verdict in (Support.SUPPORTED, Support.PARTIAL)]
    denied = [v for v in verdicts if v.verdict is Support.UNSUPPORTED]
    out = []
    if held and not denied:
        names = ", ".join(v.source for v in held)
        why = "; ".join(
            f"{v.source}: {v.verdict.value}" + (f" ({v.reason})" if v.reason else "") for v in held
        )
        out.append(marked("verified", f"Mark `{claim_id}` verified: {names} supports it", why))
    if denied:
        names = ", ".join(v.source for v in denied)
        why = "; ".join(f"{v.source}: {v.reason or 'does not say it'}" for v in denied)
        title = f"Mark `{claim_id}` disputed: {names} does not support it"
        out.append(marked("disputed", title, why))
    if claim.status != "verified":
        title = f"Mark `{claim_id}` verified (write the reason in its note)"
        out.append(marked("verified", title, REASON_TO_WRITE, kind="refactor.rewrite"))
    return out


def _review_updated(
    reg: _Registry, review: yaml.MappingNode, status: str, today: str, note: str
) -> tuple[Edit, ...]:
    """The edits that mark a written `review:` mapping: its status and date replaced where
    they stand, the new reason written before the old note (kept, with the status and date
    it was written under), every other byte kept (`by`, comments, other fields). The whole
    mapping was written anew: a comment on it and the note of a dispute were lost."""
    import yaml

    source = reg.text.source

    def said(key: str) -> str:
        found = _value(review, key)
        return str(found.value).strip() if isinstance(found, yaml.ScalarNode) else ""

    before, on_before, note_before = said("status"), said("on"), said("note")
    if note_before and note_before != note and note_before != REASON_TO_WRITE:
        earlier = before + (f" on {on_before}" if on_before else "")
        note = f"{note} (earlier{' ' + earlier if earlier else ''}: {note_before})"
    edits: list[Edit] = []
    missing: dict[str | None, list[tuple[str, str]]] = {}
    last = review.value[-1][0].value
    for key, value, after in (
        ("status", status, None),
        ("on", today, "status"),
        ("note", _scalar(note), None),
    ):
        found = _value(review, key)
        if isinstance(found, yaml.ScalarNode):
            start = int(found.start_mark.index)
            edits.append(reg.edit(start, _end(found, source), value))
            continue
        if found is not None:  # not a scalar (invalid): replaced, key and all
            edits.append(_set_field(reg, review, key, value))
            continue
        anchor = after if after is not None and _value(review, after) is not None else last
        missing.setdefault(anchor, []).append((key, value))
    edits += [_insert_fields(reg, review, fields, anchor) for anchor, fields in missing.items()]
    return tuple(edits)
