"""Refuse private, loopback and link-local addresses, after DNS resolution.

A registry from an untrusted pull request must not make CI probe internal services, directly
or through a redirect, and a name that resolves to a private address (DNS rebinding) is
refused at connection time, where aiohttp asks this resolver. IP literals never reach a
resolver: `HttpEdge.refuses` checks those before each request.

Apart from claimcheck.http because it imports aiohttp, which only `HttpEdge.session` loads.
"""

from __future__ import annotations

import socket
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from claimcheck.http import PrivateAddressError, is_private


class PublicOnlyResolver(AbstractResolver):
    """Resolves like aiohttp's default resolver, then drops private addresses."""

    def __init__(self) -> None:
        self._inner = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: Any = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        public = [r for r in found if not is_private(r["host"])]
        if not public:
            raise PrivateAddressError(f"{host} resolves only to private addresses")
        return public

    async def close(self) -> None:
        await self._inner.close()
