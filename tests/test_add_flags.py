"""`add` writes every flag given, or refuses (review 18, item 9).

Planted: flags of the other kind of entry (`add source --mention --cite --value --unit
--text`, written as a bare source; `add claim --title --url`, the URL dropped), blank
values (`--text "   "`, `--mention "   "`, written as such; `--unit ""`, `--url ""`,
`--kind ""`, dropped), and a source cited twice (`--cite x --cite x`): each refused, exit 2,
one line naming the flags, the file unchanged. Clean twins: the same entries with their own
flags only are added whole. Subjects: glaciers, a football club.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()

GLACIERS = """\
version: 1
page: {title: Glacier retreat}
sources:
  - id: glamos
    title: GLAMOS mass balance
    url: https://www.glamos.ch/en/
claims: []
"""


def _add(registry: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["add", *args, "-r", str(registry)])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["source", "--id", "wgms", "--title", "WGMS bulletin", "--mention", "lost 3.2 m",
             "--cite", "glamos", "--value", "3.2", "--unit", "m", "--text", "It lost 3.2 m."],
            "--text, --value, --unit, --mention, --cite: not for a source",
        ),
        (
            ["claim", "--id", "loss", "--text", "The glacier lost 3.2 m.", "--kind", "figure",
             "--title", "WGMS", "--url", "https://wgms.ch/"],
            "--title, --url: not for a claim",
        ),
        (["claim", "--id", "loss", "--text", "   ", "--kind", "fact"], "--text '   ': blank"),
        (
            ["claim", "--id", "gate", "--text", "8,412 fans.", "--kind", "figure",
             "--mention", "8,412 fans", "--mention", "   "],
            "--mention '   ': blank",
        ),
        (
            ["claim", "--id", "gate", "--text", "8,412 fans.", "--kind", "figure",
             "--value", "8412", "--unit", ""],
            "--unit '': empty",
        ),
        (["source", "--id", "league", "--title", "League", "--url", ""], "--url '': empty"),
        (["source", "--id", "league", "--title", "League", "--kind", ""], "--kind '': empty"),
        (
            ["claim", "--id", "loss", "--text", "The glacier lost 3.2 m.", "--kind", "fact",
             "--cite", "glamos", "--cite", "glamos"],
            "--cite 'glamos' given twice",
        ),
    ],
    ids=["source+claim flags", "claim+source flags", "blank text", "blank mention",
         "empty unit", "empty url", "empty kind", "cited twice"],
)  # fmt: skip
def test_add_refuses_a_flag_it_would_not_write_as_typed(
    tmp_path: Path, args: list[str], says: str
) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(GLACIERS, encoding="utf-8")
    code, stderr = _add(registry, *args)
    assert code == 2
    (line,) = stderr.strip().splitlines()
    assert line.startswith("claimcheck: error: ") and says in line, line
    assert "nothing was written" in line
    assert registry.read_text(encoding="utf-8") == GLACIERS


def test_the_clean_twins_are_added_whole(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(GLACIERS, encoding="utf-8")
    code, stderr = _add(
        registry, "source", "--id", "wgms", "--title", "WGMS bulletin", "--kind", "report",
        "--url", "https://wgms.ch/bulletin",
    )  # fmt: skip
    assert code == 0, stderr
    code, stderr = _add(
        registry, "claim", "--id", "loss", "--text", "The glacier lost 3.2 metres in 2024.",
        "--kind", "figure", "--value", "3.2", "--unit", "metres", "--mention",
        "lost 3.2 metres", "--mention", "3.2 metres in 2024", "--cite", "glamos", "--cite", "wgms",
    )  # fmt: skip
    assert code == 0, stderr
    registry_read = load_registry(registry).registry
    wgms = registry_read.sources[-1]
    assert (wgms.title, wgms.kind, wgms.url) == (
        "WGMS bulletin",
        "report",
        "https://wgms.ch/bulletin",
    )
    (loss,) = registry_read.claims
    assert loss.mentions == ("lost 3.2 metres", "3.2 metres in 2024") and loss.unit == "metres"
    assert [c.source for c in loss.citations] == ["glamos", "wgms"]
