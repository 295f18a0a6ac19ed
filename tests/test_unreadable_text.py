"""A character the YAML parser would silently stop at is one located R001, never a registry
cut short (a NUL in a comment dropped every claim after it and the run passed), and such a
registry is never kept by the registry cache. Each planted on two subjects, with the twin
without the character, which loads whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.errors import RegistryLoadError
from claimcheck.loader import load_registry, load_text, parse_registry, reads_as_registry
from claimcheck.registry_cache import RegistryCache

CLUB = """\
version: 1
claims:
  - id: members
    text: The club has 4,875 members.
    kind: figure
    value: 4875
# a stray byte ->{here}<- in a comment
  - id: bad_kind
    text: The club grew 300%.
    kind: figgure
    value: 300
    unit: percent
"""

HARBOUR = """\
version: 1
sources:
  - id: port_return
    title: Port return 2025{here}
    kind: dataset
claims:
  - id: tonnage
    text: The port handled 41.2 million tonnes.
    kind: figure
    value: 41.2
    unit: million tonnes
  - id: ships
    text: 3,100 ships called.
    kind: figure
    value: 3100
"""

SUBJECTS = {"club": (CLUB, 7, 18), "harbour": (HARBOUR, 4, 28)}


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
@pytest.mark.parametrize(
    ("char", "says"), [("\x00", "NUL byte"), ("\ud800", "unpaired surrogate (U+D800)")]
)
def test_the_character_is_one_error_at_its_place(subject: str, char: str, says: str) -> None:
    template, line, column = SUBJECTS[subject]
    with pytest.raises(RegistryLoadError) as info:
        parse_registry(template.format(here=char), "claims.yaml")
    error = info.value
    assert (error.line, error.column) == (line, column)
    assert says in error.message and "[R001 yaml-syntax]" in error.message


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_the_twin_without_it_loads_every_entry(subject: str) -> None:
    loaded = parse_registry(SUBJECTS[subject][0].format(here=" "), "claims.yaml")
    raw_claims = SUBJECTS[subject][0].count("  - id:") - len(loaded.registry.sources)
    # Every claim is read (an invalid one is left out with its finding, not dropped unseen).
    assert len(loaded.registry.claims) + len(loaded.invalid_ids) == raw_claims


def test_the_yaml_escape_for_nul_is_text_not_a_stray_byte() -> None:
    text = HARBOUR.format(here="").replace(
        "text: 3,100 ships called.", 'text: "3,100 ships\\0 called."'
    )
    loaded = parse_registry(text, "claims.yaml")
    assert [c.text for c in loaded.registry.claims][1] == "3,100 ships\x00 called."


def test_a_file_with_a_nul_is_refused_and_never_cached(tmp_path: Path) -> None:
    cache = RegistryCache(tmp_path / "cache", min_chars=0)
    text = HARBOUR.format(here="\x00")
    with pytest.raises(RegistryLoadError, match="NUL"):
        load_text(text, "claims.yaml", cache)
    assert not list((tmp_path / "cache").glob("*.msgpack"))
    # Its twin is kept, and served again; the planted text still misses and is refused.
    load_text(HARBOUR.format(here=""), "claims.yaml", cache)
    assert len(list((tmp_path / "cache").glob("*.msgpack"))) == 1
    assert len(load_text(HARBOUR.format(here=""), "claims.yaml", cache).registry.claims) == 2
    with pytest.raises(RegistryLoadError, match="NUL"):
        load_text(text, "claims.yaml", cache)
    path = tmp_path / "claims.yaml"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(RegistryLoadError) as info:
        load_registry(path, cache=cache)
    assert str(info.value).startswith(f"{path}:4:28: error: a NUL byte")


def test_verify_fails_with_one_located_line(tmp_path: Path) -> None:
    for name, here, code in (("planted.yaml", "\x00", 2), ("twin.yaml", "", 1)):
        (tmp_path / name).write_bytes(CLUB.format(here=here).encode("utf-8"))
        run = subprocess.run(
            [sys.executable, "-m", "claimcheck", "verify", name, "--offline", "-f", "concise"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == code, run.stdout + run.stderr
        if code == 2:
            assert run.stderr.count("\n") == 1
            assert run.stderr.startswith("claimcheck: planted.yaml:7:18: error: a NUL byte")
            assert "Traceback" not in run.stderr
        else:  # the twin: the claim after the comment is read, and its bad kind reported
            assert "R002" in run.stdout


def test_a_registry_with_a_nul_still_reads_as_one() -> None:
    # What output may not overwrite: a NUL before `claims:` hid the key.
    text = "version: 1\n# \x00\nclaims: []\n"
    assert reads_as_registry(text)
    assert not reads_as_registry("just: \x00 text\n")
