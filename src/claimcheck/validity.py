"""Whether a registry is valid enough to act on: every command but `verify` refuses one
with errors, naming each, rather than go on without the entries it could not read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from claimcheck.findings import DROPS_ENTRIES, Finding, Severity, is_selected

if TYPE_CHECKING:
    from claimcheck.loader import LoadedRegistry


def refuse_invalid(
    loaded: LoadedRegistry,
    ignore: Sequence[str] = (),
    *,
    reported: tuple[Sequence[str], Sequence[str]] | None = None,
) -> None:
    """An InvalidRegistryError listing the registry's errors (R rules: unreadable values,
    unknown fields, duplicate ids, unknown sources), if it has any.

    An invalid entry is left out of the registry, so a command that went on would list,
    snapshot or export the rest as if nothing were wrong. Errors of rules the user ignores
    (`ignore` in the config) are not counted unless they drop an entry (`DROPS_ENTRIES`,
    which may not be ignored), nor, with `reported` (the run's --select and --ignore), those
    the run reports as findings.
    """
    from claimcheck.checks.base import CheckContext
    from claimcheck.checks.structure import run as structure
    from claimcheck.errors import InvalidRegistryError

    found = [*loaded.findings]
    ctx = CheckContext(today=date.min, invalid_ids=loaded.invalid_ids)
    found += [f for f in structure(loaded.registry, ctx) if f.level is Severity.ERROR]
    errors = [
        f
        for f in found
        if f.level is Severity.ERROR
        and (f.code in DROPS_ENTRIES or is_selected(f.code, (), ignore))
        and (reported is None or not is_selected(f.code, *reported))
    ]
    if not errors:
        return
    from claimcheck.render.base import safe_text

    located = (f if f.location else f.at(loaded.locate(f)) for f in errors)
    errors = sorted(located, key=Finding.sort_key)
    details = tuple(
        f"{f.location}: error {f.code} {f.rule.name}: {safe_text(f.message)}"
        + (f" ({safe_text(f.hint)})" if f.hint else "")
        for f in errors
    )
    many = f"{len(errors)} errors" if len(errors) > 1 else "an error"
    raise InvalidRegistryError(
        f"the registry has {many} (above); nothing was done",
        file=loaded.path,
        details=details,
        hint=f"fix {'them' if len(errors) > 1 else 'it'} first; `claimcheck verify` reports "
        "every finding",
    )
