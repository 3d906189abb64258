"""Compare two built sites byte for byte, leaving out what a change may alter on purpose.

A speed-up of the site build must not change a page: build the same book before and after into two
folders and compare them.  The search index (its contents are chosen on purpose) and the sitemap
(dates) are left out unless asked for.

    python tools/sitecompare.py site-before/ site-after/
    python tools/sitecompare.py A B --ignore none         # compare every file

Exit status: 0 the same, 1 different (each difference listed, with the first differing line).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

IGNORED = ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")


def files_of(root: Path, ignored: tuple[str, ...]) -> dict[str, Path]:
    return {
        p.relative_to(root).as_posix(): p
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).as_posix() not in ignored
    }


def first_difference(a: bytes, b: bytes) -> str:
    """Where two files part: line number and both lines (shortened)."""
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb), 1):
        if x != y:
            return f"line {i}:\n    - {x[:200]!r}\n    + {y[:200]!r}"
    return f"one is longer: {len(la)} and {len(lb)} lines"


def compare(a: Path, b: Path, ignored: tuple[str, ...] = IGNORED) -> list[str]:
    """The differences between two site folders, one message each; empty when they are the same."""
    fa, fb = files_of(a, ignored), files_of(b, ignored)
    out = [f"only in {a}: {k}" for k in sorted(fa.keys() - fb.keys())]
    out += [f"only in {b}: {k}" for k in sorted(fb.keys() - fa.keys())]
    for k in sorted(fa.keys() & fb.keys()):
        x, y = fa[k].read_bytes(), fb[k].read_bytes()
        if x != y:
            out.append(f"differs: {k}: {first_difference(x, y)}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument(
        "--ignore",
        default=",".join(IGNORED),
        help="comma-separated paths left out ('none': compare everything) [default: %(default)s]",
    )
    args = ap.parse_args(argv)
    for d in (args.a, args.b):
        if not d.is_dir():
            print(f"{d}: not a folder", file=sys.stderr)
            return 2
    ignored = () if args.ignore == "none" else tuple(x.strip() for x in args.ignore.split(",") if x.strip())
    diffs = compare(args.a, args.b, ignored)
    for d in diffs:
        print(d)
    n = len(files_of(args.a, ignored))
    print(f"{n} files compared: {'the same' if not diffs else f'{len(diffs)} differences'}", file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
