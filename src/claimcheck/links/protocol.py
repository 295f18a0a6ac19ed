"""aiohttp's connection protocol, keeping the status line of an answer it could not parse.

When a status line, its headers and a malformed body (`ZZZ` as a chunk size) arrive in one
read, aiohttp's parser fails on the body before it hands over the answer: the request raises
`ClientResponseError(400, "Invalid character in chunk size")`, and the server's 404 is lost. A
404 whose body is broken is still a 404 (as a body cut off by a reset is: the status decides),
so this protocol keeps the bytes read since the last answer was handed over and, when the
parser fails, notes the last status line among them on the error (`answered_status`).

Installed by `HttpEdge.session()` as the connector's protocol factory; imported only there,
since it imports aiohttp.
"""

from __future__ import annotations

import re

from aiohttp.client_exceptions import ClientPayloadError
from aiohttp.client_proto import ResponseHandler
from aiohttp.http_exceptions import HttpProcessingError

#: A status line: `HTTP/1.1 404 Not Found`.
_STATUS_LINE = re.compile(rb"HTTP/1\.[01] ([1-9][0-9]{2}) ")
#: The bytes kept since the last answer handed over: more than aiohttp's header limit, so a
#: status line followed by long headers is still among them.
KEEP = 64 * 1024


class StatusKeepingHandler(ResponseHandler):
    """ResponseHandler that notes, on a parser error, the status line that had arrived."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._unanswered = b""

    def data_received(self, data: bytes) -> None:
        # Before parsing: the parser reports its error while `data` is being read.
        self._unanswered = (self._unanswered + data)[-KEEP:]
        super().data_received(data)

    def feed_data(self, data: object, size: int = 0) -> None:
        # An answer handed over: what follows is its body, or the next answer.
        self._unanswered = b""
        super().feed_data(data, size)  # type: ignore[arg-type]

    def set_exception(self, exc: BaseException, *args: object, **kwargs: object) -> None:
        if isinstance(exc, HttpProcessingError):
            lines = _STATUS_LINE.findall(self._unanswered)
            if lines:  # the last: the answer being read when the parser failed
                exc.answered_status = int(lines[-1])  # type: ignore[attr-defined]
            # An answer already handed over whose body failed to parse: its reader would
            # wait for the rest until the timeout (aiohttp 3.14 tells only the queue).
            payload = self._payload
            if payload is not None and not payload.is_eof() and payload.exception() is None:
                payload.set_exception(ClientPayloadError(f"malformed body: {exc.message}"))
        super().set_exception(exc, *args, **kwargs)  # type: ignore[arg-type]


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
