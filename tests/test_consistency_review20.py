"""A stranger's review (20) of the C rules and expressions: each defect planted beside a clean
twin, on subjects of their own (football, hospital waits, glaciers, a city budget)."""

from __future__ import annotations

from tests.helpers import check_text

HEAD = "version: 1\npage: {title: Review 20, as_of: 2025-06}\n"


def found(text: str, select: tuple[str, ...] = ("C",)) -> list[str]:
    """The findings of the registry `HEAD + text`, as "CODE claim" (or "CODE constraint")."""
    report = check_text(HEAD + text, select=list(select))
    return sorted(
        f"{f.code} {f.claim}" if f.claim else f"{f.code} {f.path[1]}" for f in report.findings
    )


def messages(text: str, select: tuple[str, ...] = ("C",)) -> list[str]:
    return [f.message for f in check_text(HEAD + text, select=list(select)).findings]


# --- 12. an expression written across lines (a YAML block scalar) ------------------------

GOALS = """claims:
  - {id: home, text: 40 home goals, kind: figure, value: 40, unit: goals}
  - {id: total, text: 76 goals, kind: figure, value: 76, unit: goals}
  - {id: avg, text: 2 goals a match, kind: figure, value: 2, derived: "total / 38"}
constraints:
  - id: part
    expr: |
      home <=
      total
"""
WAITS = """claims:
  - {id: seen, text: 5.1 million seen, kind: figure, value: 5.1, unit: million patients}
  - {id: waiting, text: 7.4 million waiting, kind: figure, value: 7.4, unit: million patients}
  - id: share
    text: 69% seen
    kind: figure
    value: 69
    unit: percent
    derived: |
      seen
        / waiting * 100
constraints:
  - id: fewer
    expr: |
      seen <= waiting
      and seen > 0
"""


def test_an_expression_across_lines_is_one_line() -> None:
    # Clean twins: the relations hold, read as one line each.
    assert found(GOALS) == []
    assert found(WAITS) == []
    # Planted: the same lines with a figure that breaks them.
    assert found(
        GOALS.replace(
            "40 home goals, kind: figure, value: 40", "80 home goals, kind: figure, value: 80"
        )
    ) == ["C003 0"]
    assert found(WAITS.replace("69% seen", "96% seen").replace("value: 69", "value: 96")) == [
        "C006 share"
    ]
    assert found(
        WAITS.replace(
            "5.1 million seen, kind: figure, value: 5.1",
            "8.1 million seen, kind: figure, value: 8.1",
        )
    ) == ["C003 0", "C006 share"]


def test_a_comment_in_an_expression_is_refused_not_obeyed() -> None:
    # On one line, `#` would hide every line after it: `home <= total` alone would be read.
    planted = GOALS.replace(
        "home <=\n      total\n", "home <= total # at most\n      and home < 0\n"
    )
    [message] = messages(planted)
    assert "`#` is not allowed" in message
    assert messages(GOALS.replace("home <=", "(home <=").replace("total\n", "total)\n")) == []
