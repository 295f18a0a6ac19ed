"""An `as_of` written but not read is not one never given (K2, review 15 m1).

A malformed `as_of` (`as_of: 02/03/2025`) is an R002, and the loader leaves the value out; the
T check could not tell it from an absent one, so a T004 beside the R002 said the claim "has
no `as_of`", which it has. The checks now know the paths of the values left out as
unreadable (`CheckContext.unreadable`, from the loader's R002s, in the registry's indices
where an invalid entry was dropped before it), and T004 says the date could not be read.
Planted on two subjects (a status, a dated phrase), and for the page's `as_of`; clean twins: a
claim with no `as_of` at all (T004 as before), one with a date read (no T004).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

#: Each subject: the registry with an `{as_of}` line to fill in, and the claim it is of.
SUBJECTS = {
    "pool status": (
        """\
version: 1
page: {{title: Leisure centre}}
claims:
  - id: pool
    text: The pool is closed for repairs.
    kind: status
{as_of}
""",
        "pool",
    ),
    # An invalid claim before it is left out whole: the registry's index of the claim with
    # the bad date is not the file's.
    "library phrase": (
        """\
version: 1
page: {{title: Libraries}}
claims:
  - id: broken
    text: A claim with a kind no one knows.
    kind: KIND
  - id: loans
    text: Library loans so far this year are 12,000.
    kind: fact
{as_of}
  - id: visits
    text: Visits so far this year are 40,000.
    kind: fact
""",
        "loans",
    ),
}


def _write(tmp_path: Path, subject: str, as_of: str | None) -> Path:
    text, _ = SUBJECTS[subject]
    line = f"    as_of: {as_of}" if as_of is not None else ""
    path = tmp_path / "claims.yaml"
    path.write_text(text.format(as_of=line), encoding="utf-8")
    return path


def _findings(registry: Path) -> list[dict[str, object]]:
    args = ["--offline", "--today", "2025-06-01", "--select", "T,R", "-f", "json"]
    result = runner.invoke(app, ["verify", str(registry), *args])
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return found


def _t004(found: list[dict[str, object]], claim: str) -> list[str]:
    return [str(f["message"]) for f in found if f["code"] == "T004" and f["claim"] == claim]


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("written", ["02/03/2025", "March 2025", "2025-13-01"])
def test_an_unreadable_as_of_is_said_to_be_unreadable(
    tmp_path: Path, subject: str, written: str
) -> None:
    claim = SUBJECTS[subject][1]
    found = _findings(_write(tmp_path, subject, written))
    assert any(f["code"] == "R002" and f["claim"] == claim for f in found), found
    (message,) = _t004(found, claim)
    assert "its `as_of` could not be read (R002)" in message and "has no" not in message
    if subject == "library phrase":  # the other claim, with none written, has none
        assert _t004(found, "visits") == ["claim says \u201cso far\u201d but has no `as_of`"]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_clean_twins(tmp_path: Path, subject: str) -> None:
    claim = SUBJECTS[subject][1]
    # No as_of written: it has none, as T004 said before.
    (message,) = _t004(_findings(_write(tmp_path, subject, None)), claim)
    assert message.endswith("but has no `as_of`") and "R002" not in message
    # A date read: no T004, no R002 on it.
    found = _findings(_write(tmp_path, subject, "2025-03-02"))
    assert _t004(found, claim) == []
    assert not any(f["code"] == "R002" and f["claim"] == claim for f in found)


@pytest.mark.parametrize("written", ["5 May 2025", "2025-05-32"])
def test_the_pages_unreadable_as_of_is_said_too(tmp_path: Path, written: str) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(
        f"version: 1\npage: {{title: Ferries, as_of: {written}}}\nclaims:\n  - id: ferry\n"
        "    text: The ferry service is suspended.\n    kind: status\n",
        encoding="utf-8",
    )
    (message,) = _t004(_findings(path), "ferry")
    assert message.endswith("but has no `as_of`, and the page's could not be read (R002)")
    # Its twin: the page's date read, the claim dated by it (no T004).
    path.write_text(path.read_text().replace(written, "2025-05-05"), encoding="utf-8")
    assert _t004(_findings(path), "ferry") == []


def test_the_unreadable_paths_are_the_registrys_and_in_the_cache_key(tmp_path: Path) -> None:
    from dataclasses import replace

    from claimcheck.check_cache import CheckCache
    from claimcheck.checks.base import CheckContext
    from claimcheck.loader import load_registry

    loaded = load_registry(_write(tmp_path, "library phrase", "02/03/2025"))
    # `loans` is the file's second claim and the registry's first (`broken` left out).
    assert [c.id for c in loaded.registry.claims] == ["loans", "visits"]
    assert loaded.unreadable() == frozenset({("claims", 0, "as_of")})
    cache = CheckCache(tmp_path / "cache", min_chars=0)
    ctx = CheckContext(today=date(2025, 6, 1), unreadable=loaded.unreadable())
    assert cache.key(loaded, ctx, ["staleness"]) != cache.key(
        loaded, replace(ctx, unreadable=frozenset()), ["staleness"]
    )
