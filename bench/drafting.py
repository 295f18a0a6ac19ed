"""Measure how well claimcheck drafts a registry from a page (issue 17, item 9).

For each labelled page in tests/data/drafting/ (PAGE and PAGE.truth.yaml), in a temp dir:
`claimcheck init` + `claimcheck extract PAGE --append` (and, when `init --help` offers
`--from`, `claimcheck init --from PAGE` as a second path), then `claimcheck verify --offline
-f json`. Drafted claims are matched one to one to the truth's figures (mention text overlap,
then value), and the bench prints per page and overall: figures found / on the page (recall),
figure drafts that are no truth figure (precision), values right (value x scale), units right,
qualifiers and periods right, sources linked (a citation whose source URL is the truth's),
the page's sources drafted, verify errors (count and codes), wrong drafts (a value, unit,
measure or time the page does not state of the figure, by the truth and by `unstated`, which
needs no truth: every field stated in the draft's own sentence; a draft of no figure; a verify
error), and a person's path to a registry with no error (commands and edits). `covered`
counts figures that merely lie inside some draft's mention (a sentence-level draft covers all
of its sentence's figures).

Run: `uv run python bench/drafting.py` (today's tree; `--pages tests/data/drafting/subjects`
for the pages on sport, climate, a health trial and a council budget), or `--project DIR` to
measure another checkout (e.g. `git archive HEAD | tar -x -C /tmp/head` for the committed
state); `--json` prints the numbers as JSON; `--keep DIR` keeps the registries drafted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "drafting"
TODAY = "2025-12-02"

SCALES = {
    "thousand": Decimal(10**3),
    "k": Decimal(10**3),
    "million": Decimal(10**6),
    "millions": Decimal(10**6),
    "m": Decimal(10**6),
    "mn": Decimal(10**6),
    "billion": Decimal(10**9),
    "billions": Decimal(10**9),
    "bn": Decimal(10**9),
    "trillion": Decimal(10**12),
}
CURRENCIES = {"gbp": "GBP", "£": "GBP", "usd": "USD", "$": "USD", "eur": "EUR", "€": "EUR"}
PENCE = {"p", "pence", "penny", "gbx"}
PERCENT = {"percent", "%", "per_cent", "percentage", "pct"}
NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "hundred",
    "half",
    "third",
    "quarter",
    "fifth",
    "double",
    "twice",
    "treble",
    "sixfold",
]


# ---------------------------------------------------------------- normalising


def norm(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub("[\u2013\u2014]", "-", text)
    text = text.replace("&pound;", "£").replace("&amp;", "&")
    text = re.sub(r"[*_#>`]", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def number_tokens(text: str) -> set[str]:
    found = set(re.findall(r"\d[\d,]*(?:\.\d+)?", text))
    words = set(re.findall(r"[a-z]+", text.lower()))
    return found | (words & set(NUMBER_WORDS))


def norm_url(url: str) -> str:
    url = url.strip().strip("<>")
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def to_decimal(raw: Any) -> Decimal | None:
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float, Decimal)):
        return Decimal(str(raw))
    if isinstance(raw, str):
        try:
            return Decimal(raw.replace(",", "").strip())
        except InvalidOperation:
            return None
    return None


@dataclass
class Quantity:
    """A drafted or true figure reduced to comparable parts."""

    value: Decimal | None
    currency: str | None
    percent: bool
    unit_words: list[str]
    is_range: bool = False


def words_of(unit: str) -> list[str]:
    unit = unit.lower().replace("per cent", "per_cent")
    return re.findall(r"[a-z_%£$€]+", unit)


def quantity(raw_value: Any, unit: Any, scale: Any = None, currency: Any = None) -> Quantity:
    """Value x scale, currency, percent and the unit's other words, from any drafted form."""
    mult = Decimal(1)
    cur: str | None = None
    percent = False
    is_range = isinstance(raw_value, list)
    if is_range:
        raw_value = raw_value[0] if raw_value else None
    value = to_decimal(raw_value)
    if value is None and isinstance(raw_value, str):
        # natural forms: "31%", "£65m", "4.6 million", "8,300,000 people"
        text = raw_value.strip().lower()
        for sym, code in CURRENCIES.items():
            if sym in text:
                cur = code
        percent = "%" in text or "per cent" in text or "percent" in text
        match = re.search(r"\d[\d,]*(?:\.\d+)?", text)
        if match:
            value = Decimal(match.group().replace(",", ""))
            rest = text[match.end() :].strip()
            first = re.match(r"[a-z]+", rest)
            if first and first.group() in SCALES:
                mult *= SCALES[first.group()]
    rest_words: list[str] = []
    unit_text = unit if isinstance(unit, str) else ""
    if isinstance(scale, str) and scale.lower() in SCALES:
        mult *= SCALES[scale.lower()]
    elif isinstance(scale, (int, float)) and not isinstance(scale, bool):
        mult *= Decimal(str(scale))
    if isinstance(currency, str) and currency:
        cur = CURRENCIES.get(currency.lower(), currency.upper())
    for word in words_of(unit_text):
        if (word in SCALES and word not in ("m", "k")) or (word in ("m", "k") and cur):
            mult *= SCALES[word]
        elif word in CURRENCIES:
            cur = CURRENCIES[word]
        elif word in PENCE:
            cur = "GBP"
            mult /= 100
        elif word in PERCENT or word == "per_cent":
            percent = True
        else:
            rest_words.append(word)
    return Quantity(value * mult if value is not None else None, cur, percent, rest_words, is_range)


def stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def years(text: Any) -> set[int]:
    """The years a period or date names: '2024/25' -> {2024, 2025}."""
    out: set[int] = set()
    text = str(text) if text is not None else ""
    for first, second in re.findall(r"((?:19|20)\d\d)\s*[/-]\s*(\d{2,4})\b", text):
        out.add(int(first))
        out.add(int(second) if len(second) == 4 else int(first[:2] + second))
    out |= {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)}
    return out


# ---------------------------------------------------------------- truth and drafts


@dataclass
class Figure:
    text: str
    value: Decimal
    quantity: Quantity
    qualifiers: list[str]
    period: str | None
    source: str | None
    alt: list[Decimal]
    tolerance: Decimal
    #: Words one of which a drafted measure must hold (None: any measure the sentence states).
    measure: list[str] | None = None
    #: A range's two ends ("aged 55 to 80": [55, 80]), or None.
    ends: list[Decimal] | None = None


def load_truth(path: Path) -> tuple[dict[str, Any], list[Figure]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    figures = []
    for item in data["figures"]:
        q = quantity(item["value"], item.get("unit"), item.get("scale"), item.get("currency"))
        qual = item.get("qualifier", "exact")
        value = q.value if q.value is not None else Decimal(0)
        alt = [Decimal(str(a)) for a in item.get("alt", [])]
        figures.append(
            Figure(
                text=item["text"],
                value=value,
                quantity=q,
                qualifiers=qual if isinstance(qual, list) else [qual],
                period=item.get("period") or item.get("date"),
                source=norm_url(item["source"]) if item.get("source") else None,
                alt=alt,
                tolerance=Decimal(str(item.get("tolerance", "0"))),
                measure=[str(m).lower() for m in as_list(item.get("measure"))] or None,
                ends=[Decimal(str(v)) for v in item["value"]] if q.is_range else None,
            )
        )
    return data, figures


@dataclass
class Draft:
    id: str
    kind: str
    mentions: list[str]
    quantity: Quantity
    qualifier: str
    periods: list[str]
    urls: list[str]
    raw: dict[str, Any] = field(repr=False)

    @property
    def is_figure(self) -> bool:
        return self.kind == "figure" or self.quantity.value is not None


def as_list(raw: Any) -> list[Any]:
    if raw is None:
        return []
    return raw if isinstance(raw, list) else [raw]


def read_registry(path: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The registry's claims and its sources' URLs by id, tolerant of shape changes."""
    data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    claims = [c for c in as_list(data.get("claims")) if isinstance(c, dict)]
    sources = {}
    raw_sources = data.get("sources") or []
    if isinstance(raw_sources, dict):  # an id -> source mapping, should the format ever allow it
        raw_sources = [{"id": k, **(v or {})} for k, v in raw_sources.items()]
    for source in raw_sources:
        if isinstance(source, dict) and source.get("id"):
            sources[str(source["id"])] = norm_url(str(source.get("url") or ""))
    return claims, sources


def to_draft(claim: dict[str, Any], sources: dict[str, str]) -> Draft:
    mentions = []
    for mention in as_list(claim.get("mentions")):
        if isinstance(mention, dict):
            mention = mention.get("text") or mention.get("quote") or ""
        mentions.append(str(mention))
    if not mentions:
        mentions = [str(claim.get("text", ""))]
    urls = []
    for citation in as_list(claim.get("citations")):
        sid = citation.get("source") if isinstance(citation, dict) else citation
        if sid is not None and str(sid) in sources:
            urls.append(sources[str(sid)])
        elif isinstance(citation, dict) and citation.get("url"):
            urls.append(norm_url(str(citation["url"])))
    periods = [str(claim[k]) for k in ("period", "date", "as_of") if claim.get(k) is not None]
    return Draft(
        id=str(claim.get("id")),
        kind=str(claim.get("kind", "")),
        mentions=mentions,
        quantity=quantity(
            claim.get("value"), claim.get("unit"), claim.get("scale"), claim.get("currency")
        ),
        qualifier=str(claim.get("qualifier") or "exact"),
        periods=periods,
        urls=urls,
        raw=claim,
    )


# ---------------------------------------------------------------- comparing


def overlap(draft: Draft, fig: Figure) -> tuple[int, int]:
    """(score, position): 2 when the figure's text is in a mention (or a numbered mention is
    in it), 1 when they share a number and most of the figure's words; position = where."""
    text = norm(fig.text)
    nums = number_tokens(text)
    best = (0, 10**6)
    for raw in draft.mentions:
        mention = norm(raw)
        if not mention:
            continue
        at = mention.find(text)
        if at >= 0:
            best = max(best, (2, -at), key=lambda s: (s[0], s[1]))
            continue
        if mention in text and number_tokens(mention) & nums:
            best = max(best, (2, 0), key=lambda s: (s[0], s[1]))
            continue
        shared = number_tokens(mention) & nums
        words = set(re.findall(r"[a-z]+", text))
        if shared and (
            not words or len(words & set(re.findall(r"[a-z]+", mention))) * 2 >= len(words)
        ):
            best = max(best, (1, -mention.find(sorted(shared)[0])), key=lambda s: (s[0], s[1]))
    return best[0], -best[1] if best[0] else 10**6


def value_right(draft: Draft, fig: Figure) -> bool:
    got = draft.quantity.value
    if draft.quantity.is_range and fig.ends is not None:
        return [to_decimal(v) for v in draft.raw.get("value") or []] == fig.ends
    if got is None or draft.quantity.is_range:
        if fig.period and str(fig.value) in " ".join(draft.periods):  # "opened in 1904" as a date
            return int(fig.value) in years(" ".join(draft.periods))
        return False
    targets = [fig.value, *fig.alt]
    if fig.quantity.percent and not draft.quantity.percent:
        targets.append(fig.value / 100)  # "two in five" as 0.4
    for target in targets:
        limit = max(fig.tolerance, abs(target) * Decimal("1e-9"))
        if abs(got - target) <= limit:
            return True
    return False


def unit_right(draft: Draft, fig: Figure) -> bool:
    want, got = fig.quantity, draft.quantity
    if want.currency:
        return got.currency == want.currency
    if want.percent:
        return got.percent or (got.currency is None and not got.unit_words and bool(fig.alt))
    if got.currency or got.percent:
        return False
    if not want.unit_words:
        return True
    wanted = {stem(w) for w in want.unit_words}
    return bool(wanted & {stem(w) for w in got.unit_words})


def unit_wrong(draft: Draft, fig: Figure) -> bool:
    """A drafted unit that says something else than the truth's: another currency, a
    percentage for a count or the reverse, or a noun that is not the figure's (a scale alone,
    "million", is not wrong: the noun is left out, and the value checks the scale)."""
    want, got = fig.quantity, draft.quantity
    if want.currency or want.percent or got.currency or got.percent:
        return not unit_right(draft, fig)
    return bool(got.unit_words and want.unit_words) and not unit_right(draft, fig)


def period_right(draft: Draft, fig: Figure) -> bool:
    want = years(fig.period)
    got = years(" ".join(draft.periods))
    return bool(want and got and max(want) == max(got) and got <= want | {min(want) - 1})


#: Words a drafted unit may hold beyond the sentence's own: currencies, scales, the words of
#: `percent change` and `percent of ...`, and the names of units written as symbols (cm).
UNIT_WORDS = {"percent", "change", "of", "gbp", "usd", "eur", "thousand", "million", "billion"}
UNIT_WORDS |= {"trillion", "percentage", "points", "centimetres", "millimetres", "metres"}
UNIT_WORDS |= {"kilometres", "litres", "millilitres", "kilograms", "grams", "tonnes"}
#: A rate's "per" is the unit's spelling of "a year", "a day", "each": not a word to be stated.
UNIT_WORDS |= {"per"}
#: Words no measure opens or closes with: it would be a cut phrase ("in a trial of", "and").
FUNCTION_WORDS = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but"}
FUNCTION_WORDS |= {"by", "with", "from", "as", "is", "was", "were", "are", "than", "since"}
MONTHS = "january february march april may june july august september october november december"


def unstated(claim: dict[str, Any]) -> list[str]:
    """What a drafted figure carries that its own sentence (its `text`) does not state: a
    value not in its mention, a unit word, a measure that is not the sentence's words whole
    (cut from a number, opening or closing with a function word), a period's year or a
    date's month or day. [] when all of it is stated."""
    text = str(claim.get("text") or "")
    plain = norm(text)
    words = set(re.findall(r"[a-z0-9]+", plain))
    out = []
    mention = " ".join(str(m) for m in as_list(claim.get("mentions")))
    stated = {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", mention)}
    from claimcheck.quantity import find_quantities  # numbers in words: "nine libraries"
    from claimcheck.units import page_unit

    for q in find_quantities(mention):
        stated |= {q.low, q.high}
    out += [
        f"value {value} not in its mention {mention!r}"
        for value in as_list(claim.get("value"))
        if to_decimal(value) not in stated
    ]
    out += [
        f"unit word {word!r} not in the sentence"
        for word in re.findall(r"[a-z0-9]+", str(claim.get("unit") or "").lower())
        if word not in words and word not in UNIT_WORDS and page_unit(word) is None
    ]
    measure = str(claim.get("measure") or "").removeprefix("change in ")
    if measure:
        ends = measure.lower().split()
        whole = re.search(rf"(?<![\w.,\-]){re.escape(norm(measure))}(?![\w\-])", plain)
        opens = ends[0] in FUNCTION_WORDS - {"a", "an", "the"}  # "the budget" is a phrase
        if whole is None or opens or ends[-1] in FUNCTION_WORDS:
            out.append(f"measure {measure!r} is not a phrase of the sentence")
    for key in ("period", "date"):
        when = str(claim.get(key) or "")
        out += [
            f"{key} {when}: {year} not in the sentence"
            for year in re.findall(r"(?:19|20)\d\d", when)
            if year not in plain and not re.search(rf"{year[:2]}\d\d[/-]{year[2:]}\b", plain)
        ]
        parts = re.fullmatch(r"\d{4}-(\d\d)(?:-(\d\d))?", when)
        if parts and MONTHS.split()[int(parts.group(1)) - 1] not in words:
            out.append(f"{key} {when}: its month not in the sentence")
        if parts and parts.group(2) and str(int(parts.group(2))) not in words:
            out.append(f"{key} {when}: its day not in the sentence")
    return out


def measure_right(draft: Draft, fig: Figure) -> bool:
    measure = str(draft.raw.get("measure") or "").lower()
    return not measure or fig.measure is None or any(m in measure for m in fig.measure)


# ---------------------------------------------------------------- running


@dataclass
class Run:
    mode: str
    commands: list[tuple[str, int, str]] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    statements: int = 0
    new_urls: set[str] = field(default_factory=set)
    report: dict[str, Any] | None = None
    example_left: bool = False


def cli(project: Path, cwd: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "CLAIMCHECK_TODAY": TODAY, "NO_COLOR": "1"}
    cmd = ["uv", "run", "--frozen", "--quiet", "--project", str(project), "claimcheck", *args]
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def has_init_from(project: Path) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        _, out, err = cli(project, Path(tmp), "init", "--help")
    return "--from" in out + err


def run_page(project: Path, page: Path, mode: str, keep: Path | None) -> Run:
    run = Run(mode)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(page, work / page.name)
        before_ids: set[str] = set()
        before_urls: set[str] = set()
        steps: list[tuple[str, ...]]
        if mode == "init+extract":
            rc, out, err = cli(project, work, "init", "--today", TODAY)
            run.commands.append(("init", rc, err.strip()[-300:]))
            if (work / "claims.yaml").exists():
                claims, sources = read_registry(work / "claims.yaml")
                before_ids = {str(c.get("id")) for c in claims}
                before_urls = set(sources.values())
            steps = [("extract", page.name, "--append")]
        else:
            steps = [("init", "--from", page.name, "--today", TODAY)]
        for step in steps:
            rc, out, err = cli(project, work, *step)
            run.commands.append((" ".join(step[:2]), rc, err.strip()[-300:]))
        registry = work / "claims.yaml"
        if registry.exists():
            try:
                claims, sources = read_registry(registry)
            except yaml.YAMLError as exc:
                run.commands.append(("read registry", 1, str(exc)[:300]))
                claims, sources = [], {}
            for claim in claims:
                if str(claim.get("id")) in before_ids:
                    continue
                draft = to_draft(claim, sources)
                if draft.is_figure:
                    run.drafts.append(draft)
                else:
                    run.statements += 1
            run.new_urls = set(sources.values()) - before_urls
            run.example_left = any(
                str(c.get("id")) == "example_figure" for c in claims
            ) or "https://example.org/report" in set(sources.values())
            rc, out, err = cli(project, work, "verify", "--offline", "-f", "json")
            run.commands.append(("verify", rc, err.strip()[-300:]))
            try:
                run.report = json.loads(out)
            except json.JSONDecodeError:
                run.report = None
        if keep:
            target = keep / f"{page.name}.{mode.replace('+', '_').replace(' ', '_')}.yaml"
            keep.mkdir(parents=True, exist_ok=True)
            if registry.exists():
                shutil.copy(registry, target)
    return run


def score(run: Run, truth: dict[str, Any], figures: list[Figure]) -> dict[str, Any]:
    pairs = []
    for d, draft in enumerate(run.drafts):
        for f, fig in enumerate(figures):
            s, pos = overlap(draft, fig)
            if s:
                pairs.append(((value_right(draft, fig), s, -pos), d, f))
    pairs.sort(key=lambda p: p[0], reverse=True)
    match: dict[int, int] = {}
    used: set[int] = set()
    for _, d, f in pairs:
        if d not in match and f not in used:
            match[d] = f
            used.add(f)
    covered = {f for _, _, f in pairs}
    not_figures = [norm(n["text"]) for n in truth.get("not_figures") or []]
    extra, boilerplate = [], []
    for d, draft in enumerate(run.drafts):
        if d in match:
            continue
        joined = norm(" ".join(draft.mentions))
        if any(n and n in joined for n in not_figures):
            boilerplate.append(draft.id)
            if os.environ.get("DRAFTING_WHY"):
                print(f"  boilerplate {draft.id}: {draft.mentions}")
        extra.append(draft.id)
    values = units = quals = periods = period_wanted = periods_wrong = 0
    linked = wrong_links = 0
    to_fix: set[str] = set()
    sourced = [f for f in figures if f.source]
    wrong: list[str] = []
    for d, f in match.items():
        draft, fig = run.drafts[d], figures[f]
        v, u = value_right(draft, fig), unit_right(draft, fig)
        values += v
        units += u
        quals += draft.qualifier in fig.qualifiers
        if fig.period:
            period_wanted += 1
            periods += period_right(draft, fig)
        if draft.periods and not (fig.period and period_right(draft, fig)):
            periods_wrong += 1  # a period the figure does not have: worse than none
            if os.environ.get("DRAFTING_WHY"):
                print(f"  period? {fig.text!r}: drafted {draft.periods}, truth {fig.period!r}")
        elif fig.period and not draft.periods and os.environ.get("DRAFTING_WHY"):
            print(f"  period- {fig.text!r}: drafted none, truth {fig.period!r}")
        if fig.source and fig.source in draft.urls:
            linked += 1
        wrong_links += sum(1 for url in draft.urls if url != fig.source)
        if not (v and u) or (fig.source and fig.source not in draft.urls):
            to_fix.add(draft.id)
        if not v:
            unit = draft.raw.get("unit") or ""
            wrong.append(f"{fig.text!r} drafted as {draft.raw.get('value')!r} {unit}".rstrip())
    findings = (run.report or {}).get("findings") or []
    errors = [x for x in findings if x.get("severity") == "error"]
    # A draft is wrong when it is no figure of the page, or carries something the page does
    # not state of it: a value, a unit, a measure or a time not its own, or an error verify
    # finds. A field left out is not wrong (it is the review still to do).
    faults: dict[str, list[str]] = {}
    erring = {str(x.get("claim")) for x in errors if x.get("claim")}
    for d, draft in enumerate(run.drafts):
        why = unstated(draft.raw)
        if d not in match:
            why.append("no figure of the page")
        else:
            fig = figures[match[d]]
            if not value_right(draft, fig):
                why.append(f"value {draft.raw.get('value')!r}, not {fig.text!r}")
            if draft.raw.get("unit") and unit_wrong(draft, fig):
                why.append(f"unit {draft.raw.get('unit')!r}")
            if draft.periods and not (fig.period and period_right(draft, fig)):
                why.append(f"time {draft.periods} not {fig.period!r}")
            if not measure_right(draft, fig):
                why.append(f"measure {draft.raw.get('measure')!r}")
        if draft.id in erring:
            why.append("an error in verify")
        if why:
            faults[draft.id] = why
    codes = Counter(str(x.get("code")) for x in errors)
    distinct = {(x.get("code"), x.get("claim"), x.get("source"), x.get("message")) for x in errors}
    warn_codes = Counter(str(x.get("code")) for x in findings if x.get("severity") == "warning")
    for x in errors:
        if x.get("claim"):
            to_fix.add(str(x["claim"]))
    registry_errors = sum(1 for x in distinct if not x[1])
    truth_sources = {norm_url(u) for u in truth.get("sources") or []}
    missing_figures = len(figures) - len(match)
    missing_sources = len(truth_sources - run.new_urls)
    setup = len(run.commands) - (1 if run.commands and run.commands[-1][0] == "verify" else 0)
    commands = setup + missing_figures + missing_sources + 1
    edits = len(to_fix) + len(extra) + registry_errors + (1 if run.example_left else 0)
    return {
        "mode": run.mode,
        "exit_codes": {name: rc for name, rc, _ in run.commands},
        "command_errors": {name: err for name, rc, err in run.commands if rc not in (0, 1) and err},
        "figures": len(figures),
        "found": len(match),
        "covered": len(covered),
        "figure_drafts": len(run.drafts),
        "statement_drafts": run.statements,
        "not_truth": len(extra),
        "boilerplate": len(boilerplate),
        "values_right": values,
        "units_right": units,
        "qualifiers_right": quals,
        "periods_wanted": period_wanted,
        "periods_right": periods,
        "periods_wrong": periods_wrong,
        "sourced_figures": len(sourced),
        "sources_linked": linked,
        "wrong_links": wrong_links,
        "page_sources": len(truth_sources),
        "sources_drafted": len(truth_sources & run.new_urls),
        "extra_sources": len(run.new_urls - truth_sources),
        "verify_ok": run.report is not None,
        "errors": len(errors),
        "distinct_errors": len(distinct),
        "error_codes": dict(codes),
        "warning_codes": dict(warn_codes),
        "path_commands": commands,
        "path_edits": edits,
        "wrong_values": wrong,
        "wrong_drafts": len(faults),
        "faults": faults,
        "missed": [figures[f].text for f in range(len(figures)) if f not in used],
    }


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else f"{a}/0"


def show(name: str, r: dict[str, Any], verbose: bool) -> None:
    print(f"{name} [{r['mode']}]  exit codes {r['exit_codes']}")
    for cmd, err in r["command_errors"].items():
        print(f"  ! {cmd}: {err}")
    good = r["figure_drafts"] - r["not_truth"]
    codes = ", ".join(f"{k} x{v}" for k, v in sorted(r["error_codes"].items())) or "-"
    warns = ", ".join(f"{k} x{v}" for k, v in sorted(r["warning_codes"].items())) or "-"
    rows = [
        ("figures found", f"{pct(r['found'], r['figures'])} (inside a mention: {r['covered']})"),
        (
            "precision",
            f"{pct(good, r['figure_drafts'])} figure drafts are truth figures; "
            f"{r['not_truth']} not ({r['boilerplate']} boilerplate); "
            f"{r['statement_drafts']} statement drafts",
        ),
        (
            "values right",
            f"{pct(r['values_right'], r['found'])} of found "
            f"({pct(r['values_right'], r['figures'])} of all)",
        ),
        ("units right", f"{pct(r['units_right'], r['found'])} of found"),
        ("qualifiers right", f"{pct(r['qualifiers_right'], r['found'])} of found"),
        (
            "periods right",
            f"{pct(r['periods_right'], r['periods_wanted'])} of found with a period; "
            f"{r['periods_wrong']} drafted wrong",
        ),
        (
            "sources linked",
            f"{pct(r['sources_linked'], r['sourced_figures'])} of figures with a source; "
            f"{r['wrong_links']} wrong links",
        ),
        (
            "page sources",
            f"{pct(r['sources_drafted'], r['page_sources'])} drafted; "
            f"{r['extra_sources']} other sources drafted",
        ),
        (
            "verify errors",
            f"{r['errors']} ({r['distinct_errors']} distinct): {codes}"
            f"{'' if r['verify_ok'] else ' (no JSON report)'}; warnings: {warns}",
        ),
        (
            "wrong drafts",
            f"{r['wrong_drafts']} of {r['figure_drafts']} (a value, unit, measure or time the"
            " page does not state of the figure, no figure of the page, or a verify error)",
        ),
        (
            "person's path",
            f"{r['path_commands']} commands + {r['path_edits']} edits to no error",
        ),
    ]
    for label, text in rows:
        print(f"  {label:<18}  {text}")
    if verbose:
        for line in r["wrong_values"]:
            print(f"    value wrong: {line}")
        for text in r["missed"]:
            print(f"    missed: {text!r}")
        for ident, why in r.get("faults", {}).items():
            print(f"    wrong: {ident}: {'; '.join(why)}")


SUMMED = [
    "figures", "found", "covered", "figure_drafts", "statement_drafts", "not_truth", "boilerplate",
    "values_right", "units_right", "qualifiers_right", "periods_wanted", "periods_right",
    "periods_wrong",
    "sourced_figures", "sources_linked", "wrong_links", "page_sources", "sources_drafted",
    "extra_sources", "errors", "distinct_errors", "path_commands", "path_edits", "wrong_drafts",
]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--project", type=Path, default=ROOT, help="the claimcheck checkout to run")
    parser.add_argument("--pages", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, help="copy the drafted registries here")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list wrong values and missed figures"
    )
    args = parser.parse_args()
    modes = ["init+extract"] + (["init --from"] if has_init_from(args.project) else [])
    results: dict[str, list[dict[str, Any]]] = {}
    for truth_file in sorted(args.pages.glob("*.truth.yaml")):
        truth, figures = load_truth(truth_file)
        page = args.pages / truth["page"]
        raw = norm(page.read_text(encoding="utf-8"))
        for fig in figures:
            if norm(fig.text) not in raw:
                print(
                    f"warning: {page.name}: truth text {fig.text!r} is not on the page",
                    file=sys.stderr,
                )
        for mode in modes:
            r = score(run_page(args.project, page, mode, args.keep), truth, figures)
            r["genre"] = truth.get("genre", "")
            results.setdefault(page.name, []).append(r)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, runs in results.items():
        for r in runs:
            show(name, r, args.verbose)
        print()
    for mode in modes:
        total: dict[str, Any] = dict.fromkeys(SUMMED, 0)
        codes: Counter[str] = Counter()
        warns: Counter[str] = Counter()
        for runs in results.values():
            for r in runs:
                if r["mode"] == mode:
                    for k in SUMMED:
                        total[k] += r[k]
                    codes.update(r["error_codes"])
                    warns.update(r["warning_codes"])
        total.update(mode=mode, exit_codes={}, command_errors={}, error_codes=dict(codes))
        total.update(warning_codes=dict(warns), verify_ok=True, wrong_values=[], missed=[])
        total.update(faults={})
        show("OVERALL", total, False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
