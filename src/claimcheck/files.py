"""Reading the user's files with one-line errors; writing so a crash never leaves half of one.

What a registry or a repository's config names is not trusted: such paths stay inside the
repository (`confine`), only regular files are read, and never more than a limit
(`read_regular`: `/dev/zero` reports size 0, a FIFO would block). Writes go to a temporary file
renamed over the target, never through a symbolic link whoever named the path, nor over a FIFO
or device the command did not name itself (`atomic_write`); edits of the registry are
serialised and compare the file's bytes before the rename, so two writers never lose each
other's work (`edit_text`).
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import ClaimcheckError, ConfigError

#: The most any file the user names is read to (registries and pages have their own limits).
MAX_BYTES = 64 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def read_regular(
    path: Path,
    what: str,
    limit: int = MAX_BYTES,
    *,
    hint: str | None = None,
    follow: bool = True,
    error: type[ClaimcheckError] = ConfigError,
) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Anything else (a directory, FIFO, device, socket; with `follow` off, a symbolic link) is
    an `error` naming the file. The file is opened without blocking (a FIFO with no writer
    would hang) and read to `limit` + 1 bytes, whatever size it reports.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"no such {what}", file=str(path), hint=hint) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise error(
                f"the {what} is a symbolic link; claimcheck does not follow links here",
                file=str(path),
                hint="replace the link with the file itself",
            ) from None
        raise error(f"cannot read the {what}: {exc.strerror}", file=str(path)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise error(
                f"the {what} is {_kind(mode)}, not a regular file",
                file=str(path),
                hint=hint or "give the path of a file",
            )
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror}", file=str(path)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise error(
            f"the {what} is over the {limit // 2**20} MiB limit",
            file=str(path),
            hint="check that this is the right file",
        )
    return data


def read_text(path: Path, what: str, *, hint: str | None = None, limit: int = MAX_BYTES) -> str:
    """A UTF-8 regular file the user named; a ConfigError naming it when it is missing,
    unreadable, not a regular file or over `limit` bytes."""
    data = read_regular(path, what, limit, hint=hint)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(data, exc, what, path) from None


def not_utf8(data: bytes, exc: UnicodeDecodeError, what: str, path: Path | str) -> ConfigError:
    """The error for a file that is not UTF-8, at the line and column of its first bad byte
    (a byte offset tells a user nothing: "position 58")."""
    start = exc.start
    line_start = data.rfind(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    return ConfigError(
        f"cannot read the {what}: byte 0x{data[start]:02x} is not UTF-8",
        file=str(path),
        line=data.count(b"\n", 0, start) + 1,
        column=column,
        hint="save it as UTF-8",
    )


def read_json(path: Path, what: str, *, hint: str | None = None) -> object:
    """A JSON file the user named; bad JSON is an error at its line and column, with `hint`.

    A byte order mark is read past (JSON allows a parser to); a key given twice in one
    object is refused, not read as its last value (which of two `findings` lists a baseline
    means is not for claimcheck to guess); a file that ends inside its JSON (a truncated
    download, a disk that filled) says so.
    """
    text = read_text(path, what, hint=hint).removeprefix("\ufeff")
    try:
        return json.loads(text, object_pairs_hook=_no_repeated_key)
    except _RepeatedKey:
        key, line, column = _repeated_key_at(text)
        raise ConfigError(
            f"the key {json.dumps(key)} is given twice in one object: which of its values is "
            "meant, the file does not say",
            file=str(path),
            line=line,
            column=column,
            hint="keep one of them" + (f"; or {hint}" if hint else ""),
        ) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(
            _bad_json(exc, text), file=str(path), line=exc.lineno, column=exc.colno, hint=hint
        ) from None
    except RecursionError:
        raise ConfigError("not JSON: nested too deeply", file=str(path), hint=hint) from None
    except ValueError as exc:  # Python's int limit: a number of over 4,300 digits
        raise ConfigError(
            f"not JSON: {exc}".split(";")[0], file=str(path), hint="no number has that many digits"
        ) from None


class _RepeatedKey(ValueError):
    """A key given twice in one JSON object (located afterwards, on the error's path only)."""


def _no_repeated_key(pairs: list[tuple[str, object]]) -> dict[str, object]:
    made = dict(pairs)
    if len(made) != len(pairs):
        raise _RepeatedKey
    return made


def _repeated_key_at(text: str) -> tuple[str, int, int]:
    """The first repeated key and the line and column of the object that repeats it: the
    text parsed again by the pure-Python scanner, which tells where each object starts."""
    import json.decoder
    import json.scanner
    from typing import Any

    parse: Any = json.decoder.JSONObject  # type: ignore[attr-defined]

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[dict[str, object], int]:
        source, start = s_and_end
        strict, scan_once, _, _, *rest = args
        pairs, end = parse(s_and_end, strict, scan_once, None, list, *rest)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                at = start - 1  # the object's `{`
                line = source.count("\n", 0, at) + 1
                raise _Located(key, line, at - source.rfind("\n", 0, at))
            seen.add(key)
        return dict(pairs), end

    decoder: Any = json.JSONDecoder()
    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        decoder.decode(text)
    except _Located as found:
        return found.key, found.line, found.column
    return "", 1, 1  # pragma: no cover - the C parser found one


class _Located(Exception):
    def __init__(self, key: str, line: int, column: int) -> None:
        super().__init__(key)
        self.key, self.line, self.column = key, line, column


def _bad_json(exc: json.JSONDecodeError, text: str) -> str:
    """What is wrong, in words that say what to do: json's own message ("Unterminated string
    starting at") reads as cut off, and a truncated file is told as one."""
    if exc.msg.startswith("Unterminated string"):
        return (
            "not JSON: the string starting here is never closed (the file is cut short, or a "
            "quote is missing)"
        )
    if exc.pos >= len(text.rstrip()):
        if not text.strip():
            return "not JSON: the file is empty"
        return "not JSON: the file ends before its JSON does (cut short?)"
    if exc.msg == "Extra data":
        return "not JSON: more text after the JSON value (two documents in one file?)"
    return f"not JSON: {exc.msg.removesuffix(' at')}"


# Paths a registry or a config names ------------------------------------------------------


def repository_of(start: Path) -> Path:
    """The git work tree holding `start` (a directory), or `start` itself outside git.

    Found by looking for `.git` upwards (what `git rev-parse --show-toplevel` answers in a
    work tree, without running git in a directory a pull request controls).
    """
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def confine(
    written: str | Path,
    base: Path,
    root: Path,
    *,
    what: str,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
) -> Path:
    """`written` (relative to `base`) when it resolves inside `root`; a ConfigError at the
    place it was written when it leads out (`..`, an absolute path, a symbolic link)."""
    path = base / written
    try:
        resolved = path.resolve()
    except (RuntimeError, OSError) as exc:  # a loop of symbolic links (Python < 3.13)
        raise ConfigError(
            f"{what} {str(written)!r} cannot be followed: "
            f"{'a loop of symbolic links' if isinstance(exc, RuntimeError) else exc.strerror}",
            file=file,
            line=line,
            column=column,
            hint="make it name the file itself, not a link that leads back to itself",
        ) from None
    if not resolved.is_relative_to(root.resolve()):
        raise ConfigError(
            f"{what} {str(written)!r} is outside the repository ({root})",
            file=file,
            line=line,
            column=column,
            hint="give a path inside the repository; a path the registry or its config names "
            "may not lead out of it",
        )
    return path


# Writing ----------------------------------------------------------------------------------


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one existing file, however they reach it: through symbolic
    links, `..`, or another name of a hard link (the same device and inode)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def refuse_overwrite(output: Path, option: str, inputs: Iterable[tuple[str, Path | None]]) -> None:
    """A ConfigError naming `output` and `option` when `output` is one of the command's
    `inputs` (what each is, and its path): a report written over the registry it was made
    from would replace the registry."""
    for what, path in inputs:
        if path is not None and same_file(output, path):
            raise ConfigError(
                f"{option} would write over the {what} this command reads; nothing was written",
                file=str(output),
                hint=f"give {option} another file",
            )


class ChangedWhileEditing(ConfigError):
    """The file changed between reading it and writing the edit (another writer)."""


def atomic_write(
    path: Path,
    text: str | bytes,
    *,
    what: str = "file",
    named: bool = False,
    expect: bytes | None = None,
) -> None:
    """Write to a temporary file beside `path`, then rename over it: all or nothing.

    Never through a symbolic link, whoever gave the path: a checkout can plant `claims.sarif`
    -> a script a later step runs. A link at `path`, or a folder of `path` that is a link
    inside the repository being checked (`planted_link`), is refused, and so are a directory
    and a read-only file. A FIFO or character device, or a link to one (`/dev/stdout` ->
    `/proc/self/fd/1` -> a pipe), is refused too unless the user `named` the path on the
    command line (`-o /dev/null`): then it is written in place, as the shell's `>` would.
    The new file keeps the old one's permission bits, never setuid, setgid or sticky.
    With `expect`, the file must still hold exactly those bytes (else ChangedWhileEditing).
    Every failure is a ConfigError saying nothing was changed.
    """
    data = text  # a str is encoded as it is written: a large report is not copied whole
    try:
        refuse_links(path, what, streams=named)
        try:
            st: os.stat_result | None = os.lstat(path)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            streamed = stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)
            if named and (streamed or stat.S_ISLNK(st.st_mode)):  # a link: to a stream
                _write_in_place(path, data, what)  # which checks what it opened
                return
            raise ConfigError(
                f"the {what} is {_kind(st.st_mode)}: claimcheck writes only regular files",
                file=str(path),
                hint="replace it with a regular file, or write somewhere else",
            )
        if st is not None and (not st.st_mode & 0o222 or not os.access(path, os.W_OK)):
            raise ConfigError(
                f"the {what} is read-only; nothing was written",
                file=str(path),
                hint="make it writable (chmod u+w) if it should change",
            )
        if expect is not None and _current(path) != expect:
            raise ChangedWhileEditing(
                f"{path.name} changed while it was being edited; nothing was written",
                file=str(path),
                hint="run the command again",
            )
        _replace(path, data, st)
    except OSError as exc:
        raise ConfigError(
            f"cannot write the {what}: {exc.strerror or exc}; nothing was changed",
            file=str(path),
            hint="free some disk space" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else None,
        ) from None


def refuse_links(path: Path, what: str, *, streams: bool = False) -> None:
    """A ConfigError when writing `path` would go through a symbolic link: `path` itself or a
    folder on the way inside the repository (`planted_link`). With `streams`, a link that
    finally leads to a FIFO or character device (`/dev/stdout`) is let through. Also for
    writers that open the file themselves (SQLite: the database, its `-wal` and `-shm`)."""
    folder = planted_link(path)
    if folder is not None:
        raise _link_error(folder, f"{what}'s folder")
    if path.is_symlink() and not (streams and _is_stream(path)):
        raise _link_error(path, what)


def planted_link(path: Path) -> Path | None:
    """The first folder on the way to `path` that is a symbolic link inside the repository
    of the working directory (a link the checkout holds), as `path` names it, or None.

    The way is walked as the kernel walks it, each link resolved before the next step, so a
    link that leads into the repository is followed and one inside it is caught. Links
    outside the repository (`/tmp` -> `/private/tmp`, the runner's own folders) are the
    machine's, not the pull request's, and are followed.
    """
    root = repository_of(Path.cwd())
    here = Path(path.anchor) if path.is_absolute() else Path(os.getcwd())
    written = Path(path.anchor)  # the way as the user wrote it, for the message
    for part in path.parent.parts[1 if path.is_absolute() else 0 :]:
        written /= part
        if part == ".":
            continue
        if part == "..":
            here = here.parent
            continue
        step = here / part
        if step.is_symlink():
            if here.is_relative_to(root):
                return written
            here = Path(os.path.realpath(step))
        else:
            here = step
    return None


def _link_error(link: Path, what: str) -> ConfigError:
    return ConfigError(
        f"the {what} is a symbolic link (to {os.path.realpath(link)}); claimcheck does not "
        "write through links; nothing was written",
        file=str(link),
        hint="remove the link, or give the target's path",
    )


def _is_stream(path: Path) -> bool:
    """Whether `path` finally leads to a FIFO or character device (what `>` writes in place)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _current(path: Path) -> bytes | None:
    try:
        return read_regular(path, "file", MAX_BYTES * 2)
    except ClaimcheckError:
        return None


def _replace(path: Path, data: str | bytes, st: os.stat_result | None) -> None:
    if st is not None:
        mode = st.st_mode & 0o777  # never setuid, setgid or sticky
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    import tempfile

    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.absolute().parent)
    try:
        try:
            os.fchmod(fd, mode)  # mkstemp makes it private (0600)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


#: Characters of a text encoded and written at a time.
WRITE_CHARS = 1 << 20


def _write_all(fd: int, data: str | bytes) -> None:
    if isinstance(data, str):
        for start in range(0, len(data), WRITE_CHARS):
            _write_all(fd, data[start : start + WRITE_CHARS].encode("utf-8"))
        return
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_in_place(path: Path, data: str | bytes, what: str) -> None:
    """A FIFO or device the user named: written like the shell's `>` (it blocks for a reader).

    Opened without creating or truncating, then checked: what was opened is a FIFO or
    character device, else nothing is written (a link swapped for a file meanwhile)."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raise ConfigError(
                f"the {what} is no longer a FIFO or device; nothing was written",
                file=str(path),
                hint="run the command again",
            )
        _write_all(fd, data)
    finally:
        os.close(fd)


# Editing the user's text ----------------------------------------------------------------


@dataclass(frozen=True)
class EditedText:
    """A file's text as read for an edit: without its BOM, with its own line endings."""

    text: str
    #: The file's line ending ("\r\n" when its first line ends so); new lines use it.
    newline: str

    @property
    def normalised(self) -> str:
        """The text with \r\n read as \n: what the registry's parser and positions take."""
        return self.text.replace("\r\n", "\n")

    def offset(self, normalised: int) -> int:
        """The offset in `text` of an offset in `normalised`."""
        norm = self.normalised
        breaks = norm.count("\n", 0, normalised)
        column = normalised - (norm.rfind("\n", 0, normalised) + 1)
        at = 0
        for _ in range(breaks):
            at = self.text.index("\n", at) + 1
        return at + column


@contextmanager
def _locked(path: Path, what: str) -> Iterator[None]:
    """An exclusive lock on the file at `path` (on the inode the path names once locked)."""
    fd = _lock(path, what)
    try:
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _lock(path: Path, what: str) -> int:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: the compare before the rename remains
        fcntl = None  # type: ignore[assignment]
    for _ in range(50):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            raise ConfigError(f"no such {what}", file=str(path)) from None
        except OSError as exc:
            raise ConfigError(f"cannot read the {what}: {exc.strerror}", file=str(path)) from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            here, now = os.fstat(fd), os.stat(path)
            if (here.st_dev, here.st_ino) == (now.st_dev, now.st_ino):
                return fd
        except OSError:
            pass  # replaced or removed while we waited: open it again
        os.close(fd)
    raise ChangedWhileEditing(
        f"{path.name} kept changing while it was being edited; nothing was written",
        file=str(path),
        hint="run the command again",
    )


def edit_text(
    path: Path, what: str, change: Callable[[EditedText], str | None], *, limit: int = MAX_BYTES
) -> None:
    """Rewrite the text file at `path` by `change` (None: leave it), under an exclusive lock.

    The BOM and CRLF line endings are kept: `change` sees the text without the BOM and with
    its line endings as they are. The file's bytes are compared again just before the
    rename, so an editor that saved meanwhile (and took no lock) is not overwritten.
    """
    with _locked(path, what):
        raw = read_regular(path, what, limit)
        bom = raw.startswith(_BOM)
        body = raw[len(_BOM) :] if bom else raw
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise not_utf8(body, exc, what, path) from None
        first = text.find("\n")
        newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
        updated = change(EditedText(text, newline))
        if updated is None:
            return
        data = (_BOM if bom else b"") + updated.encode("utf-8")
        atomic_write(path, data, what=what, expect=raw)
