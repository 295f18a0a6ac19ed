"""What a report format is."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from claimcheck.findings import Report

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour (terminal only) and line width."""

    color: bool = False
    width: int = 100


@dataclass(frozen=True)
class Renderer:
    """A report format: a pure function from a report to text."""

    name: str
    suffix: str
    render: Callable[[Report, RenderOptions], str]


def printable(text: str) -> str:
    """Registry text made safe for a terminal: control characters shown, not obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def clip(text: str, limit: int = 500) -> str:
    """Text shortened for a screen: a 50 MB claim would take rich seconds to wrap."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\u2026 ({len(text) - limit:,} more characters)"
