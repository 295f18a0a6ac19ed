"""Time, passed in: the real clock in use, a fake one in tests so back-off takes no time.

The one notion of "today" lives here too: `--today` (or the config's `today`) fixes it for
every part of a run, staleness and snapshot dates alike.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta


@dataclass
class Clock:
    """Monotonic time, wall time, today's date, and sleeping."""

    #: The date to check against instead of the real one (`--today`).
    fixed_today: date | None = None

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        """The run's date: `--today` when given, else the local calendar date."""
        return self.fixed_today if self.fixed_today is not None else date.today()

    async def sleep(self, seconds: float) -> None:
        import asyncio  # here: offline runs never sleep, and asyncio takes 25 ms to import

        await asyncio.sleep(seconds)


@dataclass
class FakeClock(Clock):
    """A clock that jumps instead of waiting, and remembers every sleep."""

    start: datetime = field(default_factory=lambda: datetime(2026, 11, 24, tzinfo=UTC))
    elapsed: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.elapsed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def today(self) -> date:
        return self.fixed_today if self.fixed_today is not None else self.now().date()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.elapsed += max(seconds, 0.0)
        import asyncio

        await asyncio.sleep(0)
