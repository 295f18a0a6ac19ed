from __future__ import annotations

import ipaddress
import os
import socket
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2026, 11, 24)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the golden files.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare with a golden file, or rewrite it under --update-golden.

    A missing golden file fails: written silently, it would pass whatever the output was.
    """
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"no golden file {path}: write it with pytest --update-golden, then review it")
    assert actual == path.read_text(encoding="utf-8"), f"{path} differs (pytest --update-golden)"


# CI runs each property with a fixed seed, so a run there never fails by chance.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests reach loopback only: no name but localhost resolves, and links default offline.

    `.invalid` names and the link checker's probe names fail at once, as on a machine with no
    network; resolving any other name fails the test loudly. The link cache lives in the
    test's own directory.
    """
    from claimcheck.links.settings import DEFAULT_PROBE_NAMES

    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name.endswith(".invalid") or name in DEFAULT_PROBE_NAMES:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if name != "localhost" and not _is_ip(name):
            raise AssertionError(f"a test tried to resolve {name!r}: tests use loopback only")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setenv("CLAIMCHECK_OFFLINE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True
