"""A named period (a quarter, a half, a financial year or year pair, the year ending a month)
is one whole span of known length, and is written back as it is read (the registry cache
writes periods as text and reads them with the loader's hook)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.dates import parse_period


@pytest.mark.parametrize(
    ("written", "shown", "months", "days"),
    [
        ("2024-Q3", "2024-Q3", 3, (92, 92)),
        ("Q1 2025", "2025-Q1", 3, (90, 90)),
        ("H1 2024", "H1 2024", 6, (182, 182)),
        ("2024 H2", "H2 2024", 6, (184, 184)),
        ("2023/24", "2023/24", 12, (365, 366)),
        ("2023-24", "2023/24", 12, (365, 366)),
        ("FY2024", "2023/24", 12, (365, 366)),
        ("FY 2024-25", "2024/25", 12, (365, 366)),
        ("1999/00", "1999/00", 12, (365, 366)),
        ("year ending March 2025", "year ending March 2025", 12, (365, 365)),
        ("the year to 31 March 2024", "year ending 31 March 2024", 12, (366, 366)),
        ("year to 15 March 2025", "year ending 15 March 2025", 12, (365, 365)),
        ("2024", "2024", 12, (366, 366)),
        ("2024-02", "2024-02", 1, (29, 29)),
        # Ends alone: as long as they allow, not a named span.
        ("2024-07/2024-09", "2024-07/2024-09", None, (32, 92)),
        ("2015/2019", "2015/2019", None, (1097, 1826)),
    ],
)
def test_a_named_period_is_whole_and_written_back_as_read(
    written: str, shown: str, months: int | None, days: tuple[int, int]
) -> None:
    period = parse_period(written)
    assert str(period) == shown
    assert period.whole_months == months
    assert period.days() == days
    again = parse_period(str(period))
    assert again == period and again.months == period.months and again.days() == days


def test_periods_are_equal_by_their_ends() -> None:
    # A page's "July to September 2024" is the registry's 2024-Q3 (P003 compares them so).
    assert parse_period("2024-Q3") == parse_period("2024-07/2024-09")
    assert parse_period("2023/24") == parse_period("2023/2024")


def test_a_cached_registry_keeps_its_named_periods(tmp_path: Path) -> None:
    """A run that reads the registry cache checks what a first run checked: 2023/24 is one
    year and 2024-Q3 92 days there too (the cache writes a period as text)."""
    from claimcheck.loader import _dec_hook, _memo, load_registry
    from claimcheck.registry_cache import RegistryCache

    claims = "".join(
        f"  - {{id: c{i}, text: t, kind: event, period: {p}}}\n"
        for i, p in enumerate(["2024-Q3", "2023/24", "H1 2024", "year ending March 2025"])
    )
    text = "version: 1\nclaims:\n" + claims
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    cache = RegistryCache(tmp_path / "cache", min_chars=0)
    truth = load_registry(path).registry
    cache.put(text, truth, ("version", "claims"), {"claims": 4})
    hit = cache.get(text, _memo(_dec_hook))
    assert hit is not None
    cached = hit[0]
    for fresh, again in zip(truth.claims, cached.claims, strict=True):
        assert fresh.period is not None and again.period is not None
        assert again.period.months == fresh.period.months is not None
        assert again.period.days() == fresh.period.days()
