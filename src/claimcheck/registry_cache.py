"""A cache of validated registries, keyed by the hash of their text, for repeated local runs
(`verify`, `scan`, `list`, `show`, shards) of a large registry.

Parsing and validating a registry of 100,000 claims takes about two seconds; decoding the
validated structs from msgpack takes a quarter of that (bench/registry_scale.py). An entry is
used only for the very text it was made from, by the very code that made it: the key holds
the text's hash, and a fingerprint of the code. Only registries that loaded with no finding
are kept (a run of an invalid registry reads it again, to locate each problem).

The fingerprint is of the whole package's source, every `*.py` file by its path, not of a list
of the modules that read a registry: such a list went stale (the loader reads values through
`units.py`, which was not on it, so an entry made before a change to units decoded into a
registry today's code reads otherwise: a wrong unit and no finding). With the versions of
Python, msgspec and the YAML parsers, and the model's type info. Hashing the source costs
about 6 ms (104 files, 0.94 MB), the whole fingerprint 12 ms where the five modules' took 5 ms
(measured warm, 2026-12): computed once per run, and only for a registry of MIN_CHARS or
more, which takes 100 ms or more to parse (0.1 s at 5,000 claims, 1.5 MB).

The cache lives in the platform's cache directory, never where a registry or a config can put
it: a pull request that committed a cache entry could otherwise have CI check a registry other
than the one its reviewers read. Anything wrong with an entry (missing, truncated, of another
version, not a regular file) is a miss, never an error: the registry is read from its text.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from claimcheck.dates import Duration, PartialDate, Period
from claimcheck.model import Registry

_T = TypeVar("_T")

#: Below this size a registry parses in less time than an entry takes to write and read.
MIN_CHARS = 1 << 20
#: Entries kept; the oldest read are removed first.
MAX_ENTRIES = 8
#: An entry is far smaller than its text: more is not one of ours.
MAX_ENTRY_BYTES = 512 * 1024 * 1024
#: A `*.tmp` file older than this is left by a run that was killed while writing an entry;
#: a younger one may be another run's, being written now.
STALE_TEMPORARY_SECONDS = 3600


class _Entry(msgspec.Struct, frozen=True):
    key: str
    registry: Registry
    #: The positions' `Shape`: the top-level keys, and each top-level list's length.
    keys: tuple[str, ...] | None
    lengths: dict[str, int]


def default_directory() -> Path:
    """The platform's cache directory for claimcheck's registries."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimcheck", appauthor=False)) / "registries"


@functools.cache
def _fingerprint() -> str:
    """This code's fingerprint (once a run)."""
    return code_fingerprint(Path(__file__).parent)


def code_fingerprint(package: Path) -> str:
    """What the structs an entry holds depend on: the tool's version, Python's, msgspec's and
    the YAML parsers', the model's fields and types, and the source of the whole package (at
    `package`): each `*.py` file's path (relative, sorted) and bytes, so that any edit, new
    module, removal or rename changes it."""
    import sys

    import msgspec.inspect
    import yaml
    import yaml_rs

    from claimcheck import __version__

    digest = hashlib.blake2b(digest_size=16)
    for part in (
        __version__,
        sys.version,
        msgspec.__version__,
        yaml.__version__,
        getattr(yaml_rs, "__version__", "?"),
        repr(msgspec.inspect.type_info(Registry)),
    ):
        _update(digest, part.encode())
    files = sorted((path.relative_to(package).as_posix(), path) for path in package.rglob("*.py"))
    for name, path in files:
        _update(digest, name.encode())
        _update(digest, path.read_bytes())
    return digest.hexdigest()


def _update(digest: hashlib.blake2b, part: bytes) -> None:
    """`part` with its length first: no two sequences of parts hash alike."""
    digest.update(len(part).to_bytes(8, "little"))
    digest.update(part)


def _encode_hook(value: object) -> str:
    if isinstance(value, PartialDate | Period | Duration):
        return str(value)  # read back by the loader's hook, as the registry writes them
    raise NotImplementedError(type(value).__name__)


def text_digest(text: str) -> str:
    """The BLAKE2b hash of a registry's text (the last one's kept: a run that reads a cache
    entry and then writes another hashes 30 MB once, not twice)."""
    last = _LAST_DIGEST
    if last and last[0] is text:
        return str(last[1])
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()
    last[:] = [text, digest]  # the text is held, so its id is never another's meanwhile
    return digest


_LAST_DIGEST: list[object] = []


def fingerprint() -> str:
    """This code's fingerprint (see `code_fingerprint`), once a run."""
    return _fingerprint()


def read_entry(path: Path, kind: type[_T], max_bytes: int, hook: Any = None) -> _T | None:
    """The entry of type `kind` in the file at `path`, or None for anything wrong with it
    (missing, truncated, of another version, a link, not a regular file): a miss."""
    from claimcheck.errors import ClaimcheckError
    from claimcheck.files import read_regular

    try:
        raw = read_regular(path, "cache entry", max_bytes, follow=False)
        entry = msgspec.msgpack.decode(raw, type=kind, dec_hook=hook)
    except (OSError, ClaimcheckError, msgspec.DecodeError, ValueError, TypeError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # read: kept the longest
    return entry


def write_entry(directory: Path, name: str, data: bytes) -> None:
    """Write an entry atomically (whole or not at all), then keep the MAX_ENTRIES read last;
    failures are ignored (a cache that cannot be written is only slower)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, directory / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
    # Even when the write failed: a full disk may be full of killed runs' temporary files.
    with contextlib.suppress(OSError):
        _prune(directory)


def _prune(directory: Path) -> None:
    """Keep the MAX_ENTRIES entries read last, and remove the temporary files of runs that
    were killed while writing one (each as large as an entry, and never read)."""
    import time

    entries = []
    for path in directory.glob("*.msgpack"):
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES:]:
        path.unlink(missing_ok=True)
    stale = time.time() - STALE_TEMPORARY_SECONDS
    for path in directory.glob("*.tmp"):
        with contextlib.suppress(OSError):  # gone already: another run pruned it
            if path.lstat().st_mtime < stale:
                path.unlink()


class RegistryCache:
    """Validated registries by their text's hash, in one directory."""

    def __init__(self, directory: Path, *, min_chars: int = MIN_CHARS) -> None:
        self.directory = directory
        self.min_chars = min_chars

    def key(self, text: str) -> str:
        return f"{text_digest(text)}-{_fingerprint()}"

    def get(
        self, text: str, hook: Any
    ) -> tuple[Registry, tuple[str, ...] | None, dict[str, int]] | None:
        """The registry of `text` and its shape, if an entry holds them; `hook` decodes the
        registry's own scalar types (the loader's)."""
        if len(text) < self.min_chars:
            return None
        key = self.key(text)
        path = self.directory / f"{key[:64]}.msgpack"
        entry = read_entry(path, _Entry, MAX_ENTRY_BYTES, hook)
        if entry is None or entry.key != key:  # another text with the same name, or version
            return None
        return entry.registry, entry.keys, entry.lengths

    def put(
        self, text: str, registry: Registry, keys: tuple[str, ...] | None, lengths: dict[str, int]
    ) -> None:
        """Keep the registry of `text`, written whole or not at all; failures are ignored
        (a cache that cannot be written is only slower)."""
        if len(text) < self.min_chars:
            return
        key = self.key(text)
        # Each custom value once: the loader makes one object per distinct text ("2024").
        seen: dict[int, str] = {}

        def hook(value: object) -> str:
            text = seen.get(id(value))
            if text is None:
                text = seen[id(value)] = _encode_hook(value)
            return text

        try:
            data = msgspec.msgpack.Encoder(enc_hook=hook).encode(
                _Entry(key, registry, keys, lengths)
            )
        except (NotImplementedError, TypeError, ValueError):
            return
        write_entry(self.directory, f"{key[:64]}.msgpack", data)
