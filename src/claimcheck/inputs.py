"""What a run may gather for its checks, besides the registry and today's date."""

from __future__ import annotations

#: What a check may need gathered before it runs, besides the registry and today's date.
LINKS = "links"  # the sources' URLs checked (the network, or the link cache)
PAGE = "page"  # the published page read
SNAPSHOTS = "snapshots"  # the sources' snapshots read from disk
INPUTS = frozenset({LINKS, PAGE, SNAPSHOTS})
