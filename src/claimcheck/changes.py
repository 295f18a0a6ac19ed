"""`--changed-only REF`: check the claims and sources whose lines changed, and show what the
change caused: their findings, and the findings of relations that are new since REF."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from claimcheck.errors import ConfigError
from claimcheck.findings import Report
from claimcheck.loader import LoadedRegistry

if TYPE_CHECKING:
    from claimcheck.registry_cache import RegistryCache

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
#: Ids a removed line named: the sources it cited, the source it relayed.
_NAMED = re.compile(r"\b(?:source|relay_of)\s*:\s*['\"]?([a-z][a-z0-9_]*)")
#: The registry's fields besides its entries: every claim reads them (page, defaults).
_ENTRY_LISTS = ("claims", "sources", "constraints", "ignore")
#: An anchor (`&name`) where a YAML node may start; what is not one only costs a parse.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
#: What PyYAML refuses and yaml-rs reads: replaced one for one, so its marks keep their lines.
_UNPRINTABLE = re.compile(r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Line breaks PyYAML counts and git does not (git counts `\n` alone): its marks' lines
#: would not be git's.
_OTHER_BREAKS = re.compile(r"\r(?!\n)|[\x85\u2028\u2029]")
#: The modes of a regular file in a git tree.
_REGULAR = ("100644", "100755")


def _git(
    where: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """git run in the folder `where`; its output as bytes (a registry at REF may not be
    UTF-8). Replacement objects (`refs/replace`) are not used: the objects are REF's own."""
    try:
        return subprocess.run(
            ["git", *args],
            cwd=where,
            input=stdin,
            capture_output=True,
            check=False,
            timeout=120,
            env=env or {**os.environ, "GIT_NO_REPLACE_OBJECTS": "1", "GIT_LITERAL_PATHSPECS": "1"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"--changed-only: cannot run git: {exc}") from None


def _text(output: bytes) -> str:
    return output.decode("utf-8", "replace")


def _commit(path: Path, ref: str) -> str:
    """The commit `ref` names in the repository `path` is in; a ConfigError unless it names
    one."""
    if not ref or ref.startswith("-"):
        # git would read it as an option (`--output=FILE` writes a file).
        raise ConfigError(
            f"--changed-only: {ref!r} is not a git ref",
            hint="give a commit, branch or tag, e.g. origin/main",
        )
    inside = _git(path.parent, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or _text(inside.stdout).strip() != "true":
        raise ConfigError(
            "--changed-only: the registry is not in a git repository",
            file=str(path),
            hint="run it in a checkout, or leave out --changed-only",
        )
    # One commit: a range ("A..B") compares two commits, not the file as it is now.
    found = _git(
        path.parent, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"
    )
    commit = _text(found.stdout).strip()
    if found.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40}(?:[0-9a-f]{24})?", commit):
        raise ConfigError(
            f"--changed-only {ref}: not a commit of the repository the registry is in",
            file=str(path),
            hint="give one commit, branch or tag (e.g. origin/main), not a range",
        )
    return commit


class _Entry(NamedTuple):
    """A file in REF's tree: its mode and its object's id."""

    mode: str
    kind: str
    id: str

    @property
    def regular(self) -> bool:
        return self.kind == "blob" and self.mode in _REGULAR


@dataclass(frozen=True)
class _Repository:
    """The repository the registry is in, and the commit REF names: what its files were
    there, read from git's objects as bytes (no attribute, filter, text conversion, external
    diff or line-ending setting of the repository changes them)."""

    root: Path
    ref: str
    commit: str

    @classmethod
    def of(cls, path: Path, ref: str) -> _Repository:
        commit = _commit(path, ref)
        top = _git(path.parent, "rev-parse", "--show-toplevel")
        if top.returncode != 0:
            raise ConfigError(
                "--changed-only: the registry is not in a git repository's work tree",
                file=str(path),
                hint="run it in a checkout, or leave out --changed-only",
            )
        return cls(Path(os.fsdecode(top.stdout).removesuffix("\n")).resolve(), ref, commit)

    def relative(self, path: Path) -> str | None:
        """The path of the file (a link's target) from the repository's root; None outside
        it."""
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            return None
        if not real.is_relative_to(self.root):
            return None
        rel = real.relative_to(self.root).as_posix()
        return "" if rel == "." else rel

    def entries(self, *paths: str) -> dict[str, _Entry]:
        """What REF's tree holds at these paths (a folder's files for `folder/`), by path."""
        listed = _git(
            self.root, "ls-tree", "-z", "--full-tree", "--end-of-options", self.commit, "--", *paths
        )
        if listed.returncode != 0:
            raise ConfigError(
                f"--changed-only {self.ref}: git ls-tree failed: "
                + (_text(listed.stderr).strip().splitlines() or ["no reason given"])[-1],
                file=str(self.root),
            )
        out: dict[str, _Entry] = {}
        for record in listed.stdout.split(b"\0"):
            head, tab, name = record.partition(b"\t")
            parts = head.split(b" ")
            if tab and len(parts) == 3:
                mode, kind, ident = (p.decode("ascii", "replace") for p in parts)
                out[os.fsdecode(name)] = _Entry(mode, kind, ident)
        return out

    def entry(self, rel: str) -> _Entry | None:
        return self.entries(rel).get(rel) if rel else None

    def blobs(self, ids: list[str]) -> list[bytes]:
        """The contents of these blobs, in order."""
        if not ids:
            return []
        shown = _git(
            self.root, "cat-file", "--batch", stdin="".join(f"{i}\n" for i in ids).encode()
        )
        out: list[bytes] = []
        data, at = shown.stdout, 0
        for _ in ids:
            end = data.find(b"\n", at)
            head = data[at:end].split(b" ") if end >= 0 else []
            if shown.returncode != 0 or len(head) != 3 or head[1] != b"blob":
                raise ConfigError(f"--changed-only {self.ref}: git cat-file could not read a blob")
            size = int(head[2])
            out.append(data[end + 1 : end + 1 + size])
            at = end + 1 + size + 1
        return out

    def blob(self, rel: str) -> bytes | None:
        """The file's bytes at REF, or None when it is not a file there."""
        found = self.entry(rel)
        if found is None or not found.regular:
            return None
        return self.blobs([found.id])[0]


def _object_id(data: bytes, like: str) -> str:
    """The id git gives a blob of these bytes, in the hash its ids (`like`) are written in."""
    import hashlib

    digest = hashlib.new("sha256" if len(like) == 64 else "sha1")
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def _diff(before: bytes, after: bytes) -> tuple[set[int], list[str]]:
    """Lines of `after` added or changed against `before`, and the lines removed.

    git's diff of the two texts as bytes (`--text`), run on copies in a folder outside any
    repository with no config (system, global or the repository's): what the repository
    says of the file (`-diff`, `binary`, a textconv driver, `diff.external`, `eol`,
    `core.autocrlf`) cannot hide or change a line."""
    if before == after:
        return set(), []
    import tempfile

    with tempfile.TemporaryDirectory(prefix="claimcheck-diff-") as folder:
        here = Path(folder)
        (here / "before").write_bytes(before)
        (here / "after").write_bytes(after)
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": folder,
            "XDG_CONFIG_HOME": folder,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_ATTR_NOSYSTEM": "1",
            "GIT_CEILING_DIRECTORIES": str(here.parent),
            "LC_ALL": "C",
        }
        args = ("diff", "--no-index", "--text", "--no-textconv", "--no-ext-diff", "--no-color")
        result = _git(here, *args, "-U0", "--", "before", "after", env=env)
    if result.returncode not in (0, 1):
        reason = (_text(result.stderr).strip().splitlines() or ["git diff failed"])[-1]
        raise ConfigError(f"--changed-only: git diff failed: {reason}")
    lines: set[int] = set()
    removed: list[str] = []
    in_hunk = False
    for line in _text(result.stdout).split("\n"):
        match = _HUNK.match(line)
        if match:
            in_hunk = True
            start, count = int(match[1]), int(match[2] or 1)
            # A pure deletion (count 0) names the line before it: that line and the next are
            # marked, so the entries on both sides of the removed lines count as changed.
            lines.update(range(start, start + max(count, 1)) if count else (start, start + 1))
        elif in_hunk and line.startswith("-"):
            removed.append(line[1:])
    return lines, removed


def _through_aliases(text: str, lines: set[int]) -> set[int] | None:
    """The lines of the aliases (`*name`, a merge key's `<<: *name`) of anchors whose node
    holds a changed line, or an alias of one (to any depth): the value there changed with
    it. None when they cannot be traced (PyYAML cannot read the text, or counts its lines
    otherwise than git)."""
    if not lines or "&" not in text or not _ANCHOR.search(text):
        return set()
    if _OTHER_BREAKS.search(text):
        return None
    import bisect

    import yaml

    ordered = sorted(lines)

    def touched(start: Any, end: Any) -> bool:
        """Whether a changed line is in the node from mark `start` to mark `end`."""
        first, after = _span(start, end)
        at = bisect.bisect_left(ordered, first)
        return at < len(ordered) and ordered[at] < after

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    changed: set[str] = set()  # anchors whose value changed
    found: set[int] = set()
    open_nodes: list[list[Any]] = []  # [anchor, start mark, reached by a changed alias]
    try:
        for event in yaml.parse(_UNPRINTABLE.sub("?", text), Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                if event.anchor in changed:
                    found.add(cast(Any, event.start_mark).line + 1)
                    for node in open_nodes:  # every node around it holds a changed value
                        node[2] = True
            elif isinstance(event, yaml.CollectionStartEvent):
                open_nodes.append([event.anchor, event.start_mark, False])
            elif isinstance(event, yaml.CollectionEndEvent) and open_nodes:
                anchor, start, reached = open_nodes.pop()
                if anchor is not None:
                    # A name anchored again is the new node's from here on.
                    if reached or touched(start, event.end_mark):
                        changed.add(anchor)
                    else:
                        changed.discard(anchor)
            elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                if touched(event.start_mark, event.end_mark):
                    changed.add(event.anchor)
                else:
                    changed.discard(event.anchor)
    except (yaml.YAMLError, AttributeError):  # AttributeError: an event without its marks
        return None
    return found


def _span(start: Any, end: Any) -> tuple[int, int]:
    """A node's 1-based (first line, line after last), from its marks: a block node ends at
    the start of the line after it."""
    last = end.line if end.column == 0 and end.line > start.line else end.line + 1
    return start.line + 1, last + 1


def _item_spans(loaded: LoadedRegistry, key: str) -> list[tuple[int, int]] | None:
    """Each item of the top-level list `key` as a 1-based (first line, line after last)
    range: from the line scan, else (flow style, odd layouts) from PyYAML's marks; None when
    neither places them."""
    spans = loaded.positions.item_lines(key)
    if spans is not None or _OTHER_BREAKS.search(loaded.text):
        return spans
    import yaml

    from claimcheck.positions import compose

    try:
        root = compose(_UNPRINTABLE.sub("?", loaded.text))
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for name, value in root.value:
        if isinstance(name, yaml.ScalarNode) and name.value == key:
            if not isinstance(value, yaml.SequenceNode):
                return None
            return [_span(item.start_mark, item.end_mark) for item in value.value]
    return None


@dataclass(frozen=True)
class Inputs:
    """What a run reads besides the registry and its page that a pull request may change,
    each compared with REF's: the snapshots folder the Q rules read, files read as they are
    (the retractions file), the config files (their claimcheck settings: `claimcheck.toml`,
    or `pyproject.toml`'s [tool.claimcheck]), and the baseline."""

    snapshots: Path | None = None
    files: tuple[tuple[str, Path], ...] = ()
    configs: tuple[Path, ...] = ()
    #: A baseline only hides findings: one not in REF (new, or never committed) hides
    #: nothing REF showed, so only one edited since REF (or not comparable) counts.
    baseline: Path | None = None


def _outside(what: str, path: Path, ref: str) -> str:
    return f"{what} {path} is outside the repository (it cannot be compared with {ref})"


def _file_changed(repo: _Repository, what: str, path: Path, shown: str | None = None) -> str | None:
    """Why the file differs from REF's (changed, not in REF, removed, outside the
    repository), or None; `shown` is how the reason names it (default: its path)."""
    rel = repo.relative(path)
    there = path.is_file()
    if rel is None:
        return _outside(what, path, repo.ref) if there else None
    named = f"{what} {shown or path}"
    found = repo.entry(rel)
    if found is None:
        return f"{named} is not in {repo.ref}" if there else None
    if not there:
        return f"{named} was removed since {repo.ref}"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"{named} cannot be read ({exc.strerror})"
    if not found.regular or not _same(repo, found.id, data):
        return f"{named} changed since {repo.ref}"
    return None


def _lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def _same(repo: _Repository, ident: str, data: bytes, then: bytes | None = None) -> bool:
    """Whether the blob `ident` (its bytes `then`, when read) holds `data`, line endings
    aside (a checkout with `core.autocrlf` writes `\r\n` where the commit has `\n`)."""
    if _object_id(data, ident) == ident:
        return True
    if b"\r\n" not in data:
        return False
    return _lf(repo.blobs([ident])[0] if then is None else then) == _lf(data)


def _config_changed(repo: _Repository, path: Path) -> str | None:
    """Why the config's claimcheck settings differ from REF's, or None: a pyproject.toml
    whose other tables changed has not."""
    rel = repo.relative(path)
    try:
        now = path.read_bytes() if path.is_file() else None
    except OSError:
        now = None
    if rel is None:
        return _outside("the config", path, repo.ref) if _settings(now, path.name) else None
    then = repo.blob(rel)
    if then == now or _settings(then, path.name) == _settings(now, path.name):
        return None
    return f"the config {path} changed since {repo.ref}"


def _settings(data: bytes | None, name: str) -> object:
    """The claimcheck settings of a config file's bytes (None: none); unreadable text is
    itself, so that any edit of it counts."""
    if data is None:
        return None
    import tomllib

    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return data
    if name != "pyproject.toml":
        return document
    tool = document.get("tool")
    return tool.get("claimcheck") if isinstance(tool, dict) else None


def _snapshots_changed(repo: _Repository, folder: Path) -> frozenset[str] | str:
    """The ids of the sources whose snapshot file (`folder/*.json`, as `sources.snapshot`
    reads them) was added, edited or removed since REF, named by the file as it is and as
    it was; or why that cannot be known."""
    rel = repo.relative(folder)
    if rel is None:
        return _outside("the snapshots folder", folder, repo.ref)
    then = {
        Path(name).name: found
        for name, found in repo.entries(f"{rel}/" if rel else "").items()
        if name.endswith(".json") and found.regular
    }
    edited: list[tuple[bytes, str]] = []  # (now, REF's blob), the file at REF
    added: list[bytes] = []
    try:
        for path in sorted(folder.glob("*.json")):
            data = path.read_bytes()
            found = then.pop(path.name, None)
            if found is None:
                added.append(data)
            elif _object_id(data, found.id) != found.id:
                edited.append((data, found.id))
    except OSError as exc:
        return f"the snapshots folder {folder} cannot be read ({exc.strerror})"
    removed = [found.id for found in then.values()]
    before = repo.blobs([ident for _, ident in edited] + removed)
    texts = [(data, "now") for data in added]
    for (data, ident), old in zip(edited, before, strict=False):
        if not _same(repo, ident, data, old):
            texts += [(data, "now"), (old, repo.ref)]
    texts += [(old, repo.ref) for old in before[len(edited) :]]
    sources: set[str] = set()
    for data, when in texts:
        source = _source_of(data)
        if source is None:
            return f"a snapshot in {folder} at {when} is not one claimcheck reads"
        sources.add(source)
    return frozenset(sources)


def _source_of(data: bytes) -> str | None:
    """The source id a snapshot file is of, or None when it is not a snapshot."""
    import msgspec

    class Named(msgspec.Struct):
        source: str

    try:
        return msgspec.json.decode(data, type=Named).source
    except msgspec.DecodeError:
        return None


def _inputs_changed(repo: _Repository, inputs: Inputs | None) -> tuple[frozenset[str], str | None]:
    """The sources whose snapshots changed since REF, and why every claim must be checked
    (a file or config the run reads changed, or cannot be compared), if it must."""
    if inputs is None:
        return frozenset(), None
    for what, path in inputs.files:
        why = _file_changed(repo, what, path)
        if why is not None:
            return frozenset(), why
    if inputs.baseline is not None:
        why = _file_changed(repo, "the baseline", inputs.baseline)
        if why is not None and not why.endswith(f" is not in {repo.ref}"):
            return frozenset(), why
    seen: set[Path] = set()
    for path in inputs.configs:
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        why = _config_changed(repo, path)
        if why is not None:
            return frozenset(), why
    if inputs.snapshots is None:
        return frozenset(), None
    found = _snapshots_changed(repo, inputs.snapshots)
    if isinstance(found, str):
        return frozenset(), found
    return found, None


def _page_changed(repo: _Repository, page: Path) -> str | None:
    """Why the page differs from REF's (wherever it is in the repository), or None."""
    return _file_changed(repo, "the page", page, page.name)


@dataclass(frozen=True)
class Change:
    """What `--changed-only REF` changed: the registry's lines, and the entries on them (with
    the sources the changed claims cite, the claims citing changed sources, derived claims
    reached, the entries using an alias of a changed anchor, the sources whose snapshots
    changed). `whole` says why the whole registry is checked instead (a change every claim
    depends on); `before` is the registry at REF, whose relations' findings are known."""

    lines: set[int]
    entries: frozenset[str]
    whole: str | None = None
    before: LoadedRegistry | None = None
    #: The sources whose snapshot changed since REF (their claims are in `entries`).
    snapshots: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        loaded: LoadedRegistry,
        path: Path,
        ref: str,
        page: Path | None = None,
        cache: RegistryCache | None = None,
        inputs: Inputs | None = None,
    ) -> Change:
        real = path.resolve()  # a link's target is the file git knows
        repo = _Repository.of(real, ref)
        rel = repo.relative(real)
        raw = repo.blob(rel) if rel else None
        if raw is None:
            return cls(set(), frozenset(), f"{real.name} is not in {ref}")
        # The text as checked: a byte order mark is no change (the loader reads past it), nor
        # are `\r\n` line ends (a checkout with `core.autocrlf` writes them; YAML reads them
        # as `\n`, and the lines are the same lines).
        raw = _lf(raw.removeprefix(b"\xef\xbb\xbf"))
        now = _lf(loaded.text.encode("utf-8", "surrogatepass"))
        lines, removed = _diff(raw, now)
        if raw != now and not lines and not removed:
            why = f"{real.name} differs from {ref}'s, and git's diff of the two named no line"
            return cls(lines, frozenset(), why)
        traced = _through_aliases(loaded.text, lines)
        if traced is None:
            why = "its anchors and aliases could not be traced (an alias of a changed anchor "
            return cls(lines, frozenset(), why + "may be in any entry)")
        lines |= traced
        # A citation or relay removed: the source it named is touched too (R006, S003).
        named = {name for line in removed for name in _NAMED.findall(line)}
        before: LoadedRegistry | None = None
        if raw != now:
            from claimcheck.errors import RegistryLoadError
            from claimcheck.loader import load_text

            try:
                before = load_text(raw.decode("utf-8"), loaded.path, cache)
            except (UnicodeDecodeError, RegistryLoadError):
                return cls(lines, frozenset(), f"{real.name} could not be read at {ref}")
            whole = _whole(loaded, before, repo, page)
        else:  # the registry as it was: REF's relations are today's
            whole = _page_changed(repo, page) if page is not None else None
        snapshots: frozenset[str] = frozenset()
        if whole is None:
            snapshots, whole = _inputs_changed(repo, inputs)
        entries = frozenset(changed_entries(loaded, lines, named | snapshots))
        return cls(lines, entries, whole, None if whole else before, snapshots)


def _whole(
    loaded: LoadedRegistry, before: LoadedRegistry, repo: _Repository, page: Path | None
) -> str | None:
    """Why every claim must be checked, if the change reaches them all: a field besides the
    entries (page, defaults) differs from REF's, an entry of REF's is gone (removed or
    renamed: what named it is checked again), the page changed."""
    now, then = loaded.registry, before.registry
    for field in now.__struct_fields__:
        if field not in _ENTRY_LISTS and getattr(now, field) != getattr(then, field):
            return f"`{field}` changed (every claim reads it)"
    for key in ("claims", "sources", "constraints"):
        gone = {e.id for e in getattr(then, key)} - {e.id for e in getattr(now, key)}
        if gone:
            return f"{key} removed or renamed: {', '.join(sorted(gone)[:3])}"
    if page is not None:
        return _page_changed(repo, page)
    return None


def changed_entries(
    loaded: LoadedRegistry, lines: set[int], touched: set[str] | None = None
) -> set[str]:
    """The ids of the claims and sources whose lines changed (every entry of a list whose
    entries' lines are not known) and of those `touched`, of the claims citing changed
    sources (a relay or an identifier is theirs too), of the claims
    derived from changed claims (their figures move with their inputs), and of the sources
    the changed claims cite (a claim added citing a dead link is the pull request's problem).
    A relation's finding on an unchanged entry (a timeline's disorder, an unused source) is
    found by comparing with REF (`only_changed`)."""
    changed: set[str] = set(touched or ())
    lists = (
        ("claims", [c.id for c in loaded.registry.claims]),
        ("sources", [s.id for s in loaded.registry.sources]),
    )
    for key, ids in lists if lines else ():
        spans = _item_spans(loaded, key)
        rows = loaded.rows.get(key)  # entries left out as invalid shift the indices
        for i, ident in enumerate(ids):
            at = rows[i] if rows else i
            # An entry whose lines are not known may be on a changed line: it counts as one.
            if spans is None or at >= len(spans) or lines & set(range(*spans[at])):
                changed.add(ident)
    sources = {s.id for s in loaded.registry.sources} & changed
    if sources:
        changed.update(
            c.id
            for c in loaded.registry.claims
            if any(citation.source in sources for citation in c.citations)
        )
    derived = [c for c in loaded.registry.claims if c.derived]
    if derived:
        from claimcheck.expression import names_in

        inputs = {c.id: set(names_in(c.derived or "")) for c in derived}
        grew = True
        while grew:  # a derived claim of a derived claim, to any depth
            reached = {name for name, used in inputs.items() if used & changed} - changed
            changed |= reached
            grew = bool(reached)
    for claim in loaded.registry.claims:
        if claim.id in changed:
            changed.update(citation.source for citation in claim.citations)
    return changed


def changed_urls(loaded: LoadedRegistry, changed: frozenset[str]) -> list[str]:
    """The URLs of the changed sources and of those the changed claims cite: the only links
    `--changed-only` checks."""
    urls = [
        url
        for source in loaded.registry.sources
        if source.id in changed
        for url in (source.url, source.archive_url)
        if url
    ]
    return list(dict.fromkeys(urls))


def only_changed(
    report: Report, loaded: LoadedRegistry, change: Change, known: frozenset[str] = frozenset()
) -> Report:
    """The report with only findings about changed claims or sources (and the sources the
    changed claims cite), or on changed lines, or relating a changed claim to others (a
    constraint the change breaks), or new since REF (`known`: the fingerprints of REF's
    findings of relations: a timeline, an unused source, a page figure the change left
    unregistered)."""
    changed, lines = change.entries, change.lines
    kept = tuple(
        f
        for f in report.findings
        if (f.claim or f.source) in changed
        or (f.related and not changed.isdisjoint(f.related))
        or (f.location is not None and f.location.file == loaded.path and f.location.line in lines)
        or (change.before is not None and f.fingerprint() not in known)
    )
    claims = tuple(c for c in report.claims if c.id in changed)
    sources = sum(1 for s in loaded.registry.sources if s.id in changed)
    return replace(report, findings=kept, claims=claims, sources=sources)


def left_out_note(ref: str, loaded: LoadedRegistry, change: Change, left_out: int) -> str | None:
    """What `--changed-only REF` says about the work it did not do and the findings it did not
    show, so that a ref that empties the diff never hides every finding without a word."""
    registry = loaded.registry
    claims = sum(1 for c in registry.claims if c.id not in change.entries)
    sources = sum(1 for s in registry.sources if s.id not in change.entries)
    parts = []
    if claims or sources:
        entries = " and ".join(
            f"{n} unchanged {what}{'s' if n != 1 else ''}"
            for n, what in ((claims, "claim"), (sources, "source"))
            if n
        )
        parts.append(f"the rules of {entries} not run")
    if left_out:
        parts.append(
            f"{left_out} finding{'s' if left_out != 1 else ''} on unchanged lines not shown"
        )
    if not change.lines:
        said = "the registry has not changed against it"
        if change.snapshots:
            n = len(change.snapshots)
            said += (
                f", the snapshot{'s' if n != 1 else ''} of {n} source{'s' if n != 1 else ''} "
                f"{'have' if n != 1 else 'has'} ({', '.join(sorted(change.snapshots)[:3])}"
                f"{', ...' if n > 3 else ''})"
            )
        rest = ", ".join(parts) or ("nothing left out" if change.entries else "nothing to check")
        return f"--changed-only {ref}: {said}; {rest}"
    if not parts:
        return None
    return f"--changed-only {ref}: " + ", ".join(parts)
