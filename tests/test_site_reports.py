"""The report pages of the SAMPLE book's site: every figure shown is the metrics' figure, formatted by kam.fmt.

The site is built once per module with `kam build` (zh, and once in English); the
expected values come from ``kam.metrics.compute`` on the same book, never from
numbers written here, so a wrong figure on a page fails the test.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from kam import fmt  # noqa: E402
from kam.book.loader import load_book  # noqa: E402
from kam.book.policy import load_settings  # noqa: E402
from kam.labels import label  # noqa: E402
from kam.metrics import compute  # noqa: E402
from kam.site.i18n import ui  # noqa: E402
from site_project import EVIL_ID, EVIL_NAME, build, make_project  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REPORT_URLS = ("", "tiers", "portfolio", "funnel", "pareto", "team", "credit", "relationships", "calendar")


@pytest.fixture(scope="module")
def metrics() -> dict:
    settings, _ = load_settings(REPO / "mkdocs.yml")
    book, diags = load_book(settings)
    assert not [d for d in diags if d.severity == "error"]
    return compute(book, settings)


@pytest.fixture(scope="module")
def zh(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("sample-zh") / "site"
    r = build(REPO, site_dir=site)
    assert r.returncode == 0, r.stderr
    return site


@pytest.fixture(scope="module")
def en(zh) -> Path:
    """The sample book in English: its mkdocs.yml says `languages: [zh, en]`, English is under /en/."""
    assert (zh / "en" / "index.html").is_file()
    return zh / "en"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment (tags dropped, entities decoded, spaces squeezed)."""
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def section(html: str, anchor: str) -> str:
    """The HTML between the heading with this id and the next h2."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<h2", start)
    return html[start : end if end > 0 else len(html)]


def rows(fragment: str) -> list[str]:
    """The text of each body row of the tables in a fragment."""
    bodies = re.findall(r"<tbody>(.*?)</tbody>", fragment, re.S)
    return [text_of(r) for b in bodies for r in re.findall(r"<tr[^>]*>(.*?)</tr>", b, re.S)]


def kpi(html: str, label_text: str) -> str:
    """The value of a headline card by its label."""
    m = re.search(
        r'kam-kpi__label">'
        + re.escape(htmllib.escape(label_text, quote=False))
        + r'</span><span class="kam-kpi__value">([^<]*)<',
        html,
    )
    assert m, f"no headline figure {label_text!r}"
    return htmllib.unescape(m.group(1))


def money(x, lang="zh") -> str:
    return fmt.money(x, lang)


def in_table(*columns, lang="zh"):
    """How a table shows amounts: in ONE unit chosen by the table's largest amount (kam.fmt.money_unit),
    named in the headers; columns: the metrics' values of the table's amount columns."""
    largest = max((abs(v) for c in columns for v in c if v is not None), default=0)
    divisor, _, digits = fmt.money_unit(largest, lang)
    return lambda x: "" if x is None else fmt.in_unit(x, divisor, digits)


def unit_of(fragment: str, lang: str = "zh", currency: str = "CNY"):
    """How the amounts of the table(s) in a fragment read: in the unit their headers name (one unit for all)."""
    heads = " ".join(text_of(h) for h in re.findall(r"<thead>(.*?)</thead>", fragment, re.S))
    units = {}
    for largest in (1e10, 1e6, 1e4, 0):
        divisor, unit, digits = fmt.money_unit(largest, lang)
        units[fmt.unit_label(unit, currency, lang)] = (divisor, digits)
    named = {u for u in units if re.search(("（" if lang == "zh" else r"\(") + re.escape(u) + "[）)]", heads)}
    assert len(named) == 1, (named, heads)
    divisor, digits = units[named.pop()]
    return lambda x: "" if x is None else fmt.in_unit(x, divisor, digits)


def pct(x) -> str:
    return fmt.percent(x, ratio=True)


# ---------------------------------------------------------------- every page
def test_every_report_page_is_filled(zh):
    for url in REPORT_URLS:
        html = page(zh, url)
        assert "数据截至 2026-11-20" in html, url
        assert ui("stub_note") not in html, url
        assert "kam-report" in html, url


def test_every_chart_has_its_table(zh):
    for url in REPORT_URLS:
        html = page(zh, url)
        charts = html.count('<figure class="kam-chart"')
        assert html.count('<div class="kam-chart__data">') == charts, url
        assert html.count("<svg") >= charts, url


def test_amounts_in_tables_read_in_the_unit_of_their_header(zh):
    """No table cell on the report or account pages carries its own 万/亿 (so no column mixes them) and none
    prints raw yuan such as 15,600,000; the unit is in the header: 金额（万元）."""
    urls = [*REPORT_URLS, *(f"accounts/{p.stem}" for p in (REPO / "accounts").rglob("*.yaml") if p.stem[0] != "_")]
    found, units = {}, 0
    for url in urls:
        html = page(zh, url)
        units += len(re.findall(r"（(万|亿)?元）</th>", html))
        for t in re.findall(r"<table>(.*?)</table>", html, re.S):
            cells = [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", t, re.S)]
            bad = [c for c in cells if re.search(r"\d(万|亿)$", c) or re.fullmatch(r"-?\d{1,3}(,\d{3}){2,}", c)]
            if bad:
                found[url] = bad[:3]
    assert found == {}
    assert units > 100


# ---------------------------------------------------------------- dashboard
def test_dashboard_headline_figures(zh, metrics):
    html = page(zh, "")
    m = metrics
    fc = m["forecast"]
    assert kpi(html, ui("k_accounts")) == fmt.number(m["accounts"]["count"])
    assert kpi(html, ui("k_key_accounts")) == fmt.number(m["accounts"]["key_count"])
    assert kpi(html, ui("k_revenue_last_year", year=m["current_year"])) == money(m["accounts"]["revenue"])
    # the headline year is labelled: last complete year, beside this year's figure so far with its own year
    assert m["current_year"] == 2025 and ui("k_ytd", year=2026, value=money(m["accounts"]["revenue_ytd"])) in text_of(
        html
    )
    assert kpi(html, ui("f_open_pipeline")) == money(m["pipeline"]["open_amount"])
    month = ui("k_forecast_month", period=fc["this_month"]["period"])
    assert kpi(html, month) == money(fc["this_month"]["weighted"])
    quarter = ui("k_forecast_quarter", period=fc["this_quarter"]["period"])
    assert kpi(html, quarter) == money(fc["this_quarter"]["weighted"])
    assert kpi(html, ui("k_won_year")) == money(m["won"]["this_year"]["amount"])
    assert kpi(html, ui("k_won_quarter")) == money(m["won"]["this_quarter"]["amount"])
    assert kpi(html, ui("k_overdue_receivables")) == money(m["credit"]["aging"]["overdue"])


def test_dashboard_alerts_link_to_their_lists(zh, metrics):
    html = page(zh, "")
    targets = {
        "accountability": "team/#accountability",
        "stalled": "funnel/#stalled",
        "over_limit": "credit/#over-limit",
        "overdue_actions": "calendar/#overdue",
        "past_due_deals": "funnel/#past-due",
        "qualification_gaps": "funnel/#qualification",
    }
    for key, href in targets.items():
        n = metrics["alerts"][key]
        pattern = (
            f'<a href="{re.escape(href)}"><span class="kam-alert__n">{n}</span>'
            f'<span class="kam-alert__label">{re.escape(ui("alert_" + key))}</span>'
        )
        assert re.search(pattern, html), key
        anchor = href.split("#")[1]
        assert f'id="{anchor}"' in page(zh, href.split("/")[0]), href


def test_dashboard_tiers_funnel_and_key_team_advice(zh, metrics):
    html = page(zh, "")
    tiers = rows(section(html, "tiers"))
    roll = metrics["tiers"]["rollup"].values()
    money = in_table(*([r[k] for r in roll] for k in ("revenue", "open_pipeline", "weighted_pipeline")))
    assert "万元）" in section(html, "tiers")
    for t, r in metrics["tiers"]["rollup"].items():
        expected = f"{label('tier', t)} {r['count']} {money(r['revenue'])} {pct(r['revenue_share'])}"
        assert any(row.startswith(expected) for row in tiers), expected
    # a totals row: the book's accounts, revenue and pipeline
    a, pipe = metrics["accounts"], metrics["pipeline"]
    assert tiers[-1].startswith(f"{ui('c_total')} {a['count']} {money(a['revenue'])} 100% ")
    assert tiers[-1].endswith(f" {pipe['open_count']} {money(pipe['open_amount'])} {money(pipe['weighted_amount'])}")
    funnel = rows(section(html, "funnel"))
    prop = metrics["pipeline"]["by_stage"]["proposal"]
    from kam.site.reports.dashboard import OPEN_STAGES

    stages = [metrics["pipeline"]["by_stage"].get(s, {}) for s in OPEN_STAGES]
    money = in_table([s.get("amount") for s in stages], [s.get("weighted") for s in stages])
    assert (
        f"{label('stage', 'proposal')} {prop['count']} {money(prop['amount'])} 50% {money(prop['weighted'])}" in funnel
    )
    p = metrics["pareto"]
    advice = ui("key_team_advice", n=p["key_accounts"], threshold=p["key_team_threshold"])
    assert (advice in text_of(html)) == bool(p["key_team_advised"])


# ---------------------------------------------------------------- tiers
def test_tiers_counts_violations_and_disagreements(zh, metrics):
    html = page(zh, "tiers")
    body = text_of(html)
    roll = metrics["tiers"]["rollup"]
    all_rows = rows(html)
    money = in_table(*([r[k] for r in roll.values()] for k in ("revenue", "ytd_revenue", "potential")))
    for t, r in roll.items():
        value_row = (
            f"{label('tier', t)} {r['count']} {money(r['revenue'])} {pct(r['revenue_share'])} "
            f"{money(r['ytd_revenue'])} {money(r['potential'])} {pct(r['share_of_wallet'])} "
            f"{ui('target_' + r['target_kind'])}"
        )
        assert value_row in all_rows, value_row
        cov = ui("compliant") if r["coverage_compliant"] else ui("violations", n=r["coverage_violations"])
        assert any(row.startswith(label("tier", t)) and row.endswith(cov) for row in all_rows), t
    violations = rows(section(html, "coverage"))
    assert len(violations) == len(metrics["tiers"]["coverage_violations"])
    disagreements = rows(section(html, "disagreements"))
    assert len(disagreements) == len(metrics["tiers"]["disagreements"])
    for d in metrics["tiers"]["disagreements"]:
        assert f"{d['name']} {label('tier', d['manual'])} {label('tier', d['computed'])}" in body


# ---------------------------------------------------------------- portfolio
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_matrix_note_says_where_a_phone_finds_the_names(request, metrics, lang):
    """A phone cannot hover over a point (the SVG's <title> shows on hover only): the note sends every reader to
    the tables under the chart, which hold each point's account, a table per posture, largest potential first,
    and says a tap on a point names it (kam.js; test_browser.py)."""
    matrix = section(page(request.getfixturevalue(lang), "portfolio"), "matrix")
    note = text_of(re.search(r'<p class="kam-note">(.*?)</p>', matrix, re.S).group(1))
    where = {
        "zh": "每个点是哪个客户，见图下按攻守姿态分列的表格（按采购潜力从高到低）",
        "en": "The accounts behind the points are listed under the chart, a table for each posture, largest potential first",
    }
    assert where[lang] in note, note
    hover = {
        "zh": "点一下图上的点（用电脑浏览时把鼠标停在点上）也会显示客户名称",
        "en": "tapping a point (or hovering over it on a computer) also shows its name",
    }
    assert hover[lang] in note, note
    # ... and so they are: after the chart, a table per posture with the posture's accounts by potential
    tables = re.findall(r'kam-posture-table kam-posture--(\w+)"><table>(.*?)</table>', matrix, re.S)
    by = {}
    for r in metrics["posture"]["matrix"]:
        by.setdefault(r["posture"], []).append(r)
    assert [p for p, _ in tables if p in by] == by_enum(by)
    for p, table in tables:
        names = [text_of(n) for n in re.findall(r"<tr><td>(.*?)</td>", table)]
        assert sorted(names) == sorted(r["name"] for r in by.get(p, []))
        potentials = {r["name"]: r["potential"] or 0 for r in by.get(p, [])}
        assert [potentials[n] for n in names] == sorted((potentials[n] for n in names), reverse=True), p


def by_enum(by: dict) -> list[str]:
    from kam.site.reports.common import enum_order

    return [p for p in enum_order("posture") if p in by]


def test_portfolio_matrix_tables_and_allocation(zh, metrics):
    html = page(zh, "portfolio")
    matrix = section(html, "matrix")
    points = [r for r in metrics["posture"]["matrix"] if r["share"] is not None]
    # drawn twice, as designed and for a phone (kam.css shows one): every point in each, with its name to hover
    for drawing in ("wide", "phone"):
        chart = matrix.split(f'<div class="kam-chart__svg kam-chart__svg--{drawing}">')[1].split("</svg>")[0]
        assert chart.count('role="graphics-symbol" aria-roledescription="point"') == len(points)
        assert chart.count("<title>") >= len(points)  # hover tooltips: the account names
    # one table per posture, every account linked to its page
    for r in metrics["posture"]["matrix"]:
        assert f'<a href="../accounts/{r["account"]}/">' in matrix, r["account"]
    for p, d in metrics["posture"]["by_posture"].items():
        assert f"{label('posture', p)} · {ui('w_stance_' + p)} ({d['count']})" in text_of(matrix)
    alloc = rows(section(html, "allocation"))
    a = metrics["posture"]["by_posture"]["acquire"]["allocation"]["money"]
    # the column holds days, visits and money: the money rows say their unit, named beside the dimension
    spent = [
        d["allocation"]["money"]["actual"] for d in metrics["posture"]["by_posture"].values() if d.get("allocation")
    ]
    shown = in_table(spent)
    expected = f"{ui('dim_money')}（万元） {label('posture', 'acquire')} {a['plan_units']} {pct(a['plan_share'])} "
    expected += f"{shown(a['actual'])} {pct(a['actual_share'])}"
    assert any(row.startswith(expected) for row in alloc), expected
    sc = metrics["scorecard"]["by_posture"]["acquire"]
    score = rows(section(html, "scorecard"))
    year = metrics["current_year"]  # every period named: which year's revenue, growth on which year
    heads = text_of(section(html, "scorecard"))
    assert ui("k_revenue", year=year) in heads and ui("c_revenue_growth", year=year, prev=year - 1) in heads
    shown = unit_of(section(html, "scorecard"))
    assert any(
        row.startswith(f"{label('posture', 'acquire')} {sc['accounts']} {shown(sc['revenue'])}") for row in score
    )


# ---------------------------------------------------------------- funnel
def test_funnel_forecast_and_problem_deals(zh, metrics):
    html = page(zh, "funnel")
    fc = metrics["forecast"]
    forecast = rows(section(html, "forecast"))
    shown = unit_of(section(html, "forecast").split("</table>")[0])  # the chart's table: by month
    for mo in fc["months"]:
        assert any(
            r.startswith(f"{mo['period']} {mo['count']} {shown(mo['amount'])} {shown(mo['weighted'])}")
            for r in forecast
        ), mo["period"]
    perf = text_of(section(html, "performance"))
    assert pct(metrics["pipeline"]["win_rate"]) in perf
    assert money(metrics["pipeline"]["average_deal_size"]) in perf
    stalled = rows(section(html, "stalled"))
    assert len(stalled) == len(metrics["progress"]["stalled"]) == metrics["alerts"]["stalled"]
    shown = unit_of(section(html, "stalled"))
    for s in metrics["progress"]["stalled"]:
        assert any(s["name"] in r and f" {shown(s['amount'])} " in r for r in stalled), s["name"]
    past = rows(section(html, "past-due"))
    assert len(past) == metrics["alerts"]["past_due_deals"]
    gaps = rows(section(html, "qualification"))
    assert len(gaps) == metrics["alerts"]["qualification_gaps"]
    neg = next(g for g in metrics["qualification"]["gaps"] if g["negative"])
    row = next(r for r in gaps if neg["name"] in r)
    assert f"{ui('q_' + neg['negative'][0])} {ui('q_negative')}" in row


# ---------------------------------------------------------------- pareto
def test_pareto_figures_and_ranking(zh, metrics):
    html = page(zh, "pareto")
    p = metrics["pareto"]
    assert kpi(html, ui("k_top20_share")) == pct(p["top20_share"])
    assert kpi(html, ui("k_accounts_for_80")) == fmt.number(p["accounts_for_80"])
    assert kpi(html, ui("k_ties")) == fmt.number(p["ties_at_cut"])
    ranking = rows(section(html, "curve"))
    # the head of the ranking, and a link to the accounts index for the rest: the page stays small
    assert len(p["curve"]) > 20 and len(ranking) == 20
    more = ui("top_rows", n=20, total=len(p["curve"]))
    assert f'{more} <a href="../accounts/">{ui("page_accounts")}</a>' in section(html, "curve")
    first = p["curve"][0]
    shown = unit_of(section(html, "curve"))
    assert ranking[0].startswith(f"1 {first['name']} {shown(first['revenue'])} {pct(first['share'])}")
    assert sum(ui("top20") in r for r in ranking) == p["top20_count"]
    assert ui("mark_top20", share=pct(p["top20_share"])) in html  # the 20% mark on the curve


# ---------------------------------------------------------------- team
def test_team_accountability_load_and_sponsors(zh, metrics):
    html = page(zh, "team")
    acc = rows(section(html, "accountability"))
    assert len(acc) == len(metrics["team"]["accountability"]) == metrics["alerts"]["accountability"]
    for a in metrics["team"]["accountability"]:
        row = next(r for r in acc if r.startswith(a["name"]))
        for reason in a["reasons"]:
            if reason["code"] == "no_activity":
                assert ui("acc_no_activity", days=reason["days"], limit=reason["limit"]) in row
            else:
                assert all(c in row for c in reason["competitors"])
    cycle = ui("accountability_note", days=metrics["team"]["review_cycle_days"])
    assert cycle in text_of(html)
    load = rows(section(html, "load"))
    for r in metrics["team"]["reps"]:
        if not r["left"]:
            span = f"{r['capacity_min']}–{r['capacity']}" if r["capacity_min"] is not None else f"≤ {r['capacity']}"
            weighted = f"{fmt.number(r['weighted_accounts'], digits=1)} {span}"
            status = f"{pct(r['load'])} · {ui('load_' + r['status'])}"
            assert any(row.startswith(f"{r['name']} {status} {weighted} ") for row in load), r["name"]
    # no minimum for inside sales: its row shows only the ceiling (it showed 30–40 beside "3% · OK")
    inside = [r for r in metrics["team"]["reps"] if r["role"] == "inside_sales" and not r["left"]]
    assert inside and all(r["capacity_min"] is None for r in inside)
    assert all(any(row.startswith(r["name"]) and f" ≤ {r['capacity']} " in row for row in load) for r in inside)
    # weighed by tier, the sample team is no longer uniformly "under": some reps carry a full load
    assert {r["status"] for r in metrics["team"]["reps"] if not r["left"]} >= {"ok", "under"}
    sponsors = rows(section(html, "sponsors"))
    shown = unit_of(section(html, "sponsors"))
    for s in metrics["team"]["sponsors"]:
        assert any(
            row.startswith(f"{s['name']} {len(s['accounts'])} ") and f" {shown(s['revenue'])} " in row
            for row in sponsors
        )


# ---------------------------------------------------------------- credit
def test_credit_overdue_invoice_with_its_financing_cost(zh, metrics):
    html = page(zh, "credit")
    overdue = rows(section(html, "overdue"))
    c = metrics["credit"]
    assert len(overdue) == len(c["overdue"])
    worst = max(c["overdue"], key=lambda r: r["financing_cost"])
    row = next(r for r in overdue if f" {worst['invoice']} " in f" {r} ")
    shown = unit_of(section(html, "overdue"))
    assert f" {shown(worst['amount'])} {shown(worst['financing_cost'])} " in row
    # the overdue invoices lead with what decides: days overdue, the share of the profit eaten, months left
    decision = f"{ui('n_days', n=worst['days_overdue'])} {pct(worst['profit_consumed_share'])}"
    assert f" {decision} {ui('n_months', n=worst['months_until_profit_gone'])} " in row
    assert pct(worst["profit_consumed_share"]) in row
    assert ui("n_months", n=worst["months_until_profit_gone"]) in row
    assert ui("n_days", n=worst["days_overdue"]) in row
    offs = rows(section(html, "write-offs"))
    shown = unit_of(section(html, "write-offs"))
    for w in c["write_offs"]:
        assert any(w["invoice"] in r and shown(w["extra_sales_to_recover"]) in r for r in offs)
    assert len(rows(section(html, "over-limit"))) == metrics["alerts"]["over_limit"]
    aging = section(html, "aging")
    chart_table = aging[aging.index('class="kam-chart__data"') :]
    shown = unit_of(chart_table[: chart_table.index("</table>")])
    for b in ("current", "1_30", "31_60", "61_90", "over_90"):
        assert any(r.startswith(f"{ui('bucket_' + b)} {shown(c['aging'][b])}") for r in rows(aging)), b
    body = text_of(html)
    assert ui("formula_financing", r=f"{c['borrowing_cost']:g}%") in body
    assert ui("formula_bad_debt") in body


# ---------------------------------------------------------------- relationships and calendar
def test_relationships(zh, metrics):
    html = page(zh, "relationships")
    rel = metrics["relationships"]
    assert ui("one_two_one_note", covered=rel["deals_covered"], total=len(rel["deals"])) in text_of(html)
    deals = rows(section(html, "one-two-one"))
    assert len(deals) == len(rel["deals"])
    assert sum(ui("f_covered") in r for r in deals) == rel["deals_covered"]
    assert len(rows(section(html, "single-threaded"))) == len(rel["single_threaded"])
    opp = rows(section(html, "opposing"))
    for o in rel["opposing_decision_makers"]:
        assert any(o["contact_name"] in r for r in opp)


def test_calendar(zh, metrics):
    html = page(zh, "calendar")
    plan = metrics["plan"]
    assert len(rows(section(html, "overdue"))) == len(plan["overdue"]) == metrics["alerts"]["overdue_actions"]
    assert len(rows(section(html, "upcoming"))) == len(plan["upcoming"])
    first = min(plan["overdue"], key=lambda a: a["due"])
    assert rows(section(html, "overdue"))[0].startswith(f"{first['due']} {ui('n_days', n=first['days_overdue'])}")
    matrix = section(html, "measures")
    assert len(rows(matrix)) == len(plan["measures_by_account"])
    r = plan["measures_by_account"][0]
    row = next(x for x in rows(matrix) if x.startswith(r["name"]))
    assert row.endswith(f"{r['covered']} / 10")
    ev = plan["executive_visits"]
    assert len(rows(section(html, "executive-visits"))) == len(ev["overdue"]) + len(ev["planned_upcoming"])


# ---------------------------------------------------------------- English
def test_english_dashboard_and_pages(en, metrics):
    html = page(en, "")
    fc = metrics["forecast"]
    month = ui("k_forecast_month", "en", period=fc["this_month"]["period"])
    assert kpi(html, month) == fmt.money(fc["this_month"]["weighted"], "en")
    assert kpi(html, ui("k_revenue_last_year", "en", year=metrics["current_year"])) == fmt.money(
        metrics["accounts"]["revenue"], "en"
    )
    assert "Data as of 2026-11-20" in html
    for url in REPORT_URLS:
        text = text_of(re.search(r"<article.*?</article>", page(en, url), re.S).group(0))
        for zh_word in ("数据截至", "重要客户", "万", "亿", "逾期", "加权", "客户份额"):
            assert zh_word not in text, (url, zh_word)
    tiers = page(en, "tiers")
    assert "Major account" in tiers and "Share of wallet" in tiers


# ---------------------------------------------------------------- user text is escaped
def test_hostile_name_is_text_on_the_reports(tmp_path):
    project = make_project(tmp_path)
    r = build(project)
    assert r.returncode == 0, r.stderr
    for url in ("portfolio", "pareto", "relationships"):
        html = page(project / "site", url)
        assert "<script>alert(2)</script>" not in html, url
        assert "onerror=alert(1)><" not in html, url
    assert htmllib.escape(EVIL_NAME, quote=False) in page(project / "site", "portfolio")
    assert f"accounts/{EVIL_ID}/" in page(project / "site", "portfolio")


def test_every_free_text_of_the_sample_book_is_on_its_account_page(zh):
    """What reps write is shown: each contact's and opportunity's notes, under their table, by name."""
    import yaml

    shown = 0
    for path in sorted((REPO / "accounts").rglob("*.yaml")):
        if path.name.startswith("_"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        page = htmllib.unescape((zh / "accounts" / path.stem / "index.html").read_text(encoding="utf-8"))
        for table in ("contacts", "opportunities"):
            for rec in data.get(table) or []:
                if rec.get("notes"):
                    note = "".join(str(rec["notes"]).split())
                    text = "".join(re.sub(r"<[^>]+>", "", page).split())
                    assert "".join(str(rec["name"]).split()) + note in text, (path.name, rec["name"])
                    shown += 1
    assert shown >= 22  # the sample book's contact notes alone are 22


def test_personal_data_false_leaves_customers_people_out_keeping_the_figures(tmp_path, zh):
    """A site for a wider audience: no contact's name, title or notes in any page of the book or in the
    search index, and the same figures."""
    import json

    import yaml

    root = tmp_path / "book"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root).mkdir()
    (root / "mkdocs.yml").write_text(text.replace("      public: true", "      personal_data: false"), encoding="utf-8")
    shutil.copytree(REPO / "accounts", root / "accounts")
    (root / "docs").mkdir()
    r = build(root, site_dir=root / "site")
    assert r.returncode == 0, r.stderr
    site = root / "site"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    reports = "".join(htmllib.unescape((site / u / "index.html").read_text(encoding="utf-8")) for u in REPORT_URLS)
    checked = 0
    for path in (REPO / "accounts").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name.startswith("_") or not data.get("contacts"):
            continue
        names = {str(c["name"]) for c in data["contacts"]}
        own = names | {str(c[k]) for c in data["contacts"] for k in ("title", "notes") if c.get(k)}
        page = htmllib.unescape((site / "accounts" / path.stem / "index.html").read_text(encoding="utf-8"))
        found = [x for x in own if x in page]
        found += [x for x in names if x in reports]
        found += [
            x
            for x in own
            for e in index["docs"]
            if e["location"].startswith(f"accounts/{path.stem}/") and x in e["text"]
        ]
        assert not found, (path.name, found)
        checked += len(own)
    assert checked > 100
    # nowhere else either: no page of the site (reports, change log, calendar...) and no search entry
    # names a contact or quotes a note about one (titles are common words: checked per account above)
    every = "\n".join(htmllib.unescape(p.read_text(encoding="utf-8")) for p in site.rglob("*.html"))
    searched = "\n".join(e["title"] + "\n" + e["text"] for e in index["docs"])
    personal = {
        str(c[k])
        for path in (REPO / "accounts").rglob("*.yaml")
        if not path.name.startswith("_")
        for c in yaml.safe_load(path.read_text(encoding="utf-8")).get("contacts") or []
        for k in ("name", "id", "notes")
        if c.get(k) and len(str(c[k])) >= 2
    }
    assert len(personal) > 100
    assert sorted(x for x in personal if x in every or x in searched) == []
    # the figures are the same: the dashboard's headline cards read alike in both sites
    page = (site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'kam-kpi__value">([^<]*)<', page) == re.findall(
        r'kam-kpi__value">([^<]*)<', (zh / "index.html").read_text(encoding="utf-8")
    )
    acc = htmllib.unescape((site / "accounts" / "beifang-dairy" / "index.html").read_text(encoding="utf-8"))
    assert "联系人 1" in acc
    # what is left out leaves no blank column behind: attitude and influence are dropped, not shown empty
    assert ui("f_attitude") + "</th>" not in acc and ui("f_attitude") + "</th>" in page_of(zh, "accounts/beifang-dairy")
    assert {u: blank for u in REPORT_URLS if (blank := empty_columns(page_of(site, u)))} == {}
    people = {ui(k) for k in ("f_attitude", "f_influence", "f_contact", "f_title")}
    accounts = [f"accounts/{p.stem}" for p in (REPO / "accounts").rglob("*.yaml") if p.stem[0] != "_"]
    assert {u: blank for u in accounts if (blank := people & set(empty_columns(page_of(site, u))))} == {}


def page_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def empty_columns(html: str) -> list[str]:
    """The headers of table columns that are blank in every body row (tables of plain rows)."""
    out = []
    for t in re.findall(r"<table>(.*?)</table>", html, re.S):
        heads = [text_of(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", t.split("</thead>")[0], re.S)]
        body = t.split("</thead>")[-1]
        cells = [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
        if not cells or any(len(c) != len(heads) for c in cells):
            continue
        out += [h for i, h in enumerate(heads) if all(not text_of(c[i]) for c in cells)]
    return out


def test_loyalty_on_the_tiers_and_team_pages_is_the_metrics(zh, metrics):
    lo = metrics["loyalty"]
    tiers = section(page(zh, "tiers"), "loyalty")
    assert kpi(tiers, ui("c_retention", "zh")) == fmt.percent(lo["overall"]["retention"], ratio=True)
    s = lo["satisfaction"]
    assert kpi(tiers, ui("c_satisfaction_rate", "zh", score=f"{s['threshold']:g}")) == fmt.percent(
        s["rate"], ratio=True
    )
    body = rows(tiers)
    for t in ("major", "named", "non_named", "mass"):
        r = lo["by_tier"][t]
        expected = f"{label('tier', t, 'zh')} {r['base']} {r['retained']} {r['churned']} {fmt.percent(r['retention'], ratio=True)}"
        assert any(row.startswith(expected) for row in body), (t, body)
    team = section(page(zh, "team"), "loyalty")
    assert len(rows(team)) == len(lo["by_rep"])
    credit = section(page(zh, "credit"), "review-due")
    assert len(rows(credit)) == len(metrics["credit"]["review_due"]) or ui("none_found", "zh") in text_of(credit)


def test_the_accounts_index_leads_with_the_most_valuable_customers(zh, metrics):
    html = page(zh, "accounts")
    names = [
        htmllib.unescape(n)
        for n in re.findall(r'<tr data-id="[^"]+"[^>]*><td data-sort="[^"]*"><a href="[^"]+">([^<]+)</a>', html)
    ]
    # equal revenue (none yet, say): by name, in pinyin order
    items = sorted(metrics["accounts"]["items"], key=lambda it: (-(it.get("revenue") or 0), pinyin_key(it["name"])))
    assert names == [it["name"] for it in items]
    assert 'aria-sort="descending"><button type="button" class="kam-sort">' in html


def test_inverted_pyramid_on_the_pareto_page_is_the_metrics(zh, metrics):
    py = metrics["pyramid"]
    sec = section(page(zh, "pareto"), "pyramid")
    for u in ("time", "people", "money"):
        assert kpi(sec, ui("k_top20_" + u)) == pct(py["top20"][u + "_share"])
    body = rows(sec)

    def expected(name, g):
        shares = [g["accounts_share"], g["revenue_share"], g["time_share"], g["people_share"], g["money_share"]]
        return " ".join([name, fmt.number(g["accounts"])] + [pct(x) for x in shares])

    assert body[0] == expected(ui("c_top20_group"), py["top20"])
    assert body[1] == expected(ui("c_rest_group"), py["rest"])
    assert body[2:] == [
        expected(label("tier", t, "zh"), py["by_tier"][t]) for t in ("major", "named", "non_named", "mass")
    ]


def test_harass_and_abandon_are_two_postures_on_the_site(zh, metrics):
    bp = metrics["posture"]["by_posture"]
    assert bp["abandon"]["accounts"] == ["nanchang-ganpo"]  # the sample plan that gives up
    body = rows(section(page(zh, "portfolio"), "postures"))
    for p in ("harass", "abandon"):
        start = f"{label('posture', p, 'zh')} {fmt.number(bp[p]['count'])} "
        assert any(r.startswith(start) and r.endswith(ui("w_stance_" + p)) for r in body), (p, body)
    acc = text_of(page(zh, "accounts/nanchang-ganpo"))
    assert ui("reason_posture_abandon") in acc
    assert ui("none_found") in text_of(section(page(zh, "portfolio"), "abandon-elsewhere"))


def test_key_account_market_on_the_tiers_page_is_the_metrics(zh, metrics):
    k = metrics["key_market"]
    sec = section(page(zh, "tiers"), "key-market")
    assert kpi(sec, ui("k_key_market_share", year=k["year"])) == pct(k["revenue_share"])
    assert kpi(sec, ui("k_key_market_wallet")) == pct(k["share_of_wallet"])
    assert kpi(sec, ui("k_key_market_headroom")) == money(k["headroom"])
    shown = unit_of(sec)
    expected = [
        f"{r['name']} {label('tier', r['tier'], 'zh')} {shown(r['revenue'])} {shown(r['potential'])} {pct(r['share'])}"
        for r in k["list"]
    ]
    assert rows(sec) == expected and len(expected) == k["accounts"] > 0


def test_every_headline_figure_carries_its_definition_and_period(zh, en, metrics):
    """Each card's hover text and the list under the cards come from the one catalogue of definitions."""
    from kam.metrics.definitions import DEFINITIONS, definition, period, period_params

    params = period_params(metrics)
    seen = set()
    for site, lang in ((zh, "zh"), (en, "en")):
        for url in REPORT_URLS:
            html = page(site, url)
            labels = [htmllib.unescape(x) for x in re.findall(r'kam-kpi__label">([^<]*)<', html)]
            defined = {
                htmllib.unescape(x)
                for x in re.findall(
                    r"<dt>([^<]*)</dt>", "".join(re.findall(r'<dl class="kam-defs">(.*?)</dl>', html, re.S))
                )
            }
            assert set(labels) <= defined, (url, set(labels) - defined)
            for key in DEFINITIONS:
                wanted = f"{definition(key, lang)} {ui('def_period', lang, period=period(key, params, lang))}"
                if htmllib.escape(wanted) in html:
                    seen.add(key)
    assert seen == set(DEFINITIONS)  # every definition of the catalogue is on the site


def test_dso_and_average_days_to_pay_explain_each_other(zh, metrics):
    c = metrics["credit"]
    assert c["dso"] > 2 * c["average_days_to_pay"]  # the sample's gap (251 against 69 days) that looked wrong
    text = text_of(page(zh, "credit"))
    assert ui("def_dso") in text and ui("def_average_days_to_pay") in text


def test_won_deals_weigh_their_amount_on_the_funnel_page(zh, metrics):
    won = metrics["pipeline"]["by_stage"]["won"]
    assert won["weighted"] == won["amount"] > 0
    stages = section(page(zh, "funnel"), "stages")
    shown = unit_of(stages)
    assert f"{label('stage', 'won', 'zh')} {won['count']} {shown(won['amount'])} 100% {shown(won['amount'])}" in rows(
        stages
    )


def test_hostile_names_in_the_new_tables_are_text(tmp_path):
    """A customer's name reaches the key-account market and abandon-elsewhere tables as text, never markup."""
    from site_project import EVIL, RICH, RICH_ID

    evil = EVIL.replace(
        "potential: 100000\n",
        "potential: 100000\nrevenue:\n  - {year: 2025, amount: 9000000}\nplan:\n  abandon: true\n",
    )
    project = make_project(tmp_path, accounts={RICH_ID: RICH, EVIL_ID: evil})
    r = build(project, site_dir=project / "site")
    assert r.returncode == 0, r.stderr
    escaped = htmllib.escape(EVIL_NAME, quote=False)
    for url, anchor in (("tiers", "key-market"), ("portfolio", "abandon-elsewhere")):
        sec = section(page(project / "site", url), anchor)
        assert escaped in sec and "<img src=x" not in sec and "<script>alert" not in sec, url


def test_what_a_reader_checks_against_the_rows_beside_it(zh, en, metrics):
    """Words that summed or named their rows wrongly (found by an audit of the sample site)."""
    ev = metrics["plan"]["executive_visits"]
    cal = text_of(page(en, "calendar/"))
    assert f"{len(ev['planned_upcoming'])} not yet due (planned and upcoming), {len(ev['overdue'])} overdue." in cal
    years = metrics["loyalty"]["years"]
    tiers = text_of(page(zh, "tiers/"))
    assert f"{years['previous']} 年买过、{years['current']} 年没有再买的客户" in tiers
    assert "Stage probability" in text_of(page(en, "funnel/")) and "阶段默认赢率" in text_of(page(zh, "funnel/"))
    n = metrics["opening"]["not_set"]
    assert f"{n} potential or new account{'' if n == 1 else 's'} {'has' if n == 1 else 'have'} no step set" in text_of(
        page(en, "portfolio/")
    )
    tags = re.findall(r"×\d+: −\d+", text_of(page(en, "accounts/hanjiang-steel/")))
    assert tags and not re.search(r"x\d+: -\d+", text_of(page(en, "accounts/hanjiang-steel/")))


# ---------------------------------------------------------------- names in Chinese order
def first_column(fragment: str, caption: str | None = None) -> list[str]:
    """The text of the first cell of each body row of the (first) table in a fragment, or of the table with this
    caption."""
    if caption is not None:
        fragment = fragment[fragment.index(f"<caption>{caption}") :]
    body = re.search(r"<tbody>(.*?)</tbody>", fragment, re.S).group(1)
    return [
        text_of(re.match(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S).group(1))
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def pinyin_key(name: str) -> tuple:
    """Where a Chinese reader looks for a name: by the pinyin of each character (长春 chang, 厦门 xia), then its
    tone; an independent reading of the order, with pypinyin's syllables."""
    from pypinyin import Style, pinyin

    syllables = pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)
    return [(s[0].rstrip("12345"), s[0][-1]) for s in syllables], name


def pinyin_order(names: list[str]) -> list[str]:
    return sorted(names, key=pinyin_key)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_names_in_report_tables_are_in_pinyin_order_in_chinese(request, lang):
    """Tables listed by a name (reps, teams, accounts) read in pinyin order on the Chinese site (they were in code
    point order: 张浩 before 李娜, 长春 after 无锡); the English site keeps the names' order as it was."""
    site = request.getfixturevalue(lang)
    funnel, rel, team = page(site, "funnel"), page(site, "relationships"), page(site, "team")
    reps = first_column(funnel, ui("c_weighted_by_rep", lang))[:-1]  # the total last
    teams = first_column(funnel, ui("c_weighted_by_team", lang))[:-1]
    single = first_column(section(rel, "single-threaded"))
    levels = first_column(section(rel, "levels"), ui("c_key_account_levels", lang))
    retention = first_column(section(team, "loyalty"))
    if lang == "zh":
        assert reps == ["何志刚", "李娜", "孙立伟", "王磊", "吴佳怡", "杨帆", "张浩", "郑晓燕"]  # he li sun wang ...
        assert teams == ["电话销售组", "华北团队", "华东团队"]  # dian, hua bei, hua dong
        # 长春 is chang (a per-character reading, as the browser's collation has it, puts it under zhang, last)
        assert single == [
            "长春华印包装印务有限公司",
            "大连海宝水产食品有限公司",
            "杭州麦香园食品有限公司",
            "南昌赣鄱连锁超市有限公司",
            "天津滨海职业技术学院",
            "无锡金辉电镀有限公司",
        ]
        assert len(levels) == 20 and levels == pinyin_order(levels)
        assert levels[:3] == ["北方乳业集团有限公司", "川渝汽车制造有限公司", "海通智慧物流集团有限公司"]
        assert retention == pinyin_order(retention) and retention[:3] == ["何志刚", "李娜", "王磊"]
    else:  # as before: the names as written, in the order of their characters
        for names in (reps, teams, single, levels, retention):
            assert names == sorted(names), names
        assert reps[:3] == ["何志刚", "吴佳怡", "孙立伟"]


def test_the_chinese_order_of_any_name():
    """Latin letters and digits before Chinese, a syllable before its longer neighbours (西安 xi an before 先 xian),
    empty names last; a 5,000-character name is read for its first 80 characters only, and still sorts."""
    import time

    from kam.site.pinyin import name_key

    long_name = "长" * 5000
    names = [None, "先进制造", "", "西安交通", "IBM 中国", "3M 中国", long_name, "阿里"]
    start = time.perf_counter()
    assert sorted(names, key=name_key("zh")) == [
        "3M 中国",
        "IBM 中国",
        "阿里",
        long_name,
        "西安交通",
        "先进制造",
        None,
        "",
    ]
    assert time.perf_counter() - start < 1
    assert sorted(names[1:2] + names[3:6], key=name_key("en")) == sorted(names[1:2] + names[3:6])
