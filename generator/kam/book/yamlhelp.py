"""YAML syntax errors in the rep's words, at the place of the slip.

libyaml reports where it gave up, often a line or two after the mistake, in English: a full-width
colon `：` shows as "could not find expected ':'" on the next line.  Here the typing slips Chinese
reps make (full-width colon or space, a tab, an unclosed quote, a list item indented too far) are
found where they are and named, and the other syntax errors are explained by message code.
"""

from __future__ import annotations

import re

import yaml

from kam.book.diagnostics import Diagnostic, error

_KEY = r"^[ \u3000]*(?:-[ \u3000]+)?[A-Za-z_][A-Za-z0-9_.]*"
# (pattern, code): the slip is the group `bad`
_SLIPS = (
    (re.compile(_KEY + r"[ \u3000]*(?P<bad>：)"), "fullwidth-colon"),
    (re.compile(_KEY + r":(?P<bad>\u3000)"), "fullwidth-space"),
    (re.compile(r"^[ ]*(?P<bad>\u3000)"), "fullwidth-space"),
    (re.compile(r"^[ \u3000]*(?P<bad>\t)"), "tab-indent"),
)


def slips(path: str, text: str, last_line: int) -> list[Diagnostic]:
    """The typing slips on lines 1..last_line (the line libyaml stopped at)."""
    out = []
    for n, line in enumerate(text.split("\n")[:last_line], start=1):
        for pattern, code in _SLIPS:
            m = pattern.match(line)
            if m:
                out.append(error(path, n, m.start("bad") + 1, code))
                break
    return out


def explain(path: str, text: str, e: yaml.MarkedYAMLError) -> list[Diagnostic]:
    """A libyaml syntax error -> located diagnostics in kam's words (the slips before it, if any)."""
    pm, cm = e.problem_mark, e.context_mark
    stop = (pm or cm).line + 1 if (pm or cm) else text.count("\n") + 1
    found = slips(path, text, stop)
    if found:
        return found
    problem, context = e.problem or "", e.context or ""

    def at(mark, code, **params):
        return [error(path, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, code, **params)]

    opened = _char_at(text, cm)
    if "quoted scalar" in context and opened in ("'", '"'):
        return at(cm, "unclosed-quote", quote=opened)
    if "expected ':'" in problem and cm is not None:
        return at(cm, "missing-colon")
    if "tab" in problem or "'\\t'" in problem:
        return at(pm, "tab-indent")
    if "mapping values are not allowed" in problem:
        return at(pm, "colon-in-value")
    if "flow" in context:
        bracket = _unclosed_bracket(text, (pm or cm).line)
        if bracket is not None:
            line, col, char = bracket
            return [error(path, line + 1, col + 1, "unclosed-bracket", bracket=char)]
    if "expected key" in problem or "'-' indicator" in problem or "<block end>" in problem:
        return at(pm, "bad-indent")
    return at(pm or cm, "yaml-syntax", problem=problem or context or "invalid YAML")


def _char_at(text: str, mark) -> str:
    """The character at a mark (by line and column: libyaml counts both in characters)."""
    if mark is None:
        return ""
    lines = text.split("\n")
    row = lines[mark.line] if mark.line < len(lines) else ""
    return row[mark.column] if mark.column < len(row) else ""


def _unclosed_bracket(text: str, last_line: int) -> tuple[int, int, str] | None:
    """The last `[` or `{` not closed by line last_line (quotes and comments skipped, roughly)."""
    stack: list[tuple[int, int, str]] = []
    for n, line in enumerate(text.split("\n")[: last_line + 1]):
        quote = None
        for c, ch in enumerate(line):
            if quote:
                quote = None if ch == quote else quote
            elif ch in "\"'" and (c == 0 or line[c - 1] in " [{,:"):
                quote = ch
            elif ch == "#" and (c == 0 or line[c - 1] == " "):
                break
            elif ch in "[{":
                stack.append((n, c, ch))
            elif ch in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


# a list item line followed by a more deeply indented one: the second may be folded into the first.  Searched
# in the text after a line break, so that each line starts with one: a search for a literal skips ahead in C,
# where `^` with re.M is tried at every character (twice as slow)
_DEEPER_ITEM = re.compile(r"\n( *)- [^\n]*\n\1 +- ")


def folded_items(path: str, text: str, root) -> list[Diagnostic]:
    """List items indented too far are read as the continuation of the item above, silently
    (`  - a` then `   - b` is one item `a - b`): find each at its line."""
    if root is None or not _DEEPER_ITEM.search("\n" + text):
        return []
    lines = text.split("\n")
    out = []
    stack = [root]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            if not n.style and n.end_mark.line > n.start_mark.line:  # plain ("" from libyaml)
                for i in range(n.start_mark.line + 1, min(n.end_mark.line, len(lines) - 1) + 1):
                    stripped = lines[i].lstrip(" ")
                    if stripped.startswith("- "):
                        col = len(lines[i]) - len(stripped) + 1
                        out.append(error(path, i + 1, col, "folded-item", item=n.start_mark.line + 1))
            continue
        if isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in n.value for x in pair)
        else:
            stack.extend(n.value)
    return sorted(out, key=Diagnostic.sort_key)
