"""The Markdown report of a diff, for the job summary and the pull-request comment.

One function per section; :func:`render` puts them in the order a reviewer reads: validation first
(the figures below may be partial), then what needs approval, the forecast, accounts, deals...
"""

from __future__ import annotations

import re
from collections import Counter

from kam.book.fields import table_kinds
from kam.fmt import exact, signed
from kam.git.diff.compare import business_change
from kam.git.diff.types import AccountRef, DiffResult, Move
from kam.labels import label, term
from kam.mdsafe import md_code, md_escape

FIRST_ERRORS = 3  # errors quoted per side; the rest are counted


def _acc(ref: AccountRef | None) -> str:
    if not ref:
        return ""
    if ref.get("name") and ref["name"] != ref["id"]:
        return f"{md_escape(ref['name'])} ({md_code(ref['id'])})"
    return md_code(ref["id"])


def person(pid, people, lang) -> str:
    if not pid:
        return term("diff_unowned", lang)
    name = (people.get(pid) or {}).get("name")
    return f"{md_escape(name)} ({md_code(pid)})" if name else md_code(pid)


def _stage(s, lang) -> str:
    if not s:
        return "—"
    text = label("stage", s, lang)
    return text if text != s else md_escape(s)  # a value not in the catalogue is the file's own text


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(v) -> str:
    """A date as written (ISO), or the file's own text escaped when a version held something else."""
    if v is None:
        return ""
    return str(v) if _ISO_DAY.fullmatch(str(v)) else md_escape(v)


def opportunity_change(c: dict, lang: str) -> str:
    k = c["kind"]
    t = lambda key, **kw: term(key, lang, **kw)  # noqa: E731
    amount = f"{exact(c.get('amount'))} {md_escape(c.get('currency') or '')}".strip()
    if k == "created":
        close = t("diff_close_on", date=_day(c["close"])) if c.get("close") else ""
        return t("diff_opp_created", stage=_stage(c["stage"], lang), amount=amount) + close
    if k == "removed":
        return t("diff_opp_removed", stage=_stage(c["stage"], lang), amount=amount)
    if k in ("won", "lost"):
        return t("diff_opp_" + k, stage=_stage(c["from"], lang), amount=amount)
    if k == "reopened":
        return t("diff_opp_reopened", old=_stage(c["from"], lang), new=_stage(c["to"], lang))
    if k in ("forward", "back", "stage"):
        return t("diff_opp_" + k, old=_stage(c["from"], lang), new=_stage(c["to"], lang))
    if k == "amount":
        old_cur = md_escape(c.get("old_currency") or "")
        cur = md_escape(c.get("currency") or "")
        if old_cur != cur:
            return t("diff_opp_amount_currency", old=f"{exact(c['from'])} {old_cur}", new=f"{exact(c['to'])} {cur}")
        up = (c["to"] or 0) >= (c["from"] or 0)
        delta = (c["to"] or 0) - (c["from"] or 0)
        return t(
            "diff_opp_amount_up" if up else "diff_opp_amount_down",
            old=exact(c["from"]),
            new=exact(c["to"]),
            currency=cur,
            delta=signed(delta),
        )
    if k == "pushed":
        return t("diff_opp_pushed", old=_day(c["from"]), new=_day(c["to"]), days=c["days"])
    if k == "pulled_in":
        return t("diff_opp_pulled", old=_day(c["from"]), new=_day(c["to"]), days=-c["days"])
    if k == "close":
        return t("diff_opp_close", old=_day(c["from"]) or "—", new=_day(c["to"]) or "—")
    return k  # pragma: no cover


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _validation(res: DiffResult, t, lang: str) -> list[str]:
    out = []
    for side in ("base", "head"):
        errs = res["validation"].get(side) or []
        if errs:
            out.append(t("diff_invalid_" + side, n=len(errs)))
            for d in errs[:FIRST_ERRORS]:
                out.append(f"> - {md_code(d.text(lang))}")
            if len(errs) > FIRST_ERRORS:
                out.append("> - " + t("diff_more", n=len(errs) - FIRST_ERRORS))
            out.append("")
    return out


def _files(res: DiffResult, t) -> list[str]:
    out = []
    counts = Counter(a["kind"] for a in res["accounts"])
    n_files = res["files"]
    modified = n_files - sum(counts.values())
    parts = [t("diff_count_" + k, n=counts[k]) for k in ("added", "removed", "renamed", "moved") if counts[k]]
    if modified:
        parts.append(t("diff_count_modified", n=modified))
    if n_files:
        out += [t("diff_files", n=n_files, parts=t("diff_sep").join(parts)), ""]
    if res.get("not_compared"):
        out += [not_compared(res, t), ""]
    if not business_change(res):
        out += [t("diff_formatting_only_all"), ""]
    return out


def not_compared(res: DiffResult, t) -> str:
    """The line naming the files left out of the comparison, each with the version that does not validate."""
    files = [t("diff_not_compared_" + x["side"], path=md_code(x["path"])) for x in res["not_compared"]]
    return t("diff_not_compared", files=t("diff_sep").join(files))


def _owners(res: DiffResult, t, lang: str, people: dict) -> list[str]:
    if not res["owners"]:
        return []
    out = [t("diff_approval")]
    for o in res["owners"]:
        old, new = person(o["from"], people, lang), person(o["to"], people, lang)
        out.append("- " + t("diff_owner", account=_acc(o["account"]), old=old, new=new))
    return out + [""]


def _forecast(res: DiffResult, t, lang: str, people: dict) -> list[str]:
    fc = res["forecast"]
    if not (fc.get("month") or fc.get("rep") or fc.get("tier")):
        return []
    out = ["#### " + t("diff_forecast", currency=res.get("currency", "")), ""]
    out += [t("diff_forecast_total", old=exact(fc["before"]), new=exact(fc["after"]), delta=signed(fc["change"])), ""]
    cols = [t("diff_before"), t("diff_after"), t("diff_change")]
    by = {"month": fc.get("month", []), "rep": fc.get("rep", []), "tier": fc.get("tier", [])}
    for dim, head_key in (("month", "diff_by_month"), ("rep", "diff_by_rep"), ("tier", "diff_by_tier")):
        rows = []
        for r in by[dim]:
            k = r["key"]
            if k is None:
                name = t("diff_none")
            elif dim == "rep":
                name = person(k, people, lang)
            elif dim == "tier":
                name = label("tier", k, lang)
            else:
                name = k
            rows.append([name, exact(r["before"]), exact(r["after"]), signed(r["change"])])
        if rows:
            out += _table([t(head_key)] + cols, rows) + [""]
    return out


def _account_line(a: dict, t, lang: str, people: dict) -> str:
    k = a["kind"]
    if k == "added":
        extra = ""
        if a.get("owner") or a.get("tier"):
            tier = label("tier", a["tier"], lang) if a.get("tier") else "—"
            extra = t("diff_account_added_extra", owner=person(a.get("owner"), people, lang), tier=tier)
        return t("diff_account_added", account=_acc(a["account"]), path=md_code(a["account"]["path"])) + extra
    if k == "removed":
        return t("diff_account_removed", account=_acc(a["old"]), path=md_code(a["old"]["path"]))
    paths = {"old_path": md_code(a["old"]["path"]), "new_path": md_code(a["account"]["path"])}
    if k == "renamed":
        return t("diff_account_renamed", old=md_code(a["old"]["id"]), new=_acc(a["account"]), **paths)
    return t("diff_account_moved", account=_acc(a["account"]), **paths)


def _accounts(res: DiffResult, t, lang: str, people: dict) -> list[str]:
    lines = [_account_line(a, t, lang, people) for a in res["accounts"]]
    moves: tuple[tuple[str, list[Move]], ...] = (("tier", res["tiers"]), ("posture", res["postures"]))
    for key, section in moves:
        for x in section:
            old, new = label(key, x["from"] or "", lang), label(key, x["to"] or "", lang)
            lines.append(t("diff_" + key, account=_acc(x["account"]), old=old, new=new))
    if not lines:
        return []
    return ["#### " + t("diff_accounts"), ""] + ["- " + x for x in lines] + [""]


def _opportunities(res: DiffResult, t, lang: str) -> list[str]:
    if not res["opportunities"]:
        return []
    out = ["#### " + t("diff_opportunities"), ""]
    for o in res["opportunities"]:
        name = md_escape(o["name"] or o["opportunity"])
        what = t("diff_sep_semicolon").join(opportunity_change(c, lang) for c in o["changes"])
        line = t("diff_opp_line", account=_acc(o["account"]), name=name, id=md_code(o["opportunity"]), what=what)
        out.append("- " + line)
    return out + [""]


def _overdue(res: DiffResult, t) -> list[str]:
    if not res["overdue"]:
        return []
    out = ["#### " + t("diff_overdue"), ""]
    for r in res["overdue"]:
        line = t(
            "diff_overdue_line",
            account=_acc(r["account"]),
            invoice=md_code(r["invoice"]),
            amount=exact(r["amount"]),
            currency=md_escape(r["currency"] or ""),
            due=_day(r["due"]),
            days=r["days_overdue"],
        )
        out.append("- " + line)
    return out + [""]


def _attitudes(res: DiffResult, t, lang: str) -> list[str]:
    if not res["attitudes"]:
        return []
    out = ["#### " + t("diff_attitudes"), ""]
    for r in res["attitudes"]:
        contact = f"{md_escape(r['name'])} ({md_code(r['contact'])})" if r.get("name") else md_code(r["contact"])
        old, new = label("attitude", r["from"] or "", lang), label("attitude", r["to"] or "", lang)
        out.append("- " + t("diff_attitude_line", account=_acc(r["account"]), contact=contact, old=old, new=new))
    return out + [""]


def _other(res: DiffResult, t, lang: str) -> list[str]:
    if not res["other"]:
        return []
    out = ["#### " + t("diff_other"), ""]
    for r in res["other"]:
        parts = []
        for table, e in r["tables"].items():
            if table == "accounts":
                parts.append(t("diff_fields", fields=", ".join(e["fields"])))
                continue
            bits = [t("diff_n_" + k, n=e[k]) for k in ("added", "removed", "changed") if e[k]]
            if e["fields"]:
                bits.append(", ".join(e["fields"]))
            kind = table_kinds()[table]
            parts.append(t("diff_table", table=kind.zh if lang == "zh" else kind.en) + t("diff_sep").join(bits))
        out.append("- " + t("diff_table", table=_acc(r["account"])) + t("diff_sep_semicolon").join(parts))
    return out + [""]


def _paths(title: str, paths) -> list[str]:
    return ["#### " + title, ""] + [f"- {md_code(p)}" for p in paths] + [""] if paths else []


def _team(res: DiffResult, t) -> list[str]:
    if not res.get("team"):
        return []
    out = ["#### " + t("diff_team"), ""]
    for x in res["team"]:
        fields = ", ".join(x.get("fields", []))
        name = md_escape(x.get("name") or "")
        out.append("- " + t("diff_" + x["kind"], id=md_code(x["id"]), name=name, fields=fields))
    return out + [""]


def _settings(res: DiffResult, t) -> list[str]:
    if not res.get("settings"):
        return []
    out = ["#### " + t("diff_settings"), ""]
    out += [f"- {md_code(x['key'])}: {md_escape(x['from'])} → {md_escape(x['to'])}" for x in res["settings"]]
    return out + ["", t("diff_settings_note"), ""]


def render(res: DiffResult, lang: str = "zh") -> str:
    """The Markdown report of a diff (for the job summary and the pull-request comment)."""

    def t(key, **kw):
        return term(key, lang, **kw)

    people = res.get("people", {})
    base, head = res["base"], res["head"]
    base_txt = f"{md_code(base['label'])} ({(base['commit'] or '')[:7]})"
    head_txt = f"{md_code(head['label'])} ({head['commit'][:7]})" if head["commit"] else t("diff_worktree")
    out = [t("diff_title", base=base_txt, head=head_txt), ""]
    out += _validation(res, t, lang)
    if not res["files"] and not res.get("book_file_changed") and not res.get("settings"):
        out.append(t("diff_nothing"))
        return "\n".join(out).rstrip() + "\n"
    out += _files(res, t)
    out += _owners(res, t, lang, people)
    out += _forecast(res, t, lang, people)
    out += _accounts(res, t, lang, people)
    out += _opportunities(res, t, lang)
    out += _overdue(res, t)
    out += _attitudes(res, t, lang)
    out += _other(res, t, lang)
    out += _paths(t("diff_formatting"), res["formatting_only"])
    out += _paths(t("diff_unreadable"), sorted(set(res.get("unreadable") or [])))
    out += _team(res, t)
    out += _settings(res, t)
    return "\n".join(out).rstrip() + "\n"


def to_json(res: DiffResult, lang: str = "en") -> dict:
    """The diff result with diagnostics as dicts: JSON-able."""
    out = dict(res)
    out["validation"] = {k: [d.as_dict(lang) for d in v] for k, v in res["validation"].items()}
    return out
