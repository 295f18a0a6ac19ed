"""`add` never writes an entry `verify --offline` reports as an error (review 18, items 5, 8).

Planted: a range written high to low (C009), a share over 100% (C013), a mention stating
another figure (C001), a value in another unit than `--unit` (R002, located at the flag,
not at a line of the file the user never wrote; an empty `--mention` was so, and is now
refused as blank: tests/test_add_flags.py): each refused, exit 2, in one line naming the
flag and what was typed there, the file unchanged. Clean twins: the same claims with a
right range, share and mention are added and verify with no error. Subjects: hospital
waiting lists, a football club.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()

WAITS = """\
version: 1
# the waiting-lists page
page:
  title: Hospital waiting lists
  as_of: 2025-05-12
sources:
  - id: nhs_rtt
    title: Referral to treatment waiting times
    url: https://www.england.nhs.uk/statistics/rtt-waiting-times/
claims: []
"""

ROVERS = """\
version: 1
page: {title: Rovers' season}
sources:
  - id: league
    title: League tables
    url: https://example.org/league
claims: []
"""


def _add(registry: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["add", "claim", *args, "-r", str(registry)])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("text", "args", "says"),
    [
        (
            WAITS,
            ["--text", "Between 5 and 3 million waited.", "--value", "[5, 3]"],
            "--value '[5, 3]': verify would report the new claim: range [5, 3] has its low "
            "end above its high end [C009 range-reversed]",
        ),
        (
            ROVERS,
            ["--text", "8,412 fans a game.", "--value", "8412", "--unit", "percent"],
            "--value '8412': verify would report the new claim: 8,412 percent is not between "
            "0 and 100 [C013 percent-out-of-range]",
        ),
        (
            WAITS,
            ["--text", "58.9% waited under 18 weeks.", "--value", "158.9", "--unit", "%"],
            "[C013 percent-out-of-range]",
        ),
        (
            ROVERS,
            [
                "--text",
                "The Rovers drew 8,412 fans a game.",
                "--value",
                "8412",
                "--mention",
                "drew 8,412 fans",
                "--mention",
                "drew 9,000 fans",
            ],
            "--mention 'drew 9,000 fans': verify would report the new claim: mention 2 says "
            "'9,000'",
        ),
        (
            WAITS,
            ["--text", "£48.3m for beds.", "--value", "£48.3m", "--unit", "beds"],
            "--value '£48.3m': the new claim would not be valid: value '£48.3m' is money",
        ),
    ],
    ids=["C009 waits", "C013 rovers", "C013 waits", "C001 rovers", "R002 value"],
)
def test_add_refuses_a_claim_verify_would_report(
    tmp_path: Path, text: str, args: list[str], says: str
) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    code, stderr = _add(registry, "--id", "new_claim", "--kind", "figure", *args)
    assert code == 2
    (line,) = stderr.strip().splitlines()
    assert line.startswith("claimcheck: error: ") and says in line, line
    assert "nothing was written" in line
    assert "claims.yaml:" not in line  # no place in text the user never wrote
    assert registry.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("text", "args"),
    [
        (WAITS, ["--text", "Between 3 and 5 million waited.", "--value", "[3, 5]"]),
        (ROVERS, ["--text", "84.1% of seats were filled.", "--value", "84.1", "--unit", "%"]),
        (WAITS, ["--text", "58.9% waited under 18 weeks.", "--value", "58.9", "--unit", "%"]),
        (
            ROVERS,
            [
                "--text",
                "The Rovers drew 8,412 fans a game.",
                "--value",
                "8412",
                "--mention",
                "drew 8,412 fans",
                "--cite",
                "league",
            ],
        ),
        (
            WAITS,
            [
                "--text",
                "7.42 million waited.",
                "--value",
                "7.42",
                "--unit",
                "million",
                "--mention",
                "7.42 million",
                "--cite",
                "nhs_rtt",
            ],
        ),
    ],
    ids=["range waits", "share rovers", "share waits", "mention rovers", "mention waits"],
)
def test_add_writes_the_clean_twin(tmp_path: Path, text: str, args: list[str]) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    code, stderr = _add(registry, "--id", "new_claim", "--kind", "figure", *args)
    assert code == 0, stderr
    assert [c.id for c in load_registry(registry).registry.claims] == ["new_claim"]
    verified = runner.invoke(
        app, ["verify", str(registry), "--offline", "-f", "concise", "--fail-on", "error"]
    )
    assert verified.exit_code == 0, verified.stdout


def test_a_rule_the_config_ignores_is_not_refused(tmp_path: Path) -> None:
    """`verify` would not report it: `add` does not refuse it either."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(ROVERS, encoding="utf-8")
    config = tmp_path / "claimcheck.toml"
    config.write_text('ignore = ["C013"]\n', encoding="utf-8")
    result = runner.invoke(
        app,
        ["add", "claim", "--id", "share", "--kind", "figure", "--text", "All 140% of seats.",
         "--value", "140", "--unit", "%", "-r", str(registry), "--config", str(config)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
