"""What every command shares: the one error handler, settings from options, the edges, output.

A command is options -> `Settings` -> one core call -> render -> `exit_code`.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import typer

from claimcheck.errors import ClaimcheckError, ConfigError, ExitCode
from claimcheck.files import atomic_write

if TYPE_CHECKING:
    from datetime import date

    from claimcheck.config import Origin, Settings
    from claimcheck.engine import Edges
    from claimcheck.findings import Severity
    from claimcheck.http import HttpEdge
    from claimcheck.render.base import Renderer, RenderOptions


@contextmanager
def errors() -> Iterator[None]:
    """The one place where errors become messages and exit codes."""
    try:
        yield
    except ClaimcheckError as exc:
        for detail in getattr(exc, "details", ()):  # an invalid registry's errors, one a line
            note(detail)
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:  # a standard stream's: network errors are links' results
        output_closed()
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as exc:
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        fail(
            f"internal error: {exc!r}. This is a bug in claimcheck; run again with "
            "CLAIMCHECK_DEBUG=1 for the traceback and please report it",
            ExitCode.INTERNAL,
        )


#: The exit status when standard output's reader has gone (`| head -1`): 128 + SIGPIPE, what a
#: shell reports for a program a closed pipe ended, as 130 is 128 + SIGINT.
OUTPUT_CLOSED = 141


def output_closed() -> NoReturn:
    """Standard output's reader has gone: stop writing, say nothing (no traceback, and no
    "bug": a reader may stop when it has read enough) and leave with OUTPUT_CLOSED.

    Not by restoring SIGPIPE's default action, as C programs die of it: that would also end
    the run, with no word, on a write to a server's closed connection."""
    silence_stdout()
    raise typer.Exit(OUTPUT_CLOSED)


def silence_stdout() -> None:
    """Point standard output at the null device: what is still buffered, flushed at exit,
    goes nowhere instead of failing again (the Python documentation's advice on SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a file descriptor (a test's capture)
        pass
    finally:
        os.close(devnull)


def fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"claimcheck: {_line(message)}\n")
    raise typer.Exit(code)


def finish(code: int) -> None:
    """Leave with the command's exit code (nothing to do for 0)."""
    if code:
        raise typer.Exit(code)


def split(values: list[str] | None) -> tuple[str, ...] | None:
    """Repeatable, comma- or space-separated values, flattened."""
    if not values:
        return None
    return tuple(v for value in values for v in value.replace(",", " ").split())


def settings(
    config: Path | None, link_flags: Mapping[str, Any] | None = None, **overrides: Any
) -> Settings:
    """The run's settings: defaults, the config file, CLAIMCHECK_* variables, then options."""
    from claimcheck.config import load_settings

    if overrides.get("today") is not None:
        overrides["today"] = today_option(overrides["today"])
    if overrides.get("fail_on") is not None:
        overrides["fail_on"] = severity(overrides["fail_on"])
    if config is not None and not config.is_file():
        raise ConfigError("no such config file", file=str(config))
    if link_flags:
        overrides.update(_link_overrides(link_flags))
    loaded = load_settings(cwd=Path.cwd(), config=config, overrides=overrides)
    if config is None:
        _config_above(Path.cwd())
    return loaded


def _config_above(cwd: Path) -> None:
    """With no config in the working directory, say so when one is up the repository: it is
    not read, and a run that silently dropped its `fail-on` or `select` would pass what CI
    fails."""
    from claimcheck.config import config_above

    found = config_above(cwd)
    if found is not None:
        name = os.path.relpath(found, cwd)
        note(
            f"no config in this folder: {name} is not read (claimcheck reads the one in the "
            f"working directory); run from its folder, or give --config {name}"
        )


def site_runs(
    settings: Settings, given: list[str] | None, *, page_option: str = "--page"
) -> list[Settings] | None:
    """The settings of each registry when a run checks several (`claimcheck.site.runs_of`),
    and on standard error what their patterns left out or named twice; None for one."""
    from claimcheck.site import runs_of

    notes: list[str] = []
    runs = runs_of(settings, given, page_option=page_option, notes=notes)
    for message in notes:  # names left out, and names of a file already named: never silent
        note(message)
    return runs


def today_option(text: str) -> date:
    """`--today`'s date."""
    from claimcheck.dates import parse_today

    try:
        return parse_today(text)
    except ValueError as exc:
        raise ConfigError(f"--today: {exc}") from None


def severity(text: str) -> Severity:
    from claimcheck.findings import Severity

    try:
        return Severity.parse(text)
    except ValueError as exc:
        raise ConfigError(f"--fail-on: {exc}") from None


def _link_overrides(flags: Mapping[str, Any]) -> dict[str, Any]:
    """`links_*` overrides from the link options, converted and checked."""
    from claimcheck.config import LINK_KEYS, convert_link_value

    kinds = dict(LINK_KEYS.values())
    result: dict[str, Any] = {}
    for name, value in flags.items():
        if value is None or (name == "no_cache" and not value):
            continue
        if name == "no_cache":
            result["links_use_cache"] = False
            continue
        if name == "cache":
            value = str(value)
        try:
            result[f"links_{name}"] = (
                convert_link_value(kinds[name], value) if name in kinds else value
            )
        except ValueError as exc:
            raise ConfigError(f"--{name.replace('_', '-')}: {exc}") from None
    return result


@contextmanager
def edges(settings: Settings, *, progress: bool = False) -> Iterator[Edges]:
    """The run's clock (with its today), its HTTP edge, and a progress bar on a terminal,
    which is closed however the run ends (a live bar captures standard output)."""
    from claimcheck.clock import Clock
    from claimcheck.engine import Edges

    clock = Clock(fixed_today=settings.today)

    def http() -> HttpEdge:
        from claimcheck.http import HttpEdge

        return HttpEdge(settings.links, clock)

    bar = None
    if progress and sys.stderr.isatty() and not os.environ.get("CI"):
        from claimcheck.cli.progress import ProgressBar

        bar = ProgressBar()
    try:
        yield Edges(clock, http=http, progress=bar.update if bar else None, note=note)
    finally:
        if bar is not None:
            bar.close()


def render_options(
    *, fail_on: Severity | None = None, shard: tuple[int, int] | None = None
) -> RenderOptions:
    """The terminal's colour and width, the run's threshold and shard, and where the
    repository's root is (for SARIF's and GitHub's repository-relative paths)."""
    import shutil

    from claimcheck.findings import Severity
    from claimcheck.render.base import RenderOptions

    tty = sys.stdout.isatty()
    color = (tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb") or bool(
        os.environ.get("FORCE_COLOR")
    )
    width = shutil.get_terminal_size((100, 24)).columns if tty else 100
    cwd = Path.cwd()
    return RenderOptions(
        color=color,
        width=max(60, width),
        fail_on=fail_on or Severity.ERROR,
        shard=shard,
        cwd=cwd,
        root=repository_root(cwd),
    )


def repository_root(cwd: Path) -> Path:
    """The git work tree holding `cwd` (the nearest directory with a `.git`, a directory or,
    in a worktree or submodule, a file), else `cwd` itself: what code scanning's paths are
    relative to."""
    for folder in (cwd, *cwd.parents):
        try:
            if (folder / ".git").exists():
                return folder
        except OSError:  # an unreadable parent: no repository found above it
            break
    return cwd


def choose(value: str, choices: Sequence[str], origin: Origin | None = None) -> str:
    """`value` if it is one of the `--format` choices; a ConfigError listing them if not,
    told where the format was given (`origin`: the config's line; default --format)."""
    from claimcheck.config import Origin

    if value not in choices:
        raise (origin or Origin("--format")).error(
            f"unknown format {value!r}", hint=f"choose one of {', '.join(choices)}"
        )
    return value


def report_jobs(
    formats: Sequence[str],
    outputs: Sequence[Path],
    renderers: Mapping[str, Renderer],
    origin: Origin | None = None,
) -> list[tuple[Renderer, Path | None]]:
    """Each --format with its --output, in order; at most one goes to standard output, and
    no two to one file. `origin`: where the formats were given, when not by --format."""
    jobs = format_jobs(formats, outputs, list(renderers), origin)
    return [(renderers[name], target) for name, target in jobs]


def format_jobs(
    formats: Sequence[str],
    outputs: Sequence[Path],
    choices: Sequence[str],
    origin: Origin | None = None,
) -> list[tuple[str, Path | None]]:
    """Each --format (one of `choices`) with its --output, in order, as `report_jobs` pairs
    them for a command whose formats are not report renderers (`export`)."""
    for name in formats:
        choose(name, choices, origin)
    if len(outputs) > len(formats):
        raise ConfigError("more --output than --format", hint="give one --format per --output")
    if len(formats) - len(outputs) > 1:
        raise ConfigError(
            "several formats would go to standard output",
            hint="give an --output for all but one --format",
        )
    targets: list[Path | None] = [*outputs, None]
    jobs = [(name, targets[i]) for i, name in enumerate(formats)]
    # Two reports to one place: the second replaced the first (`-o r.json -o r.json`), or
    # both went to standard output, one after the other, neither readable (`-o -` and none).
    seen: dict[str, str] = {}
    for name, target in jobs:
        place = _place(target)
        if place in seen:
            where = "standard output" if place == "-" else str(target)
            raise ConfigError(
                f"--format {seen[place]} and --format {name} would both be written to {where}",
                hint="give each --format its own --output",
            )
        seen[place] = name
    return jobs


def _place(target: Path | None) -> str:
    """Where a report goes, as one string for one place: `-` for standard output, else
    the file's resolved path (two spellings of one file are one place)."""
    if target is None or str(target) in ("-", "/dev/stdout"):
        return "-"
    if str(target) == "/dev/stderr":
        return str(target)
    try:
        return str(target.resolve())
    except (OSError, RuntimeError):
        return str(target.absolute())


#: The names `-o` takes for the standard streams (written to, never replaced).
_STREAMS = ("-", "/dev/stdout", "/dev/stderr")


def refuse_inputs(
    outputs: Sequence[Path | None],
    settings: Settings | None = None,
    config: Path | None = None,
    *,
    runs: Sequence[Settings] | None = None,
    option: str = "--output",
    also: Sequence[tuple[str, Path | None]] = (),
) -> None:
    """Refuse, before anything runs, an output file that is one of the command's inputs:
    each registry (`runs`, or the settings' own; none when `runs` is empty), its page
    (`--page`, or the `page.path` it names), the config file (`config`, or the one found in
    the working directory), the baseline, the retractions file and the link cache, and
    `also`. Compared as files, not names (`./claims.yaml`, a symbolic or hard link to it)."""
    from claimcheck.files import refuse_overwrite

    files = [o for o in outputs if o is not None and str(o) not in _STREAMS]
    if not files:
        return
    inputs = list(also)
    if settings is not None:
        inputs += _inputs(settings, config, [settings] if runs is None else runs)
    for output in files:
        refuse_overwrite(output, option, inputs)
        if settings is not None:
            for run in [settings] if runs is None else runs:
                _refuse_snapshot_folder(output, option, run.snapshot_dir)


def _refuse_snapshot_folder(output: Path, option: str, folder: Path) -> None:
    """Refuse a report written into the snapshot folder: every `*.json` there is read as a
    snapshot, so a report there (or over a snapshot) breaks the next run."""
    from claimcheck.files import same_file

    if output.suffix.lower() != ".json" or not folder.is_dir():
        return
    try:
        inside = same_file(output.absolute().parent, folder)
    except OSError:
        return
    if inside:
        raise ConfigError(
            f"{option} would write into the snapshot folder {folder}, whose every .json file "
            "is read as a snapshot; nothing was written",
            file=str(output),
            hint=f"give {option} a file outside {folder}",
        )


def _inputs(
    settings: Settings, config: Path | None, runs: Sequence[Settings]
) -> list[tuple[str, Path | None]]:
    from claimcheck.links.cache import default_path

    cwd = Path.cwd()
    found = [config] if config is not None else [cwd / "claimcheck.toml", cwd / "pyproject.toml"]
    inputs: list[tuple[str, Path | None]] = [("config file", path) for path in found]
    for run in runs:
        inputs += [("registry", run.registry), ("page", run.page or _named_page(run.registry))]
    cache = settings.links.cache or default_path()
    inputs += [("baseline", settings.baseline), ("retractions file", settings.retractions)]
    return [*inputs, ("link cache", cache)]


def _named_page(registry: Path) -> Path | None:
    """The page a registry's `page.path` names, relative to it; None when it names none or
    cannot be read (the run then says why)."""
    from claimcheck.files import read_text
    from claimcheck.positions import scalar_at

    try:
        written = scalar_at(read_text(registry, "registry"), ("page", "path"))
    except ClaimcheckError:
        return None
    return registry.parent / written if written else None


def refuse_registry_target(output: Path | None, option: str = "--output") -> None:
    """Refuse to replace a claimcheck registry with what a command that reads none writes
    (`schema -o claims.yaml`): a file that parses as a mapping with `version` and `claims`
    or `sources`. There is no --force: remove the file first if it should go."""
    if output is None or str(output) in _STREAMS or not output.is_file():
        return
    from claimcheck.files import read_regular
    from claimcheck.loader import reads_as_registry

    try:
        text = read_regular(output, "file").decode("utf-8-sig")
    except (ClaimcheckError, UnicodeDecodeError):
        return
    if reads_as_registry(text):
        raise ConfigError(
            f"{option} would write over a claimcheck registry; nothing was written",
            file=str(output),
            hint=f"give {option} another file, or remove this one first if it should go",
        )


def write(text: str, output: Path | None) -> None:
    """Standard output, or the file written whole or not at all.

    `-o -` and `-o /dev/stdout` are standard output; `-o /dev/stderr` standard error: the
    streams themselves, whatever they are (a
    pipe, a terminal, a file opened with `>>`): reopening the link would truncate or replace
    the file a shell redirected them to. Any other path is never written through a symbolic
    link; a FIFO or device the user named there (`-o /dev/null`) is written in place.
    """
    if output is None or str(output) in ("/dev/stdout", "-", "/dev/stderr"):
        stream = sys.stderr if str(output) == "/dev/stderr" else sys.stdout  # `-o -`: stdout
        try:
            _write_stream(stream, text)
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk (`> /dev/full`), a quota: as `-o FILE` says it
            name = "standard error" if stream is sys.stderr else "standard output"
            raise ConfigError(
                f"cannot write the report to {name}: {exc.strerror or exc}",
                hint="free some disk space" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else None,
            ) from None
    else:
        atomic_write(output, text, what="output file", named=True)


def _write_stream(stream: TextIO, text: str) -> None:
    """In pieces: a stream encodes what it is given whole, and a large report would be
    copied whole (84 MB at 300,000 claims).

    Each piece goes to the stream's bytes until all of it is taken. A pipe whose reader
    leaves in the middle of a write takes part of it and calls that a success (POSIX), and
    Python's buffered writer hands the short count back, which a text stream ignores: the
    rest of the report would be dropped without a word and the run end as if all were
    written. Written on, the next write fails (BrokenPipeError: `output_closed`)."""
    from claimcheck.files import WRITE_CHARS

    binary = getattr(stream, "buffer", None)
    if binary is None or os.linesep != "\n":  # text only, or newlines to translate
        for start in range(0, len(text), WRITE_CHARS):
            stream.write(text[start : start + WRITE_CHARS])
        return
    stream.flush()  # what was written to it as text comes first
    for start in range(0, len(text), WRITE_CHARS):
        piece = text[start : start + WRITE_CHARS].encode(stream.encoding, stream.errors or "strict")
        view = memoryview(piece)
        while view:
            taken = binary.write(view)
            if not taken:  # never from a blocking stream; not to be looped on
                raise OSError(errno.EIO, "standard output took none of a write")
            view = view[taken:]
    binary.flush()


def note(message: str) -> None:
    """A line for the person running the command, on standard error."""
    # A summary has lines of its own; each is made safe as a line.
    text = "\n".join(_line(line) for line in message.split("\n"))
    sys.stderr.write(f"claimcheck: {text}\n")


def _line(message: str) -> str:
    """One line, whatever the message quotes: ids, paths and server text come from files a
    pull request controls, and a newline there would start a CI log line of their choosing."""
    from claimcheck.render.base import guard_log_commands, safe_text

    return guard_log_commands(safe_text(message))
