"""`claimcheck rules`: every rule with its explanation."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from claimcheck.findings import Rule


def rules_table(rules: Sequence[Rule]) -> str:
    """One line per rule: code, name, default severity, summary."""
    lines = []
    family = None
    for rule in rules:
        if rule.family != family:
            family = rule.family
            lines.append(f"{family.letter}: {family.title}")
        lines.append(f"  {rule.code}  {rule.name:<26} {rule.severity.label:<8} {rule.summary}")
    return "\n".join(lines) + "\n"


def explain_rule(rule: Rule, width: int = 88) -> str:
    """A rule's whole explanation."""
    body = "\n".join(textwrap.wrap(rule.explanation, width))
    fix = "\n".join(textwrap.wrap("Fix: " + rule.fix, width)) if rule.fix else ""
    head = f"{rule.code} {rule.name} ({rule.severity.label} by default)\n{rule.summary}\n"
    if rule.marks is not None:
        head += f"A claim it is about is `{rule.marks}`.\n"
    else:
        head += f"It marks no claim state: {rule.unmarked}\n"
    return f"{head}\n{body}\n" + (f"\n{fix}\n" if fix else "")
