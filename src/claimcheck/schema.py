"""The registry format as a JSON Schema, generated from the model (for editors' completion)."""

from __future__ import annotations

from typing import Any

import msgspec

from claimcheck.dates import DATE_FORM, DURATION_FORM, PERIOD_FORM, Duration, PartialDate, Period
from claimcheck.model import Registry

SCHEMA_ID = "urn:claimcheck:registry:1"
_DATE = {
    "type": ["string", "integer"],
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": DATE_FORM,
}


def _hook(typ: type) -> dict[str, Any]:
    if typ is PartialDate:
        return dict(_DATE)
    if typ is Period:
        return {
            "description": PERIOD_FORM,
            "anyOf": [
                {"type": ["string", "integer"]},
                {
                    "type": "object",
                    "properties": {"start": _DATE, "end": _DATE},
                    "required": ["start", "end"],
                    "additionalProperties": False,
                },
            ],
        }
    if typ is Duration:
        return {
            "type": "string",
            "pattern": r"^\s*\d+\s*[dwmyDWMY]\s*$",
            "description": DURATION_FORM,
        }
    raise NotImplementedError(typ)


def registry_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of a registry file."""
    schema: dict[str, Any] = _numbers(msgspec.json.schema(Registry, schema_hook=_hook))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "claimcheck registry (claims.yaml), version 1"
    return schema


def _numbers(node: Any) -> Any:
    """msgspec describes Decimals as decimal strings; a registry writes them as numbers too.

    Patterns end in Python's `\\Z` (no newline before the end); JSON Schema's ECMA regexes
    spell that `$`.
    """
    if isinstance(node, dict):
        if node.get("format") == "decimal":
            return {
                "type": ["number", "string"],
                "description": "a number (quote it to keep trailing zeros)",
            }
        return {
            key: value.removesuffix("\\Z") + "$"
            if key == "pattern" and isinstance(value, str) and value.endswith("\\Z")
            else _numbers(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_numbers(item) for item in node]
    return node
