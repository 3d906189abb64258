"""The site: pages built from a small book, figures, escaping, edit links, language, strict failures."""

from __future__ import annotations

import filecmp
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from kam import fmt  # noqa: E402
from kam.site import links  # noqa: E402
from kam.site.markup import md_text, notes_html  # noqa: E402
from site_project import EVIL_ID, RICH, RICH_ID, RICH_NAME, build, build_in_process, make_project  # noqa: E402


@pytest.fixture(scope="module")
def zh_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("zh"))
    r = build(project)
    assert r.returncode == 0, r.stderr
    return project / "site"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- pages and figures
def test_pages_exist(zh_site):
    for url in (
        "",
        "accounts",
        f"accounts/{RICH_ID}",
        f"accounts/{EVIL_ID}",
        "tiers",
        "portfolio",
        "funnel",
        "pareto",
        "team",
        "credit",
        "relationships",
        "calendar",
        "guide",
    ):
        assert (zh_site / url / "index.html").is_file(), url
    assert (zh_site / "assets" / "kam" / "kam.js").is_file()
    assert (zh_site / "assets" / "kam" / "kam.css").is_file()


def test_accounts_are_out_of_the_nav(zh_site):
    home = page(zh_site, "")
    assert "accounts/huadong-jingmi/" not in home  # linked from the accounts index, not the nav
    assert 'href="accounts/"' in home or 'href="./accounts/"' in home


def test_account_page_content(zh_site):
    html = page(zh_site, f"accounts/{RICH_ID}")
    assert RICH_NAME in html
    assert "数据截至 2026-11-20" in html
    assert "accounts/huadong-jingmi.yaml" in html
    # labels in Chinese, from labels.py
    assert "重要客户" in html  # 6.5M current >= 5M and 30M potential >= 20M: major
    assert "方案阶段" in html and "决策人" in html and "高层拜访" in html
    # economics: the revenue chart's Vega-Lite spec (drawn in the browser), then a table of the same numbers
    spec = re.search(r'<div class="kam-vega"><script type="application/json">(.*?)</script>', html, re.S)
    assert spec is not None
    values = json.loads(spec.group(1))["data"]["values"]
    assert [v["year"] for v in values] == ["2024", "2025"]
    # the table reads in one unit named in its header, not raw yuan beside 654.3万
    data = re.search(r'<div class="kam-chart__data">(.*?)</table>', html, re.S).group(1)
    assert '<th class="kam-num">销售额（万元）</th>' in data
    assert '<td class="kam-num">520.0</td>' in data and '<td class="kam-num">654.3</td>' in data
    assert "6,543,210" not in html and "万</td>" not in data
    assert "654.3万" in html  # revenue 2025 among the figures above, compact
    # buying centre and 1+2+1 (guide 刘工, two roles supporting, owner 张伟: covered)
    assert "王总" in html and "设备主管" in html and "已覆盖" in html
    # opportunity: amount, probability from the stage, qualification marks, next step
    assert (
        "金额（万元）</th>" in html
        and '<td class="kam-num">240.0</td>' in html
        and "50%" in html
        and "技术交流会" in html
        and "能否赢 ?" in html
    )
    # plan: overdue, done and upcoming marks
    assert re.search(r"安排高层拜访.*?kam-mark--overdue", html, re.S)
    assert re.search(r"年度峰会邀请.*?kam-mark--done", html, re.S)
    assert re.search(r"新品试用.*?kam-mark--upcoming", html, re.S)
    # timeline with outcomes; receivable aging (due 2026-07-01: 142 days overdue)
    assert "同意安排试用" in html and "暂时无进展" in html
    assert "逾期 90 天以上" in html and ">142<" in html
    # survey, complaint, whitespace
    assert "交付及时" in html and "备件延迟" in html
    assert "kam-ws--sold" in html and "kam-ws--pipeline" in html
    # notes as Markdown
    assert "<strong>重点</strong>" in html and 'href="https://example.com"' in html


def test_accounts_index_table(zh_site):
    html = page(zh_site, "accounts")
    assert "data-kam-table" in html and "kam-filter__input" in html
    assert 'href="huadong-jingmi/"' in html and RICH_NAME in html
    assert "张伟" in html and "654.3万" in html


# ---------------------------------------------------------------- user text is data
def test_hostile_text_is_escaped(zh_site):
    html = page(zh_site, f"accounts/{EVIL_ID}")
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<iframe" not in html and "<b>X</b>" not in html
    rich = page(zh_site, f"accounts/{RICH_ID}")
    assert '<script>alert("notes")' not in rich
    for p in zh_site.rglob("*.html"):
        text = p.read_text(encoding="utf-8")
        assert 'href="javascript:' not in text.lower(), p
    index = page(zh_site, "accounts")
    assert "<img src=x" not in index


def test_notes_markdown_is_safe():
    out = notes_html("<script>x</script> [a](javascript:alert(1)) [b](JaVa\tScRiPt:alert(1)) [c](/ok) ![i](data:x)")
    assert "<script>" not in out and "javascript:" not in out.lower().replace("](javascript", "")
    assert 'href="/ok"' in out
    assert 'href="javascript' not in out.lower()
    assert md_text("*a* <b>") == "&#42;a&#42; &#60;b&#62;"


# ---------------------------------------------------------------- edit links
def test_no_edit_link_without_repo_url(zh_site):
    html = page(zh_site, f"accounts/{RICH_ID}")
    assert "kam-edit" not in html and "/edit/" not in html


def test_edit_link_with_repo_url(tmp_path):
    project = make_project(tmp_path, repo_url="https://github.com/acme/kam-book")
    r = build(project)
    assert r.returncode == 0, r.stderr
    html = page(project / "site", f"accounts/{RICH_ID}")
    assert 'href="https://github.com/acme/kam-book/edit/main/accounts/huadong-jingmi.yaml"' in html


def test_a_files_path_in_the_repository_from_any_folder_and_through_links(tmp_path, monkeypatch):
    """The edit link's path (SiteContext.repo_path): worked out once per folder, a link resolved on its own, a
    file outside the repository said to be in the book's folder, whatever folder kam runs from."""
    from kam.book.loader import load_book
    from kam.book.policy import Settings
    from kam.site.context import SiteContext

    root = make_project(tmp_path)
    (root / "accounts" / "east").mkdir()
    (root / "shared").mkdir()
    (root / "shared" / "c.yaml").write_text("x", encoding="utf-8")
    (root / "accounts" / "east" / "a.yaml").write_text("x", encoding="utf-8")
    (root / "accounts" / "east" / "b.yaml").write_text("x", encoding="utf-8")
    (root / "accounts" / "east" / "in.yaml").symlink_to(root / "shared" / "c.yaml")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "d.yaml").write_text("x", encoding="utf-8")
    (root / "accounts" / "east" / "out.yaml").symlink_to(outside / "d.yaml")
    settings = Settings(root=str(root), book="accounts")
    book, _ = load_book(settings)
    for cwd, prefix in ((root, ""), (root / "accounts" / "east", "../../"), (tmp_path, root.name + "/")):
        monkeypatch.chdir(cwd)
        ctx = SiteContext(book, settings, {})
        shown = [prefix + p for p in ("accounts/east/a.yaml", "accounts/east/b.yaml", "accounts/east/in.yaml")]
        shown += [prefix + "accounts/east/out.yaml", prefix + "accounts/x.yaml", str(outside / "d.yaml")]
        assert [ctx.repo_path(s) for s in shown] == [
            "accounts/east/a.yaml",
            "accounts/east/b.yaml",
            "shared/c.yaml",  # the link's target
            "accounts/out.yaml",  # a link out of the repository: the book's folder
            "accounts/x.yaml",
            "accounts/d.yaml",  # a file outside it
        ], cwd


# ---------------------------------------------------------------- language
def test_english_site(tmp_path):
    project = make_project(tmp_path, language="en")
    r = build(project)
    assert r.returncode == 0, r.stderr
    html = page(project / "site", f"accounts/{RICH_ID}")
    assert "Data as of 2026-11-20" in html
    assert "Major account" in html and "Proposal" in html and "Decision maker" in html
    assert "Executive visit" in html and "Over 90 days" in html
    assert "6.5M" in html  # revenue 2025, compact
    assert "数据截至" not in html and "重要客户" not in html
    assert '<html lang="en"' in html


# ---------------------------------------------------------------- failures
def test_strict_build_fails_with_located_diagnostic(tmp_path):
    bad = RICH.replace("industry: manufacturing", "industry: steel")
    project = make_project(tmp_path, accounts={RICH_ID: bad})
    r = build(project)
    assert r.returncode == 1
    v = subprocess.run([sys.executable, "-m", "kam", "validate"], cwd=project, capture_output=True, text=True)
    assert v.returncode == 1
    lines = [ln for ln in v.stdout.splitlines() if ": error: " in ln]
    assert lines and lines[0].startswith("accounts/huadong-jingmi.yaml:5:11: error:")
    for ln in lines:
        assert ln in r.stderr
    assert not (project / "site" / "accounts").exists()


def test_same_input_same_site(tmp_path, zh_site):
    project = zh_site.parent
    r = build(project, site_dir=tmp_path / "again")
    assert r.returncode == 0, r.stderr
    cmp = filecmp.dircmp(zh_site, tmp_path / "again")

    def diffs(c):
        out = c.left_only + c.right_only + c.diff_files
        for sub in c.subdirs.values():
            out += diffs(sub)
        return out

    # dircmp compares shallowly (size and mtime); compare every file's bytes
    files = sorted(p.relative_to(zh_site) for p in zh_site.rglob("*") if p.is_file())
    assert not diffs(cmp)
    for f in files:
        assert (zh_site / f).read_bytes() == (tmp_path / "again" / f).read_bytes(), f


def test_preview_builds_one_account(tmp_path):
    project = make_project(tmp_path)
    r = build(project, strict=False, env={"KAM_PREVIEW_ACCOUNT": RICH_ID})
    assert r.returncode == 0, r.stderr
    site = project / "site"
    assert (site / "accounts" / RICH_ID / "index.html").is_file()
    assert not (site / "accounts" / EVIL_ID).exists()
    assert "预览模式" in page(site, "accounts")
    # only the account's page, the accounts index and the home page: no hand-written page, nor in the nav
    assert not (site / "guide").exists() and 'href="../../guide/"' not in page(site, f"accounts/{RICH_ID}")
    built = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert built == [".", "accounts", f"accounts/{RICH_ID}"], built
    # the home page's funnel is drawn by the reader's browser (its spec, then the table of its numbers), not as
    # SVG now: a fifth of a preview's time.  The full build draws SVG (test_site_reports: test_every_chart_has_its_table).
    home = page(site, "")
    funnel = re.search(r'<figure class="kam-chart"[^>]*>(.*?)</figure>', home, re.S).group(1)
    assert "<svg" not in funnel and funnel.count('class="kam-vega"') == 2  # as designed and for a phone
    specs = [json.loads(s) for s in re.findall(r'<script type="application/json">(.*?)</script>', funnel, re.S)]
    stages = {v["stage"] for v in specs[0]["data"]["values"]}
    assert stages == {"潜在客户", "意向客户", "方案阶段", "商务谈判"}, stages  # the open stages
    assert specs[1]["width"] == 328 and specs[1]["encoding"]["y"]["field"] == "stage"  # bars across on a phone


def test_a_preview_shows_what_every_figure_would(tmp_path):
    """A preview's pages are the pages the same one-account book gives with every figure computed: no page of
    a preview reads a figure, or a part of one, that the preview leaves out (kam.metrics.NOT_IN_PREVIEW).
    Every account of the sample book, and of the test project in both languages."""
    import datetime as dt

    from kam.book.loader import load_book
    from kam.book.policy import Settings
    from kam.metrics import compute
    from kam.site import build_pages

    project = make_project(tmp_path)
    sample = Path(__file__).resolve().parents[1]
    seen = 0
    for root, lang in ((project, "zh"), (project, "en"), (sample, "zh")):
        settings = Settings(language=lang, as_of=dt.date(2026, 11, 20), root=str(root))
        for path in sorted(p for p in settings.book_path.rglob("*.yaml") if not p.name.startswith("_")):
            book, _ = load_book(settings, [path], subset=True)
            pages = [
                build_pages(book, settings, compute(book, settings, preview=p), preview=path.stem)
                for p in (True, False)
            ]
            assert pages[0] == pages[1], (lang, path)
            assert f"accounts/{path.stem}.md" in pages[0]
            seen += 1
    assert seen > 2 + 2 + 30


# ---------------------------------------------------------------- formatting
@pytest.mark.parametrize(
    ("x", "lang", "out"),
    [
        (12345, "zh", "1.2万"),
        (12_345_000, "zh", "1,234.5万"),
        (320_000_000, "zh", "3.2亿"),
        (9999, "zh", "9,999"),
        (-50_000, "zh", "-5万"),
        (1_234_567, "en", "1.2M"),
        (12_345, "en", "12.3K"),
        (999, "en", "999"),
        (2_500_000_000, "en", "2.5B"),
        (None, "zh", ""),
    ],
)
def test_money(x, lang, out):
    assert fmt.money(x, lang) == out


def test_other_formats():
    assert fmt.money(1_234_567, "en", compact=False) == "1,234,567"
    assert fmt.money(1000, "zh", currency="USD") == "1,000 USD"
    assert fmt.percent(0.125, ratio=True) == "12.5%" and fmt.percent(50) == "50%"
    assert fmt.date("2026-11-20T00:00:00") == "2026-11-20"


def test_links():
    assert links.href("accounts/index.md", "accounts/a.md") == "a/"
    assert links.href("accounts/a.md", "accounts/index.md") == "../"
    assert links.href("accounts/a.md", "accounts/index.md", directory_urls=False) == "index.html"
    assert links.href("index.md", "accounts/index.md") == "accounts/"


def test_links_are_what_the_file_system_would_say():
    """href works out relative links on the URLs alone: the same as posixpath.relpath, for every pair."""
    import itertools
    import posixpath

    pages = ["index.md", "portfolio.md", "accounts/index.md", "accounts/a.md", "guide/x/y.md", "guide/index.md"]
    for a, b, directory_urls in itertools.product(pages, pages, (True, False)):
        frm, to = links.url_of(a, directory_urls), links.url_of(b, directory_urls)
        here = frm if frm.endswith("/") or frm == "" else posixpath.dirname(frm) + "/"
        want = posixpath.relpath(to or ".", here.rstrip("/") or ".")
        if to.endswith("/") or to == "":
            want = want.rstrip("/") + "/" if want != "." else "./"
        assert links.href(a, b, directory_urls) == want, (a, b, directory_urls)


def test_every_page_asks_search_engines_to_stay_out(zh_site, tmp_path):
    """A site published by mistake is not indexed: noindex by default, on every page."""
    pages = sorted(zh_site.rglob("*.html"))
    assert len(pages) > 10
    for p in pages:
        assert '<meta name="robots" content="noindex, nofollow">' in p.read_text(encoding="utf-8"), p
    project = make_project(tmp_path)
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "      noindex: false\n", encoding="utf-8")
    assert build(project).returncode == 0
    assert "noindex" not in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_markup_in_site_name_is_shown_as_text(tmp_path):
    """The theme prints site_name unescaped in <title> and the header: kam escapes it, so `AT&T` and
    `</title><script>` show as written (a strict build used to refuse any <, > or &)."""
    project = make_project(tmp_path)
    cfg = project / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "site_name: kam test", "site_name: \"AT&T</title><script>x</script> '&amp;'\""
        )
    )
    r = build(project)
    assert r.returncode == 0, r.stderr
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    shown = "AT&amp;T&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &#39;&amp;amp;&#39;"
    assert f" - {shown}</title>" in page and f'title="{shown}"' in page
    assert "<script>x" not in page and "AT&T" not in page


def test_an_account_in_another_currency_labels_its_figures(tmp_path, monkeypatch):
    """Its potential is written in USD; revenue and pipeline are in the base currency: each says which."""
    acc = (
        "name: Saigon Parts\nowner: zhang-wei\nindustry: manufacturing\nregion: overseas\nlifecycle: stable\n"
        "currency: USD\npotential: 2500000\nrevenue:\n  - {year: 2025, amount: 800000}\n"
        "opportunities:\n  - {id: d, name: D, stage: proposal, amount: 100000, created: 2026-01-05, close: 2027-01-10}\n"
    )
    for lang, expected in (
        ("en", "Purchase potential 17.5M CNY (2.5M USD) Revenue 2025 5.6M CNY Share of wallet 32% "),
        ("zh", "采购潜力 1,750万 CNY（250万 USD） 2025 年销售额 560万 CNY 客户份额 32% "),
    ):
        project = make_project(tmp_path / lang, lang, accounts={"saigon": acc})
        yml = project / "mkdocs.yml"
        yml.write_text(yml.read_text(encoding="utf-8") + "      policy:\n        rates: {USD: 7.0}\n", encoding="utf-8")
        site = build_in_process(project, tmp_path / lang / "site", monkeypatch)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", site["accounts/saigon/index.html"].decode()))
        assert expected in text
