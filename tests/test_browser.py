"""The built site in a real browser: headless Debian Chromium driven by Playwright, served on 127.0.0.1.

Skipped (with the reason) when Playwright or chromium is missing; tests/install_browser.py
installs chromium and a CJK font.  Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from site_project import EVIL_ID, EVIL_NAME, RICH, RICH_ID, RICH_NAME, build, make_project  # noqa: E402

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI") == "true":  # CI must run these, never skip them
    raise RuntimeError("CI=true but chromium is missing: tests/install_browser.py should have installed it")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; see tests/install_browser.py)"
)

ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

SMALL = """\
name: 南方物流有限公司
owner: zhang-wei
industry: logistics
region: south
lifecycle: stable
potential: 2000000
revenue:
  - {year: 2025, amount: 900000}
contacts:
  - {id: a, name: 陈经理, level: middle, attitude: support}
  - {id: b, name: 周总, level: top, attitude: neutral}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(root: Path):
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def served(project: Path):
    """Build the project's site and serve it: yields its origin; the server stops after."""
    r = build(project)
    assert r.returncode == 0, r.stderr
    server = _serve(project / "site")
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def _site(tmp_path_factory, language: str) -> Path:
    project = make_project(
        tmp_path_factory.mktemp(language),
        language=language,
        accounts={RICH_ID: RICH, EVIL_ID: make_evil(), "nanfang-wuliu": SMALL},
    )
    r = build(project)
    assert r.returncode == 0, r.stderr
    return project / "site"


def make_evil() -> str:
    from site_project import EVIL

    return EVIL


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    out = {}
    for lang in ("zh", "en"):
        server = _serve(_site(tmp_path_factory, lang))
        out[lang] = f"http://127.0.0.1:{server.server_address[1]}"
    yield out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page that records console errors, every request URL and every dialog."""

    def __init__(self, browser, width=1280):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def external(self, origin: str) -> list[str]:
        return [u for u in self.requests if not (u.startswith(origin) or u.startswith("data:"))]

    def shot(self, name: str, full_page=True):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def search(page, query: str):
    """Type a query into Material's search box (it searches on keyup, which fill() alone does not send)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    page.keyboard.press("End")


@pytest.fixture
def watched(browser):
    w = Watched(browser)
    yield w
    w.page.close()


def test_account_page_renders_offline(servers, watched):
    origin = servers["zh"]
    watched.page.goto(f"{origin}/accounts/{RICH_ID}/")
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.locator("h1").first.inner_text() == RICH_NAME
    # the revenue chart is drawn in the browser by the vendored vega-embed (assets/kam/vega.js), as designed and
    # for a phone: kam.css shows one
    watched.page.wait_for_selector(".kam-chart svg:visible .mark-rect path", timeout=15000)
    bars = watched.page.locator(".kam-chart svg:visible .mark-rect path")
    assert bars.count() == 2  # revenue 2024 and 2025
    assert watched.page.locator(".kam-chart svg:visible").count() == 1
    assert watched.page.locator(".kam-chart svg:visible").first.bounding_box()["height"] > 100
    assert watched.page.locator(".kam-chart__data table tbody tr").count() == 2
    watched.shot("account-zh")
    assert watched.errors == []
    assert watched.external(origin) == []


def test_accounts_table_sorts_and_filters(servers, watched):
    origin = servers["zh"]
    page = watched.page
    page.goto(f"{origin}/accounts/")
    page.wait_for_load_state("networkidle")
    rows = page.locator(".kam-accounts tbody tr")
    assert rows.count() == 3

    def first_ids():
        return [rows.nth(i).get_attribute("data-id") for i in range(rows.count())]

    revenue = page.locator(".kam-accounts thead th").nth(4)
    revenue.locator("button").click()
    assert first_ids() == ["evil", "nanfang-wuliu", RICH_ID]  # 0, 0.9M, 6.5M ascending
    assert revenue.get_attribute("aria-sort") == "ascending"
    revenue.locator("button").click()
    assert first_ids()[0] == RICH_ID
    page.locator(".kam-filter__input").fill("物流")
    visible = [rows.nth(i).is_visible() for i in range(3)]
    assert visible.count(True) == 1
    assert page.locator("tr[data-id='nanfang-wuliu']").is_visible()
    assert "1 / 3" in page.locator(".kam-filter__count").inner_text()
    page.locator(".kam-filter__input").fill("")
    assert all(rows.nth(i).is_visible() for i in range(3))
    watched.shot("accounts-zh")
    assert watched.errors == [] and watched.external(origin) == []


def _shown(page) -> list[str]:
    rows = page.locator(".kam-accounts tbody tr")
    return [rows.nth(i).get_attribute("data-id") for i in range(rows.count()) if rows.nth(i).is_visible()]


def _column(page, title: str) -> int:
    heads = page.locator(".kam-accounts thead th").all_inner_texts()
    return [h.strip(" ▲▼") for h in heads].index(title)


def test_a_click_on_the_name_sorts_as_the_pages_do(tmp_path, browser):
    """Pinyin order with a name read as a phrase (长春 chang, 重庆 chong), as every table of the site: the
    browser's collation reads one character at a time (长 zhang, 重 zhong) and put 重庆 last."""
    names = {"zjg": "张家港港务", "cc": "长春一汽物流", "zs": "招商物流", "cq": "重庆钢铁"}
    project = make_project(
        tmp_path, accounts={aid: SMALL.replace("南方物流有限公司", name) for aid, name in names.items()}
    )
    watched = Watched(browser)
    page = watched.page
    with served(project) as origin:
        page.goto(f"{origin}/accounts/")
        page.wait_for_load_state("networkidle")
        name = page.locator(".kam-accounts thead th").nth(_column(page, "客户"))
        name.click()
        assert name.get_attribute("aria-sort") == "ascending"
        assert _shown(page) == ["cc", "cq", "zjg", "zs"]  # chang, chong, zhang, zhao
        name.click()
        assert _shown(page) == ["zs", "zjg", "cq", "cc"]
    assert watched.errors == []


def test_the_whole_header_cell_sorts(servers, watched):
    page = watched.page
    page.goto(f"{servers['zh']}/accounts/")
    page.wait_for_load_state("networkidle")
    owner = page.locator(".kam-accounts thead th").nth(_column(page, "负责销售"))
    box = owner.bounding_box()
    button = owner.locator("button").bounding_box()
    # a click in the cell's corner, outside the header's text
    page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] - 2)
    assert owner.get_attribute("aria-sort") == "ascending"
    assert box["x"] + box["width"] - 2 > button["x"] + min(button["width"], 40)  # not on the words
    page.mouse.click(box["x"] + 2, box["y"] + 2)
    assert owner.get_attribute("aria-sort") == "descending"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("huadong", [RICH_ID]),  # the pinyin of 华东精密机械
        ("HDJM", [RICH_ID]),  # its initials, any case
        ("nanfang-wu", ["nanfang-wuliu"]),  # the id
        ("物流", ["nanfang-wuliu"]),  # the Chinese
        ("zhangwei huadong", [RICH_ID]),  # the owner's pinyin and the name's, both
    ],
)
def test_the_filter_matches_ids_and_pinyin(servers, watched, typed, expected):
    page = watched.page
    page.goto(f"{servers['zh']}/accounts/")
    page.wait_for_load_state("networkidle")
    page.locator(".kam-filter__input").fill(typed)
    assert _shown(page) == expected
    assert watched.errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_tier_typed_in_the_filter_shows_that_tier_only(servers, watched, lang):
    """重要客户 is inside 次重要客户, 一般重要客户 and 不重要客户 ("Named account" inside "Non-named account"):
    a tier's label matches the rows of that tier, not every row whose tier contains it."""
    page = watched.page
    page.goto(f"{servers[lang]}/accounts/")
    page.wait_for_load_state("networkidle")
    tier = _column(page, {"zh": "客户等级", "en": "Tier"}[lang])
    rows = page.locator(".kam-accounts tbody tr")
    tiers = {rows.nth(i).get_attribute("data-id"): rows.nth(i).locator("td").nth(tier).inner_text() for i in range(3)}
    major, named = {"zh": ("重要客户", "次重要"), "en": ("Major account", "named")}[lang]
    assert sorted(tiers.values()) != [major] * 3  # the book has more than one tier
    for typed, wanted in ((major, lambda t: t == major), (named, lambda t: t.lower().startswith(named))):
        page.locator(".kam-filter__input").fill(typed)
        assert _shown(page) == [i for i, t in tiers.items() if wanted(t)]
    page.locator(".kam-filter__input").fill("")
    assert len(_shown(page)) == 3
    assert watched.errors == []


def test_the_totals_row_adds_up_what_is_filtered(servers, watched):
    page = watched.page
    page.goto(f"{servers['zh']}/accounts/")
    page.wait_for_load_state("networkidle")
    foot = page.locator(".kam-accounts tfoot td")
    revenue, pipeline = _column(page, "销售额"), _column(page, "在途商机")
    assert foot.nth(0).inner_text() == "合计（3 个客户）"
    page.locator(".kam-filter__input").fill("huadong")
    row = page.locator(f"tr[data-id='{RICH_ID}'] td")
    assert foot.nth(0).inner_text() == "合计（1 个客户）"
    # one row shown: the totals are that row's figures, written the way the page writes them
    for col in (revenue, pipeline, _column(page, "加权金额")):
        assert foot.nth(col).inner_text() == row.nth(col).inner_text() != ""
    page.locator(".kam-filter__input").fill("no such account")
    assert foot.nth(0).inner_text() == "合计（0 个客户）" and foot.nth(revenue).inner_text() == "0"
    page.locator(".kam-filter__input").fill("")
    assert foot.nth(0).inner_text() == "合计（3 个客户）"


def test_the_index_shows_pipeline_overdue_action_and_health_reasons(servers, watched):
    page = watched.page
    page.goto(f"{servers['zh']}/accounts/")
    page.wait_for_load_state("networkidle")
    cells = page.locator(f"tr[data-id='{RICH_ID}'] td")
    # the rich account's one overdue action as of 2026-11-20 (the December one is not yet due)
    assert cells.nth(_column(page, "最早逾期行动")).inner_text() == "2026-10-01 安排高层拜访"
    reasons = cells.nth(_column(page, "健康扣分原因")).inner_text()
    assert "行动逾期 −5" in reasons
    assert cells.nth(_column(page, "加权金额")).inner_text() not in ("", "0")
    page.goto(f"{servers['en']}/accounts/")
    page.wait_for_load_state("networkidle")
    heads = page.locator(".kam-accounts thead").inner_text()
    assert "Earliest overdue action" in heads and "Health reasons" in heads
    assert "Overdue action −5" in page.locator(f"tr[data-id='{RICH_ID}']").inner_text()


def test_chinese_search_finds_a_word_inside_a_name(servers, watched):
    origin = servers["zh"]
    page = watched.page
    page.goto(f"{origin}/")
    page.wait_for_load_state("networkidle")
    search(page, "精密")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15000)
    titles = [t.replace("\u200b", "") for t in page.locator(".md-search-result__item").all_inner_texts()]
    assert any("华东精密机械" in t for t in titles), titles
    watched.shot("search-zh", full_page=False)
    assert watched.external(origin) == []


def test_english_site_shows_english_labels(servers, watched):
    origin = servers["en"]
    watched.page.goto(f"{origin}/accounts/{RICH_ID}/")
    watched.page.wait_for_load_state("networkidle")
    text = watched.page.locator("article").inner_text()
    assert "Data as of 2026-11-20" in text and "Major account" in text and "Buying centre" in text
    assert "重要客户" not in text
    watched.shot("account-en")
    watched.page.goto(f"{origin}/accounts/")
    assert "Share of wallet" in watched.page.locator("article").inner_text()
    assert watched.errors == [] and watched.external(origin) == []


def test_hostile_name_does_not_execute(servers, watched):
    origin = servers["zh"]
    page = watched.page
    page.goto(f"{origin}/accounts/{EVIL_ID}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == EVIL_NAME
    assert EVIL_NAME in page.title()
    page.goto(f"{origin}/accounts/")
    page.wait_for_load_state("networkidle")
    search(page, "onerror")
    page.wait_for_timeout(1500)
    watched.shot("hostile-search", full_page=False)
    page.goto(f"{origin}/accounts/{EVIL_ID}/")
    page.wait_for_timeout(300)
    watched.shot("hostile-zh")
    assert watched.dialogs == []
    assert page.locator("iframe").count() == 0
    assert watched.external(origin) == []


def test_phone_layout(servers, browser):
    w = Watched(browser, width=390)
    w.page.goto(f"{servers['zh']}/accounts/{RICH_ID}/")
    w.page.wait_for_load_state("networkidle")
    w.shot("account-phone")
    assert w.errors == []
    w.page.close()


# ---------------------------------------------------------------- report pages of the sample book
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    """The repository's sample book (43 accounts) built and served: (its URL, its folder)."""
    site = tmp_path_factory.mktemp("sample") / "site"
    r = build(REPO, site_dir=site)
    assert r.returncode == 0, r.stderr
    server = _serve(site)
    yield f"http://127.0.0.1:{server.server_address[1]}", site
    server.shutdown()


@pytest.fixture(scope="module")
def sample_site_en(sample_site):
    """The sample book in English: its mkdocs.yml says `languages: [zh, en]`, English is under /en/."""
    url, site = sample_site
    return f"{url}/en", site / "en"


@pytest.fixture(scope="module")
def sample(sample_site):
    """The sample site's URL: the report pages with real figures."""
    return sample_site[0]


def every_page(site: Path) -> list[str]:
    """The URL path of every page built (guide, reports, accounts), from the folders holding an index.html."""
    pages = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    return sorted("" if p == "." else p + "/" for p in pages if p.split("/")[0] not in ("assets", "search", "en"))


def test_dashboard_renders_its_charts(sample, watched):
    page = watched.page
    page.goto(f"{sample}/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".kam-kpi").count() == 9
    assert page.locator(".kam-alert").count() == 6
    bars = page.locator(".kam-chart svg:visible .mark-rect path")
    assert bars.count() == 8  # four open stages, amount and weighted
    assert page.locator(".kam-chart svg:visible").first.bounding_box()["height"] > 150
    assert page.locator(".kam-chart__data table tbody tr").count() == 4
    # the headline cards sit side by side, not one per line
    boxes = [page.locator(".kam-kpi").nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]
    watched.shot("dashboard")
    assert watched.errors == []
    assert watched.external(sample) == []


def test_portfolio_renders_the_matrix(sample, watched):
    page = watched.page
    page.goto(f"{sample}/portfolio/")
    page.wait_for_load_state("networkidle")
    points = page.locator(".kam-chart svg:visible .mark-symbol path[role='graphics-symbol']")
    assert points.count() > 30
    assert points.first.locator("title").count() == 1  # the account's name on hover
    assert page.locator(".kam-chart svg:visible .mark-rule :is(line, path)").count() >= 2
    # the allocation chart: plan and actual bars in three panels
    assert page.locator(".kam-chart").nth(1).locator("svg:visible .mark-rect path").count() >= 18
    link = page.locator(".kam-posture-table a").first
    name = link.inner_text()
    assert link.get_attribute("href").startswith("../accounts/")
    watched.shot("portfolio")
    link.click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/" in page.url and page.locator("h1").first.inner_text() == name
    assert watched.errors == []
    assert watched.external(sample) == []


def test_report_pages_render_without_errors(sample, watched):
    page = watched.page
    for url in ("funnel", "tiers", "pareto", "team", "credit", "relationships", "calendar"):
        page.goto(f"{sample}/{url}/")
        page.wait_for_load_state("networkidle")
        assert "数据截至" in page.locator(".kam-meta").first.inner_text(), url
        drawn = page.locator(".kam-chart svg:visible")
        assert drawn.count() == page.locator(".kam-chart").count(), url  # one drawing of each chart shown
        for i in range(drawn.count()):
            assert drawn.nth(i).bounding_box()["height"] > 100, url
        if url in ("funnel", "calendar", "credit"):
            watched.shot(url)
    assert watched.errors == []
    assert watched.external(sample) == []


def test_dashboard_on_a_phone(sample, browser):
    w = Watched(browser, width=390)
    w.page.goto(f"{sample}/")
    w.page.wait_for_load_state("networkidle")
    width = w.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing pushes the page sideways; wide tables scroll inside themselves
    w.shot("dashboard-phone")
    assert w.errors == []
    w.page.close()


@pytest.mark.parametrize("lang,width", [("zh", 1440), ("en", 390)])
def test_a_preview_draws_the_funnel_in_the_browser(tmp_path, browser, lang, width):
    """`kam serve --account ID` draws the home page's funnel with the site's own vega-embed (no SVG made at build
    time): the same bars as the full build's SVG, the one drawn for the screen's width, nothing from outside."""
    project = make_project(tmp_path, language=lang)
    r = build(project, strict=False, env={"KAM_PREVIEW_ACCOUNT": RICH_ID})
    assert r.returncode == 0, r.stderr
    server = _serve(project / "site")
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    w = Watched(browser, width=width)
    try:
        w.page.goto(f"{origin}/")
        drawn = "[...document.querySelectorAll('.kam-chart .kam-vega')].every(b => b.querySelector('svg'))"
        w.page.wait_for_function(drawn, timeout=15000)
        bars = w.page.locator(".kam-chart svg:visible .mark-rect path")
        assert bars.count() == 8  # four open stages, amount and weighted
        box = w.page.locator(".kam-chart svg:visible").first.bounding_box()
        assert box["height"] > 150 and box["width"] <= width
        assert w.page.evaluate("document.documentElement.scrollWidth") <= width
        w.shot(f"preview-home-{lang}-{width}")
        assert w.errors == [] and w.external(origin) == []
    finally:
        w.page.close()
        server.shutdown()


FIRST_POINT = """() => { const m = [...document.querySelectorAll('.kam-chart [aria-roledescription=point][aria-label]')]
    .find(m => m.querySelector('title') && m.getBoundingClientRect().width);
  m.scrollIntoView({block: 'center'}); const r = m.getBoundingClientRect();
  return {x: r.x + r.width / 2, y: r.y + r.height / 2, label: m.getAttribute('aria-label')}; }"""


@pytest.mark.parametrize("lang,width", [("zh", 390), ("en", 1440)])
def test_a_tap_near_a_chart_point_shows_what_it_is(request, browser, lang, width):
    """A point's name was only a hover tooltip (its <title>), which a phone never shows: a tap within a
    fingertip of a point shows it beside the point, a tap elsewhere hides it; book text is shown as text."""
    origin, _ = request.getfixturevalue("sample_site" if lang == "zh" else "sample_site_en")
    page = browser.new_page(viewport={"width": width, "height": 844}, has_touch=True, is_mobile=width < 500)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for url in ("portfolio/", "pareto/"):
        page.goto(f"{origin}/{url}")
        page.wait_for_load_state("networkidle")
        assert page.query_selector(".kam-tip") is None
        point = page.evaluate(FIRST_POINT)
        page.touchscreen.tap(point["x"] + 9, point["y"] + 6)  # a finger lands beside the point
        tip = page.locator(".kam-tip")
        assert tip.inner_text() == point["label"] and point["label"], url
        box, seen = tip.bounding_box(), page.viewport_size
        assert box["x"] >= 0 and box["x"] + box["width"] <= seen["width"], (url, box)
        page.touchscreen.tap(5, 5)  # anywhere else
        assert page.query_selector(".kam-tip") is None
        # a point's description only: a line's (its first point's) is neither a tooltip nor a tap's answer
        assert page.evaluate("document.querySelectorAll('[aria-roledescription=\\'line mark\\'] title').length") == 0
    # text from the book stays text: a name that looks like markup is shown as written
    page.evaluate("""() => document.querySelectorAll('.kam-chart [aria-roledescription=point][aria-label]')
      .forEach(m => m.setAttribute('aria-label', '<img src=x onerror=alert(1)>'))""")
    point = page.evaluate(FIRST_POINT)
    page.mouse.click(point["x"], point["y"])
    assert page.locator(".kam-tip").inner_text() == "<img src=x onerror=alert(1)>"
    assert page.evaluate("document.querySelector('.kam-tip').children.length") == 0
    assert errors == []
    page.close()


# ---------------------------------------------------------------- charts readable at any width
# the size each chart's text is drawn at on the screen: its font size times the scale the SVG is drawn at
# (an SVG wider than its column is scaled down, text and all); the charts shown only
CHART_TEXT = """() => [...document.querySelectorAll('.kam-chart svg')]
  .filter(s => s.getBoundingClientRect().width > 0)
  .map(s => [...s.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); }))"""
CHART_PAGES = {  # the pages with charts, and how many
    "": 1,
    "funnel/": 2,
    "tiers/": 1,
    "pareto/": 1,
    "portfolio/": 2,
    "team/": 1,
    "credit/": 1,
    "relationships/": 1,
    "accounts/huadong-precision/": 1,  # drawn in the browser
}


def chart_text_sizes(page, url: str) -> list[list[float]]:
    """The text sizes (px on the screen) of each chart shown on the page, once every chart is drawn."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "[...document.querySelectorAll('.kam-chart .kam-vega')].every(b => b.querySelector('svg'))", timeout=15000
    )
    return page.evaluate(CHART_TEXT)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [390, 1440])
def test_chart_labels_are_at_least_11px_on_a_phone_and_a_desktop(request, browser, lang, width):
    """Every chart's labels, axes and legend read at 11 px or more as drawn, at 390 px (a phone: the charts were
    drawn 520-740 px wide and scaled down, their labels to 5-8 px) and at 1440 px; no page scrolls sideways."""
    origin, _ = request.getfixturevalue("sample_site" if lang == "zh" else "sample_site_en")
    w = Watched(browser, width=width)
    small, counts = {}, {}
    for url in CHART_PAGES:
        sizes = chart_text_sizes(w.page, f"{origin}/{url}")
        counts[url] = len(sizes)
        for i, chart in enumerate(sizes):
            assert len(chart) >= 5, (url, i)  # the chart has its words
            if min(chart) < 10.95:
                small[f"{url}#{i}"] = round(min(chart), 1)
        assert w.page.evaluate("document.documentElement.scrollWidth") <= width, url
        if url in ("", "portfolio/"):
            w.shot(f"charts-{(url or 'index').strip('/')}-{lang}-{width}")
    assert counts == CHART_PAGES
    assert small == {}
    assert w.errors == [] and w.external(origin) == []
    w.page.close()


@pytest.mark.parametrize("width", [390, 1440])
def test_bars_side_by_side_are_thin_on_every_screen(sample_site, browser, width):
    """The funnel's and the allocation's bars of two series side by side: 12 px each, a group 32 px apart.  On a
    wide screen each bar took the group's whole step (32 px bars, groups of two 80 px tall)."""
    origin, _ = sample_site
    w = Watched(browser, width=width)
    for url in ("", "portfolio/"):
        w.page.goto(f"{origin}/{url}")
        w.page.wait_for_load_state("networkidle")
        bars = w.page.eval_on_selector_all(
            ".kam-chart svg:visible .mark-rect.role-mark path",
            "ps => ps.map(p => p.getBoundingClientRect()).filter(r => r.width > 0).map(r => r.height)",
        )
        assert len(bars) >= 8, (url, bars)
        assert max(bars) <= 13 and min(bars) >= 8, (url, width, sorted(set(round(b) for b in bars)))
    w.page.close()


DECADE = SMALL.replace(
    "  - {year: 2025, amount: 900000}\n",
    "".join(f"  - {{year: {y}, amount: {500000 + 25000 * (y - 2013)}}}\n" for y in range(2013, 2027)),
)


@pytest.fixture(scope="module")
def decade_site(tmp_path_factory):
    """An account with 14 years of revenue (a chart of 14 upright bars was 900 px wide)."""
    project = make_project(tmp_path_factory.mktemp("decade"), accounts={"decade": DECADE})
    with served(project) as origin:
        yield origin


@pytest.mark.parametrize("width", [390, 1440])
def test_a_long_revenue_history_stays_readable(decade_site, browser, width):
    w = Watched(browser, width=width)
    [sizes] = chart_text_sizes(w.page, f"{decade_site}/accounts/decade/")
    assert min(sizes) >= 10.95, min(sizes)
    # every year labelled, a year a line, none over another
    years = w.page.eval_on_selector_all(
        ".kam-chart svg:visible .role-axis-label text",
        "ts => ts.filter(t => /^20\\d\\d/.test(t.textContent)).map(t => [t.textContent, t.getBoundingClientRect().top])",
    )
    assert [y[:4] for y, _ in years] == [str(y) for y in range(2013, 2027)], years
    assert all(b[1] - a[1] >= 12 for a, b in zip(years, years[1:])), years
    assert w.page.evaluate("document.documentElement.scrollWidth") <= width
    w.shot(f"decade-account-{width}")
    assert w.errors == []
    w.page.close()


# ---------------------------------------------------------------- any text, safely laid out
WIDE = "W" * 200  # the longest one-line value the validator lets through, with no place to break
RTL = "\u202eABC"  # a right-to-left override at the start of a name
TEXT_BOOK = f"""\
name: {WIDE}
owner: zhang-wei
industry: other
region: east
lifecycle: stable
potential: 1000000
contacts:
  - {{id: r, name: "{RTL}", level: top, attitude: support, notes: 会提前透露评标关注点}}
  - {{id: s, name: 孙工, level: middle, attitude: neutral}}
activities:
  - {{date: 2026-11-01, kind: visit, by: [zhang-wei], with: [r, s], summary: {WIDE}}}
plan:
  actions:
    - {{title: 回访, measure: executive_visit, owner: zhang-wei, due: 2026-11-25}}
"""


@pytest.fixture(scope="module")
def text_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("text"), accounts={"wide": TEXT_BOOK, RICH_ID: RICH})
    with served(project) as origin:
        yield origin


@pytest.mark.parametrize("width", [1440, 390])
def test_long_unbroken_text_wraps_instead_of_widening_the_page(text_site, browser, width):
    w = Watched(browser, width=width)
    for url in ("accounts/", "accounts/wide/"):
        w.page.goto(f"{text_site}/{url}")
        w.page.wait_for_load_state("networkidle")
        assert w.page.evaluate("document.documentElement.scrollWidth") <= width, url
    w.shot(f"wide-account-{width}")
    assert w.errors == []
    w.page.close()


def test_a_right_to_left_override_stays_inside_its_name(text_site, watched):
    page = watched.page
    page.goto(f"{text_site}/accounts/wide/")
    page.wait_for_load_state("networkidle")
    # the activity's "with" list: each name its own isolated run, the second name unaffected
    names = page.locator("bdi", has_text="ABC").first
    assert names.count() == 1
    after = page.locator("bdi", has_text="孙工").first
    assert after.inner_text() == "孙工"
    assert page.evaluate("getComputedStyle(document.querySelector('td')).unicodeBidi") == "isolate"
    # the contact's notes are shown under the contacts table, by name
    assert "会提前透露评标关注点" in page.locator("dl.kam-notes-list").first.inner_text()


def test_marks_are_drawn_with_bundled_icons(text_site, watched):
    page = watched.page
    page.goto(f"{text_site}/accounts/wide/")
    page.wait_for_load_state("networkidle")
    mark = page.locator(".kam-mark--upcoming, .kam-mark--overdue").first
    style = mark.evaluate(
        "e => { const s = getComputedStyle(e, '::before'); return [s.content, s.maskImage || s.webkitMaskImage] }"
    )
    assert style[0] in ('""', "none", "") and style[1].startswith('url("data:image/svg+xml'), style
    assert watched.external(text_site) == []


# every table inside its column: a table wider than the text column hides its right-hand columns, which are
# the ones a leader reads (the amount over the limit, the later months); Material's scroll wrapper counts too
TOO_WIDE = """() => { const art = document.querySelector('article'); const out = [];
  document.querySelectorAll('article table').forEach(t => {
    let wide = t.getBoundingClientRect().width > art.clientWidth + 1;
    for (let e = t; e && e !== art; e = e.parentElement) if (e.scrollWidth > e.clientWidth + 1) wide = true;
    if (wide) out.push([...t.querySelectorAll('thead th')].map(h => h.innerText.trim()).join(' | '));
  });
  return out; }"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_table_is_wider_than_its_column(request, browser, lang):
    """At 1440x900 no table on any page of the sample site (reports, 43 account pages, the guide) scrolls,
    in Chinese or English."""
    origin, site = request.getfixturevalue("sample_site" if lang == "zh" else "sample_site_en")
    pages = every_page(site)
    # the guide pages are built in Chinese only
    assert len(pages) > (60 if lang == "zh" else 50) and "credit/" in pages and "accounts/beifang-dairy/" in pages
    w = Watched(browser, width=1440)
    wide = {}
    for url in pages:
        w.page.goto(f"{origin}/{url}")
        w.page.wait_for_load_state("networkidle")
        if tables := w.page.evaluate(TOO_WIDE):
            wide[url] = tables
        if url == "credit/":  # numbers right-aligned, over Material's left-aligned cells
            aligns = w.page.eval_on_selector_all(
                "td.kam-num, th.kam-num", "es => es.map(e => getComputedStyle(e).textAlign)"
            )
            assert len(aligns) > 50 and set(aligns) == {"right"}, set(aligns)
    assert wide == {}
    assert w.errors == []
    w.page.close()


def test_no_page_scrolls_sideways_on_a_phone(sample_site, browser):
    """At 390 px every page of the sample site fits the screen; wide tables scroll inside themselves."""
    origin, site = sample_site
    w = Watched(browser, width=390)
    sideways = {}
    for url in every_page(site):
        w.page.goto(f"{origin}/{url}")
        w.page.wait_for_load_state("networkidle")
        width = w.page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            sideways[url] = width
    assert sideways == {}
    assert w.errors == []
    w.page.close()


BROKEN_CODE_WORDS = """() => { const bad = [];
  for (const c of document.querySelectorAll('code')) {
    if (c.closest('pre')) continue;
    const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT); let node;
    while ((node = walker.nextNode())) {
      const re = /\\S+/g; let m;
      while ((m = re.exec(node.textContent))) {
        if (m[0].length < 2 || m[0].length > 24) continue;
        const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) bad.push(m[0]);
      } } }
  return bad; }"""

GUIDES = ("guide/", "guide/account-file/", "reference/fields/", "reference/policy/", "reference/cli/", "architecture/")


def test_the_guides_short_codes_stay_whole_on_a_phone(sample_site, browser):
    """A field, an id, a date or a path in the guides and references broke mid-word in a narrow table column on a
    phone (stag|e, 2026-line-|upgrade): 535 words on thirteen pages.  They stay whole, and at 1440 px no table of
    those pages is wider than the page (keeping long codes whole everywhere had made nine so)."""
    origin, _ = sample_site
    phone, desk = Watched(browser, width=390), Watched(browser, width=1440)
    broken, wide = {}, {}
    for url in GUIDES:
        phone.page.goto(f"{origin}/{url}")
        phone.page.wait_for_load_state("networkidle")
        if words := phone.page.evaluate(BROKEN_CODE_WORDS):
            broken[url] = words
        desk.page.goto(f"{origin}/{url}")
        desk.page.wait_for_load_state("networkidle")
        n = desk.page.eval_on_selector_all(
            ".md-typeset__scrollwrap", "es => es.filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        if n:
            wide[url] = n
    assert sum(map(len, broken.values())) <= 6, broken
    assert wide == {}
    assert phone.errors == [] and desk.errors == []
    phone.page.close()
    desk.page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_table_names_two_columns_alike(sample_site, lang):
    """A reader tells the columns apart by their headers: the English sponsors table had "Accounts" over both
    the count and the list of names."""
    import html as htmllib
    import re

    _, site = sample_site
    root = site if lang == "zh" else site / "en"
    alike = {}
    for page in sorted(root.rglob("index.html")):
        if lang == "zh" and page.relative_to(site).parts[0] == "en":
            continue
        for head in re.findall(r"<thead>(.*?)</thead>", page.read_text(encoding="utf-8"), re.S):
            names = [
                htmllib.unescape(re.sub(r"<[^>]+>", "", h)).strip()
                for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
            ]
            twice = {n for n in names if n and names.count(n) > 1}
            if twice:
                alike[page.relative_to(root).as_posix()] = twice
    assert len(list(root.rglob("index.html"))) > 50 and alike == {}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_tables_keep_readable_columns_on_a_phone(request, browser, lang):
    """On a phone a report table's text column was squeezed to four characters a line: an overdue action on
    the calendar took a screen of its own (rows of 154 px on average, 339 at most).  Every text cell keeps
    seven characters' width, a column of sentences or lists thirteen (an action: rows of 165 px at seven; a
    sponsor's accounts: 405), and the table scrolls inside itself (the page does not: see above)."""
    origin, _ = request.getfixturevalue("sample_site" if lang == "zh" else "sample_site_en")
    w = Watched(browser, width=390)
    for url in ("calendar/", "team/", "credit/", "relationships/", "funnel/", "tiers/", "accounts/huadong-precision/"):
        w.page.goto(f"{origin}/{url}")
        w.page.wait_for_load_state("networkidle")
        narrow = w.page.eval_on_selector_all(
            ":is(.kam-table, .kam-chart__data) td:not(.kam-num)",
            "es => es.filter(e => e.offsetWidth < parseFloat(getComputedStyle(e).fontSize) * 6.9)"
            ".map(e => e.innerText.slice(0, 20))",
        )
        assert narrow == [], (url, narrow[:5])
        heights = w.page.eval_on_selector_all(
            ":is(.kam-table, .kam-chart__data) tbody tr", "rs => rs.map(r => r.offsetHeight)"
        )
        assert len(heights) > 20, url
        assert max(heights) <= 220, (lang, url, max(heights))
        if url == "calendar/":
            assert sum(heights) / len(heights) <= 90 and max(heights) <= 120, (lang, sum(heights) / len(heights))
        if url == "team/":  # the accountability list's reasons are sentences: a wider column (rows of 187 px)
            rows = w.page.eval_on_selector_all(".kam-accountability tbody tr", "rs => rs.map(r => r.offsetHeight)")
            assert rows and max(rows) <= 110, (lang, rows)
        if url.startswith("accounts/"):  # a plan action with its note: rows of 179 px at seven characters
            rows = w.page.eval_on_selector_all("tr.kam-action", "rs => rs.map(r => r.offsetHeight)")
            assert len(rows) >= 10 and max(rows) <= 110, (lang, rows)
        assert w.page.evaluate("document.documentElement.scrollWidth") == 390, url
    assert w.errors == []
    w.page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [390, 1440])
def test_accounts_index_rows_stay_short(request, browser, lang, width):
    """The accounts index a leader scrolls through: no row squeezed into a screen-tall column of words (the
    English index on a phone had rows of 225 px on average, one account per screen)."""
    origin, _ = request.getfixturevalue("sample_site" if lang == "zh" else "sample_site_en")
    w = Watched(browser, width=width)
    w.page.goto(f"{origin}/accounts/")
    w.page.wait_for_load_state("networkidle")
    heights = w.page.eval_on_selector_all(".kam-accounts tbody tr", "rs => rs.map(r => r.offsetHeight)")
    assert len(heights) == 43
    mean = sum(heights) / len(heights)
    assert mean <= 100, (lang, width, mean, max(heights))
    # the action and the health reasons keep a readable width (a table cell's min-width is not honoured)
    widths = w.page.eval_on_selector_all(".kam-accounts .kam-cell-text", "es => es.map(e => e.offsetWidth)")
    assert widths and min(widths) >= 100, widths
    assert w.errors == []
    w.page.close()


# ---------------------------------------------------------------- hostile text in the accounts index
def yaml_str(text: str) -> str:
    """A YAML double-quoted string (JSON is one) for any text."""
    import json

    return json.dumps(text, ensure_ascii=False)


HOSTILE_NAME = '华东"><img src=x onerror=alert(1)>\u202e\u2067' + "长" * 150  # markup, quotes, bidi, long
HOSTILE_ACTION = '=HYPERLINK("x")<script>alert(2)</script>" onmouseover="alert(3) \u202e' + "X" * 130
HOSTILE_BOOK = f"""\
name: {yaml_str(HOSTILE_NAME)}
owner: zhang-wei
industry: other
region: east
lifecycle: stable
potential: 1000000
plan:
  actions:
    - {{title: {yaml_str(HOSTILE_ACTION)}, measure: executive_visit, owner: zhang-wei, due: 2026-10-01}}
"""


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    """{language: origin}: the English labels are longer (the health reasons above all)."""
    with contextlib.ExitStack() as stack:
        out = {}
        for lang in ("zh", "en"):
            accounts = {"hostile": HOSTILE_BOOK, RICH_ID: RICH}
            project = make_project(tmp_path_factory.mktemp("hostile"), language=lang, accounts=accounts)
            out[lang] = stack.enter_context(served(project))
        yield out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [1440, 390])
def test_hostile_text_in_the_new_columns_and_the_pinyin_stays_text(hostile_index, browser, width, lang):
    origin = hostile_index[lang]
    w = Watched(browser, width=width)
    page = w.page
    page.goto(f"{origin}/accounts/")
    page.wait_for_load_state("networkidle")
    row = page.locator("tr[data-id='hostile']")
    assert page.locator(".kam-accounts img").count() == 0 and page.locator("article script").count() == 0
    # the pinyin attribute holds only letters: nothing typed in the book can end it
    pinyin = row.get_attribute("data-pinyin")
    assert pinyin.startswith("huadong") and set(pinyin) <= set("abcdefghijklmnopqrstuvwxyz ")
    assert len(pinyin) < 1000
    cells = row.locator("td")
    assert cells.nth(0).inner_text() == HOSTILE_NAME
    action = cells.nth(8)
    # the action as text, clipped; its whole text (one line) in the hover title
    assert action.inner_text().startswith('2026-10-01 =HYPERLINK("x")<script>alert(2)</scrip')
    assert len(action.locator("span").inner_text()) <= 40
    assert action.locator("span").get_attribute("title") == " ".join(HOSTILE_ACTION.split())
    page.locator(".kam-filter__input").fill("hdcc")  # the initials of 华东长长
    assert _shown(page) == ["hostile"]
    page.mouse.move(*_centre(action.locator("span")))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 1440:  # the table fits its container; on a phone it scrolls inside itself
        table = page.evaluate(
            "(() => { const t = document.querySelector('.kam-accounts .kam-table'); "
            "return [t.scrollWidth, t.clientWidth]; })()"
        )
        assert table[0] <= table[1], table
    w.shot(f"accounts-hostile-{lang}-{width}", full_page=False)
    assert w.dialogs == [] and w.errors == [] and w.external(origin) == []
    page.close()


def _centre(locator):
    b = locator.bounding_box()
    return b["x"] + b["width"] / 2, b["y"] + b["height"] / 2


# ---------------------------------------------------------------- search finds accounts
@pytest.mark.parametrize(
    "query, account",
    [
        ("huadong-precision", "huadong-precision"),  # the id (guide pages quote it too)
        ("huadong", "huadong-precision"),  # the id's first word
        ("精密", "huadong-precision"),  # a word inside the name 华东精密机械股份有限公司
        ("锅炉", "liaoning-heavy"),  # a word inside its needs (冬季锅炉房节能)
        ("华东", "huadong-precision"),  # 华 alone is a word of the index: Material searched 华 (华康, 华印...)
        ("华东精密", "huadong-precision"),  # two words typed as one: Material dropped 精密
        ("精密 部件", "saigon-precision"),  # the page matching both words, above 华东精密 matching one
        ("节能 锅炉", "liaoning-heavy"),  # both words in its needs; 中原水务's need has 节能 only
    ],
)
def test_search_puts_the_account_first(sample, watched, query, account):
    page = watched.page
    page.goto(f"{sample}/")
    page.wait_for_load_state("networkidle")
    search(page, query)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    page.wait_for_timeout(300)  # the worker answers each keystroke: read the last answer
    href = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert f"/accounts/{account}/" in href, (query, href)
    # the result says which account it is: id, tier, owner, industry (not the page's boilerplate)
    text = first.inner_text().replace("\u200b", "")
    assert f"{account} · " in text and "数据截至" not in text, text
    # ... and only that: not the words of its name and needs the index holds (精密 机械 精密机械 ...)
    summary = first.locator("article").first.inner_text().replace("\u200b", "")
    assert summary.split("\n\n")[1].count(" · ") == 3 and "有限公司" not in summary.split("\n\n")[1], summary
    # every word of the query is found in the page: none is shown as missing (as 华东* and precision were)
    assert first.locator("article").first.locator(".md-search-result__terms").count() == 0, first.inner_text()
    watched.shot(f"search-{account}", full_page=False)
    assert watched.external(sample) == []


EN_NAME = "Key accounts · Test Co"  # site_names: {en: ...}; site_name is "kam test"


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory):
    """The small project with `languages: [zh, en]`: Chinese at the root, English under /en/."""
    from test_languages import bilingual

    accounts = {RICH_ID: RICH, EVIL_ID: make_evil()}
    project = bilingual(
        make_project(tmp_path_factory.mktemp("two"), accounts=accounts), site_names=f"{{en: {EN_NAME}}}"
    )
    with served(project) as origin:
        yield origin


def _switch(page, lang: str):
    page.locator(".md-select").first.hover()
    page.locator(f'a.md-select__link[hreflang="{lang}"]').click()
    page.wait_for_load_state("load")


def test_language_selector_switches_to_the_same_account_and_back(two_languages, watched):
    origin = two_languages
    page = watched.page
    page.goto(f"{origin}/accounts/{RICH_ID}/")
    assert page.locator('a.md-select__link[hreflang="en"]').count() == 1
    watched.shot("lang-zh-account-1440")
    _switch(page, "en")
    assert page.url.rstrip("/") == f"{origin}/en/accounts/{RICH_ID}"
    assert page.locator("html").get_attribute("lang") == "en"
    article = page.locator("article").inner_text()
    assert "Revenue" in article and "销售额" not in article  # English labels
    assert RICH_NAME in article  # the data as written
    # the site's name in the header and the tab's title: English (it showed the Chinese site_name)
    assert page.locator(".md-header__topic").first.inner_text().strip() == EN_NAME
    assert page.title().endswith(f" - {EN_NAME}")
    watched.shot("lang-en-account-1440")
    _switch(page, "zh")
    assert page.url.rstrip("/") == f"{origin}/accounts/{RICH_ID}"
    assert "销售额" in page.locator("article").inner_text()
    assert page.locator(".md-header__topic").first.inner_text().strip() == "kam test"
    assert watched.external(origin) == [] and watched.errors == []


def test_language_selector_on_a_phone(two_languages, browser):
    w = Watched(browser, width=390)
    try:
        w.page.goto(f"{two_languages}/en/funnel/")
        assert w.page.locator('a.md-select__link[hreflang="zh"]').count() == 1
        w.shot("lang-en-funnel-390")
        w.page.goto(f"{two_languages}/")
        w.shot("lang-zh-home-390")
    finally:
        w.page.close()
