"""Reading a CSV export: any common encoding and line ending, every row located.

Encoding: the mapping's ``encoding:``, else UTF-8 (with or without BOM), else
GB18030 (a superset of GBK, as Chinese Excel saves "CSV"); UTF-16 with a BOM
("Unicode text" from Excel) is recognised by its BOM.  Line endings: LF, CRLF
and CR alike.  Row numbers count CSV records with the header as row 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .report import Finding, err, warn


@dataclass
class Table:
    path: str  # as shown in findings
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number, cells)
    encoding: str

    def index(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for i, name in enumerate(self.header):
            out.setdefault(name, i)
        return out


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(path: str, data: bytes, encoding: str | None) -> tuple[str | None, str, list[Finding]]:
    if encoding is None:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            candidates = ["utf-16"]
        else:
            candidates = ["utf-8-sig", "gb18030"]
    else:
        candidates = ["utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding]
    last = None
    for enc in candidates:
        try:
            return data.decode(enc), enc, []
        except UnicodeDecodeError as e:
            last = (enc, e)
    enc, e = last
    good = data[: e.start].decode(enc, errors="replace")
    line, col = _position(good, len(good))
    return None, enc, [err(path, line, col, "not_text", encoding=" / ".join(candidates), byte=f"0x{data[e.start]:02X}")]


def read(path: str, data: bytes, encoding: str | None, delimiter: str) -> tuple[Table | None, list[Finding]]:
    text, enc, found = decode(path, data, encoding)
    if text is None:
        return None, found
    if "\x00" in text:
        line, col = _position(text, text.index("\x00"))
        return None, [err(path, line, col, "nul_byte")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for n, cells in enumerate(reader, start=1):
            if header is None:
                header = [c.strip().lstrip("\ufeff") for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line carries no data
            if len(cells) != len(header):
                found.append(warn(path, n, 0, "cell_count", got=len(cells), expected=len(header)))
                cells = (cells + [""] * len(header))[: len(header)] if len(cells) < len(header) else cells
            rows.append((n, cells))
    except csv.Error as e:
        found.append(err(path, reader.line_num, 0, "csv_syntax", problem=str(e)))
        return None, found
    if header is None or not any(header):
        return None, found + [err(path, 1, 0, "no_header")]
    return Table(path, header, rows, enc), found
