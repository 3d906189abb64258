"""Text from the book inside Markdown that kam writes (the `kam diff` report, job summaries, change logs).

A name, an invoice number or an error message quoting a value is data: it must not become an image that
loads from a server (a tracking pixel), a link, a mention, HTML, or a table cell of its own.  CommonMark
lets any ASCII punctuation be escaped with a backslash; line breaks would end the list item or the table
row, so they become spaces; bidirectional controls would reorder what the reviewer reads (the "Trojan
Source" trick), so they are shown as their code points.
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"([\\`*_{}\[\]()<>!|~&#+\-.@=:\"'$%^?,;/])")
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _visible(text: str) -> str:
    text = _BREAKS.sub(" ", text)
    text = _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return _CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def md_escape(value) -> str:
    """Book text as literal Markdown text: every punctuation character escaped, on one line."""
    return _PUNCT.sub(r"\\\1", _visible(str(value)))


def md_code(value) -> str:
    """Book text as an inline code span: fenced with more backticks than any run inside it, on one line."""
    text = _visible(str(value))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
