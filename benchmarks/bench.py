"""How kam scales with the size of the book.

For each book size (synthetic books from ``benchmarks/synth.py``, kept in ``benchmarks/out/``
and reused while the generator is unchanged) every measurement is run
``--repeat`` times, interleaved, and the best time is kept (process CPU time by
default: steadier than wall time on a shared machine; ``--clock wall`` for elapsed time).  Measurements run in the same
process and the same run, so their ratios are comparable even on a noisy
machine: compare ratios, not seconds.

    python benchmarks/bench.py                  # 100, 1,000 and 10,000 accounts
    python benchmarks/bench.py --quick          # 100 and 1,000
    python benchmarks/bench.py --sizes 100,500 --repeat 5 --json out.json
    python benchmarks/bench.py --import-memory 3000,10000   # peak memory of `kam import csv`
    python benchmarks/bench.py --site-only --quick --site-repeat 3   # the site at 100 and 1,000
    python benchmarks/bench.py --site-only --sizes 10000             # and once at 10,000 (minutes)
    python benchmarks/bench.py --targets --site-repeat 7             # only issue 13's targets, at 1,000

The site (``--site``): MkDocs' own floor (Material and its search plugin rendering as many trivial
pages), the whole `kam build` of the project `kam init` writes (what a team builds), the same with the
book's git history, kam's own site (the repository's docs beside the book), the generator's part of it,
the `kam serve --account ID` preview, and a `kam build` in a process of its own for its peak memory.

To add a column (metrics, site build, page size...), add a ``Measurement`` to
``MEASUREMENTS`` and, if useful, a ``Ratio`` to ``RATIOS``.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generator"))  # run from a checkout without installing

import yaml  # noqa: E402

from kam.book.loader import load_book  # noqa: E402
from kam.book.policy import Settings  # noqa: E402

import synth  # noqa: E402

OUT = HERE / "out"
SEED = 0
TARGET = 1.5  # validate at most this many times the bare parse, at 10,000 accounts


# ---------------------------------------------------------------- books
@dataclass
class Book:
    accounts: int
    path: Path
    files: list[Path]

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files)

    def settings(self) -> Settings:
        return Settings(root=str(self.path.parent), book=self.path.name, as_of=synth.AS_OF)


def _generator_hash() -> str:
    return hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()[:16]


def book_of(n: int, seed: int = SEED, out: Path = OUT) -> Book:
    """The synthetic book of n accounts: reused when already written by the same generator."""
    path = out / f"book-{n}-seed{seed}"
    stamp = path / ".generated"
    want = f"{n} {seed} {_generator_hash()}\n"
    if not (stamp.is_file() and stamp.read_text() == want):
        if path.exists():
            shutil.rmtree(path)
        t = time.perf_counter()
        synth.write_book(path, n, seed)
        stamp.write_text(want)
        print(f"  wrote {n:,} accounts to {path} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    files = sorted(p for p in path.rglob("*.yaml"))
    return Book(n, path, files)


# ---------------------------------------------------------------- measurements
def bare_parse(book: Book) -> None:
    """Read, decode and load every file with libyaml's safe loader: the floor for any validation."""
    for p in book.files:
        yaml.load(p.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


def validate(book: Book) -> None:
    """The whole `kam validate` pipeline without printing: load_book."""
    b, diags = load_book(book.settings())
    errors = [d for d in diags if d.severity == "error"]
    if b is None or errors:
        raise SystemExit(f"the synthetic book of {book.accounts} accounts is not valid: {errors[:3]}")


# ---------------------------------------------------------------- git history (kam diff, kam.git.history)
MONTHS = 24  # monthly commits in the benchmark repository
CHANGED = 0.03  # share of the account files each monthly commit edits
DIFF_FILES = 10  # files the last commit edits: the change `kam diff` is timed on, the same at every size


def git_repo_of(book: Book) -> Path:
    """A git repository holding the book: an import 24 months back, then one commit a month editing 3% of the files.

    Kept in benchmarks/out/ next to the book and rebuilt when the book is.
    """
    import random
    import re
    import subprocess

    root = book.path.parent / f"git-{book.path.name}"
    stamp = root / ".generated"
    want = (book.path / ".generated").read_text() + f"{MONTHS} {CHANGED} {DIFF_FILES}\n"
    if stamp.is_file() and stamp.read_text() == want:
        return root
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(book.path, root / "accounts", ignore=shutil.ignore_patterns(".generated"))
    (root / "mkdocs.yml").write_text(f"site_name: bench\nplugins:\n  - kam:\n      as_of: {synth.AS_OF}\n")
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "b@example.com",
    }

    def commit(message: str, day) -> None:
        stamp_env = {**env, "GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
        subprocess.run(["git", "add", "-A"], cwd=root, env=stamp_env, check=True)
        subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, env=stamp_env, check=True)

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=env, check=True)
    first = synth.AS_OF.replace(day=3)
    months = [(first.year * 12 + first.month - 1 - k) for k in range(MONTHS, -1, -1)]
    days = [first.replace(year=m // 12, month=m % 12 + 1) for m in months]
    commit("import", days[0])
    files = sorted(p for p in (root / "accounts").rglob("*.yaml") if p.name != "_book.yaml")
    rng = random.Random(SEED)
    bump = re.compile(r"^potential: (\d+(?:\.\d+)?)", re.M)
    for i, day in enumerate(days[1:]):
        for p in rng.sample(files, max(1, int(len(files) * CHANGED))):
            text = p.read_text(encoding="utf-8")
            text = bump.sub(lambda m: f"potential: {synth.num(float(m.group(1)) + 1000)}", text, count=1)
            p.write_text(text, encoding="utf-8")
        commit(f"month {i + 1}", day)
    # the change `kam diff` is measured on: the same ten accounts' worth of edits whatever the book's size
    for p in rng.sample(files, min(DIFF_FILES, len(files))):
        text = p.read_text(encoding="utf-8")
        p.write_text(
            bump.sub(lambda m: f"potential: {synth.num(float(m.group(1)) + 500)}", text, count=1), encoding="utf-8"
        )
    commit("ten accounts", days[-1])
    stamp.write_text(want)
    return root


def _git_settings(root: Path) -> Settings:
    return Settings(root=str(root), book="accounts", as_of=synth.AS_OF, config_file=str(root / "mkdocs.yml"))


def git_diff(book: Book) -> None:
    """`kam diff HEAD~1 HEAD` without printing: a commit editing ten account files, at every size."""
    from kam.git.diff import diff_revisions, render
    from kam.git.gitstore import Repo

    root = git_repo_of(book)
    render(diff_revisions(Repo(root), _git_settings(root), "HEAD~1", "HEAD"), "en")


def git_history(book: Book) -> None:
    """kam.git.history.history(): 24 monthly snapshots (plus 12 weeks and the change logs)."""
    from kam.git.history import history

    root = git_repo_of(book)
    h = history(root, _git_settings(root), months=MONTHS)
    if not h.get("available"):
        raise SystemExit(f"history of {root}: {h}")


# ---------------------------------------------------------------- metrics and the site
_LOADED: dict[Path, object] = {}


def _loaded(book: Book):
    if book.path not in _LOADED:
        _LOADED.clear()
        _LOADED[book.path], _ = load_book(book.settings())
    return _LOADED[book.path]


def metrics(book: Book) -> None:
    """kam.metrics.compute on the loaded book (loading not counted)."""
    from kam.metrics import compute

    compute(_loaded(book), book.settings())


def team_files(book_path: str, bilingual: bool = False) -> dict[str, bytes]:
    """What a team builds: the mkdocs.yml and the docs `kam init` writes (its guide page and the editor's
    schemas), set for the synthetic book as a team would set it: `book:` the book, `as_of:` the book's date,
    the foreign currencies' rates (as kam init's comment gives them) and, `bilingual`, both languages: each
    of these a line of kam init's file uncommented."""
    import tempfile

    from kam.init import Person, init

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "book"
        init(root, company="华东精密", people=[Person("zhang-wei", "张伟")])
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    edits = [
        (r"(?m)^( *)book: accounts$", rf"\g<1>book: {book_path}"),
        (r"(?m)^( *)# as_of: \S+ .*$", rf"\g<1>as_of: {synth.AS_OF}"),
        (r"(?m)^( *)# (rates: \{[^}]*\}).*$", r"\g<1>\g<2>"),
    ]
    if bilingual:
        edits.append((r"(?m)^( *)# (languages: \[[a-z, ]*\]).*$", r"\g<1>\g<2>"))
    for pattern, repl in edits:
        text, n = re.subn(pattern, repl, text, count=1)
        if n != 1:
            raise SystemExit(f"kam init's mkdocs.yml has no line matching {pattern}: update benchmarks/bench.py")
    files["mkdocs.yml"] = text.encode("utf-8")
    return files


def _write_project(root: Path, files: dict[str, bytes]) -> None:
    """Write the files that differ (a project is rewritten when kam init's output changes, not otherwise)."""
    for rel, data in files.items():
        path = root / rel
        if not (path.is_file() and path.read_bytes() == data):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


_PROJECTS: set[Path] = set()  # written in this process


def site_project_of(book: Book, bilingual: bool = False) -> Path:
    """The project a team builds (``team_files``) beside this book, in one language or both."""
    root = book.path.parent / f"team{'2' if bilingual else ''}-{book.path.name}"
    if root not in _PROJECTS:
        _write_project(root, team_files(os.path.relpath(book.path, root), bilingual))
        _PROJECTS.add(root)
    return root


def repo_project_of(book: Book) -> Path:
    """kam's own site on this book: the repository's mkdocs.yml and docs (kam's guide, reference and
    developer documentation, 15 pages more and a nav of 38 entries on every page, where a team's has 12)."""
    root = book.path.parent / f"site-{book.path.name}"
    if not root.exists():
        root.mkdir(parents=True)
        repo = HERE.parent
        shutil.copytree(repo / "docs", root / "docs")
        text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
        text = text.replace("book: accounts", f"book: {os.path.relpath(book.path, root)}")
        text = re.sub(r"(?m)^ *languages:.*\n", "", text)
        (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def _forget_parses(keep_disk: bool) -> None:
    """Start as a new process: no parsed file kept in memory, and none in kam's cache folder unless
    `keep_disk` (``kam.book.parsecache``).  The measurements use a cache folder of their own
    (``use_cache_folder``), so the user's is never emptied."""
    try:
        from kam.book import parsecache
    except ImportError:  # an older kam, measured for comparison
        return
    parsecache.CACHE = parsecache.ParseCache()
    if not keep_disk:
        shutil.rmtree(CACHE_DIR / "parsed", ignore_errors=True)


CACHE_DIR = OUT / "kam-cache"


def use_cache_folder(out: Path) -> None:
    """kam's cache folder for this run (compiled templates, the vega-embed bundle, parsed files): one of the
    benchmark's own, beside the books."""
    global CACHE_DIR
    CACHE_DIR = out / "kam-cache"
    os.environ["KAM_CACHE_DIR"] = str(CACHE_DIR)


def _fresh_charts() -> None:
    """Forget what an earlier measurement in this process left (charts drawn, the theme compiled): a
    `kam build` starts without them.  A rebuild in `kam serve` keeps them (``preview_rebuild``)."""
    from kam.site import charts

    charts._svg.cache_clear()
    try:
        from kam.site import bytecode
    except ImportError:  # an older kam, measured for comparison
        return
    bytecode.CACHE.clear()


def generate(book: Book) -> None:
    """What the kam plugin adds to a build: load, validate, metrics and the pages (no MkDocs)."""
    from kam.metrics import compute
    from kam.site import build_pages

    _fresh_charts()
    b, _ = load_book(book.settings())
    build_pages(b, book.settings(), compute(b, book.settings()))


PAGE_SIZES: dict[int, float] = {}


def site_build(book: Book, bilingual: bool = False, root: Path | None = None) -> None:
    """The whole `kam build` (MkDocs with the kam plugin) of a team's site (or of the project at `root`) into a
    temporary folder."""
    import logging
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    root = root or site_project_of(book, bilingual)
    _fresh_charts()
    with tempfile.TemporaryDirectory(dir=_sites_dir(book)) as out:
        build(load_config(str(root / "mkdocs.yml"), site_dir=out))
        pages = list(Path(out, "accounts").glob("*/index.html"))
        if bilingual or root != site_project_of(book):
            return
        PAGE_SIZES[book.accounts] = sum(p.stat().st_size for p in pages) / max(1, len(pages)) / 1024


def repo_build(book: Book) -> None:
    """`kam build` of kam's own site on this book (``repo_project_of``): the figures of the tables before
    2026-12-04's eighth session, which measured this site rather than a team's."""
    site_build(book, root=repo_project_of(book))


def site_build_warm(book: Book) -> None:
    """`kam build` again in a new process, after a build of the same book kept its parsed files in kam's cache
    folder (the build before it in the run): a second build on one machine, or CI keeping the folder."""
    site_build(book)


def history_project_of(book: Book) -> Path:
    """The site of the book in its git repository (``git_repo_of``: 24 months of edits), as a team's book
    is built: the project `kam init` writes (``team_files``) beside the book, not committed, its config
    `team.yml` and its docs `team-docs` (the repository's own mkdocs.yml is the bare one the history
    measurements read)."""
    root = git_repo_of(book)
    if root not in _PROJECTS:
        files = team_files("accounts")
        text = files.pop("mkdocs.yml").decode("utf-8")
        text, n = re.subn(r"(?m)^docs_dir: docs$", "docs_dir: team-docs", text)
        assert n == 1, "kam init's mkdocs.yml has no `docs_dir: docs` line"
        files = {"team-" + rel: data for rel, data in files.items()}
        files["team.yml"] = text.encode("utf-8")
        _write_project(root, files)
        _PROJECTS.add(root)
    return root / "team.yml"


def history_build(book: Book) -> None:
    """`kam build` of the book in its git repository: the Changes pages and every account's change log read
    the history, every version of every account file in the 24 months."""
    import logging
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = history_project_of(book)
    _fresh_charts()
    with tempfile.TemporaryDirectory(dir=_sites_dir(book)) as out:
        build(load_config(str(config), site_dir=out))


def history_build_warm(book: Book) -> None:
    """history_build in a new process after one that kept its parsed files (every version's)."""
    history_build(book)


def site_build_bilingual(book: Book) -> None:
    """`kam build` of the site in Chinese and English (`languages: [zh, en]`): two builds in one."""
    site_build(book, bilingual=True)


SHM = Path("/dev/shm")


def _sites_dir(book: Book) -> Path:
    """Where the measured builds write their sites: a folder in memory when the system has one.  On a
    disk shared with other work, creating a thousand folders and files cost from 0.2 to 2.6 s of
    system time from one minute to the next, for the floor and the build alike, which swamped the
    ratios; in memory it costs 0.06 s every time.  Otherwise beside the books."""
    if SHM.is_dir() and os.access(SHM, os.W_OK):
        return SHM
    return book.path.parent


def floor_project_of(book: Book) -> Path:
    """MkDocs' own floor for a site of this size: Material and its search plugin rendering as many
    one-paragraph pages (Chinese text), kept out of the nav as kam's account pages are."""
    root = book.path.parent / f"floor-{book.accounts}"
    if not root.exists():
        (root / "docs" / "p").mkdir(parents=True)
        for i in range(book.accounts):
            (root / "docs" / "p" / f"a{i:05d}.md").write_text(
                f"# 客户 {i}\n\n华东精密机械股份有限公司第 {i} 号客户，负责人张伟，需求：产线数字化。\n",
                encoding="utf-8",
            )
        (root / "docs" / "index.md").write_text("# 首页\n\n欢迎。\n", encoding="utf-8")
        (root / "mkdocs.yml").write_text(
            "site_name: floor\ndocs_dir: docs\ntheme:\n  name: material\n  language: zh\n  font: false\n"
            "  features: [navigation.top, navigation.indexes, search.highlight]\n"
            "markdown_extensions: [attr_list, admonition, tables, {toc: {permalink: true}}]\n"
            "plugins: [search]\nnav: [index.md]\nnot_in_nav: /p/\n",
            encoding="utf-8",
        )
    return root


def _mkdocs_build(root: Path, env: dict | None = None) -> None:
    import logging
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        with tempfile.TemporaryDirectory(dir=_sites_dir(Book(0, root, []))) as out:
            build(load_config(str(root / "mkdocs.yml"), site_dir=out))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def floor_build(book: Book) -> None:
    _mkdocs_build(floor_project_of(book))


def preview_build(book: Book) -> None:
    """`kam serve --account ID`'s build: one account file read, its page, the index and the home page.

    Its first build: in a process that has imported kam and MkDocs, without what a previous build left in
    it; the compiled theme is found in kam's cache folder, as every `kam serve` after the machine's first
    finds it (``preview_cold``: without)."""
    _fresh_charts()
    _mkdocs_build(site_project_of(book), {"KAM_PREVIEW_ACCOUNT": book.files[1].stem})


def preview_cold(book: Book) -> None:
    """`kam serve --account ID`'s build on a machine where kam never ran: no compiled theme in kam's cache
    folder either (``KAM_CACHE_DIR=off``).  The vega-embed bundle is not in it: vl-convert makes it once per
    process (``warm_up``), and the very first preview on a machine pays 0.9 s more for it."""
    _fresh_charts()
    _mkdocs_build(site_project_of(book), {"KAM_PREVIEW_ACCOUNT": book.files[1].stem, "KAM_CACHE_DIR": "off"})


def preview_rebuild(book: Book) -> None:
    """`kam serve --account ID`'s rebuild after an edit of the account file: the same build again, in the
    process that made the previous one, the file edited (a final blank line added or taken away, so its
    parse is not one the process kept)."""
    path = book.files[1]
    data = path.read_bytes()
    path.write_bytes(data[:-1] if data.endswith(b"\n\n") else data + b"\n")
    _mkdocs_build(site_project_of(book), {"KAM_PREVIEW_ACCOUNT": path.stem})


def warm_up() -> None:
    """Pay once, before any site measurement, what a process pays once whatever it builds: the imports,
    jieba's dictionary, vl-convert's JavaScript engine and the vega-embed bundle it makes (0.9 s, kept by
    vl-convert for the rest of the process and by kam in its cache folder for the next ones).  Without this
    the first measurement of a run carries them: the floor at the smallest size, or the first preview
    without kam's cache, whose first run only (of ``--site-repeat``) made the bundle.  The `kam build` run
    in a process of its own (``peak_memory``) shows the whole cost of a cold build."""
    import jieba
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401

    import kam.plugin  # noqa: F401
    from kam.metrics import compute  # noqa: F401
    from kam.site import build_pages  # noqa: F401
    from kam.site.charts import _vlc

    jieba.setLogLevel(60)
    jieba.initialize()
    _vlc().vegalite_to_svg({"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x"}}})
    _vlc().javascript_bundle()


PEAK: dict[int, tuple[float, float]] = {}  # accounts -> (peak resident MB, CPU s) of `kam build` on its own


# Runs a command and prints its peak resident memory (KiB) and CPU seconds.  Linux keeps a process's peak across
# exec, so a child forked from the benchmark's own large process would report the benchmark's memory (808 MB
# for a 1,000-account build that peaks at 595 MB): the build is started by this small process instead.
_LAUNCH = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=sys.stderr)
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def peak_memory(book: Book) -> None:
    """`python -m kam build` in a process of its own: its peak resident memory and its CPU time (imports,
    jieba's dictionary and all), read from the kernel's accounting of that process."""
    import subprocess
    import tempfile

    root = site_project_of(book)
    _forget_parses(keep_disk=False)  # a cold build, as on a fresh machine
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(HERE.parent / "generator")}
    env.pop("KAM_PREVIEW_ACCOUNT", None)
    with tempfile.TemporaryDirectory(dir=_sites_dir(book)) as out:
        cmd = [
            sys.executable,
            "-c",
            _LAUNCH,
            sys.executable,
            "-m",
            "kam",
            "build",
            "--site-dir",
            str(Path(out) / "site"),
        ]
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    code, maxrss, cpu = (proc.stdout.split() + ["1", "0", "0"])[:3] if proc.returncode == 0 else ("1", "0", "0")
    if int(code):
        raise SystemExit(f"kam build of {book.accounts:,} accounts failed ({code}):\n{proc.stderr[-2000:]}")
    PEAK[book.accounts] = (int(maxrss) / 1024, float(cpu))  # ru_maxrss: KiB on Linux


def csv_import(book: Book) -> None:
    """`kam import csv` of a CRM export of the same number of accounts (written once, beside the book)."""
    import tempfile

    from kam.importer import import_csv

    from synth_csv import synth_csv

    src = book.path.parent / f"csv-{book.accounts}"
    if not (src / "mapping.yaml").is_file():
        synth_csv(src, book.accounts, SEED)
    files = sorted(str(p) for p in src.glob("*.csv"))
    with tempfile.TemporaryDirectory() as out:
        import_csv(files, str(src / "mapping.yaml"), Path(out) / "accounts", Settings(), force=True, lang="en")


# ---------------------------------------------------------------- import: peak memory
MEMORY_TARGET = 5.0  # an import's peak above the interpreter's, at most this many times the CSV input
MEMORY_SIZES = "3000,10000,30000"


# Runs a command and prints the peak memory of its process.  Measured from a small process of its own:
# a child forked from this one (pandas loaded) counts this one's pages until it replaces itself.
_PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _peak_of(cmd: list[str], cwd: Path) -> int:
    """Peak resident memory in bytes of one process running `cmd` (getrusage(RUSAGE_CHILDREN).ru_maxrss)."""
    import subprocess

    path = os.pathsep.join([str(HERE.parent / "generator"), os.environ.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
    )
    code, peak = (int(x) for x in out.stdout.split())
    if code not in (0, 1):  # 1: imported, with findings in the report
        raise SystemExit(f"{' '.join(cmd)} failed: {out.stderr[-2000:]}")
    return peak * (1 if sys.platform == "darwin" else 1024)  # Linux: KiB; macOS: bytes


def import_memory(n: int, seed: int = SEED, out: Path = OUT) -> dict:
    """`kam import csv` of a synthetic export of n accounts in a child process: its peak memory, the input's size."""
    import tempfile

    from synth_csv import synth_csv

    src = out / f"csv-{n}-seed{seed}"
    if not (src / "mapping.yaml").is_file():
        synth_csv(src, n, seed)
    size = sum(p.stat().st_size for p in src.glob("*.csv"))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "kam", "--lang", "en", "import", "csv", "--mapping", str(src / "mapping.yaml")]
        peak = _peak_of([*cmd, str(src), "--book", "book", "--report", "report.txt"], Path(tmp))
    return {"accounts": n, "bytes": size, "peak": peak}


def memory_table(rows: list[dict], base: dict) -> str:
    """Peak of each import, and as a multiple of its input: whole, and above the import of 5 accounts
    (the interpreter, pandas and the validator loaded: what any import costs)."""
    out = [
        f"| accounts | input MB | peak MB | peak / input | (peak - {base['peak'] / 1e6:.0f} MB) / input |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        above = (r["peak"] - base["peak"]) / r["bytes"]
        out.append(
            f"| {r['accounts']:,} | {r['bytes'] / 1e6:.1f} | {r['peak'] / 1e6:.0f} | {r['peak'] / r['bytes']:.1f} | "
            f"{above:.1f} |"
        )
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Measurement:
    name: str  # key in the JSON
    label: str  # column heading
    run: Callable[[Book], object]
    # the parsed account files it starts with (kam.book.parsecache): "none", as a new process on a fresh machine
    # (CI); "disk", as a new process finding what the measurement before it kept in kam's cache folder;
    # "process", as the process the measurement before it ran in (`kam serve`)
    parses: str = "none"


@dataclass(frozen=True)
class Ratio:
    name: str
    label: str
    numerator: str
    denominator: str


MEASUREMENTS: list[Measurement] = [
    Measurement("parse", "parse s", bare_parse),
    Measurement("validate", "validate s", validate),
    Measurement("metrics", "metrics s", metrics),
    Measurement("diff", "diff s", git_diff),
    Measurement("history", "history s", git_history),
    Measurement("import", "import s", csv_import),
]
RATIOS: list[Ratio] = [
    Ratio("validate_over_parse", "validate / parse", "validate", "parse"),
    Ratio("metrics_over_validate", "metrics / validate", "metrics", "validate"),
    Ratio("history_over_validate", "history / validate", "history", "validate"),
]
# the site: slow (MkDocs renders every page), so measured only with --site
SITE_MEASUREMENTS: list[Measurement] = [
    Measurement("floor", "floor s", floor_build),
    Measurement("generate", "generator s", generate),
    Measurement("build", "build s", site_build),
    Measurement("build_warm", "warm build s", site_build_warm, parses="disk"),
    Measurement("build_repo", "kam's own site s", repo_build),
    Measurement("build2", "zh+en build s", site_build_bilingual),
    Measurement("build_git", "build with history s", history_build),
    Measurement("build_git_warm", "warm, with history s", history_build_warm, parses="disk"),
    Measurement("preview", "preview s", preview_build),
    Measurement("preview_cold", "first preview s", preview_cold),
    Measurement("rebuild", "rebuild s", preview_rebuild, parses="process"),
]
SITE_TARGET_SIZE = 1000  # the site's targets are met at this size (issue 13)
SITE_TARGETS = {"build_over_floor": 3.0, "preview_over_build": 0.05, "rebuild_over_build": 0.05}  # ratio -> at most
SITE_RATIOS: list[Ratio] = [
    Ratio("build_over_floor", "build / floor", "build", "floor"),
    Ratio("warm_over_floor", "warm build / floor", "build_warm", "floor"),
    Ratio("repo_over_floor", "kam's own site / floor", "build_repo", "floor"),
    Ratio("git_over_floor", "with history / floor", "build_git", "floor"),
    Ratio("git_warm_over_floor", "warm, with history / floor", "build_git_warm", "floor"),
    Ratio("generator_share", "generator share", "generate", "build"),
    Ratio("bilingual_over_build", "zh+en / zh", "build2", "build"),
    Ratio("preview_over_build", "preview / build", "preview", "build"),
    Ratio("cold_preview_over_build", "first preview / build", "preview_cold", "build"),
    Ratio("rebuild_over_build", "rebuild / build", "rebuild", "build"),
]


@dataclass
class Result:
    accounts: int
    files: int
    bytes: int
    cpu: dict[str, list[float]] = field(default_factory=dict)  # process CPU seconds per run
    wall: dict[str, list[float]] = field(default_factory=dict)  # wall-clock seconds per run
    clock: str = "cpu"

    @property
    def times(self) -> dict[str, list[float]]:
        return self.cpu if self.clock == "cpu" else self.wall

    def best(self, name: str) -> float:
        return min(self.times[name])


def measure(book: Book, repeat: int, measurements=MEASUREMENTS, clock: str = "cpu") -> Result:
    """Each measurement `repeat` times, interleaved (parse, validate, parse, ...) so that a noisy
    neighbour slows all of them alike."""
    res = Result(book.accounts, len(book.files), book.bytes, clock=clock)
    for _ in range(repeat):
        for m in measurements:
            if m.parses != "process":
                _forget_parses(keep_disk=m.parses == "disk")
            gc.collect()
            c, t = time.process_time(), time.perf_counter()
            m.run(book)
            res.wall.setdefault(m.name, []).append(time.perf_counter() - t)
            res.cpu.setdefault(m.name, []).append(time.process_time() - c)
    for m in measurements:
        print(
            f"  {book.accounts:>6,} accounts  {m.name:<10} best {res.best(m.name):8.3f} s ({clock})  runs "
            + " ".join(f"{x:.3f}" for x in res.times[m.name]),
            file=sys.stderr,
        )
    return res


# ---------------------------------------------------------------- report
def _spread(r: Result, x: Ratio) -> str:
    """The ratio of each repeat's pair (both measured in the same round of the interleaved loop), when there are
    several: how far the noise moves the ratio of bests."""
    pairs = sorted(a / b for a, b in zip(r.times[x.numerator], r.times[x.denominator]))
    if len(pairs) < 3:
        return ""
    return f"; the {len(pairs)} rounds' own ratios {pairs[0]:.3f} to {pairs[-1]:.3f}, median {statistics.median(pairs):.3f}"


def table(results: list[Result], measurements=MEASUREMENTS, ratios=RATIOS) -> str:
    """A Markdown table: one row per size; times, ratios, and growth against the smallest book."""
    base = results[0]
    head = ["accounts", "files", "MB"] + [m.label for m in measurements] + [r.label for r in ratios]
    head += [f"{m.name} vs {base.accounts:,}" for m in measurements]
    rows = []
    for r in results:
        row = [f"{r.accounts:,}", f"{r.files:,}", f"{r.bytes / 1e6:.1f}"]
        row += [f"{r.best(m.name):.3f}" for m in measurements]
        row += [f"{r.best(x.numerator) / r.best(x.denominator):.2f}" for x in ratios]
        row += [f"{r.best(m.name) / base.best(m.name):.1f}x" for m in measurements]
        rows.append(row)
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" for _ in head) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "pyyaml": yaml.__version__,
        "libyaml": getattr(yaml, "__with_libyaml__", False),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=None, help="book sizes in accounts, comma-separated [default: 100,1000,10000]")
    ap.add_argument("--quick", action="store_true", help="only 100 and 1,000 accounts")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    ap.add_argument(
        "--clock",
        choices=["cpu", "wall"],
        default="cpu",
        help="cpu: process CPU time (steadier on a shared machine); wall: elapsed time",
    )
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=OUT, help="where the synthetic books are kept")
    ap.add_argument("--json", type=Path, default=None, metavar="OUT", help="also save the results as JSON")
    ap.add_argument(
        "--site",
        action="store_true",
        help="also build the site (slow): MkDocs' floor, the build, the preview, page size, peak memory",
    )
    ap.add_argument(
        "--import-memory",
        nargs="?",
        const=MEMORY_SIZES,
        default=None,
        metavar="SIZES",
        help=f"only measure the peak memory of `kam import csv` of synthetic exports of SIZES accounts "
        f"[default: {MEMORY_SIZES}]",
    )
    ap.add_argument("--site-only", action="store_true", help="only the site measurements (implies --site)")
    ap.add_argument("--site-repeat", type=int, default=1, help="runs per site measurement; the best is kept")
    ap.add_argument(
        "--targets",
        action="store_true",
        help=f"only the site's targets: the floor, the build, the preview and its rebuild, at "
        f"{SITE_TARGET_SIZE:,} accounts unless --sizes says otherwise (more repeats in the same time)",
    )
    args = ap.parse_args(argv)
    if args.import_memory:
        return memory_main(args)
    site_measurements, site_ratios = SITE_MEASUREMENTS, SITE_RATIOS
    if args.targets:  # what the targets' ratios read, and those ratios
        site_ratios = [x for x in SITE_RATIOS if x.name in SITE_TARGETS]
        needed = {n for x in site_ratios for n in (x.numerator, x.denominator)}
        site_measurements = [m for m in SITE_MEASUREMENTS if m.name in needed]
        args.site_only = True
    args.site = args.site or args.site_only
    if args.sizes is None:
        args.sizes = str(SITE_TARGET_SIZE) if args.targets else "100,1000,10000"
    sizes = [100, 1000] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    sizes = sorted(set(sizes))

    results = []
    site_results = []
    use_cache_folder(args.out)
    if args.site:
        warm_up()
    for n in sizes:
        book = book_of(n, args.seed, args.out)
        if not args.site_only:
            results.append(measure(book, args.repeat, clock=args.clock))
        if args.site:
            for project in (site_project_of, repo_project_of, history_project_of):  # written before any timing
                project(book)
            site_project_of(book, bilingual=True)
            site_results.append(measure(book, args.site_repeat, site_measurements, clock=args.clock))
            if not args.targets:
                peak_memory(book)
    text = table(results) if results else ""
    if site_results:
        text += ("\n" if text else "") + table(site_results, site_measurements, site_ratios)
    if site_results and PEAK:
        text += "\n| accounts | account page KB | `kam build` alone: peak MB | its CPU s |\n|---:|---:|---:|---:|\n"
        text += "".join(
            f"| {n:,} | {kb:.1f} | {PEAK[n][0]:,.0f} | {PEAK[n][1]:.1f} |\n" for n, kb in sorted(PAGE_SIZES.items())
        )
    print(text, end="")
    print()
    if results:
        last = results[-1]
        ratio = last.best("validate") / last.best("parse")
        verdict = "meets" if ratio <= TARGET else "misses"
        print(f"validate / parse at {last.accounts:,} accounts: {ratio:.2f} ({verdict} the target of {TARGET})")
        m_ratio = last.best("metrics") / last.best("validate")
        print(
            f"metrics / validate at {last.accounts:,} accounts: {m_ratio:.2f} "
            f"({'meets' if m_ratio < 1 else 'misses'} the target: less than 1)"
        )
    for r in site_results:
        for x in (x for x in SITE_RATIOS if x.name in SITE_TARGETS):
            ratio, target = r.best(x.numerator) / r.best(x.denominator), SITE_TARGETS[x.name]
            verdict = ""
            if r.accounts == SITE_TARGET_SIZE:
                verdict = f" ({'meets' if ratio <= target else 'misses'} the target: at most {target:g})"
            print(f"{x.label} at {r.accounts:,} accounts: {ratio:.3f}{verdict}{_spread(r, x)}")
    if args.json:
        data = {
            "machine": machine(),
            "seed": args.seed,
            "repeat": args.repeat,
            "clock": args.clock,
            "generator": _generator_hash(),
            "results": [
                {
                    "accounts": r.accounts,
                    "files": r.files,
                    "bytes": r.bytes,
                    "best": {k: min(v) for k, v in r.times.items()},
                    "cpu": r.cpu,
                    "wall": r.wall,
                }
                for r in results + site_results
            ],
            "peak_memory_mb": {n: mb for n, (mb, _) in PEAK.items()},
            "table": text,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


def memory_main(args) -> int:
    sizes = sorted({int(x.replace("_", "")) for x in args.import_memory.split(",") if x.strip()})
    base = import_memory(5, args.seed, args.out)
    rows = []
    for n in sizes:
        rows.append(import_memory(n, args.seed, args.out))
        r = rows[-1]
        print(f"  {n:>7,} accounts  {r['bytes'] / 1e6:7.1f} MB in  peak {r['peak'] / 1e6:7.0f} MB", file=sys.stderr)
    text = memory_table(rows, base)
    print(text, end="")
    last = rows[-1]
    ratio = (last["peak"] - base["peak"]) / last["bytes"]
    verdict = "meets" if ratio <= MEMORY_TARGET else "misses"
    print(
        f"\nimport peak above the fixed cost at {last['accounts']:,} accounts: {ratio:.1f} x the input ({verdict} "
        f"the target of at most {MEMORY_TARGET:g})"
    )
    if args.json:
        data = {"machine": machine(), "seed": args.seed, "baseline": base, "import_memory": rows, "table": text}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
