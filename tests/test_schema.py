"""The JSON Schema: generated from the model, committed, and true of the bundled registry."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml_rs
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.schema import registry_schema
from tests.conftest import DATA

ROOT = Path(__file__).parent.parent
COMMITTED = ROOT / "schema" / "claims.schema.json"


def load(path: Path) -> object:
    return yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)


def test_committed_schema_matches_the_model() -> None:
    printed = CliRunner().invoke(app, ["schema"]).stdout
    assert json.loads(printed) == json.loads(COMMITTED.read_text(encoding="utf-8")), (
        "regenerate it: claimcheck schema -o schema/claims.schema.json"
    )


@pytest.mark.parametrize(
    "path",
    [ROOT / "claims.yaml", *sorted((DATA / "registries" / "valid").glob("*.yaml"))],
    ids=lambda p: p.name,
)
def test_valid_registries_satisfy_the_schema(path: Path) -> None:
    jsonschema.Draft202012Validator(registry_schema()).validate(load(path))


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(registry_schema())
    for name in ("R007_unknown_field.yaml", "R002_kind.yaml", "R008_missing_field.yaml"):
        assert list(validator.iter_errors(load(DATA / "registries" / "invalid" / name))), name
