"""`kam import csv`: tabular exports (accounts, contacts, opportunities, people, offerings) -> a book.

    result = import_csv(files, "maven-crm", dest=Path("accounts"), settings=settings)

Library API; the command line in cli.py is a thin layer over it.  Design
choices (documented in docs/guide/import-export.md):

- account ids are slugs of the name (`acme-corporation`); names with letters
  that have no ASCII form get a short hash (`ka-9c41d0e2`, `huawei-3f2a1b`), or
  the mapping names an `id` column;
- rows that cannot be placed are listed in the report (``import-report.txt``,
  outside the book); with ``unassigned: keep`` deals and contacts with no or an
  unknown account go to a real account file ``unassigned.yaml``
  (name 未分配 / Unassigned) that validates;
- amounts keep the export's currency: the mapping's ``currency:`` is written on
  every imported account, and the policy needs a rate for it (the default
  policy has USD, EUR and HKD) or ``base_currency`` set to it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kam import files as safe_files
from kam.book.fields import BOOK_FILE
from kam.book.policy import Settings

from ..labels import term
from ..messages import shown
from . import csvread, mapping, writer
from .core import UNASSIGNED_ID, Importer, Unplaced
from .report import ERROR, Finding, err, sort, warn
from .tables import LOADERS

__all__ = ["import_csv", "ImportResult", "ImportError_", "expand_inputs"]
BATCH = 1 << 20  # bytes of account files validated together: bounds the memory of validation


class ImportError_(Exception):  # noqa: N801 - not the builtin ImportError
    """The import cannot start: a bad mapping, unmatched files, or files that exist (without --force)."""

    def __init__(self, findings: list[Finding], code: str = "usage"):
        super().__init__("; ".join(f.text() for f in findings))
        self.findings = findings
        self.code = code


@dataclass
class ImportResult:
    findings: list[Finding]
    unplaced: list[Unplaced]
    written: Sequence[Path]
    counts: dict
    accounts: int
    sources: list[str]
    unused_columns: dict = field(default_factory=dict)
    validate_warnings: int = 0
    report: str = ""

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


class Written(Sequence):
    """The files an import wrote, sorted, each a Path made when asked: a list of 100,000 Paths is 30 MB."""

    def __init__(self, dest: Path, names: list[str]):
        self.dest, self.names = dest, names  # account ids, and BOOK_FILE, in the order of their file names

    def __len__(self) -> int:
        return len(self.names)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        name = self.names[i]
        return self.dest / (name if name == BOOK_FILE else f"{name}.yaml")


def expand_inputs(paths) -> tuple[list[str], set[str], list[Finding]]:
    """FILES arguments: files as given, folders as their *.csv files (sorted); the set found only in folders.

    A file reached twice (named twice, inside a folder also given, through a link or another
    spelling of its path) is read once, with a warning naming both paths: its rows would
    otherwise be imported twice.
    """
    out: list[str] = []
    explicit: set[str] = set()
    first: dict[tuple, str] = {}  # (device, inode) -> the path it was first reached by
    found: list[Finding] = []

    def add(p: str, in_folder: bool) -> None:
        try:
            st = os.stat(p)
            key: tuple = (st.st_dev, st.st_ino)
        except OSError:  # unreadable: reported when read
            key = ("path", os.path.abspath(p))
        if key in first:
            found.append(warn(p, 0, 0, "same_file", first=first[key]))
            if not in_folder:
                explicit.add(first[key])
            return
        first[key] = p
        out.append(p)
        if not in_folder:
            explicit.add(p)

    for p in paths:
        p = str(p)
        if os.path.isdir(p):
            names = sorted(n for n in os.listdir(p) if n.lower().endswith((".csv", ".txt", ".tsv")))
            for n in names:
                add(str(Path(p) / n), True)
        else:
            add(p, False)
    return out, {p for p in out if p not in explicit}, found


def _shown(p: Path) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:  # pragma: no cover
        return str(p)


def import_csv(
    files,
    mapping_ref: str,
    dest: Path,
    settings: Settings,
    force: bool = False,
    lang: str = "zh",
    progress=None,
    on_total=None,
) -> ImportResult:
    """Import CSV files into the book folder `dest`.  Raises ImportError_ when it cannot start."""
    try:
        found = mapping.resolve(mapping_ref)
    except OSError as e:
        raise ImportError_([err(mapping_ref, 0, 0, "cannot_read", reason=e.strerror or str(e))], "mapping") from None
    if found is None:
        names = ", ".join(mapping.builtin_names())
        raise ImportError_([err(mapping_ref, 0, 0, "no_mapping", name=mapping_ref, builtin=names)])
    m, problems = mapping.parse(*found)
    if m is None:
        raise ImportError_(problems, "mapping")
    imp = Importer(m, settings, lang)
    problems = imp.check_mapping()
    if problems:
        raise ImportError_(problems, "mapping")
    paths, listed, twice = expand_inputs(files)
    imp.found += twice
    by_table, unmatched = imp.assign(paths)
    for p in unmatched:
        if p in listed:  # found in a folder: not for this mapping (e.g. a data dictionary)
            imp.found.append(warn(p, 0, 0, "file_ignored"))
    unmatched = [p for p in unmatched if p not in listed]
    if unmatched:
        pats = "; ".join(f"{t}: {', '.join(tm.files)}" for t, tm in m.tables.items() if tm.files)
        raise ImportError_([err(p, 0, 0, "unmatched_file", patterns=pats) for p in unmatched])
    tables: dict[str, list[csvread.Table]] = {}
    for t in by_table:  # every file checked from end to end before any row is placed
        for p in by_table[t]:
            try:
                table, f = csvread.read(p, m.encoding, m.delimiter)
            except OSError as e:
                raise ImportError_([err(p, 0, 0, "cannot_read", reason=e.strerror or str(e))]) from None
            imp.found += f
            if table is not None:
                tables.setdefault(t, []).append(table)
                imp.read_tables.add(t)
    if on_total:
        on_total(sum(tb.count for ts in tables.values() for tb in ts))
    try:
        for t in mapping.TABLES:
            for tb in tables.get(t, []):
                LOADERS[t](imp, tb, progress)
        imp.finish()
        sources = [tb.path for t in mapping.TABLES for tb in tables.get(t, [])]
        written, vwarn = _write_book(imp, m, Path(dest), [Path(x).name for x in sources], settings, force, lang)
    finally:
        imp.store.close()
    result = ImportResult(
        findings=sort(imp.found),
        unplaced=sorted(imp.unplaced, key=lambda u: (u.file, u.row)),
        written=written,
        counts=dict(imp.counts),
        accounts=len(imp.accounts),
        sources=sources,
        unused_columns={k: v for k, v in imp.unused_columns.items() if v},
        validate_warnings=vwarn,
    )
    result.report = report_text(result, m, Path(dest), lang)
    return result


def _write_book(imp: Importer, m, dest: Path, sources: list[str], settings, force: bool, lang: str):
    """Write _book.yaml and one file per account, each checked as `kam validate` would (in batches of
    BATCH bytes: validation's memory stays bounded); returns the paths written and the validation warnings."""
    from kam.book.loader import build_book
    from kam.book.yamlfile import MAX_BYTES

    book_path = dest / BOOK_FILE
    aids = sorted(imp.accounts)
    names = sorted([BOOK_FILE, *aids], key=lambda a: a if a == BOOK_FILE else f"{a}.yaml")
    written = Written(dest, names)
    if not force:
        exist = [p for p in written if p.exists()]
        if exist:
            raise ImportError_([err(_shown(p), 0, 0, "exists") for p in exist], "exists")

    def write(p: Path, text: str) -> None:  # kam's write rule: atomic, never through a link out of the project
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            imp.found.append(err(_shown(p), 0, 0, "file_too_large", size=size, limit=MAX_BYTES))
        try:
            safe_files.write(p, text, force=force)
        except safe_files.FileProblem as e:
            problem = err(_shown(p), 0, 0, "write_problem", message=e.message(lang))
            raise ImportError_([problem], "write_problem") from None

    people = sorted((r.values for r in imp.people.values()), key=lambda p: p["id"])
    offerings = sorted((r.values for r in imp.offerings.values()), key=lambda o: o["id"])
    book_text = writer.book_text(people, offerings, writer.header(sources, m.name))
    book_entry = (_shown(book_path), book_text.encode("utf-8"))
    write(book_path, book_text)
    vwarn = 0
    batch: dict[str, bytes] = {}
    texts: list[tuple[Path, str]] = []
    book_checked = False

    def check() -> None:  # validate the batch (the book file's own findings once), then write it
        nonlocal vwarn, book_checked
        _, diags = build_book(batch, book_entry, settings)
        for d in diags:
            if d.file == book_entry[0] and book_checked:
                continue
            if d.severity == ERROR:
                imp.found.append(err(d.file, d.line, d.column, "written_invalid", message=d.message(lang)))
            else:
                vwarn += 1
        book_checked = True
        for p, text in texts:
            write(p, text)
        batch.clear()
        texts.clear()

    size = 0
    for aid in aids:
        p = dest / f"{aid}.yaml"
        text = _account_text(imp, aid, m, sources, lang)
        data = text.encode("utf-8")
        batch[_shown(p)] = data
        texts.append((p, text))
        size += len(data)
        if size >= BATCH:
            check()
            size = 0
    if batch or not book_checked:
        check()
    return written, vwarn


def _account_text(imp: Importer, aid: str, m, sources: list[str], lang: str) -> str:
    acc = imp.accounts[aid]
    values = dict(acc.rec.values)
    values["notes"] = writer.notes_with(values.get("notes"), acc.rec.notes_extra, imp.not_imported)
    values["contacts"] = imp.store.texts(aid, "c")
    values["opportunities"] = imp.store.texts(aid, "d")
    if acc.won:
        values["revenue"] = acc.revenue()
    f = acc.files
    used = [f"{Path(imp.file_names[f[i]]).name} ({_rows(f[i + 1], f[i + 2], lang)})" for i in range(0, len(f), 3)]
    extra = [term("imp_unassigned_header", lang)] if aid == UNASSIGNED_ID else []
    return writer.account_text(values, writer.header(used or sources, m.name, extra))


def _rows(first: int, rows: int, lang: str) -> str:
    """The rows of a source file an account was made from."""
    return term("imp_row", lang, row=first) if rows == 1 else term("imp_rows", lang, rows=rows)


def report_text(r: ImportResult, m, dest: Path, lang: str) -> str:
    """The import report: what was read, written, every finding and every row not placed."""
    t = lambda key, **p: term(key, lang, **p)  # noqa: E731
    out = io.StringIO()  # line by line: a list of every line, then joined, would hold the report twice
    head = [t("imp_report_title", mapping=shown(m.path)), ""]
    head.append(t("imp_report_sources", files=", ".join(shown(x) for x in r.sources)))
    head.append(t("imp_report_written", dest=shown(_shown(dest)), files=len(r.written)))
    head.append(t("imp_report_counts", **r.counts))
    head.append(t("imp_report_findings", errors=r.errors, warnings=r.warnings, unplaced=len(r.unplaced)))
    if r.validate_warnings:
        head.append(t("imp_report_validate", warnings=r.validate_warnings))
    for path, cols in r.unused_columns.items():
        head.append(t("imp_report_unused", file=shown(path), columns=", ".join(shown(c) for c in cols)))
    head += ["", "## " + t("imp_report_findings_title"), ""]
    out.write("\n".join(head) + "\n")
    for f in r.findings:
        out.write(f.text(lang) + "\n")
    if not r.findings:
        out.write("-\n")
    out.write("\n## " + t("imp_report_unplaced_title") + "\n\n")
    for u in r.unplaced:
        out.write(f"{shown(u.file)}:{u.row}: {u.table}: {u.reason.message(lang)}\n")
    if not r.unplaced:
        out.write("-\n")
    return out.getvalue()
