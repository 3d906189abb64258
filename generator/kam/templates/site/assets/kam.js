/* kam: sort and filter the accounts table in the browser.  No dependencies, no network.
 * A table inside [data-kam-table] sorts when a header button is clicked (numbers by the
 * cell's data-sort value, text by locale order) and filters on the words typed in the box. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v === null ? cell.textContent.trim() : v;
  }

  function compare(kind, a, b) {
    if (kind === "number" || kind === "rank") {   /* rank: the place the page gave a name (pinyin order) */
      var x = a === "" ? NaN : parseFloat(a), y = b === "" ? NaN : parseFloat(b);
      if (isNaN(x) && isNaN(y)) return 0;
      if (isNaN(x)) return 1;          /* blanks last */
      if (isNaN(y)) return -1;
      return x - y;
    }
    if (a === "" && b !== "") return 1;
    if (b === "" && a !== "") return -1;
    return a.localeCompare(b, document.documentElement.lang || undefined);
  }

  function sortBy(table, th) {
    var headers = Array.prototype.slice.call(th.parentNode.children);
    var index = headers.indexOf(th);
    var kind = th.getAttribute("data-kind") || "text";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r._kamIndex = i; });
    rows.sort(function (r1, r2) {
      var d = compare(kind, cellValue(r1, index), cellValue(r2, index));
      if (!ascending) d = -d;
      return d || r1._kamIndex - r2._kamIndex;   /* stable */
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  /* An amount as kam.fmt.money writes it (compact: 万/亿 in Chinese, K/M/B in English). */
  function trim(x, digits) {
    return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
      .replace(/\.0+$/, "").replace(/(\.\d*?)0+$/, "$1");
  }
  function money(x, lang) {
    var a = Math.abs(x), sign = x < 0 ? "-" : "", text;
    if (lang === "zh") {
      text = a >= 1e8 ? trim(a / 1e8, 2) + "亿" : a >= 1e4 ? trim(a / 1e4, 1) + "万" : trim(Math.round(a), 0);
    } else {
      text = a >= 1e9 ? trim(a / 1e9, 2) + "B" : a >= 1e6 ? trim(a / 1e6, 1) + "M"
        : a >= 1e4 ? trim(a / 1e3, 1) + "K" : trim(Math.round(a), 0);
    }
    return sign + text;
  }

  /* The totals row (tfoot) adds up the rows the filter shows: a [data-sum=i] cell sums column i. */
  function totals(table, shown) {
    var foot = table.tFoot;
    if (!foot) return;
    var label = foot.querySelector("[data-template]");
    if (label) label.textContent = label.getAttribute("data-template").replace("{n}", shown);
    var rows = table.tBodies[0].rows, lang = table.getAttribute("data-lang") || "zh";
    Array.prototype.forEach.call(foot.querySelectorAll("[data-sum]"), function (cell) {
      var index = parseInt(cell.getAttribute("data-sum"), 10), sum = 0;
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].hidden) continue;
        var v = parseFloat(cellValue(rows[i], index));
        if (!isNaN(v)) sum += v;
      }
      cell.textContent = money(sum, lang);
    });
  }

  /* A row matches when every typed word is in its text, its id or its pinyin (data-pinyin), or begins a
   * word of its label in a label column (th[data-match=label]: the tier).  A label is matched from a word's
   * start because the tiers' labels contain one another: 重要客户 is inside 次重要客户, 一般重要客户 and
   * 不重要客户, and "Named account" inside "Non-named account". */
  function filter(box, table, counter) {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = table.tBodies[0].rows, shown = 0;
    var labels = [];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (th.getAttribute("data-match") === "label") labels.push(index);
    });
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], parts = [], starts = [];
      for (var c = 0; c < r.cells.length; c++) {
        var cell = r.cells[c].textContent.toLowerCase();
        if (labels.indexOf(c) >= 0) starts.push.apply(starts, cell.split(/\s+/).filter(Boolean));
        else parts.push(cell);
      }
      var text = (parts.join(" ") + " " + (r.getAttribute("data-id") || "") + " " +
        (r.getAttribute("data-pinyin") || "")).toLowerCase();
      var ok = words.every(function (w) {
        return text.indexOf(w) >= 0 || starts.some(function (s) { return s.indexOf(w) === 0; });
      });
      r.hidden = !ok;
      if (ok) shown++;
    }
    if (counter) {
      counter.textContent = counter.getAttribute("data-template")
        .replace("{n}", shown).replace("{total}", rows.length);
    }
    totals(table, shown);
  }

  function setup(root) {
    drawCharts(root);
    var containers = root.querySelectorAll("[data-kam-table]");
    Array.prototype.forEach.call(containers, function (box) {
      if (box._kamReady) return;
      box._kamReady = true;
      var table = box.querySelector("table");
      if (!table || !table.tHead || !table.tBodies.length) return;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        /* the whole header cell sorts (its button, inside, is what the keyboard reaches) */
        th.addEventListener("click", function () { sortBy(table, th); });
      });
      var input = box.querySelector(".kam-filter__input");
      var counter = box.querySelector(".kam-filter__count");
      if (input) input.addEventListener("input", function () { filter(input, table, counter); });
    });
  }

  /* Charts drawn in the browser: a .kam-vega element holds its Vega-Lite spec as JSON.
   * The vega-embed bundle (vega.js, beside this file) is loaded once, only when needed. */
  var here = document.currentScript && document.currentScript.src;
  var vegaSrc = here ? here.replace(/kam\.js(\?.*)?$/, "vega.js") : null;
  var vegaWaiting = null;

  function withVega(callback) {
    if (window.vegaEmbed) return callback();
    if (!vegaSrc) return;
    if (vegaWaiting) { vegaWaiting.push(callback); return; }
    vegaWaiting = [callback];
    var s = document.createElement("script");
    s.src = vegaSrc;
    s.onload = function () { var w = vegaWaiting; vegaWaiting = null; w.forEach(function (f) { f(); }); };
    document.head.appendChild(s);
  }

  function drawCharts(root) {
    var boxes = root.querySelectorAll(".kam-vega:not([data-kam-drawn])");
    if (!boxes.length) return;
    withVega(function () {
      Array.prototype.forEach.call(boxes, function (box) {
        if (box.getAttribute("data-kam-drawn")) return;
        box.setAttribute("data-kam-drawn", "1");
        var data = box.querySelector("script[type='application/json']");
        if (!data) return;
        window.vegaEmbed(box, JSON.parse(data.textContent), { renderer: "svg", actions: false })
          .catch(function (e) { box.setAttribute("data-kam-error", String(e)); });
      });
    });
  }

  /* A chart point's description (its <title>, the tooltip a mouse shows on hover) shown on a tap or a
   * click: a phone has no hover.  A tap within a finger's width of a point takes the nearest one; a tap
   * anywhere else hides it.  The text is set as text, never as markup. */
  var tip = null;
  var REACH = 22;  /* px: about half a fingertip */

  function nearestPoint(svg, x, y) {
    var best = null, bestD = REACH * REACH;
    Array.prototype.forEach.call(svg.querySelectorAll("[aria-roledescription='point'][aria-label]"), function (m) {
      if (!m.querySelector("title")) return;   /* only the marks drawn with a hover tooltip */
      var r = m.getBoundingClientRect();
      if (!r.width && !r.height) return;      /* the hidden drawing (phone or wide) */
      var dx = Math.max(r.left - x, 0, x - r.right), dy = Math.max(r.top - y, 0, y - r.bottom);
      if (dx * dx + dy * dy <= bestD) { best = m; bestD = dx * dx + dy * dy; }
    });
    return best;
  }

  function showTip(fig, mark) {
    tip = document.createElement("div");
    tip.className = "kam-tip";
    tip.setAttribute("role", "status");
    tip.textContent = mark.getAttribute("aria-label");
    fig.appendChild(tip);
    var f = fig.getBoundingClientRect(), m = mark.getBoundingClientRect();
    var left = m.left - f.left + m.width / 2 - tip.offsetWidth / 2;
    tip.style.left = Math.max(0, Math.min(left, fig.clientWidth - tip.offsetWidth)) + "px";
    var above = m.top - f.top - tip.offsetHeight - 8;
    tip.style.top = (above >= 0 ? above : m.bottom - f.top + 8) + "px";
  }

  document.addEventListener("click", function (e) {
    if (tip) { tip.parentNode && tip.parentNode.removeChild(tip); tip = null; }
    var svg = e.target.closest ? e.target.closest(".kam-chart svg") : null;
    var mark = svg && nearestPoint(svg, e.clientX, e.clientY);
    if (mark) showTip(svg.closest(".kam-chart"), mark);
  });

  /* Material's instant navigation swaps pages without reloading: follow its document$ stream. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setup(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(document); });
  } else {
    setup(document);
  }
})();
