"""`personal_data: false`: the site leaves out customers' people, keeping every figure.

A site for a wider audience (a whole sales floor, a partner) shows what the book says about the
business, not who at the customer thinks what.  Each account's contacts become "联系人 1, 2..."
("Contact 1, 2..."): their names, titles, thinking styles and notes go, and wherever a name (or an
id, often a name in pinyin) appears in other text from that account — an activity's summary, a
deal's notes, the change log — it is replaced by the same label.  Figures are computed from the
book before this (attitudes and roles still count in 1+2+1); only what is shown changes.
"""

from __future__ import annotations

import re

# what the site would show about a contact beyond the label: left out
PERSONAL = ("title", "notes", "style")


def anonymize(ctx) -> None:
    """Rewrite the site context in place (ctx.children, ctx.accounts, ctx.metrics, ctx.history)."""
    by_account: dict[str, dict[str, str]] = {}
    for aid, rows in ctx.children.get("contacts", {}).items():
        names: dict[str, str] = {}
        for n, c in enumerate(rows, 1):
            label = ctx.words("contact_n", n=n)
            for key in (c.get("name"), c.get("id"), c.get("title")):  # a title names a person too
                if isinstance(key, str) and len(key) >= 2:
                    names.setdefault(key, label)
            c["name"] = label
            for k in PERSONAL:
                c[k] = None
        by_account[aid] = names
    everyone = {k: v for names in by_account.values() for k, v in names.items()}
    scrub_all = _scrubber(everyone)
    for table, accounts in ctx.children.items():
        if table == "contacts":
            continue
        for aid, rows in accounts.items():
            scrub = _scrubber(by_account.get(aid, {}))
            for r in rows:
                _scrub_record(r, scrub)
    for aid, acc in ctx.accounts.items():
        _scrub_record(acc, _scrubber(by_account.get(aid, {})))
    scrubbers = {aid: _scrubber(names) for aid, names in by_account.items()}
    ctx.metrics = _walk(ctx.metrics, scrub_all, scrubbers)
    if ctx.history is not None:
        ctx.history = _walk(ctx.history, scrub_all, scrubbers)


def _scrubber(names: dict[str, str]):
    """text -> text with every name (longest first) replaced by its label; ids only as whole words."""
    if not names:
        return lambda text: text
    parts = []
    for key in sorted(names, key=len, reverse=True):
        if re.fullmatch(r"[a-z0-9-]+", key):
            parts.append(rf"(?<![\w-]){re.escape(key)}(?![\w-])")
        else:
            parts.append(re.escape(key))
    pattern = re.compile("|".join(parts))

    def scrub(text: str) -> str:
        out = pattern.sub(lambda m: names[m.group(0)], text)
        # "王总（总工程师）" became "联系人 2（联系人 2）": say it once
        return _REPEAT.sub(r"\1", out) if "（" in out or "(" in out else out

    return scrub


_REPEAT = re.compile(r"(联系人 \d+|Contact \d+)\s*[（(]\1[）)]")


_KEEP = {"id", "account", "owner", "_file", "stage", "kind", "currency"}  # codes, not prose
_ID_LISTS = {"buying_centre", "with", "by", "competitors", "roles"}  # ids the page looks up: left as they are


def _scrub_record(r: dict, scrub) -> None:
    for k, v in r.items():
        if k in _KEEP:
            continue
        if isinstance(v, str):
            r[k] = scrub(v)
        elif isinstance(v, tuple) and k not in _ID_LISTS and all(isinstance(x, str) for x in v):
            r[k] = tuple(scrub(x) for x in v)  # needs, business units, plan objectives...


def _walk(value, scrub, scrubbers):
    """A figure's record names its account: that account's labels; elsewhere any account's."""
    if isinstance(value, dict):
        own = value.get("account")
        here = scrubbers.get(own, scrub) if isinstance(own, str) else scrub
        return {k: (v if k in _KEEP else _walk(v, here, scrubbers)) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, scrub, scrubbers) for v in value]
    if isinstance(value, str):
        return scrub(value)
    return value
