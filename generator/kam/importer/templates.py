"""Column templates of a mapping: ``"{product} {opportunity_id}"``; ``{{`` and ``}}`` for a brace itself.

Whatever stands between braces is a column name as the header writes it (dots, colons and
brackets included): no format specs, conversions or attribute access as in ``str.format``,
so filling a template cannot fail while rows are read, and its mistakes (a lone brace, an
empty ``{}``) are found, located, when the mapping is read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    text: str  # as the mapping writes it
    parts: tuple[tuple[str, str | None], ...]  # (literal text, column name or None)
    pos: tuple[int, int] = (0, 0)  # line, column of the template in the mapping file

    def columns(self) -> list[str]:
        out: list[str] = []
        for _, name in self.parts:
            if name is not None and name not in out:
                out.append(name)
        return out

    def fill(self, values: dict[str, str]) -> str:
        return "".join(lit + (values.get(name, "") if name is not None else "") for lit, name in self.parts)


def parse(text: str, pos: tuple[int, int] = (0, 0)) -> tuple[Template | None, tuple[str, dict] | None]:
    """(Template, None), or (None, (problem code, params)) for a lone brace or an empty `{}`."""
    parts: list[tuple[str, str | None]] = []
    lit: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "{}" and text[i + 1 : i + 2] == c:  # {{ or }}: the brace itself
            lit.append(c)
            i += 2
            continue
        if c == "}":
            return None, ("map_template_brace", {"brace": "}"})
        if c == "{":
            end = text.find("}", i + 1)
            inner = text[i + 1 : end] if end != -1 else ""
            if end == -1 or "{" in inner:
                return None, ("map_template_brace", {"brace": "{"})
            if not inner.strip():
                return None, ("map_template_empty", {})
            parts.append(("".join(lit), inner))
            lit = []
            i = end + 1
            continue
        lit.append(c)
        i += 1
    if lit or not parts:
        parts.append(("".join(lit), None))
    return Template(text, tuple(parts), pos), None


def is_template(text: str) -> bool:
    """A column spec written as a string is a template when it has a brace."""
    return "{" in text or "}" in text
