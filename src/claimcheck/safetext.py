"""Showing untrusted text: registry, page and server text made safe for a terminal, a CI log
or an XML reader. A value module (no imports of the project): the HTTP edge quotes server
text and URLs with it, and every report format does.
"""

from __future__ import annotations

import re

#: Characters that are obeyed rather than shown, or not shown at all: C0 and C1 controls
#: (ESC, CR, LF, TAB, BEL...) and DEL; the Unicode bidi controls (U+061C, U+200E-200F,
#: U+202A-202E, U+2066-2069) and other invisible format characters (zero-width U+200B-200D,
#: U+2060-2064, U+FEFF, U+180E, interlinear annotation, tag characters); line and paragraph
#: separators; surrogates and U+FFFE/U+FFFF, which are not XML characters. All of them are
#: outside `str.isprintable()`, which gives plain text a fast path.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\ufffe\uffff\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def safe_text(text: str) -> str:
    """Untrusted text made safe to show: what a terminal, a log or an XML reader would obey
    or hide is shown as a Python-style escape (`\\n`, `\\x1b`, `\\u202e`), so the text stays
    on its line, cannot move the cursor or reorder what follows, and is valid XML 1.0."""
    if text.isprintable():
        return text
    return UNSAFE.sub(_escape, text)


def shown(text: str, limit: int = 200) -> str:
    """`text` for a one-line message: `safe_text`, cut at `limit` characters."""
    escaped = safe_text(text)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"
