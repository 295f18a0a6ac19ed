"""A cache of validated registries, keyed by the hash of their text, for repeated local runs
(`verify`, `scan`, `list`, `show`, shards) of a large registry.

Parsing and validating a registry of 100,000 claims takes about two seconds; decoding the
validated structs from msgpack takes a quarter of that (bench/registry_scale.py). An entry is
used only for the very text it was made from, by the very code that made it: the key holds
the text's hash, and a fingerprint of the registry model and of the loader's source. Only
registries that loaded with no finding are kept (a run of an invalid registry reads it again,
to locate each problem).

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
from typing import Any

import msgspec

from claimcheck.dates import Duration, PartialDate, Period
from claimcheck.model import Registry

#: Below this size a registry parses in less time than an entry takes to write and read.
MIN_CHARS = 1 << 20
#: Entries kept; the oldest read are removed first.
MAX_ENTRIES = 8
#: An entry is far smaller than its text: more is not one of ours.
MAX_ENTRY_BYTES = 512 * 1024 * 1024
#: The modules whose code decides what a registry's text loads as.
_MODULES = ("model", "dates", "values", "loader", "registry_cache")


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
    """What the structs an entry holds depend on: the tool's version, msgspec's, the model's
    fields and types, and the source of the modules that read a registry."""
    import msgspec.inspect

    from claimcheck import __version__

    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__, msgspec.__version__, repr(msgspec.inspect.type_info(Registry))):
        digest.update(part.encode())
    package = Path(__file__).parent
    for name in _MODULES:
        digest.update((package / f"{name}.py").read_bytes())
    return digest.hexdigest()


def _encode_hook(value: object) -> str:
    if isinstance(value, PartialDate | Period | Duration):
        return str(value)  # read back by the loader's hook, as the registry writes them
    raise NotImplementedError(type(value).__name__)


class RegistryCache:
    """Validated registries by their text's hash, in one directory."""

    def __init__(self, directory: Path, *, min_chars: int = MIN_CHARS) -> None:
        self.directory = directory
        self.min_chars = min_chars

    def key(self, text: str) -> str:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32)
        return f"{digest.hexdigest()}-{_fingerprint()}"

    def get(
        self, text: str, hook: Any
    ) -> tuple[Registry, tuple[str, ...] | None, dict[str, int]] | None:
        """The registry of `text` and its shape, if an entry holds them; `hook` decodes the
        registry's own scalar types (the loader's)."""
        if len(text) < self.min_chars:
            return None
        from claimcheck.errors import ClaimcheckError
        from claimcheck.files import read_regular

        key = self.key(text)
        path = self.directory / f"{key[:64]}.msgpack"
        try:
            raw = read_regular(path, "cache entry", MAX_ENTRY_BYTES, follow=False)
            entry = msgspec.msgpack.decode(raw, type=_Entry, dec_hook=hook)
        except (OSError, ClaimcheckError, msgspec.DecodeError, ValueError, TypeError):
            return None
        if entry.key != key:  # another text with the same name, or another version's
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # read: kept the longest
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
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(temporary, self.directory / f"{key[:64]}.msgpack")
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self._prune()
        except (OSError, NotImplementedError, TypeError, ValueError):
            return

    def _prune(self) -> None:
        entries = []
        for path in self.directory.glob("*.msgpack"):
            try:
                entries.append((path.stat().st_mtime, path))
            except OSError:
                continue
        entries.sort(reverse=True)
        for _, path in entries[MAX_ENTRIES:]:
            path.unlink(missing_ok=True)
