"""Where a new entry goes after a list's last entry (`add`, `extract --append`, the
language server's 'register this figure'): after the comment lines indented into the last
entry (its own: a new entry put before them took them in, review 11 #9), before the
comments at the dashes' column or left of it, which lead into what follows."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

HEAD = "version: 1\npage: {title: A page}\n"


def _registry(dash: str, sources_tail: str, claims_tail: str) -> str:
    item = dash + "  "
    return (
        HEAD
        + f"sources:\n{dash}- id: s1\n{item}title: First source\n{sources_tail}"
        + f"claims:\n{dash}- id: c1\n{item}text: One claim.\n{item}kind: fact\n{claims_tail}"
        + "constraints: []\n"
    )


#: The last entry's own comments (indented into it), and the next key's (not).
OWN = ["{item}# about {id}\n", "{item}# about {id}\n\n{item}# more about {id}\n"]
NEXT = ["# the next part\n", "{dash}# at the dashes\n", "\n# after a blank line\n"]


@pytest.mark.parametrize("dash", ["  ", "    ", ""], ids=["2", "4", "0"])
@pytest.mark.parametrize("own", range(len(OWN)))
@pytest.mark.parametrize("following", range(len(NEXT)))
def test_a_new_entry_goes_after_the_last_entrys_own_comments(
    tmp_path: Path, dash: str, own: int, following: int
) -> None:
    item = dash + "  "

    def tail(ident: str) -> str:
        return OWN[own].format(item=item, id=ident) + NEXT[following].format(dash=dash)

    text = _registry(dash, tail("s1"), tail("c1"))
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    for args in (
        ["add", "claim", "--id", "c2", "--text", "T2", "--kind", "fact"],
        ["add", "source", "--id", "s2", "--title", "S2"],
    ):
        result = runner.invoke(app, [*args, "-r", str(path)])
        assert result.exit_code == 0, result.stderr
    written = path.read_text(encoding="utf-8")
    for ident, new in (("c1", "c2"), ("s1", "s2")):
        own_last = written.index(OWN[own].format(item=item, id=ident).rstrip("\n").split("\n")[-1])
        assert own_last < written.index(f"{dash}- id: {new}\n"), written
        # What leads into the next part stays after the new entry.
        following_text = NEXT[following].format(dash=dash).strip("\n")
        after_new = written.index(f"{dash}- id: {new}\n")
        assert following_text in written[after_new:].split("- id:")[1], written


@pytest.mark.parametrize("dash", ["  ", ""], ids=["2", "0"])
def test_the_twin_without_comments_appends_as_before(tmp_path: Path, dash: str) -> None:
    text = _registry(dash, "", "")
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["add", "claim", "--id", "c2", "--text", "T2", "--kind", "fact", "-r", str(path)]
    )
    assert result.exit_code == 0, result.stderr
    written = path.read_text(encoding="utf-8")
    assert written.index(f"{dash}- id: c2\n") == text.index("constraints: []")
