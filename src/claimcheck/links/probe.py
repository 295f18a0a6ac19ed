"""Does this resolver answer for the open internet? Only then is a missing name a dead link.

A host name that does not resolve is dead only on a network whose resolver answers for the
whole internet. Behind an allowlist, a corporate proxy's DNS or a sandbox, some names resolve
and the rest fail the same way a name that does not exist fails: those links are not checked
(L008), never reported dead (L001). The evidence is gathered once per run, and only when a
name failed: several unrelated public names (`probe_names`) must resolve to public addresses
(`QUORUM` of them, distinct answers) and a connection to one of them must succeed.

A resolver failure (SERVFAIL, a timeout, a refused query: EAI_AGAIN, EAI_FAIL) is never
"dead", whatever the evidence: the name may well exist.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from claimcheck.http import is_private

#: How many probe names must resolve, each to public addresses of its own.
QUORUM = 3
#: How long the probe may take in all (resolving, then connecting); it runs only after a
#: name failed, so a clean run never waits for it.
PROBE_TIMEOUT = 5.0
#: The port the probe connects to on a probe name's address.
PROBE_PORT = 443

#: getaddrinfo's "the name does not exist" and "it has no address"; anything else (EAI_AGAIN,
#: EAI_FAIL, EAI_SYSTEM...) is the resolver failing.
_NO_SUCH_NAME = frozenset(
    code
    for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None))
    if code is not None
)
#: c-ares (aiohttp's resolver when aiodns is installed): ARES_ENODATA, ARES_ENOTFOUND.
_ARES_NO_SUCH_NAME = frozenset({1, 4})

#: Resolves a name to its addresses; raises OSError when it cannot.
Resolve = Callable[[str], Awaitable[Sequence[str]]]
#: Opens (and closes) a TCP connection to an address and port; raises OSError when it cannot.
Connect = Callable[[str, int], Awaitable[None]]


def no_such_name(error: BaseException) -> bool:
    """Whether a resolver error says the name does not exist (NXDOMAIN, or no address), as
    opposed to the resolver failing to answer (SERVFAIL, a timeout, a refusal)."""
    errno = getattr(error, "errno", None)
    if errno in _NO_SUCH_NAME:
        return True
    cause = error.__cause__  # aiohttp's AsyncResolver: OSError(None, msg) from aiodns's error
    if errno is None and cause is not None and cause.args:
        return cause.args[0] in _ARES_NO_SUCH_NAME
    return False


@dataclass(frozen=True)
class Evidence:
    """Whether the resolver is shown to answer for the open internet, and what was seen."""

    open: bool
    #: One clause for a message: "1 of 5 probe names resolved: pypi.org".
    seen: str


async def probe(
    names: Sequence[str],
    resolve: Resolve,
    connect: Connect,
    *,
    timeout: float = PROBE_TIMEOUT,
    port: int = PROBE_PORT,
) -> Evidence:
    """Resolve every probe name at once; with `QUORUM` (or all, when fewer are given) resolved
    to public addresses no other name gave, try connecting to each until one answers."""
    need = min(QUORUM, len(names))
    if need == 0:
        return Evidence(False, "no probe names are configured")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout

    async def public(name: str) -> list[str]:
        try:
            found = await resolve(name)
        except (OSError, ValueError):
            return []
        # A private or reserved answer (a sinkhole, a proxy's own address) is not the internet;
        # and only public addresses are ever connected to, whatever the configured names.
        return [a for a in dict.fromkeys(found) if not is_private(a)]

    try:
        answers = await asyncio.wait_for(
            asyncio.gather(*(public(n) for n in names)), max(0.0, deadline - loop.time())
        )
    except TimeoutError:
        return Evidence(False, f"the probe names did not resolve within {timeout:g} s")
    counted: list[tuple[str, list[str]]] = []
    given: set[str] = set()
    for name, addresses in zip(names, answers, strict=True):
        if addresses and not set(addresses) <= given:  # one answer for every name is one name
            counted.append((name, addresses))
            given.update(addresses)
    resolved = f"{len(counted)} of {len(names)} probe names resolved"
    if counted:
        resolved += f": {', '.join(n for n, _ in counted)}"
    if len(counted) < need:
        return Evidence(False, resolved)
    for _, addresses in counted:
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        try:
            await asyncio.wait_for(connect(addresses[0], port), remaining)
        except (OSError, TimeoutError):
            continue
        return Evidence(True, resolved)
    return Evidence(False, f"{resolved}, but none could be connected to")


async def open_connection(address: str, port: int) -> None:
    """Connect to `address` and close at once: the probe's proof of a route out."""
    _, writer = await asyncio.open_connection(address, port)
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
