// The inline style sheet and script of the HTML report (no external URL).
#pragma once

namespace shrike::report_internal {

inline constexpr const char* kReportCss = R"CSS(
:root { --ink:#1d2329; --muted:#5b6670; --line:#d5dbe0; --accent:#b3261e; --span:#f0b9b5; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px;
     border-bottom: 2px solid var(--ink); padding-bottom: 2px; }
.summary { color: var(--muted); margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line);
         vertical-align: top; overflow-wrap: break-word; }
td[data-sort], td.num { white-space: nowrap; }
td code { word-break: break-all; }
th { background: #eef1f4; cursor: pointer; user-select: none; white-space: nowrap; }
th.asc::after { content: " \25B2"; } th.desc::after { content: " \25BC"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; }
.filter { margin: 6px 0; display: flex; gap: 8px; flex-wrap: wrap; }
.filter input { flex: 1; min-width: 200px; padding: 4px 6px; }
#chart { width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
#chart .grid { stroke: #e3e7ea; stroke-width: 1; }
#chart .month { font-size: 11px; fill: var(--muted); }
#chart .year { font-size: 12px; font-weight: 700; fill: var(--ink); }
#chart .name { font-size: 12px; text-anchor: end; fill: var(--ink); }
#chart .org .name { font-weight: 700; }
#chart .dwell { font-size: 11px; fill: var(--ink); }
#chart .span { fill: var(--span); }
#chart .active { fill: var(--accent); }
#chart .host .active { fill: #d9544c; }
.score { display: inline-block; height: 12px; background: var(--accent); vertical-align: middle; }
.scorebox { display: inline-block; width: 200px; height: 12px; background: #eee; margin-right: 8px;
            vertical-align: middle; }
details { border: 1px solid var(--line); margin: 6px 0; padding: 4px 10px; }
summary { cursor: pointer; font-weight: 600; }
.legend span { display: inline-block; width: 14px; height: 10px; margin: 0 4px 0 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  .filter, .noprint { display: none; }
  details { border: none; } details > * { display: block; }
  #chart { border: none; page-break-inside: avoid; break-inside: avoid; }
  #chart .span { fill: #c8c8c8; } #chart .active, #chart .host .active { fill: #000; }
  .score { background: #000; } th { background: none; border-bottom: 2px solid #000; }
  h2 { page-break-after: avoid; break-after: avoid; }
  tr { page-break-inside: avoid; break-inside: avoid; }
}
)CSS";

// Sorting (click a header; numbers and ISO dates sort by data-sort) and
// filtering (text and evidence kind). Sets data-ready on <body> when done,
// which the browser test checks.
inline constexpr const char* kReportJs = R"JS(
(function () {
  'use strict';
  function key(td) { var s = td.getAttribute('data-sort'); return s !== null ? s : td.textContent; }
  function sortBy(table, col, th) {
    var body = table.tBodies[0]; if (!body) return;
    var asc = !th.classList.contains('asc');
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
      c.classList.remove('asc'); c.classList.remove('desc'); });
    th.classList.add(asc ? 'asc' : 'desc');
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = th.classList.contains('num');
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      var r = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    if (!table.tHead) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.addEventListener('click', function () { sortBy(table, i, th); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('.filter'), function (box) {
    var table = document.getElementById(box.getAttribute('data-table'));
    var text = box.querySelector('input'), kind = box.querySelector('select');
    var count = box.querySelector('.count');
    function apply() {
      var q = text.value.toLowerCase(), k = kind ? kind.value : '', shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) &&
                 (!k || r.getAttribute('data-kind') === k);
        r.style.display = ok ? '' : 'none'; if (ok) shown++;
      });
      if (count) count.textContent = shown + ' shown';
    }
    text.addEventListener('input', apply); if (kind) kind.addEventListener('change', apply);
    apply();
  });
  document.body.setAttribute('data-ready', '1');
})();
)JS";

}  // namespace shrike::report_internal
