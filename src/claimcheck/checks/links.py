"""L: does every source URL still answer? Findings from the link engine's results."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from claimcheck.checks.base import LINKS, Check, CheckContext
from claimcheck.findings import ClaimState, Family, Finding, Rule, Severity
from claimcheck.links.model import (
    MALFORMED,
    LinkResult,
    LinkRun,
    Skip,
    Verdict,
    credentials,
    redact,
)
from claimcheck.model import Registry, Source

FAMILY = Family("L", "links", marks=ClaimState.FAILING_SOURCE)

L001 = FAMILY.rule(
    "L001",
    "link-dead",
    Severity.ERROR,
    "A source's URL is gone: 404, 410, or a host name that does not exist.",
    "The server says the page does not exist (404 Not Found, 410 Gone), or the host name "
    "does not resolve. A dead citation fails CI by default. If the source has an "
    "`archive_url`, cite that; if not, find an archived copy (the Wayback Machine) from "
    "before the source's `accessed` date.",
    "Use the source's `archive_url`, or find and add one, or correct the URL.",
    source_gone=True,
)
L002 = FAMILY.rule(
    "L002",
    "link-soft-404",
    Severity.ERROR,
    "A source's URL answers 200 with an error page, or redirects to the site's front page or "
    "an error page.",
    "The server answers 200, but the page is not the document: after a redirect to its home "
    "page or to a page named like an error page; or a page whose title or first heading is "
    "wholly an error phrase ('Page not found', 'Error 404', 'Seite nicht gefunden', "
    "'ページが見つかりません', in 20 languages; the text of the page is never searched); or the "
    "very page the site answers for a random path beside it, which cannot exist. The "
    'document the citation points to is gone, though the site is not (a "soft 404").',
    "Find where the document moved, or cite an archived copy.",
    source_gone=True,
)
L003 = FAMILY.rule(
    "L003",
    "link-redirected",
    Severity.NOTE,
    "A source's URL permanently redirects (301/308) to another address.",
    "The link still works, but the publisher has moved the page for good; citations should "
    "use the new address before the old one stops redirecting.",
    "Update the source's `url` to the address given.",
)
L004 = FAMILY.rule(
    "L004",
    "link-blocked",
    Severity.WARNING,
    "A source's server refused the check (a bot wall, a paywall, a login).",
    "401, 402, 403, 451, LinkedIn's 999, a Cloudflare challenge (403 with cf-mitigated), "
    "or an AWS WAF challenge (202 with x-amzn-waf-action). The page may be fine for a "
    "person with a browser; the check cannot tell. Reported as a warning, not a failure "
    "(`--strict` makes it an error).",
    "Check the page in a browser; set GITHUB_TOKEN for GitHub; or exclude the host.",
    strict=True,
)
L005 = FAMILY.rule(
    "L005",
    "link-rate-limited",
    Severity.WARNING,
    "A source's server kept answering 429 Too Many Requests.",
    "The server asked claimcheck to slow down (429), and still did after the retries, or "
    "asked it to wait longer than `max-retry-after`. Nothing is known about the page.",
    "Lower the host's concurrency or raise its interval in [tool.claimcheck.links.hosts].",
    strict=True,
)
L006 = FAMILY.rule(
    "L006",
    "link-timeout",
    Severity.WARNING,
    "A source's server did not answer in time, on every attempt.",
    "The request timed out (`timeout`, 20 s unless set) each time it was tried. The server "
    "may be down for now or very slow; one slow run is not proof the citation is dead.",
    "Try again later; raise `timeout` for slow hosts.",
    strict=True,
)
L007 = FAMILY.rule(
    "L007",
    "link-error",
    Severity.WARNING,
    "Checking a source's URL failed: TLS, connection, protocol, or a server error.",
    "An invalid certificate, a refused or reset connection, a redirect loop, too many "
    "redirects, or a 5xx answer that persisted through the retries. The message gives the "
    "reason.",
    "Read the reason; a persistent error usually means the URL or the site changed. A "
    "malformed URL (`http://[/`, `http://a..b/`, a port over 65535) is an error: no request "
    "can ever be made for it, so the citation is broken whatever the network does.",
    strict=True,
)
L008 = FAMILY.rule(
    "L008",
    "links-not-checked",
    Severity.WARNING,
    "Some links were not checked: no network, the run's time budget ran out, or a host's "
    "max-per-host was reached.",
    "A host name that does not resolve is dead only on the open internet. When one fails, "
    "the run resolves several unrelated public names (`probe-names`) and connects to one; "
    "unless 3 of them resolve to public addresses and a connection succeeds, the network is "
    "not the open internet (no network, an allowlist, a proxy's DNS, a sandbox), and the "
    "links whose names failed are skipped with one warning, not reported dead. A resolver "
    "that fails to answer (SERVFAIL, a timeout) never makes a link dead. Links still "
    "waiting when `--max-runtime` runs out are skipped too, and counted here; so are the "
    "links beyond a host's `max-per-host`, counted per host, which are first in line next "
    "run (with the cache).",
    "Run with a network (or `--offline` to use only the cache), raise --max-runtime or "
    "max-per-host (or run again: the links left are checked next), or, on a network whose "
    'own DNS is authoritative (an air-gapped mirror), set `network = "open"`.',
    unmarked="no source failed: its links were not checked (no network, time, host budget)",
)
L009 = FAMILY.rule(
    "L009",
    "link-private-address",
    Severity.WARNING,
    "A source's URL points at a private, loopback or link-local address, and was refused.",
    "So that a registry from an untrusted pull request cannot make CI probe internal "
    "services, such addresses are refused, directly, after DNS resolution and in redirects. "
    "`--allow-private` permits them (for intranet sources and test servers), except "
    "link-local and cloud metadata addresses (169.254.169.254, fd00:ec2::254), which it never "
    "opens: they hand out the CI machine's credentials.",
    "Use a public URL, or pass --allow-private if this is intended.",
)

L010 = FAMILY.rule(
    "L010",
    "link-credentials",
    Severity.ERROR,
    "A source's URL carries a user name or password before its host.",
    "`https://editor:secret@intranet.example/report`: whoever can read the registry (a "
    "public repository, every CI log, every report) has the password. claimcheck never "
    "sends it: the URL is checked without it, and every report shows it as `****` "
    "(`editor:****@`; a user name alone, often a token, as `****@`).",
    "Remove the user name and password from the URL, and change the password: it has been "
    "published with the registry.",
    unmarked="a password in a URL says nothing of whether the source supports its claims",
)

L011 = FAMILY.rule(
    "L011",
    "archive-link-failing",
    Severity.ERROR,
    "A source's `archive_url` fails (dead, an error page, blocked, unreachable), and the "
    "source has a `url` of its own.",
    "The archived copy is the source's spare, kept for the day its page goes: the claims "
    "rest on the `url`, which is checked and reported on its own (L001-L007). This copy is "
    "itself dead, an error page, blocked or unreachable, so it would not stand in when the "
    "page goes. The finding has the level the same answer has for a `url`: dead, a soft 404 "
    "or a malformed URL is an error; blocked, rate-limited, timed out or failing a warning "
    "(an error with `--strict`). It marks no claim. A source with no `url` has only its "
    "archived copy, whose failure is L001-L007 and marks the claims that cite it.",
    "Find another capture (e.g. on web.archive.org) and replace `archive_url`, or remove it.",
    unmarked="a source's claims rest on its `url`, checked on its own: its spare copy failing "
    "says nothing of whether they are supported",
)

RULES = (L001, L002, L003, L004, L005, L006, L007, L008, L009, L010, L011)

_RULE_OF = {
    Verdict.DEAD: L001,
    Verdict.SOFT_404: L002,
    Verdict.REDIRECTED: L003,
    Verdict.BLOCKED: L004,
    Verdict.RATE_LIMITED: L005,
    Verdict.TIMEOUT: L006,
    Verdict.ERROR: L007,
}


def rule_of(result: LinkResult) -> Rule | None:
    """The rule a result breaks, if any."""
    if result.verdict is Verdict.SKIPPED:
        return L009 if result.skip is Skip.PRIVATE else None
    return _RULE_OF.get(result.verdict)


def severity_of(result: LinkResult, strict: bool = False) -> Severity | None:
    """The level of the finding this result makes (None: no finding), as `run` reports it.

    `links --urls` takes its exit code from this, so a URL list and a registry fail alike.
    """
    rule = rule_of(result)
    if rule is None:
        return None
    if result.error is not None and result.error.startswith(MALFORMED):
        return Severity.ERROR
    return Severity.ERROR if strict and rule.strict else rule.severity


def _links(n: int) -> str:
    return f"{n} link" if n == 1 else f"{n} links"


def source_urls(registry: Registry) -> list[str]:
    """Every URL the registry's sources give, in order, once each."""
    urls = [u for s in registry.sources for u in (s.url, s.archive_url) if u]
    return list(dict.fromkeys(urls))


def run(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    """A finding for each source URL that is not plainly alive."""
    links = ctx.links
    if links is None:
        return
    unchecked = sum(1 for r in links.results.values() if r.skip is Skip.NO_NETWORK)
    if links.network_unavailable:
        yield Finding(
            L008,
            f"{_links(unchecked)} not checked: host names did not resolve and the resolver "
            f"does not answer for public names ({links.network_seen}): not reported dead",
            ("sources",),
        )
    if links.out_of_time:
        yield Finding(
            L008, f"--max-runtime reached: {_links(links.out_of_time)} not checked", ("sources",)
        )
    if links.carried:
        yield from _carried(registry, links)
    statuses = Counter(
        (r.host, r.status) for r in links.results.values() if r.verdict is Verdict.BLOCKED
    )
    for i, source in enumerate(registry.sources):
        for field in ("url", "archive_url"):
            url = getattr(source, field)
            if url and credentials(url):
                yield Finding(
                    L010,
                    f"{field} {redact(url)} carries a user name or password (never sent; "
                    "shown as ****)",
                    ("sources", i, field),
                    source=source.id,
                )
            result = links.results.get(url) if url else None
            if result is not None:
                archive = (
                    links.results.get(source.archive_url)
                    if field == "url" and source.archive_url
                    else None
                )
                yield from _finding(source, i, field, result, statuses, ctx, archive)


#: Hosts named in the L008 of links carried to the next run; the others are counted.
SHOWN_HOSTS = 5


def _carried(registry: Registry, links: LinkRun) -> Iterator[Finding]:
    """One L008 for this registry's links left to the next run by `max-per-host`, per host."""
    hosts = Counter(
        result.host
        for url in source_urls(registry)
        if (result := links.results.get(url)) is not None and result.skip is Skip.BUDGET
    )
    if not hosts:
        return
    limit = "" if links.max_per_host is None else f" {links.max_per_host}"
    ranked = sorted(hosts.items(), key=lambda item: (-item[1], item[0]))
    each = ", ".join(f"{host or '(no host)'}: {n}" for host, n in ranked[:SHOWN_HOSTS])
    if len(ranked) > SHOWN_HOSTS:
        more = len(ranked) - SHOWN_HOSTS
        each += f" and {more} more host{'s' if more > 1 else ''}"
    yield Finding(
        L008,
        f"max-per-host{limit} reached: {_links(hosts.total())} not checked, left for the next "
        f"run ({each})",
        ("sources",),
    )


#: Redirects that say a page has moved for good: its new address is the one to cite.
PERMANENT = frozenset({301, 308})


def moved_to(result: LinkResult) -> str | None:
    """Where the URL has moved for good: the target of the last of the permanent redirects
    (301, 308) its chain starts with, which is the next hop's URL, or the final URL when the
    permanent hop is the last. A temporary redirect after it (301 -> /b, 302 -> /c) is not
    where the page lives: /b is, and /b is what to cite. None when the chain does not start
    with a permanent redirect."""
    hops = result.redirects
    moved = None
    for n, hop in enumerate(hops):
        if hop.status not in PERMANENT:
            break
        moved = hops[n + 1].url if n + 1 < len(hops) else result.final_url
    return moved


def _finding(
    source: Source,
    i: int,
    field: str,
    result: LinkResult,
    statuses: Counter[tuple[str, int | None]],
    ctx: CheckContext,
    archive: LinkResult | None = None,
) -> Iterator[Finding]:
    """The finding of one of `source`'s URLs (`field`), if its `result` makes one; `archive`
    is the result of the source's `archive_url` when `field` is its `url`."""
    path = ("sources", i, field)
    rule = rule_of(result)
    level = severity_of(result, ctx.strict_links)
    if rule is None or level is None:
        return
    # A password in a URL is never shown (L010 says it is there).
    url = redact(result.url)
    if rule is L009:
        yield Finding(L009, f"{field} {url}: {redact(result.error or '')}", path, source=source.id)
        return
    what = result.error or (f"HTTP {result.status}" if result.status else result.verdict.value)
    message = f"{field} {url}: {result.verdict.value} ({redact(what)})"
    hint = None
    if result.verdict is Verdict.REDIRECTED:
        final = redact(result.final_url or "")
        moved = redact(moved_to(result) or result.final_url or "")
        message = f"{field} {url} moved permanently to {moved}"
        if moved != final:
            message += f" (which redirects on, temporarily, to {final})"
        hint = f"update the citation to {moved}"
    elif field == "archive_url" and source.url:
        # The spare copy: the claims rest on the `url`, reported on its own.
        hint = _archive_hint(result, statuses)
        yield Finding(
            L011,
            f"{message}: the archived copy of the source's url is broken",
            path,
            source=source.id,
            hint=hint,
            severity=level if level is not L011.severity else None,
        )
        return
    elif result.verdict in (Verdict.DEAD, Verdict.SOFT_404):
        if field == "url" and source.archive_url:
            spare = redact(source.archive_url)
            if archive is not None and archive.verdict not in (Verdict.SKIPPED, *CITABLE):
                hint = (
                    f"its archived copy {spare} fails too ({archive.verdict.value}): find "
                    "another capture (e.g. web.archive.org) and replace `archive_url`"
                )
            else:
                hint = f"cite the archived copy: {spare}"
        else:
            hint = "find an archived copy (e.g. web.archive.org) and add it as `archive_url`"
    elif result.verdict is Verdict.BLOCKED:
        hint = _blocked_hint(result, statuses)
    severity = level if level is not rule.severity else None
    yield Finding(rule, message, path, source=source.id, hint=hint, severity=severity)


#: Verdicts of a URL that can be cited as it is (an archived copy that moved still answers).
CITABLE = (Verdict.ALIVE, Verdict.REDIRECTED)


def _blocked_hint(result: LinkResult, statuses: Counter[tuple[str, int | None]]) -> str:
    count = statuses[(result.host, result.status)]
    host = result.host
    hint = f"{host} answered {result.status} x{count}"
    if host.endswith("github.com") and result.status in (401, 403, 429):
        return hint + ": set GITHUB_TOKEN"
    return hint + ": check it in a browser, or exclude the host"


def _archive_hint(result: LinkResult, statuses: Counter[tuple[str, int | None]]) -> str:
    """What to do about an archived copy that fails (L011)."""
    if result.verdict is Verdict.BLOCKED:
        return _blocked_hint(result, statuses)
    if result.verdict in (Verdict.TIMEOUT, Verdict.RATE_LIMITED) or (
        result.verdict is Verdict.ERROR and not (result.error or "").startswith(MALFORMED)
    ):
        return "check it again later; if it keeps failing, replace `archive_url` or remove it"
    return "find another capture (e.g. web.archive.org) and replace `archive_url`, or remove it"


CHECK = Check("links", RULES, run, needs=frozenset({LINKS}))
