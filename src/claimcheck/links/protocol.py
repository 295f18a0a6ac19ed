"""aiohttp's connection protocol, keeping the status line of an answer it could not parse.

When a status line, its headers and a malformed body (`ZZZ` as a chunk size) arrive in one
read, aiohttp's parser fails on the body before it hands over the answer: the request raises
`ClientResponseError(400, "Invalid character in chunk size")`, and the server's 404 is lost. A
404 whose body is broken is still a 404 (as a body cut off by a reset is: the status decides),
so this protocol reads each answer's status line as the bytes arrive and, when the parser
fails before handing the answer over, notes it on the error (`answered_status`).

The status line noted is the answer's own: the first line of the bytes that follow the
request (blank lines before it skipped, as the parser skips them), or of those after an
interim answer (`100 Continue`, `103 Early Hints`, each ended by its blank line). It is kept
however long the head after it (head lines up to 100 KB are read: a 404 with a 90 KB header
keeps its 404), and nothing after it is read for another: a malformed body that holds
`HTTP/1.1 200 OK` is no answer of 200, and a header's value is no status line.

Installed by `HttpEdge.session()` as the connector's protocol factory; imported only there,
since it imports aiohttp.
"""

from __future__ import annotations

import re

from aiohttp.client_exceptions import ClientPayloadError
from aiohttp.client_proto import ResponseHandler
from aiohttp.http_exceptions import HttpProcessingError

#: A status line at the start of an answer, after any blank lines: `HTTP/1.1 404 Not Found`,
#: or with no reason phrase (`HTTP/1.1 404` and the line's end), as the parser reads it.
_STATUS_LINE = re.compile(rb"HTTP/1\.[01] ([1-9][0-9]{2})[ \r\n]")
#: The bytes a status line takes before it can be told from anything else: `HTTP/1.1 404 `.
_STATUS_BYTES = len(b"HTTP/1.1 404 ")
#: The end of an interim answer's head: a blank line (CRLF or LF, as the parser reads).
_HEAD_END = re.compile(rb"\r?\n\r?\n")


class StatusKeepingHandler(ResponseHandler):
    """ResponseHandler that notes, on a parser error, the status line that had arrived."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._status_line = _StatusLine()

    def set_response_params(self, *args: object, **kwargs: object) -> None:
        # A request is being sent, with a new parser: what arrives now is its answer. (The
        # bytes that came before, aiohttp hands to `data_received` again from here.)
        self._status_line = _StatusLine()
        super().set_response_params(*args, **kwargs)  # type: ignore[arg-type]

    def data_received(self, data: bytes) -> None:
        # Before parsing: the parser reports its error while `data` is being read.
        self._status_line.read(data)
        super().data_received(data)

    def feed_data(self, data: object, size: int = 0) -> None:
        # An answer handed over. After an interim one (1xx but 101) the answer still follows,
        # and is read on; after the answer, what follows is its body: nothing to note.
        message = data[0] if isinstance(data, tuple) and data else None
        code = getattr(message, "code", None)
        if not (isinstance(code, int) and 100 <= code < 200 and code != 101):
            self._status_line.handed_over()
        super().feed_data(data, size)  # type: ignore[arg-type]

    def set_exception(self, exc: BaseException, *args: object, **kwargs: object) -> None:
        if isinstance(exc, HttpProcessingError):
            status = self._status_line.status
            if status is not None:  # the answer being read when the parser failed
                exc.answered_status = status  # type: ignore[attr-defined]
            # An answer already handed over whose body failed to parse: its reader would
            # wait for the rest until the timeout (aiohttp 3.14 tells only the queue).
            payload = self._payload
            if payload is not None and not payload.is_eof() and payload.exception() is None:
                payload.set_exception(ClientPayloadError(f"malformed body: {exc.message}"))
        super().set_exception(exc, *args, **kwargs)  # type: ignore[arg-type]


class _StatusLine:
    """The status line of the answer being read, from its bytes as they arrive: looked for
    at the answer's start (after blank lines, and after each interim answer's head), then
    fixed; None until it has arrived, or when the answer starts with something else."""

    def __init__(self) -> None:
        #: The bytes not yet read: at the start of an answer, or in an interim one's head.
        self._pending = bytearray()
        self._in_interim = False
        self._done = False
        self.status: int | None = None

    def handed_over(self) -> None:
        """The answer was handed over: its status is aiohttp's, and the rest its body."""
        self._done, self.status = True, None
        self._pending.clear()

    def read(self, data: bytes) -> None:
        if self._done or not data:
            return
        self._pending += data
        while not self._done:
            if self._in_interim:
                end = _HEAD_END.search(self._pending)
                if end is None:  # keep only what a blank line may still end with
                    del self._pending[: max(0, len(self._pending) - 3)]
                    return
                del self._pending[: end.end()]
                self._in_interim = False
                continue
            # Blank lines before a status line are skipped (and not kept: a peer that sends
            # line breaks forever holds no memory here).
            del self._pending[: len(self._pending) - len(self._pending.lstrip(b"\r\n"))]
            if len(self._pending) < _STATUS_BYTES:
                return  # more is needed to tell
            found = _STATUS_LINE.match(self._pending)
            if found is None:  # not HTTP (the parser says what it was)
                self._stop()
                return
            code = int(found[1])
            if 100 <= code < 200 and code != 101:  # interim: the answer follows its head
                self._in_interim = True
                del self._pending[: found.end() - 1]  # from its line's end, for a blank line
                continue
            self.status = code
            self._stop(keep=True)

    def _stop(self, *, keep: bool = False) -> None:
        self._done = True
        if not keep:
            self.status = None
        self._pending.clear()


def answered_status(exc: BaseException) -> int | None:
    """The status line the server sent before an answer aiohttp could not parse, if any."""
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 4:
        status = getattr(current, "answered_status", None)
        if isinstance(status, int):
            return status
        current = current.__cause__
        seen += 1
    return None
