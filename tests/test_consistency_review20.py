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


# --- 5. arithmetic exact to every digit a value has (not the global context's 28) ----------

DEBT = """claims:
  - {id: owed_2024, text: debt, kind: figure, value: 1234567890123456789012345678901, unit: pence}
  - {id: owed_2025, text: debt, kind: figure, value: 1234567890123456789012345678999, unit: pence}
constraints:
  - {id: rise, expr: owed_2025 - owed_2024 == 98}
"""
STARS = """claims:
  - {id: counted, text: stars, kind: figure, value: 400000000000000000000000000000001, unit: stars}
  - {id: named, text: named stars, kind: figure, value: 3, unit: stars}
  - {id: home, text: 80 home goals, kind: figure, value: 80, unit: goals}
constraints:
  - {id: more, expr: counted - named == 399999999999999999999999999999998}
  - {id: over, expr: home + 0.00000000000000000000000000001 > 80}
"""


def test_sums_and_differences_are_exact_to_every_digit() -> None:
    assert found(DEBT) == []  # was a false C003: both rounded to ...679000
    assert found(STARS) == []
    # Planted: a difference of 98 said to be none, or one off; a constant that is not 80.
    assert found(DEBT.replace("== 98", "== 0")) == ["C003 0"]  # passed: 0 == 0 once rounded
    assert found(STARS.replace("999998}", "999997}")) == ["C003 0"]
    assert found(
        STARS.replace(
            "+ 0.00000000000000000000000000001 > 80", "== 80.0000000000000000000000000000001"
        )
    ) == ["C003 1"]


def test_the_global_decimal_context_does_not_change_an_answer() -> None:
    import decimal

    with decimal.localcontext(decimal.Context(prec=5)):
        assert found(DEBT) == []
        assert found(DEBT.replace("== 98", "== 0")) == ["C003 0"]


def test_a_quotient_is_exact_or_bounded_outward_never_rounded_to_one_side() -> None:
    goals = """claims:
  - {id: goals, text: 76 goals, kind: figure, value: 76, unit: goals}
constraints:
  - {id: quarter, expr: goals / 4 == 19}
  - {id: thirds, expr: goals / 3 * 3 == goals}
"""
    # 76 / 4 is exactly 19; 76 / 3 * 3 is within a 10**-48 of 76 either way: undecided
    # (a note), not the false C003 that 28 digits rounded down gave.
    assert found(goals) == ["C004 1"]
    assert found(goals.replace("== 19", "== 19.0000000000000000000000000000001")) == [
        "C003 0",
        "C004 1",
    ]


def test_a_constant_beyond_a_registrys_numbers_is_refused() -> None:
    planted = STARS.replace("> 80}", "> 80}\n  - {id: huge, expr: home * 1e999999 > 0}")
    assert found(planted) == ["C005 2"]


# --- 3. "more than" and "less than" are strict bounds at the figure as written ------------

STADIUM = """claims:
  - {id: capacity, text: The stadium holds 60000., kind: figure, value: 60000, unit: seats}
  - {id: crowd, text: More than 60000 watched., kind: figure, value: 60000,
     qualifier: more_than, unit: seats}
constraints:
  - {id: full, expr: crowd > capacity, message: more came than the stadium holds}
"""
BUDGET = """claims:
  - {id: cap, text: The cap is £10m., kind: figure, value: 10, unit: GBP million}
  - {id: spend, text: The club spent less than £10m., kind: figure, value: 10,
     qualifier: less_than, unit: GBP million}
constraints:
  - {id: within, expr: spend <= 10}
"""


def test_a_strict_bound_excludes_its_own_figure() -> None:
    assert found(STADIUM) == []
    assert found(BUDGET) == []
    # Planted: the relations that the bounds break for every value they allow. "More than
    # 60000" <= 60000 was an undecided note (exit 0); "less than £10m" reached £10.5m.
    assert found(STADIUM.replace("crowd > capacity", "crowd <= capacity")) == ["C003 0"]
    assert found(BUDGET.replace("spend <= 10", "spend >= 10")) == ["C003 0"]
    assert found(BUDGET.replace("spend <= 10", "spend == 10")) == ["C003 0"]
    # An inclusive bound reaches its figure: undecided, as it should be.
    at_least = STADIUM.replace("more_than", "at_least").replace("More than", "At least")
    assert found(at_least.replace("crowd > capacity", "crowd <= capacity")) == ["C004 0"]
    at_most = BUDGET.replace("less_than", "at_most").replace("less than", "at most")
    assert found(at_most.replace("spend <= 10", "spend >= 10")) == ["C004 0"]


def test_a_strict_bound_is_shown_open() -> None:
    [message] = messages(STADIUM.replace("crowd > capacity", "crowd <= capacity"))
    assert "crowd = (60000, ∞) seats" in message
    [message] = messages(BUDGET.replace("spend <= 10", "spend >= 10"))
    assert "spend = (-∞, 10) GBP million" in message


# --- 1. measurements in different units are converted where they meet ---------------------

WAITS_UNITS = """claims:
  - {id: wait_months, text: The median wait is 18 months., kind: figure, value: 18, unit: months}
  - {id: target_years, text: The target is 2 years., kind: figure, value: 2, unit: years}
  - {id: wait_weeks, text: The shortest wait is 6 weeks., kind: figure, value: 6, unit: weeks}
  - id: wait_in_years
    text: The median wait is 1.5 years.
    kind: figure
    value: 1.5
    unit: years
    derived: wait_months
constraints:
  - {id: within, expr: wait_months < target_years}
  - {id: shortest, expr: wait_weeks <= wait_months}
  - {id: by_hand, expr: wait_months <= target_years * 12}
  - {id: by_hand_back, expr: wait_months / 12 <= target_years}
"""
GLACIER = """claims:
  - {id: front_m, text: The front retreated 500 metres., kind: figure, value: 500, unit: metres}
  - {id: length_km, text: The glacier is 3 km long., kind: figure, value: 3, unit: km}
  - {id: lost_kg, text: The core lost 900 kg., kind: figure, value: 900, unit: kg}
  - {id: mass_t, text: The sample weighed 2 tonnes., kind: figure, value: 2, unit: tonnes}
  - id: share
    text: The retreat is a sixth of its length.
    kind: figure
    value: 0.17
    derived: front_m / length_km
constraints:
  - {id: shorter, expr: front_m < length_km}
  - {id: lighter, expr: lost_kg < mass_t}
  - {id: total, expr: front_m + length_km == 3500}
"""


def test_measurements_in_different_units_are_converted() -> None:
    # Clean twins: 18 months is under 2 years, 500 m under 3 km, 900 kg under 2 t; the
    # ratio of 500 m to 3 km is 0.17, not 166.7; a sum is in the smaller unit.
    assert found(WAITS_UNITS) == []
    assert found(GLACIER) == []


def test_a_relation_broken_across_units_is_caught() -> None:
    # Planted: each relation the other way round; before, the bare numbers passed them
    # (18 > 2, 500 > 3, 900 > 2) and failed their true twins (false C003s).
    assert found(
        WAITS_UNITS.replace("wait_months < target_years", "wait_months > target_years")
    ) == ["C003 0"]
    assert found(GLACIER.replace("front_m < length_km", "front_m > length_km")) == ["C003 0"]
    assert found(GLACIER.replace("lost_kg < mass_t", "lost_kg > mass_t")) == ["C003 1"]
    # A derived claim's value in its own unit: 18 months stated as 18 years.
    planted = WAITS_UNITS.replace("value: 1.5\n", "value: 18\n").replace(
        "is 1.5 years", "is 18 years"
    )
    assert found(planted) == ["C006 wait_in_years"]
    assert found(GLACIER.replace("value: 0.17", "value: 166.7")) == ["C006 share"]


def test_a_constant_that_converts_by_hand_is_read_as_the_conversion() -> None:
    # `target_years * 12` against months is the target in months (24), as the bundled
    # registry's `charging_days >= 365 * years` is: 30 months are over it.
    planted = WAITS_UNITS.replace(
        "is 18 months., kind: figure, value: 18", "is 30 months., kind: figure, value: 30"
    )
    planted = planted.replace("value: 1.5\n", "value: 2.5\n").replace(
        "is 1.5 years", "is 2.5 years"
    )
    assert found(planted) == ["C003 0", "C003 2", "C003 3"]


def test_a_constant_that_only_looks_like_a_conversion_is_refused() -> None:
    near = WAITS_UNITS.replace("target_years * 12", "target_years * 12.5")
    [message] = messages(near)
    assert "close to converting years into months" in message
    mixed = WAITS_UNITS.replace("target_years * 12", "target_years * 12 + target_years")
    [message] = messages(mixed)
    assert "whether it converts them by hand is not known" in message
    # A multiple that is no conversion is a multiple: twice the target, converted.
    assert found(WAITS_UNITS.replace("target_years * 12", "target_years * 2")) == []
    twice = WAITS_UNITS.replace("wait_months < target_years", "wait_months > target_years / 2")
    assert found(twice) == []
    # km times 1,000 are metres by hand, and metres over 1,000 kilometres; metres times
    # 1,000 are no conversion but a multiple (500 km is no less than 3 km).
    assert found(GLACIER.replace("front_m < length_km", "front_m < length_km * 1000")) == []
    assert found(GLACIER.replace("front_m < length_km", "front_m / 1000 < length_km")) == []
    assert found(GLACIER.replace("front_m < length_km", "front_m * 1000 < length_km")) == ["C003 0"]
    assert found(GLACIER.replace("front_m < length_km", "front_m < length_km * 990")) == ["C005 0"]


# --- 2, 7, 10. a period's length: one rule for years() and C011, every duration unit ---------

SURVEYS = """claims:
  - {id: q3, text: The survey ran in Q3 2024., kind: event, period: 2024-Q3}
  - {id: h1, text: The melt season was H1 2024., kind: event, period: H1 2024}
  - {id: fy, text: In 2023/24 the glacier lost mass., kind: event, period: 2023/24}
  - {id: year, text: In 2024., kind: event, period: 2024}
  - {id: five, text: Monitoring ran from 2015 to 2019., kind: event, period: 2015/2019}
  - {id: rate, text: The front retreats 40 metres a year., kind: figure, value: 40, unit: metres}
  - id: q3_loss
    text: It retreated 10 metres in Q3 2024.
    kind: figure
    value: 10
    unit: metres
    derived: rate * years(q3)
  - {id: y_h1, text: half a year, kind: figure, value: 0.5, unit: years, derived: years(h1)}
  - {id: y_fy, text: one year, kind: figure, value: 1, unit: years, derived: years(fy)}
  - {id: y_year, text: one year, kind: figure, value: 1, unit: years, derived: years(year)}
  - {id: y_five, text: five years, kind: figure, value: 5, unit: years, derived: years(five)}
  - {id: y_four, text: four years, kind: figure, value: 4, unit: years, derived: years(five)}
  - id: ran
    text: The survey ran for three months.
    kind: figure
    value: 3
    unit: months
    period: 2024-Q3
  - id: monitored
    text: Monitoring took 5 years.
    kind: figure
    value: 5
    unit: years
    period: 2015/2019
"""


def test_a_named_period_is_one_whole_span() -> None:
    assert found(SURVEYS) == []
    # Planted: a quarter's loss as if it were 4 months' (its ends allowed 32 to 92 days:
    # 3.5 to 10.1 metres passed), a year of 0, a financial year of two, one month in Q3.
    assert found(
        SURVEYS.replace("retreated 10 metres", "retreated 4 metres").replace(
            "value: 10\n", "value: 4\n"
        )
    ) == ["C006 q3_loss"]
    assert found(
        SURVEYS.replace(
            "one year, kind: figure, value: 1, unit: years, derived: years(year)",
            "none, kind: figure, value: 0, unit: years, derived: years(year)",
        )
    ) == ["C006 y_year"]
    assert found(
        SURVEYS.replace(
            "one year, kind: figure, value: 1, unit: years, derived: years(fy)",
            "two years, kind: figure, value: 2, unit: years, derived: years(fy)",
        )
    ) == ["C006 y_fy"]
    planted = SURVEYS.replace(
        "ran for three months.\n    kind: figure\n    value: 3",
        "ran for one month.\n    kind: figure\n    value: 1",
    )
    assert found(planted) == ["C011 ran"]


def test_years_and_c011_count_whole_years_alike() -> None:
    # 2015 to 2019 is 4 or 5 years, for years() as for C011 (years() gave only 4: C006).
    for wrong in ("6", "3"):
        planted = SURVEYS.replace(
            "took 5 years.\n    kind: figure\n    value: 5",
            f"took {wrong} years.\n    kind: figure\n    value: {wrong}",
        )
        assert found(planted) == ["C011 monitored"]
    assert found(
        SURVEYS.replace("five years, kind: figure, value: 5,", "six years, kind: figure, value: 6,")
    ) == ["C006 y_five"]


WAITING = """claims:
  - id: pilot
    text: The pilot lasted 18 months.
    kind: figure
    value: 18
    unit: months
    period: 2022-01/2023-06
  - id: audit
    text: The audit took 5 weeks.
    kind: figure
    value: 5
    unit: weeks
    period: 2024-03/2024-04
  - id: wait
    text: The average wait was 3 weeks.
    kind: figure
    value: 3
    unit: weeks
    period: 2020/2024
  - id: outage
    text: Homes lost their supply for 9.2 minutes over the year.
    kind: figure
    value: 9.2
    unit: minutes
    period: 2024/25
"""


def test_every_duration_unit_is_compared_with_its_period() -> None:
    assert found(WAITING) == []  # measured in the period: a wait, minutes over the year
    # Planted: 12 months for 17-18 months of dates, 10 weeks for March to April (61 days at
    # most), 3 weeks for four years; a duration within a year that is longer than it.
    assert found(
        WAITING.replace(
            "lasted 18 months.\n    kind: figure\n    value: 18",
            "lasted 12 months.\n    kind: figure\n    value: 12",
        )
    ) == ["C011 pilot"]
    audit = "took 10 weeks.\n    kind: figure\n    value: 10"
    assert found(WAITING.replace("took 5 weeks.\n    kind: figure\n    value: 5", audit)) == [
        "C011 audit"
    ]
    assert found(
        WAITING.replace("The average wait was 3 weeks.", "The survey lasted 3 weeks.")
    ) == ["C011 wait"]
    longer = WAITING.replace(
        "9.2 minutes over the year.\n    kind: figure\n    value: 9.2\n    unit: minutes",
        "2 years over the year.\n    kind: figure\n    value: 2\n    unit: years",
    )
    assert found(longer) == ["C011 outage"]


# --- 4. an event whose whole period is after the page's date --------------------------------

EVENTS = """claims:
  - {id: season, text: The club was relegated in 2024/25., kind: event, period: 2024/25}
  - {id: melt, text: The melt ran from May to June 2025., kind: event, period: 2025-05/2025-06}
  - id: projection
    text: Ice loss will reach 40 metres a year in 2026-2027.
    kind: figure
    value: 40
    unit: metres
    period: 2026/2027
"""


def test_an_event_after_the_page_is_c010_by_its_period_as_by_its_date() -> None:
    # Clean twins: events in the page's time, and a figure that looks ahead (a projection).
    assert found(EVENTS) == []
    future = EVENTS.replace(
        "in 2024/25., kind: event, period: 2024/25}", "in 2026/27., kind: event, period: 2026/27}"
    )
    assert found(future) == ["C010 season"]
    later = EVENTS.replace("period: 2025-05/2025-06", "period: 2025-07/2025-08")
    assert found(later) == ["C010 melt"]
    # Its start in the page's month is no C010 (as_of 2025-06 runs to 30 June).
    assert found(EVENTS.replace("period: 2025-05/2025-06", "period: 2025-06/2025-09")) == []


# --- 9. a constraint that cannot be evaluated marks the claims it names ---------------------


def states(text: str) -> dict[str, tuple[str, ...]]:
    report = check_text(HEAD + text, select=["C"])
    return {c.id: tuple(str(s) for s in c.states) for c in report.claims}


COSTS = """claims:
  - {id: bridge, text: The bridge cost £6m., kind: figure, value: 6, unit: GBP million}
  - {id: tunnel, text: The tunnel cost £4m., kind: figure, value: 4, unit: GBP million}
  - {id: other, text: Roads cost £1m., kind: figure, value: 1, unit: GBP million}
constraints:
  - {id: dearer, expr: bridge > tunnel}
"""
SEASON = """claims:
  - {id: goals, text: 76 goals, kind: figure, value: 76, unit: goals}
  - {id: matches, text: 38 matches, kind: figure, value: 38, unit: matches}
  - {id: other, text: 3 cups, kind: figure, value: 3, unit: cups}
constraints:
  - {id: rate, expr: goals / matches > 1}
"""


def test_a_relation_that_cannot_be_checked_leaves_no_claim_it_names_ok() -> None:
    # Clean twins: the relations hold; no claim is inconsistent.
    for text in (COSTS, SEASON):
        assert found(text) == []
        assert not any("inconsistent" in s for s in states(text).values())
    # Planted: pounds against dollars, a division by zero matches, a claim with no value.
    for text, names in (
        (
            COSTS.replace(
                "£4m., kind: figure, value: 4, unit: GBP", "$4m., kind: figure, value: 4, unit: USD"
            ),
            ("bridge", "tunnel"),
        ),
        (
            SEASON.replace(
                "38 matches, kind: figure, value: 38", "0 matches, kind: figure, value: 0"
            ),
            ("goals", "matches"),
        ),
        (
            SEASON.replace("38 matches, kind: figure, value: 38,", "matches, kind: figure,"),
            ("goals", "matches"),
        ),
    ):
        assert found(text) == ["C005 0"]
        report = states(text)
        for name in names:  # was `ok`: no finding was on them
            assert "inconsistent" in report[name], (name, report)
        assert "inconsistent" not in report["other"]


# --- 8. a tolerance below 0 ------------------------------------------------------------------

WINS = """claims:
  - {id: home, text: 40 home wins, kind: figure, value: 40, unit: wins}
  - {id: away, text: 40 away wins, kind: figure, value: 40, unit: wins}
constraints:
  - {id: same, expr: home == away, tolerance: 0}
"""
LISTS = """claims:
  - {id: waiting, text: 7.4 million waiting, kind: figure, value: 7.4, unit: million patients}
  - {id: listed, text: 7.5 million listed, kind: figure, value: 7.5, unit: million patients}
constraints:
  - {id: agree, expr: waiting == listed, tolerance: 0.2}
"""


def test_a_tolerance_below_zero_is_r002_at_the_tolerance() -> None:
    for text in (WINS, LISTS):
        assert found(text, ("C", "R")) == []
    # Planted: a negative tolerance made a true equality fail (C003 with both sides 40).
    for text, negative in ((WINS, "tolerance: 0}"), (LISTS, "tolerance: 0.2}")):
        planted = text.replace(negative, "tolerance: -1}")
        report = check_text(HEAD + planted, select=["C", "R"])
        [finding] = report.findings
        assert finding.code == "R002" and finding.path == ("constraints", 0, "tolerance")
        assert "tolerance must be a number ≥ 0" in finding.message and "got -1" in finding.message
        assert finding.location is not None and finding.location.line == 7  # its own line


# --- 6. a scale in accountants' zeros, and one claimcheck does not read ----------------------

PARKS = """claims:
  - {id: total, text: The budget is £1.2m., kind: figure, value: 1200000, unit: GBP}
  - {id: parks, text: Parks get £1.0m., kind: figure, value: 1000, unit: "£000s"}
  - {id: roads, text: Roads get £0.2m., kind: figure, value: 200, unit: "GBP '000"}
  - {id: grants, text: Grants are $0.5m., kind: figure, value: 500, unit: "$000"}
constraints:
  - {id: part, expr: parks <= total}
  - {id: sum, expr: parks + roads == total, tolerance: 1000}
"""
RAIL = """claims:
  - {id: riders, text: 4.5 million passengers, kind: figure, value: 4500, unit: passengers (000s)}
  - {id: counted, text: 4.5 million passengers, kind: figure, value: 4500000, unit: passengers}
constraints:
  - {id: same, expr: riders == counted, tolerance: 500}
"""


def test_a_scale_in_zeros_is_read_as_thousands() -> None:
    # Clean twins: £000s, GBP '000 and (000s) in thousands (they were read in ones: the sum
    # was a false C003, and so was the count).
    assert found(PARKS) == []
    assert found(RAIL) == []
    # Planted: £1.5m of parks in a £1.2m budget passed, as £1,500.
    planted = PARKS.replace(
        "£1.0m., kind: figure, value: 1000,", "£1.5m., kind: figure, value: 1500,"
    )
    assert found(planted) == ["C003 0", "C003 1"]
    assert found(
        RAIL.replace("value: 4500,", "value: 450,").replace(
            "4.5 million passengers, kind: figure, value: 450,",
            "0.45 million passengers, kind: figure, value: 450,",
        )
    ) == ["C003 0"]


def test_a_scale_claimcheck_does_not_read_is_r002_at_the_unit() -> None:
    for unit in ("GBP 00", "hundreds of pounds"):
        planted = PARKS.replace('unit: "£000s"', f'unit: "{unit}"')
        report = check_text(HEAD + planted, select=["C", "R"])
        errors = [f for f in report.findings if f.code == "R002"]
        assert [(f.claim, f.path) for f in errors] == [("parks", ("claims", 1, "unit"))]
        assert "a scale claimcheck does not read" in errors[0].message


# --- 11. impossible shares: by qualifier, `pct`, and a fall of more than 100% ------------------

SHARES = """claims:
  - id: seen
    text: More than 90% of patients were seen.
    kind: figure
    value: 90
    qualifier: more_than
    unit: percent
  - {id: sold, text: 95 pct of tickets were sold., kind: figure, value: 95, unit: pct}
  - {id: ice, text: Ice volume fell 12%., kind: figure, value: -12, unit: percent change}
  - {id: fans, text: Crowds rose 140%., kind: figure, value: 140, unit: percent change}
"""


def test_an_impossible_share_is_c013_by_its_qualifier_and_its_unit() -> None:
    assert found(SHARES) == []  # a change may rise by more than 100%
    planted = {
        "More than 90% of patients were seen.\n    kind: figure\n    value: 90": (
            "More than 100% of patients were seen.\n    kind: figure\n    value: 100",
            "C013 seen",
        ),
        "95 pct of tickets were sold., kind: figure, value: 95": (
            "120 pct of tickets were sold., kind: figure, value: 120",
            "C013 sold",
        ),
        "fell 12%., kind: figure, value: -12": (
            "fell 120%., kind: figure, value: -120",
            "C013 ice",
        ),
    }
    for clean, (wrong, expected) in planted.items():
        assert found(SHARES.replace(clean, wrong)) == [expected]
    # A bound that reaches into the range stays clean: at least 100%, at most 120%.
    edge = SHARES.replace("More than 90%", "At least 100%").replace(
        "value: 90\n    qualifier: more_than", "value: 100\n    qualifier: at_least"
    )
    assert found(edge) == []
