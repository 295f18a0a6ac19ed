"""--changed-only reads what changed from git's objects, whatever the repository says of the
file (review 21, #1).

`.gitattributes` marking the registry `-diff` or `binary` made `git diff -U0` print "Binary
files ... differ" and no hunk: no line changed, "the registry has not changed against it",
exit 0, while the full run had a C001 error. A textconv driver or `diff.external` in the
repository's config (a hostile repository's) did the same. The registry at REF is now read as
bytes and diffed by git outside the repository with no config; `\\r\\n` line ends of an
`autocrlf` checkout are no change. Planted on two subjects (a football club, a glacier), each
with a clean twin: the same repository with no change, and a change that breaks nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.helpers import git

runner = CliRunner()

#: Each subject: the registry, the edit that breaks a mention (C001), a harmless edit.
SUBJECTS = {
    "football": (
        """\
version: 1
claims:
  - id: goals
    text: The club scored 64 goals in the 2024 season.
    kind: figure
    value: 64
    unit: goals
    mentions: ['64 goals']
  - id: points
    text: It finished with 71 points.
    kind: figure
    value: 71
    unit: points
    mentions: ['71 points']
""",
        ("    value: 64\n", "    value: 68\n"),
        ("It finished with 71 points.", "It ended the season on 71 points."),
    ),
    "glaciers": (
        """\
version: 1
claims:
  - id: retreat
    text: The glacier's front retreated 35 metres in 2024.
    kind: figure
    value: 35
    unit: metres
    mentions: ['35 metres']
  - id: area
    text: The glacier covered 12 square kilometres.
    kind: figure
    value: 12
    unit: km2
    mentions: ['12 square kilometres']
""",
        ("    value: 35\n", "    value: 53\n"),
        ("The glacier covered 12", "The ice covered 12"),
    ),
}

#: What the repository says of the registry: its `.gitattributes`, its own config.
HOSTILE = {
    "-diff": ("claims.yaml -diff\n", {}),
    "binary": ("claims.yaml binary\n", {}),
    # A textconv driver that turns any text into nothing: both sides the same.
    "textconv": ("claims.yaml diff=hide\n", {"diff.hide.textconv": "true"}),
    # An external diff that prints nothing.
    "diff.external": ("", {"diff.external": "true"}),
    # Every side converted; the checkout's line ends are `\r\n`.
    "autocrlf": ("", {"core.autocrlf": "true"}),
    "eol=crlf": ("claims.yaml text eol=crlf\n", {}),
}


def committed(tmp_path: Path, subject: str, hostile: str) -> Path:
    attributes, config = HOSTILE[hostile]
    git(tmp_path, "init", "-q")
    for key, value in config.items():
        git(tmp_path, "config", key, value)
    if attributes:
        (tmp_path / ".gitattributes").write_text(attributes, encoding="utf-8")
    registry = tmp_path / "claims.yaml"
    registry.write_text(SUBJECTS[subject][0], encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    if hostile == "autocrlf":  # as a checkout on Windows writes it
        registry.write_bytes(registry.read_bytes().replace(b"\n", b"\r\n"))
    return registry


def edit(registry: Path, old: str, new: str) -> None:
    data = registry.read_bytes()
    crlf = b"\r\n" in data
    text = data.decode("utf-8").replace("\r\n", "\n")
    assert old in text
    text = text.replace(old, new)
    registry.write_bytes(text.replace("\n", "\r\n").encode() if crlf else text.encode())


def changed_only(registry: Path, *extra: str) -> tuple[int, list[str], str]:
    result = runner.invoke(
        app,
        [
            "verify",
            str(registry),
            "--offline",
            "-f",
            "json",
            "--select",
            "C",
            *extra,
            "--changed-only",
            "HEAD",
        ],
    )
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    return result.exit_code, codes, result.stderr


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_change_git_would_not_show_is_found(tmp_path: Path, subject: str, hostile: str) -> None:
    registry = committed(tmp_path, subject, hostile)
    _, (old, new), _ = SUBJECTS[subject]
    edit(registry, old, new)
    full = runner.invoke(app, ["verify", str(registry), "--offline", "--select", "C"])
    assert full.exit_code == 1 and "C001" in full.stdout
    code, codes, said = changed_only(registry)
    assert "C001" in codes, (codes, said)
    assert code == 1
    assert "has not changed" not in said


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_the_clean_twins_stay_clean(tmp_path: Path, subject: str, hostile: str) -> None:
    """No change (`\\r\\n` line ends of an autocrlf checkout included) is said to be none, and
    a change that breaks nothing shows nothing."""
    registry = committed(tmp_path, subject, hostile)
    code, codes, said = changed_only(registry)
    assert (code, codes) == (0, [])
    assert "the registry has not changed against it" in said, said
    _, _, (old, new) = SUBJECTS[subject]
    edit(registry, old, new)
    code, codes, said = changed_only(registry)
    assert (code, codes) == (0, []), said
    assert "checked whole" not in said and "the rules of 1 unchanged claim not run" in said


def test_the_user_s_own_git_config_does_not_change_the_diff(tmp_path: Path) -> None:
    """A global config's external diff, colour and prefixes are not the diff read."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        "[diff]\n\texternal = true\n\tnoprefix = true\n\tmnemonicPrefix = true\n"
        "[color]\n\tdiff = always\n\tui = always\n",
        encoding="utf-8",
    )
    repo = tmp_path / "repo"
    repo.mkdir()
    registry = committed(repo, "glaciers", "binary")
    _, (old, new), _ = SUBJECTS["glaciers"]
    edit(registry, old, new)
    result = runner.invoke(
        app,
        ["verify", str(registry), "--offline", "-f", "json", "--changed-only", "HEAD"],
        env={"HOME": str(home), "XDG_CONFIG_HOME": str(home)},
    )
    assert "C001" in {f["code"] for f in json.loads(result.stdout)["findings"]}, result.stderr
    assert result.exit_code == 1
