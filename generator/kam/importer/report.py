"""Findings of an import: every defect of the input, located as ``path:row:col``.

Rows are 1-based CSV records counting the header as row 1 (the first data row
is row 2); columns are 1-based positions in the header (0 when a finding is
about a whole row or file).  Texts live in kam/words.yaml (keys ``imp_*``)
and are rendered in the reader's language only when printed, every text from
the input (file names, cells, headers) escaped by ``messages.shown``: one line,
no control or direction characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import words
from ..messages import shown

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    file: str
    row: int
    col: int
    severity: str
    code: str  # a text key of words.yaml without the "imp_" prefix
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "en") -> str:
        p = {k: shown(v) if isinstance(v, str) else v for k, v in self.params.items()}
        if "inner" in p:  # a value replaced by the mapping's default: the problem, then what was done
            p["problem"] = _text(p.pop("inner"), lang, p)
        return _text(self.code, lang, p)

    def text(self, lang: str = "en") -> str:
        return f"{shown(self.file)}:{self.row}:{self.col}: {self.severity}: {self.message(lang)}"

    def sort_key(self):
        return (self.file, self.row, self.col, self.severity != ERROR, self.code)


def err(file: str, row: int, col: int, code: str, **params) -> Finding:
    return Finding(file, row, col, ERROR, code, params)


def warn(file: str, row: int, col: int, code: str, **params) -> Finding:
    return Finding(file, row, col, WARNING, code, params)


def sort(findings) -> list[Finding]:
    seen = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        k = (f.file, f.row, f.col, f.severity, f.code, tuple(sorted((k, str(v)) for k, v in f.params.items())))
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def _text(code: str, lang: str, params: dict) -> str:
    return words.text("imp_" + code, lang, **params)
