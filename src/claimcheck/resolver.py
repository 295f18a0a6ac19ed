"""Refuse private, loopback and link-local addresses, after DNS resolution.

A registry from an untrusted pull request must not make CI probe internal services, directly
or through a redirect. A name that resolves only to private addresses (DNS rebinding) is
refused here, where aiohttp asks this resolver, with a message naming the host; the socket
factory of `HttpEdge.session` then checks every address actually connected to (IP literals
never reach a resolver), so nothing depends on this resolver alone.

Apart from claimcheck.http because it imports aiohttp, which only `HttpEdge.session` loads.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from claimcheck.http import NEVER_OPENED, REFUSED, PrivateAddressError, is_metadata


class PublicOnlyResolver(AbstractResolver):
    """Resolves like `inner` (aiohttp's default resolver unless given), then drops the
    addresses `refused` names."""

    def __init__(
        self, refused: Callable[[str], bool], inner: AbstractResolver | None = None
    ) -> None:
        self._inner = inner if inner is not None else DefaultResolver()
        self._refused = refused

    async def resolve(
        self, host: str, port: int = 0, family: Any = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        public = [r for r in found if not self._refused(r["host"])]
        if not public:
            if found and all(is_metadata(r["host"]) for r in found):
                raise PrivateAddressError(f"{REFUSED}: {host} resolves only to a {NEVER_OPENED}")
            raise PrivateAddressError(f"{REFUSED}: {host} resolves only to private addresses")
        return public

    async def close(self) -> None:
        await self._inner.close()
