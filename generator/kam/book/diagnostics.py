"""Diagnostics: what is wrong, where, in words a rep can act on.

A diagnostic keeps a message code and its parameters; the text is produced in
the reader's language from ``messages.MESSAGES`` only when printed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kam.messages import render

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int  # 1-based; 0 when the problem is about the whole file
    column: int  # 1-based; 0 when unknown
    severity: str
    code: str
    params: dict = field(default_factory=dict)

    def __hash__(self) -> int:
        # two problems at one place differ by their parameters (three missing fields at line 1)
        return hash((self.file, self.line, self.column, self.severity, self.code, self._params_key()))

    def _params_key(self) -> tuple:
        return tuple(sorted((k, repr(v)) for k, v in self.params.items()))

    def message(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)

    def sort_key(self):
        return (self.file, self.line, self.column, self.severity != ERROR, self.code, self._params_key())

    def text(self, lang: str = "en") -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message(lang)}"

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message(lang),
        }


def error(file: str, line: int, column: int, code: str, **params) -> Diagnostic:
    return Diagnostic(file, line, column, ERROR, code, params)


def warning(file: str, line: int, column: int, code: str, **params) -> Diagnostic:
    return Diagnostic(file, line, column, WARNING, code, params)


def sort(diags) -> list[Diagnostic]:
    return sorted(set(diags), key=Diagnostic.sort_key)


def has_errors(diags) -> bool:
    return any(d.severity == ERROR for d in diags)


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def format_text(diags, lang: str = "en") -> str:
    return "".join(d.text(lang) + "\n" for d in diags)


def format_github(diags, lang: str = "en") -> str:
    """GitHub workflow commands: one ::error / ::warning annotation per diagnostic."""
    out = []
    for d in diags:
        props = [f"file={_escape_prop(d.file)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
        props.append(f"title={_escape_prop('kam ' + d.code)}")
        out.append(f"::{d.severity} {','.join(props)}::{_escape_data(d.message(lang))}\n")
    return "".join(out)


def format_json(diags, lang: str = "en") -> str:
    return json.dumps([d.as_dict(lang) for d in diags], ensure_ascii=False, indent=2) + "\n"


def format_summary_markdown(diags, summary: str, lang: str = "en") -> str:
    """The full list as a Markdown table, for $GITHUB_STEP_SUMMARY."""
    lines = [f"### kam validate\n\n{summary}\n"]
    if diags:
        lines.append("\n| file | line | column | severity | message |\n|---|---|---|---|---|\n")
        for d in diags:
            msg = d.message(lang).replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{d.file}` | {d.line} | {d.column} | {d.severity} | {msg} |\n")
    return "".join(lines)
