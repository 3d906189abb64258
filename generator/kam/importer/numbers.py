"""Numbers as an export writes them, in the one form the mapping declares.

``1,234.56``, ``¥1,200,000``, ``USD 50,000``, ``(1,000)`` and ``1 234.5`` all read with
the default form (decimal point, comma for thousands).  The mapping's ``decimal:`` and
``thousands:`` declare another (``decimal: ","`` reads ``1.234,56`` and ``€1.000,00``).
Spaces, apostrophes and underscores group thousands in any form.  A value in another
form is refused, never guessed: ``1.234,5`` in a file of ``1,234.5`` is an error naming
the form expected, not 1.2345 (and ``1 234,50`` is not 123450).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

DECIMALS = (".", ",")
THOUSANDS = (",", ".", " ", "'", "")
_GROUPS = " '_\u2019"  # always thousands separators (every kind of blank is read as a space)
_CURRENCY = re.compile(r"[¥$€£￥]|元$|^[A-Z]{3}(?=[\s\d.,\-+(])|(?<=[\s\d.,)])[A-Z]{3}$")


@dataclass(frozen=True)
class NumberForm:
    decimal: str = "."
    thousands: str = ","

    def example(self) -> str:
        """How the form writes one thousand two hundred and thirty-four point five six."""
        return f"1{self.thousands}234{self.decimal}56"

    def pattern(self) -> re.Pattern:
        return _pattern(self.decimal, self.thousands)


_CACHE: dict[tuple[str, str], re.Pattern] = {}


def _pattern(decimal: str, thousands: str) -> re.Pattern:
    key = (decimal, thousands)
    if key not in _CACHE:
        groups = re.escape("".join(sorted(set(_GROUPS + thousands))))
        d = re.escape(decimal)
        whole = rf"(?:\d+|\d{{1,3}}(?:[{groups}]\d{{3}})+)"
        _CACHE[key] = re.compile(rf"^(?P<int>{whole})?(?:{d}(?P<frac>\d*))?(?P<exp>[eE][+-]?\d+)?$")
    return _CACHE[key]


def parse(raw: str, form: NumberForm) -> tuple[float | None, str | None]:
    """(value, None), or (None, "bad_number") for text with no digits, (None, "bad_number_form")
    for digits written in another form than the mapping's."""
    s = " ".join(raw.split())  # any run of blanks (no-break and thin spaces too) is one space
    s = _CURRENCY.sub("", s).strip()
    neg = s.startswith("(") and s.endswith(")")
    if neg:
        s = s[1:-1].strip()
    if s[:1] in "+-" and s:
        neg = neg != (s[0] == "-")
        s = _CURRENCY.sub("", s[1:].strip()).strip()  # -$5, -USD 5
    if not any(c.isdigit() for c in s):
        return None, "bad_number"
    m = form.pattern().match(s)
    if m is None or not (m.group("int") or m.group("frac")):
        return None, "bad_number_form"
    whole = re.sub(r"\D", "", m.group("int") or "") or "0"
    try:
        x = float(f"{whole}.{m.group('frac') or '0'}{m.group('exp') or ''}")
    except ValueError:  # a digit float() does not read (superscripts)
        return None, "bad_number_form"
    if not math.isfinite(x):
        return None, "bad_number_form"
    return (-x if neg else x), None
