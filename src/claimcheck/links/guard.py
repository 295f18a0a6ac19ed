"""Refuse private, loopback and link-local addresses, after DNS resolution.

A registry from an untrusted pull request must not make CI probe internal services, directly
or through a redirect, and a name that resolves to a private address (DNS rebinding) is
refused at connection time, where aiohttp asks this resolver.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver


class PrivateAddressError(OSError):
    """The host is (or resolves only to) a private, loopback or link-local address."""


def is_private(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def literal_private(host: str) -> bool:
    """An IP literal host (`127.0.0.1`, `[::1]`) that is private."""
    return is_private(host.strip("[]"))


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
