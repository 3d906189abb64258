"""Findings of an import: every defect of the input, located as ``path:row:col``.

Rows are 1-based CSV records counting the header as row 1 (the first data row
is row 2); columns are 1-based positions in the header (0 when a finding is
about a whole row or file).  Texts live in kam/words.yaml (keys ``imp_*``)
and are rendered in the reader's language only when printed, every text from
the input (file names, cells, headers) escaped by ``messages.shown``: one line,
no control or direction characters.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .. import words
from ..messages import shown

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    row: int
    col: int
    severity: str
    code: str  # a text key of words.yaml without the "imp_" prefix
    args: tuple = ()  # the message's parameters, name, value, name, value...: a finding a row stays small

    @property
    def params(self) -> dict:
        return dict(zip(self.args[::2], self.args[1::2]))

    def message(self, lang: str = "en") -> str:
        p = {k: shown(v) if isinstance(v, str) else v for k, v in self.params.items()}
        if "inner" in p:  # a value replaced by the mapping's default: the problem, then what was done
            p["problem"] = _text(p.pop("inner"), lang, p)
        return _text(self.code, lang, p)

    def text(self, lang: str = "en") -> str:
        return f"{shown(self.file)}:{self.row}:{self.col}: {self.severity}: {self.message(lang)}"

    def sort_key(self):
        return (self.file, self.row, self.col, self.severity != ERROR, self.code)


def _args(params: dict) -> tuple:
    # short texts (dates, codes, numbers) repeat from row to row: one string each
    return tuple(x for k, v in params.items() for x in (k, sys.intern(v) if isinstance(v, str) and len(v) <= 32 else v))


def err(file: str, row: int, col: int, code: str, **params) -> Finding:
    return Finding(file, row, col, ERROR, code, _args(params))


def warn(file: str, row: int, col: int, code: str, **params) -> Finding:
    return Finding(file, row, col, WARNING, code, _args(params))


def sort(findings) -> list[Finding]:
    """Findings in file:row:column order, each once (a finding equal in every part to one before is left out)."""
    out: list[Finding] = []
    group: set = set()  # the findings of the current sort key: duplicates are only looked for among them
    key = None
    for f in sorted(findings, key=Finding.sort_key):
        k = f.sort_key()
        if k != key:
            key, group = k, set()
        same = (f.severity, tuple(sorted((a, str(v)) for a, v in f.params.items())))
        if same not in group:
            group.add(same)
            out.append(f)
    return out


def _text(code: str, lang: str, params: dict) -> str:
    return words.text("imp_" + code, lang, **params)
