"""Bot walls and challenge pages: an answer that is a gate, not the source.

Challenge pages have moved to ordinary statuses: Anubis and Cloudflare answer 200 (or 403,
503) with a script page, DataDome and PerimeterX 403 with a captcha. Read as the source, such
a page makes every quote "not in the source"; checked as a link, it looks alive. Each wall is
told by what it must send for its challenge to work: a response header it sets, or a marker
its page cannot do without (its script's path, its form's id), never by words a real page
could also carry.

No maintained rule set fits: WAF fingerprinters (wafw00f) tell that a site sits behind a
firewall, which most healthy sites do, not that this answer is a challenge. This table is
ours; each entry says where its markers come from, and tests/test_challenges.py holds a page
of each kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

#: How much of a body is looked at: every wall's markers are in its page's first kilobytes.
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Wall:
    name: str
    #: Response headers (lower-case name -> a pattern its value matches) any of which is it.
    headers: tuple[tuple[str, str], ...] = ()
    #: Patterns of the page any of which is it (searched in the first HEAD_BYTES).
    markers: tuple[str, ...] = ()


WALLS = (
    # Cloudflare's managed challenge and "Just a moment..." interstitial: the `cf-mitigated`
    # header (documented by Cloudflare for challenge responses), or its challenge platform's
    # script and options object in the page.
    # (Not the challenge platform's path alone: Cloudflare's JavaScript detections inject
    # `/cdn-cgi/challenge-platform/scripts/jsd/main.js` into ordinary pages.)
    Wall(
        "Cloudflare",
        headers=(("cf-mitigated", r"(?i)^challenge$"),),
        markers=(r"window\._cf_chl_opt\b", r"/cdn-cgi/challenge-platform/h/[a-z]/orchestrate/"),
    ),
    # Anubis (TecharoHQ/anubis): its challenge page loads its own script from
    # /.within.website/x/cmd/anubis/ and embeds the challenge as JSON with id anubis_challenge.
    Wall("Anubis", markers=(r"/\.within\.website/x/cmd/anubis/", r"id=[\"']anubis_challenge[\"']")),
    # DataDome: its captcha frame's host. (Not its `x-datadome` header, which protected sites
    # send on ordinary answers too.)
    Wall("DataDome", markers=(r"geo\.captcha-delivery\.com", r"ct\.captcha-delivery\.com")),
    # PerimeterX / HUMAN: the block page's captcha element. (Not `_pxAppId`: its sensor
    # script sets that on every protected page.)
    Wall("PerimeterX", markers=(r"id=[\"']px-captcha[\"']",)),
    # Akamai Bot Manager's "Access Denied" page: that title, and its reference link.
    Wall("Akamai", markers=(r"(?is)<title>\s*Access Denied\s*</title>.*errors\.edgesuite\.net",)),
    # Imperva (Incapsula): its resource path and incident id.
    Wall("Imperva", markers=(r"/_Incapsula_Resource\b", r"Incapsula incident ID")),
    # AWS WAF's CAPTCHA and challenge actions set this header.
    Wall("AWS WAF", headers=(("x-amzn-waf-action", r"(?i)^(captcha|challenge)$"),)),
    # Vercel's security checkpoint.
    Wall("Vercel", headers=(("x-vercel-mitigated", r"(?i)^challenge$"),)),
    # Sucuri's firewall block page.
    Wall("Sucuri", headers=(("x-sucuri-block", r".*"),), markers=(r"sucuri\.net/privacy-policy",)),
)

#: A wall's page is a gate with little to read; a page with more text than this is a page
#: (an article that mentions a wall's marker, a page carrying a wall's sensor script).
MAX_WALL_TEXT = 2000
_TAGS = re.compile(r"(?is)<(script|style)\b.*?</\1\s*>|<[^>]*>")

_HEADERS = tuple((wall, name, re.compile(value)) for wall in WALLS for name, value in wall.headers)
_MARKERS = tuple((wall, re.compile(marker)) for wall in WALLS for marker in wall.markers)


def challenge(headers: Mapping[str, str], body: bytes | str = b"") -> str | None:
    """The name of the wall this answer is ("Cloudflare"), or None when it is none."""
    lowered = {name.lower(): value for name, value in headers.items()}
    for wall, name, value in _HEADERS:
        got = lowered.get(name)
        if got is not None and value.search(got):
            return wall.name
    if not body:
        return None
    text = body[:HEAD_BYTES]
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if len(body) > HEAD_BYTES or len(" ".join(_TAGS.sub(" ", text).split())) > MAX_WALL_TEXT:
        return None
    for wall, marker in _MARKERS:
        if marker.search(text):
            return wall.name
    return None
