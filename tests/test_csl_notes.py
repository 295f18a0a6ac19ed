"""A source's notes are exported as a CSL-JSON `note` no processor reads a field in
(follow-up J3).

citeproc-js, Zotero and pandoc's citeproc read `name: value` lines of an item's `note` (and
the older `{:name:value}`) as the item's fields ("cheater syntax"): a registry note
"Status: provisional" printed as the item's status, "type: book" made a dataset a book, a note
that starts with a URL vanished into a field `https`. Each such line is now written in
parentheses, and `{:` as `{ :`, and the export says so on standard error.

The three readers below follow their code (citeproc-js 1.4.61 `CSL.parseNoteFieldHacks` and
its NOTE_FIELD(S)_REGEXP; Zotero's `Zotero.Utilities.Internal.extractExtraFields`; jgm/citeproc
`Citeproc.Types.parseNote`), each taking any name as a field (Zotero keeps only the names it
knows: taking all is the stricter test). With CLAIMCHECK_TEST_CITEPROC naming citeproc-js's
`citeproc_commonjs.js` (npm `citeproc`) and `node` installed, the real one is run too. Nothing
sets that variable (not `.ci/run`, not CI): that test runs only by hand, and is skipped
otherwise. By hand, where npm can reach its registry:

    npm install --prefix /tmp/citeproc citeproc
    export CLAIMCHECK_TEST_CITEPROC=/tmp/citeproc/node_modules/citeproc/citeproc_commonjs.js
    uv run --frozen pytest -q tests/test_csl_notes.py

(last run so 2026-12-02 with citeproc 2.4.63: it passed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.exports import csl_export
from claimcheck.loader import load_registry

runner = CliRunner()

# citeproc-js: NOTE_FIELDS_REGEXP, NOTE_FIELD_REGEXP.
_JS_BRACED = re.compile(r"\{:(?:[\-_a-z]+|[A-Z]+):[^\}]+\}")
_JS_LINE = re.compile(r"^([\-_a-z]+|[A-Z]+):\s*([^\}]+)$")


def citeproc_js(note: str) -> list[str]:
    """The fields citeproc-js's parseNoteFieldHacks takes from `note`."""
    lines = note.split("\n")
    for i, line in enumerate(lines):
        braced = _JS_BRACED.findall(line)
        if not braced:
            continue
        between = _JS_BRACED.split(line)
        elems: list[str] = []
        for j, field in enumerate(braced):
            elems += [between[j], field]
        elems.append(between[-1])
        for j in range(1, len(elems), 2):
            before = elems[j - 1]
            if before.strip() and (i > 0 or j > 1) and not _JS_LINE.match(before):
                break
            elems[j] = "\n" + elems[j][2:-1].strip() + "\n"
        lines[i] = "".join(elems)
    fields = []
    for i, line in enumerate("\n".join(lines).split("\n")):
        found = _JS_LINE.match(line)
        if not line.strip():
            continue
        if not found:
            if i == 0:
                continue
            break
        fields.append(found[1])
    return fields


def zotero(note: str) -> list[str]:
    """The `Name: value` lines Zotero's Extra field reader takes (in any case): those whose
    name could be a field it knows, all of which are named in letters, spaces, `-` and `_`
    (its pattern takes in digits and punctuation too, `At 10:30`, and leaves such a line)."""
    fields = []
    for line in note.strip().split("\n"):
        found = re.match(r"^([a-z][a-z -_]+):(.+)", line, re.I) or re.match(
            r"^{:([a-z -_]+):(.+)}", line, re.I
        )
        if found and found[2].strip() and re.fullmatch(r"[a-z][a-z _-]*", found[1], re.I):
            fields.append(found[1].strip().lower())
    return fields


def pandoc(note: str) -> list[str]:
    """The fields pandoc's citeproc takes from the start of `note`."""
    fields: list[str] = []
    name = r"(?:[^\W\d_]|-)+"
    at = 0
    while True:
        found = re.compile(r"\{:(" + name + r"):[^}]*\}").match(note, at) or re.compile(
            r"(" + name + r"):[^\n]*(?:\n|\Z)"
        ).match(note, at)
        if found is None or found.end() == at:
            return fields
        fields.append(found[1].lower())
        at = found.end()


def read_as_fields(note: str) -> dict[str, list[str]]:
    return {
        name: found
        for name, reader in (("citeproc-js", citeproc_js), ("zotero", zotero), ("pandoc", pandoc))
        if (found := reader(note))
    }


#: Each subject's notes, as a registry has them: (planted: a line read as a field, twins:
#: notes with no field in them, exported as typed).
SUBJECTS = {
    "ferries": (
        [
            "Status: provisional\nRevised figures due in June.",
            "Revised figures due in June.\r\nstatus: provisional\r\n",
            "type: book",
            "See the table {:status:provisional} for the winter timetable.",
            "https://example.org/ferries/2024/timetable",
        ],
        [
            "Revised figures due in June.",
            "Figures revised in June; see table 3 (page 4).",
            "Provisional figures, 2024 - the winter timetable (from 1 November) is not in them",
        ],
    ),
    "orchards": (
        [
            "Figures are provisional.\ntype: book\n{:issued:2019}",
            "  issued: 2019\n  author: Smith||Jane",
            "État: provisoire",
            "original-date: 1901\nFirst survey of the county's orchards.",
            "{:type:book}{:issued:2020}",
        ],
        [
            "First survey of the county's orchards, 1901.",
            "Counts of trees at 10:30 on survey days (a sample of 40 orchards).",
        ],
    ),
}


def registry(subject: str, notes: list[str]) -> str:
    sources = "".join(
        f"""\
  - id: {subject}_{i}
    title: "{subject.title()} survey {i}"
    kind: dataset
    url: https://example.org/{subject}/{i}
    notes: {json.dumps(note)}
"""
        for i, note in enumerate(notes)
    )
    cited = ", ".join(f"{{source: {subject}_{i}}}" for i in range(len(notes)))
    return f"""\
version: 1
sources:
{sources}claims:
  - id: {subject}_claim
    text: "{subject.title()} were counted."
    kind: fact
    citations: [{cited}]
"""


def export(tmp_path: Path, subject: str, notes: list[str]) -> tuple[list[str], list[str]]:
    path = tmp_path / "claims.yaml"
    path.write_text(registry(subject, notes), encoding="utf-8")
    exported = csl_export(load_registry(path).registry, {}, None)
    return [str(item["note"]) for item in exported.items], list(exported.notes)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_no_processor_reads_a_field_in_an_exported_note(tmp_path: Path, subject: str) -> None:
    planted, _ = SUBJECTS[subject]
    for note in planted:  # the planted notes are read as fields, as typed
        assert read_as_fields(note), note
    written, said = export(tmp_path, subject, planted)
    for note, typed in zip(written, planted, strict=True):
        assert read_as_fields(note) == {}, (typed, note)
        # Every word is kept: a reader of the bibliography sees what the registry says.
        assert re.findall(r"\w+", note) == re.findall(r"\w+", typed)
    assert len(said) == len(planted)  # each source's changed note is said on stderr
    assert all("is written '(" in s or "{ :" in s for s in said), said


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_note_with_no_field_in_it_is_exported_as_typed(tmp_path: Path, subject: str) -> None:
    _, twins = SUBJECTS[subject]
    written, said = export(tmp_path, subject, twins)
    assert written == twins and said == []
    for note in twins:
        assert read_as_fields(note) == {}


def test_the_command_says_which_line_it_wrote_in_parentheses(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(registry("ferries", SUBJECTS["ferries"][0][:1]), encoding="utf-8")
    result = runner.invoke(app, ["export", str(path), "-f", "csl-json", "--today", "2025-06-10"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert items[0]["note"] == "(Status: provisional)\nRevised figures due in June."
    assert "ferries_0: `notes` line 'Status: provisional' is written '(Status: provisional)'" in (
        result.stderr
    )


def _real_citeproc() -> str | None:
    library = os.environ.get("CLAIMCHECK_TEST_CITEPROC")
    if not library or not Path(library).is_file() or shutil.which("node") is None:
        return None
    return library


# Run by hand only (see the module's docstring): nothing in CI sets CLAIMCHECK_TEST_CITEPROC.
@pytest.mark.skipif(
    _real_citeproc() is None,
    reason="citeproc-js (npm citeproc) is run by hand: set CLAIMCHECK_TEST_CITEPROC",
)
def test_citeproc_js_itself_reads_no_field_in_an_exported_note(tmp_path: Path) -> None:
    # The fields citeproc-js set on each item: any key but `id` and `note`, and `type` when
    # the note changed it.
    script = """
const CSL = require(process.argv[1]);
const notes = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(notes.map((note) => {
  const item = {id: "x", type: "dataset", note};
  CSL.parseNoteFieldHacks(item, false, false);
  return Object.keys(item).filter(
    (k) => k !== "id" && k !== "note" && (k !== "type" || item.type !== "dataset"));
})));
"""
    typed = [note for planted, twins in SUBJECTS.values() for note in planted + twins]
    written = []
    for subject, (planted, twins) in SUBJECTS.items():
        written += export(tmp_path, subject, planted + twins)[0]

    def fields(notes: list[str]) -> list[list[str]]:
        run = subprocess.run(
            ["node", "-e", script, str(_real_citeproc())],
            input=json.dumps(notes),
            capture_output=True,
            text=True,
            check=True,
        )
        found: list[list[str]] = json.loads(run.stdout)
        return found

    assert any(fields(typed))  # the planted notes are read, by citeproc-js itself
    assert not any(fields(written)), list(zip(written, fields(written), strict=True))
