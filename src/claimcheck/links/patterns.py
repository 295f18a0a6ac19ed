"""The config's regular expressions (`include`, `exclude`, `remap`), refused when reading
them: those Python's backtracking engine could take exponential or high-polynomial time on.

A pull request writes the config and the URLs alike, so a pattern such as `(a|a)+$` against
`aaa…a!` could hang the run. Two rules over the parsed pattern (`re._parser`, the tree `re`
itself compiles), each an upper bound rather than a guess from timing:

- **Nested repetition** (exponential): a repeat that may run more than once and whose body
  can match one text in more than one way, because it holds a repeat of variable length or
  an alternation (`(a+)+`, `(a*)*b`, `(x|xx)+y`, `(a?a)+`). An alternation of single
  characters is a character class (`(a|b)+`), not an alternation, and is fine; so is a
  possessive repeat (`(?:a|a)++`) or an atomic group, which never backtrack into.
- **Polynomial blow-up**: the ways a URL of at most `MAX_URL_LENGTH` characters can be split
  among the pattern's variable parts (each repeat's span, each alternation's branches, and
  every start position when the pattern is not anchored with `^`), multiplied out, may not
  exceed `MAX_STEPS` (four times two unbounded repeats: `^.*x.*$` or `.*x$` pass, `.*.*x`
  and `.*a.*b` unanchored do not).
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from claimcheck.http import MAX_URL_LENGTH

#: The most ways of matching one URL a pattern may have (see the module's docstring).
MAX_STEPS = 4 * MAX_URL_LENGTH**2
#: The longest `remap` replacement: a URL prefix, not a way to multiply a URL's length.
MAX_REPLACEMENT = 2048

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT}
_CAP = MAX_STEPS * MAX_URL_LENGTH


class PatternCostError(ValueError):
    """A pattern refused for the time it could take; the message says why and what to do."""


def check_cost(pattern: str) -> None:
    """Raise PatternCostError when `pattern` (already known to compile) could backtrack
    exponentially or beyond `MAX_STEPS` on one URL."""
    tree = sre_parse.parse(pattern)
    nested = _nested(tree)
    if nested is not None:
        raise PatternCostError(
            f"{pattern!r}: nested repetition can take exponential time ({nested}); write it "
            "without a repeated group, e.g. `[a-z.]+` for `([a-z]+\\.)+`"
        )
    items = list(tree)
    first = items[0] if items else None
    # `search` tries every start position unless the pattern may only start at the first.
    anchored = first == (sre.AT, sre.AT_BEGINNING_STRING) or (
        first == (sre.AT, sre.AT_BEGINNING) and not tree.state.flags & re.MULTILINE
    )
    steps = _ways(items) * (1 if anchored else MAX_URL_LENGTH)
    if steps > MAX_STEPS:
        raise PatternCostError(
            f"{pattern!r}: its repeats can take polynomial time on a long URL (up to "
            f"{'over ' if steps >= _CAP else ''}{steps:.1e} ways of matching one URL, more than "
            f"{MAX_STEPS:.1e}); anchor it with ^, or use fewer unbounded repeats such as .* and +"
        )


def check_replacement(compiled: re.Pattern[str], replacement: object) -> str:
    """A `remap` replacement: text, not too long, whose group references (`\\1`,
    `\\g<name>`) name groups `compiled` has. ValueError saying what is wrong."""
    if not isinstance(replacement, str):
        raise ValueError(f"replacement: expected text, got {replacement!r}")
    if len(replacement) > MAX_REPLACEMENT:
        raise ValueError(f"replacement: longer than {MAX_REPLACEMENT} characters")
    try:
        # The template is compiled before any matching, so an empty text checks it whole.
        compiled.sub(replacement, "")
    except (re.error, IndexError) as exc:
        groups = ", ".join([*(f"\\{n}" for n in range(compiled.groups + 1)), *compiled.groupindex])
        raise ValueError(
            f"replacement {replacement!r}: {exc} (the pattern's groups: {groups}; "
            "write a backslash as \\\\)"
        ) from None
    return replacement


def _variable(op: Any, av: Any) -> bool:
    """A node that can match one text in several ways: a repeat of variable length, an
    alternation (of more than single characters), a conditional group."""
    if op in _REPEATS or op == sre.POSSESSIVE_REPEAT:
        return bool(av[0] != av[1])
    return op in (sre.BRANCH, sre.GROUPREF_EXISTS)


def _nested(items: Any) -> str | None:
    """How a repeat that may run more than once holds a variable node, or None."""
    for op, av in items:
        if op in _REPEATS and av[1] > 1:
            inner = _find_variable(av[2])
            if inner is not None:
                return f"a repeated group holds {inner}"
        for child in _children(op, av):
            found = _nested(child)
            if found is not None:
                return found
    return None


def _find_variable(items: Any) -> str | None:
    for op, av in items:
        if op == sre.ATOMIC_GROUP:
            continue  # matched once and never backtracked into
        if _variable(op, av):
            if op == sre.BRANCH:
                return "an alternation"
            if op == sre.GROUPREF_EXISTS:
                return "a conditional group"
            return "another repeat" if av[1] == sre.MAXREPEAT else "an optional or bounded repeat"
        for child in _children(op, av):
            found = _find_variable(child)
            if found is not None:
                return found
    return None


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-sequences of one parsed node."""
    if op in _REPEATS or op == sre.POSSESSIVE_REPEAT:
        return [av[2]]
    if op == sre.SUBPATTERN:
        return [av[3]]
    if op == sre.BRANCH:
        return list(av[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op == sre.ATOMIC_GROUP:
        return [av]
    if op == sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


def _ways(items: Any) -> int:
    """An upper bound on the ways a sequence can match one text (nested repeats excluded)."""
    total = 1
    for op, av in items:
        if op in _REPEATS or op == sre.POSSESSIVE_REPEAT:
            low, high = av[0], min(av[1], MAX_URL_LENGTH)
            # Each count of repeats is one way (a possessive repeat still scans that far);
            # a body that may run more than once has one way of its own (else it was
            # refused as nested), an optional one (`(www\.)?`) its own.
            total *= (high - low + 1) * (_ways(av[2]) if high <= 1 else 1)
        elif op == sre.BRANCH:
            total *= sum(_ways(branch) for branch in av[1])
        elif op == sre.GROUPREF_EXISTS:
            total *= sum(_ways(branch) for branch in av[1:] if branch is not None)
        else:
            for child in _children(op, av):
                total *= _ways(child)
        total = min(total, _CAP)  # enough to refuse; keeps the numbers small
    return total
