"""Typing slips a Chinese rep makes: each is named at its own line, in the book's language, and the
reps' guide (docs/guide/index.md) quotes exactly what kam prints for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ACCOUNT

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide" / "index.md"
_SHOWN = {"↵": "\n", "⇥": "\t", "□": "\u3000"}  # how the guide writes what cannot be seen

# what the guide shows as typed -> (the account file it stands for, line, column of the slip)
SLIPS = {
    "region： east": (ACCOUNT.replace("region: east", "region： east"), 3, 7),
    "region:□east": (ACCOUNT.replace("region: east", "region:\u3000east"), 3, 8),
    "□lifecycle: stable": (ACCOUNT.replace("lifecycle: stable", "\u3000lifecycle: stable"), 4, 1),
    "needs:↵  - 节能↵⇥- 扩产": (ACCOUNT + "needs:\n  - 节能\n\t- 扩产\n", 8, 1),
    "needs:↵  - 节能↵   - 扩产": (ACCOUNT + "needs:\n  - 节能\n   - 扩产\n", 8, 4),
    'short_name: "华东精密': (ACCOUNT + 'short_name: "华东精密\nsize: large\n', 6, 13),
    "short_name: “华东精密”": (ACCOUNT + "short_name: “华东精密”\n", 6, 13),
    "lifecycle: “stable”": (ACCOUNT.replace("lifecycle: stable", "lifecycle: “stable”"), 4, 12),
    "short_name: 华东: 精密": (ACCOUNT + "short_name: 华东: 精密\n", 6, 15),
    "needs: [节能, 扩产": (ACCOUNT + "needs: [节能, 扩产\nsize: large\n", 6, 8),
    "potential: 3000万": (ACCOUNT.replace("potential: 0", "potential: 3000万"), 5, 12),
}


def _guide_rows() -> dict[str, tuple[str, str]]:
    """typed -> (zh, en) from the guide's table of slips (between <!-- slips --> markers)."""
    section = GUIDE.read_text(encoding="utf-8").split("<!-- slips -->")[1]
    rows = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        typed, zh, en = (c.strip() for c in line.strip().strip("|").split(" | "))
        for mark, char in _SHOWN.items():
            typed = typed.replace(mark, char)
        rows[typed.strip("`")] = (zh, en)
    return rows


def _typed(key: str) -> str:
    for mark, char in _SHOWN.items():
        key = key.replace(mark, char)
    return key


def test_the_guide_lists_every_slip():
    assert sorted(_guide_rows()) == sorted(_typed(k) for k in SLIPS)


@pytest.mark.parametrize("typed", list(SLIPS))
def test_each_slip_is_named_where_it_is_as_the_guide_says(check, typed):
    text, line, col = SLIPS[typed]
    zh, en = _guide_rows()[_typed(typed)]
    for lang, quoted in (("zh", zh), ("en", en)):
        lines = check({"acme.yaml": text}, lang=lang)
        assert len(lines) == 1, lines  # one slip, one line: no follow-on errors
        assert re.match(r"accounts/acme\.yaml:(\d+):(\d+): ", lines[0]).groups() == (str(line), str(col))
        assert lines[0].split(": ", 1)[1] == quoted


def test_a_control_character_written_as_an_escape_is_named_by_its_code(check):
    """`"\\0"` or `"\\e"` in a quoted value gives a control character the reader lets through: kept (every
    output shows it safely), and named so the rep can remove it.  A tab or a line break is text."""
    text = ACCOUNT + 'short_name: "Ac\\0me"\nneeds: ["ok\\tok", "red\\e[31m"]\nnotes: "two\\nlines"\n'
    assert check({"acme.yaml": text}, lang="en") == [
        "accounts/acme.yaml:6:16: warning: the escape `\\0` writes the invisible control character U+0000; "
        "delete the escape",
        "accounts/acme.yaml:7:23: warning: the escape `\\e` writes the invisible control character U+001B; "
        "delete the escape",
    ]
    assert check({"acme.yaml": text}, lang="zh")[0] == (
        "accounts/acme.yaml:6:16: warning: 转义 `\\0` 写出了不可见的控制字符 U+0000；请删除这个转义"
    )


@pytest.mark.parametrize(
    "value,escape,char",
    [
        ('"a\\\\0 then \\x07"', "\\x07", "U+0007"),  # `\\` is a backslash: the 0 after it is text
        ('"\\u0085 and \\N"', "\\u0085", "U+0085"),
        ('"first line\n   and \\U0000007F"', "\\U0000007F", "U+007F"),  # on the value's second line
        ('"中文\\b"', "\\b", "U+0008"),  # columns count characters, not bytes
    ],
)
def test_the_escape_that_writes_a_control_character_is_pointed_at(check, value, escape, char):
    lines = check({"acme.yaml": ACCOUNT + f"short_name: {value}\n"}, lang="en")
    written = f"short_name: {value}".split("\n")
    n = next(i for i, text in enumerate(written) if escape in text)
    line, col = ACCOUNT.count("\n") + n + 1, written[n].index(escape) + 1
    assert lines == [
        f"accounts/acme.yaml:{line}:{col}: warning: the escape `{escape}` writes the invisible control character "
        f"{char}; delete the escape"
    ]


def test_an_invisible_control_character_is_named_by_its_code(check):
    # pasted from another program: a BEL inside a name
    assert check({"acme.yaml": ACCOUNT + "short_name: Ac\x07me\n"}, lang="zh") == [
        "accounts/acme.yaml:6:15: error: 此处有不可见的控制字符 U+0007；请删除（常见于从其他软件复制的文字）"
    ]
