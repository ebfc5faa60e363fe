"""The site's own stylesheet and script, written once at its root (``assets/``). Pure.

The script reads the page's data from an inert JSON block (``textContent``, ``JSON.parse``)
and only shows, hides and counts what the page already holds, or sets text with
``textContent``: no text from a case is ever turned into HTML in the browser.
"""

from __future__ import annotations

CSS = """
:root{--ink:#1d232b;--muted:#4a5361;--line:#d5dae1;--link:#1a56a0;--bar:#2f6db5;
--good:#23703f;--bad:#b42318;--warn:#8a5a00;--open:#1a56a0}
body{max-width:72rem}
a{color:var(--link)}a:focus-visible{outline:3px solid #f0b429;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.3rem}
header nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;
margin:0 0 1rem;border-bottom:1px solid var(--line);padding-bottom:.5rem}
header nav a.lang{font-weight:600}
.tiles{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.tile{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;min-width:8rem;margin:0}
.tile a{display:block;font-size:2rem;font-weight:700;text-decoration:none}
.tile.bad a{color:var(--bad)}.tile.warn a{color:var(--warn)}
.tile span{color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:0 2rem}
ul.bars{list-style:none;padding:0;margin:.5rem 0}
ul.bars li a{display:flex;align-items:center;gap:.5rem;padding:.15rem 0;text-decoration:none;
color:var(--ink)}
ul.bars li a:hover .name{text-decoration:underline}
ul.bars .name{flex:0 0 9rem;overflow-wrap:anywhere}
ul.bars .bar{display:inline-block;height:.9rem;background:var(--bar);min-width:2px}
ul.bars .n{font-variant-numeric:tabular-nums;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}dd ul,dd dl{margin:0}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.wide{overflow-x:auto}
ol.timeline,ol.journey{list-style:none;padding-left:0}
ol.timeline li,ol.journey li{border-left:4px solid var(--line);padding:.15rem .6rem;margin:.2rem 0}
ol.journey li.good{border-color:var(--good)}ol.journey li.bad{border-color:var(--bad)}
ol.journey li.open{border-color:var(--open)}
.tone{font-size:.85rem;color:var(--muted)}
.meter{display:inline-block;height:.7rem;background:var(--good)}
time{font-variant-numeric:tabular-nums;color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.filters input,.filters select{font:inherit;padding:.2rem .4rem}
article.entry{border-top:1px solid var(--line);padding-top:.3rem}
article.entry h2{border:0;margin-top:1rem}
tr.breached td{color:var(--bad)}tr.warning td{color:var(--warn)}
[hidden]{display:none!important}
@media (max-width:40rem){body{margin:1rem auto}dl{grid-template-columns:1fr}
ul.bars .name{flex-basis:6rem}table{font-size:.85rem}th,td{padding:.2rem .35rem}}
@media print{header,.filters,.skip{display:none}a{color:inherit;text-decoration:none}}
"""

JS = r"""
"use strict";
(function () {
  var HAN = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff";
  var CJK = new RegExp("^[" + HAN + "]");
  var RUNS = new RegExp("[" + HAN + "]+|[\\p{L}\\p{N}\\p{M}]+", "gu");

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function param(name) {
    return new URLSearchParams(window.location.search).get(name);
  }
  function carryQuery() {
    document.querySelectorAll("a.lang").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href") + window.location.search);
    });
  }

  function cases() {
    var d = data("figures");
    var key = param("f") || "all";
    var keep = d.figures[key] ? new Set(d.figures[key]) : null;
    if (!keep) key = "all";
    var shown = 0;
    document.querySelectorAll("#cases tbody tr").forEach(function (row) {
      var on = !keep || keep.has(Number(row.dataset.i));
      row.hidden = !on;
      if (on) shown += 1;
    });
    document.getElementById("figure").textContent = d.names[key];
    document.getElementById("shown").textContent = d.count.replace("{n}", String(shown));
    document.title = d.names[key];
  }

  function terms(text) {
    var out = [];
    (text.normalize("NFKC").toLowerCase().match(RUNS) || []).forEach(function (run) {
      if (!CJK.test(run)) { out.push({ word: run }); return; }
      var chars = Array.from(run);
      if (chars.length === 1) { out.push({ exact: run }); return; }
      for (var i = 0; i + 1 < chars.length; i += 1) out.push({ exact: chars[i] + chars[i + 1] });
    });
    return out;
  }

  function library() {
    var index = data("search-index");
    var keys = Object.keys(index);
    var q = document.getElementById("q");
    var category = document.getElementById("category");
    var cause = document.getElementById("cause");
    var found = document.getElementById("found");
    var entries = Array.from(document.querySelectorAll("article.entry"));
    q.value = param("q") || "";
    category.value = param("category") || "";
    cause.value = param("cause") || "";
    function holding(term) {
      var set = new Set();
      if (term.exact !== undefined) {
        (index[term.exact] || []).forEach(function (i) { set.add(i); });
      } else {
        keys.forEach(function (k) {
          if (k.startsWith(term.word)) index[k].forEach(function (i) { set.add(i); });
        });
      }
      return set;
    }
    function apply() {
      var sets = terms(q.value).map(holding);
      var shown = 0;
      entries.forEach(function (entry) {
        var i = Number(entry.dataset.i);
        var on = sets.every(function (s) { return s.has(i); }) &&
          (!category.value || entry.dataset.category === category.value) &&
          (!cause.value || entry.dataset.cause === cause.value);
        entry.hidden = !on;
        if (on) shown += 1;
      });
      found.textContent = found.dataset.template
        .replace("{n}", String(shown)).replace("{all}", String(entries.length));
    }
    [q, category, cause].forEach(function (el) { el.addEventListener("input", apply); });
    document.querySelector("form.filters").addEventListener("submit", function (e) {
      e.preventDefault();
    });
    apply();
  }

  var main = document.getElementById("main");
  carryQuery();
  if (main && main.dataset.page === "cases") cases();
  if (main && main.dataset.page === "library") library();
})();
"""
