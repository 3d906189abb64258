"""Reading a CSV export: any common encoding and line ending, every row located.

Encoding: the mapping's ``encoding:``, else found by reading the file: UTF-16
with a BOM ("Unicode text" from Excel), UTF-8 (with or without BOM), else
GB18030 (a superset of GBK, as Chinese Excel saves "CSV") or Windows-1252
(Western European Excel).  Bytes that are not UTF-8 are a guess between the
two: text made only of common Chinese characters (GB2312) is Chinese; text
with none is read as cp1252 (`Müller`, not `M黮ler`); anything else stays
GB18030.  A guess that is not certain is a warning at the first cell it
touches, naming the encoding chosen and how to set it.  Line endings: LF,
CRLF and CR alike.  Row numbers count CSV records with the header as row 1.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .report import Finding, err, warn

CHUNK = 1 << 20  # bytes read at a time when sniffing the encoding
CHINESE = 20  # GB18030 is certain when common Chinese characters outnumber the others this many times


@dataclass
class Table:
    """A CSV file checked from end to end: its header and how to read its rows again (none kept in memory)."""

    path: str  # as shown in findings
    header: list[str]
    count: int  # data rows (blank lines left out)
    encoding: str
    delimiter: str = ","

    def index(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for i, name in enumerate(self.header):
            out.setdefault(name, i)
        return out

    def rows(self, found: list[Finding] | None = None) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) of every data row, streamed from the file; cells padded to the header."""
        try:
            with open(self.path, "rb") as raw:
                text = io.TextIOWrapper(raw, encoding=self.encoding, errors="replace", newline="")
                it = _rows(self.path, text, self.delimiter, Guess(self.encoding), [])
                next(it, None)
                yield from it
        except _Stop:  # the file changed since it was checked
            return
        except OSError as e:
            if found is not None:
                found.append(err(self.path, 0, 0, "cannot_read", reason=e.strerror or str(e)))


@dataclass
class Guess:
    """The encoding a file is read with; `doubt` names what makes a guess uncertain, "" when it is not."""

    encoding: str | None
    doubt: str = ""  # "cp1252": any letter outside ASCII; "gb18030": a character outside GB2312
    problem: Finding | None = None


class _Pass:
    """One decoding of the whole file, chunk by chunk: fails at a located byte, or counts its characters."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)()
        self.line, self.col = 1, 1
        self.cr = False
        self.nul: tuple[int, int] | None = None
        self.ascii = self.gb2312 = self.other = 0

    def _advance(self, text: str) -> None:
        if self.nul is None and "\x00" in text:
            cr = self.cr
            self.nul = self._after(text[: text.index("\x00")])
            self.cr = cr
        self.line, self.col = self._after(text)

    def _after(self, text: str) -> tuple[int, int]:
        if self.cr and text.startswith("\n"):  # a CRLF split between two chunks
            text = text[1:]
        self.cr = text.endswith("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        n = text.count("\n")
        if n:
            return self.line + n, len(text) - text.rfind("\n")
        return self.line, self.col + len(text)

    def feed(self, chunk: bytes, final: bool, count: bool) -> tuple[int, int, int] | None:
        """None, or (line, column, bad byte) where the bytes stop being this encoding."""
        try:
            text = self.decoder.decode(chunk, final)
        except UnicodeDecodeError as e:
            self._advance(e.object[: e.start].decode(self.encoding, errors="replace"))
            return self.line, self.col, e.object[e.start]
        self._advance(text)
        if count:
            a = len(text.encode("ascii", "ignore"))
            g = (len(text.encode("gb2312", "ignore")) - a) // 2
            self.ascii, self.gb2312, self.other = self.ascii + a, self.gb2312 + g, self.other + len(text) - a - g
        return None


def _run(path: str, encoding: str, chunks: Callable[[], Iterable[bytes]], count=False) -> tuple[_Pass, Finding | None]:
    p = _Pass(encoding)
    data = iter(chunks())
    chunk = next(data, b"")
    while True:
        following = next(data, None)
        bad = p.feed(chunk, following is None, count)
        if bad is not None:
            line, col, byte = bad
            return p, err(path, line, col, "not_text", encoding=encoding, byte=f"0x{byte:02X}")
        if following is None:
            return p, None
        chunk = following


def sniff(path: str, chunks: Callable[[], Iterable[bytes]], encoding: str | None) -> Guess:
    """The encoding to read the file with; a Guess with no encoding carries the located problem."""
    if encoding is not None:
        enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        return _checked(path, enc, chunks)
    head = next(iter(chunks()), b"")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(path, "utf-16", chunks)
    p, problem = _run(path, "utf-8-sig", chunks)
    if problem is None:
        return _nul(path, p, Guess("utf-8-sig"))
    p, problem = _run(path, "gb18030", chunks, count=True)
    if problem is None and (p.other == 0 or p.gb2312 >= CHINESE * p.other):
        return _nul(path, p, Guess("gb18030"))
    if problem is None and p.gb2312:
        return _nul(path, p, Guess("gb18030", doubt="gb18030"))
    p2, problem2 = _run(path, "cp1252", chunks)
    if problem2 is None:
        return _nul(path, p2, Guess("cp1252", doubt="cp1252"))
    if problem is None:
        return _nul(path, p, Guess("gb18030", doubt="gb18030"))
    return Guess(
        None,
        problem=err(
            path, problem.row, problem.col, "not_text", encoding="utf-8 / gb18030 / cp1252", byte=problem.params["byte"]
        ),
    )


def _checked(path: str, enc: str, chunks) -> Guess:
    p, problem = _run(path, enc, chunks)
    if problem is not None:
        return Guess(None, problem=problem)
    return _nul(path, p, Guess(enc))


def _nul(path: str, p: _Pass, guess: Guess) -> Guess:
    if p.nul is not None:
        return Guess(None, problem=err(path, p.nul[0], p.nul[1], "nul_byte"))
    return guess


def doubtful(cell: str, doubt: str) -> bool:
    """Does this cell show the guess (a letter outside ASCII read as cp1252, or a rare character read as GB18030)?"""
    if cell.isascii():
        return False
    if doubt == "cp1252":
        return True
    return len(cell.encode("gb2312", "ignore")) < len(cell.encode("gb18030"))


def _rows(path: str, lines: Iterable[str], delimiter: str, guess: Guess, found: list[Finding]) -> Iterator:
    # An empty line read after the file's last: it ends a clean file as an empty record, but a file that ends
    # inside a quoted cell returns that cell's record only once it is read (csv.reader, not strict, does not
    # say a quote was never closed: every line after it would silently be one cell of one row).
    ended: list[bool] = []

    def end() -> Iterator[str]:
        ended.append(True)
        yield ""

    reader = csv.reader(itertools.chain(lines, end()), delimiter=delimiter)
    header: list[str] | None = None
    doubt = guess.doubt
    try:
        for n, cells in enumerate(reader, start=1):
            if ended:
                if cells:  # the last cell is the one whose quote never closed
                    found.append(err(path, n, len(cells), "unclosed_quote"))
                    raise _Stop
                break
            if doubt:
                col = next((i for i, c in enumerate(cells, start=1) if doubtful(c, doubt)), 0)
                if col:
                    found.append(warn(path, n, col, "encoding_guess", encoding=guess.encoding, value=cells[col - 1]))
                    doubt = ""
            if header is None:
                header = [c.strip().lstrip("\ufeff") for c in cells]
                yield header
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line carries no data
            if len(cells) != len(header):
                found.append(warn(path, n, 0, "cell_count", got=len(cells), expected=len(header)))
                cells = (cells + [""] * len(header))[: len(header)] if len(cells) < len(header) else cells
            yield n, cells
    except csv.Error as e:
        found.append(err(path, reader.line_num, 0, "csv_syntax", problem=str(e)))
        raise _Stop from None


class _Stop(Exception):
    """The CSV syntax broke: the file is not read."""


def _file_chunks(path: str) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                yield chunk

    return chunks


def read(path: str, encoding: str | None, delimiter: str) -> tuple[Table | None, list[Finding]]:
    """Check a CSV file from end to end (encoding, syntax, header, cells per row) in bounded memory.

    OSError: the file cannot be read (the caller reports it).  The Table reads the rows again.
    """
    guess = sniff(path, _file_chunks(path), encoding)
    if guess.encoding is None:
        assert guess.problem is not None  # a Guess without an encoding carries its problem
        return None, [guess.problem]
    found: list[Finding] = []
    count = 0
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=guess.encoding, newline="")
        it = _rows(path, text, delimiter, guess, found)
        try:
            header = next(it, None)
            for _ in it:
                count += 1
        except _Stop:
            return None, found
    if header is None or not any(header):
        return None, found + [err(path, 1, 0, "no_header")]
    first: dict[str, int] = {}
    for col, name in enumerate(header, start=1):  # a name means its first column (Table.index): say so
        if name and first.setdefault(name, col) != col:
            found.append(warn(path, 1, col, "repeated_column", column=name, first=first[name]))
    return Table(path, header, count, guess.encoding, delimiter), found
