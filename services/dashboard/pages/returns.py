"""The monthly returns: England's DTOC (by local authority or provider, by reason or agency),
the discharge ready date timeliness (DRD), the daily "no criteria to reside" counts (NCTR) and
Wales's Pathway of Care Delays census (PoCD), for a chosen month as they stood now or at a
chosen time, each with a chart and its CSV in the published layout (the file the CLI writes).
A month not yet over says so ("Month to date: 1-3 December 2026"), in the words of the
service's own `GET /discharge/returns/period`."""

# ruff: noqa: E501  (the JavaScript, HTML and CSS below are not Python)

from __future__ import annotations

from typing import Any

from services.dashboard.pages.words import REASONS
from services.discharge.domain.timeliness import (
    DRD_BUCKETS,
    NCTR_DISCHARGED,
    NCTR_REMAINING,
    NCTR_TOTAL,
)

HTML = """{% extends "base.html" %}{% block content %}
<form class="filters" id="filters" role="search" aria-label="Which return">
  <label>Return <select id="f-kind">
    <option value="dtoc">Delayed transfers of care (DTOC, England)</option>
    <option value="drd">Discharge ready date timeliness (DRD)</option>
    <option value="nctr">No criteria to reside, daily (NCTR)</option>
    <option value="pocd">Pathway of Care Delays census (PoCD, Wales)</option></select></label>
  <label>Month <input type="month" id="f-month" min="1990-01" max="2100-12" required></label>
  <label data-for="dtoc drd">By <select id="f-by"><option value="la">Local authority</option>
    <option value="provider">Provider</option></select></label>
  <label data-for="dtoc">Published table <select id="f-table"><option value="reason">By reason</option>
    <option value="agency">By agency (NHS, social care, both)</option></select></label>
  <label data-for="drd nctr" class="check"><input type="checkbox" id="f-non-acute"> Non-acute beds too</label>
  <label>As at <input type="datetime-local" id="f-as-at" step="60"
    aria-describedby="as-at-hint"></label>
  <span class="hint" id="as-at-hint">UK time; empty: as the return stands now</span>
  <label data-for="dtoc">Months in chart <select id="f-months"><option>3</option><option selected>6</option>
    <option>12</option></select></label>
</form>
<section id="return-chart" aria-label="Chart of the return"></section>
<section><h2 id="return-title">The return</h2>
  <p id="period-note" class="period-note" role="status" hidden></p>
  <p><a class="button" id="published-csv" download>Download the published CSV</a>
    <span class="hint">the same file as <code id="cli-command"></code></span></p>
  <div id="return-table"></div></section>
{% endblock %}"""

JS = r"""
"use strict";
(() => {
  const cfg = Dash.config;
  const $ = (id) => document.getElementById(id);
  const CODES = Object.keys(cfg.reasons);
  const TITLES = {
    dtoc: "Delayed transfers of care: delayed days in the month",
    drd: "Discharges by days from the discharge ready date",
    nctr: "Patients with no criteria to reside, per provider per day",
    pocd: "Pathway of Care Delays on census day",
  };
  const params = new URLSearchParams(location.search);
  const pad = (n) => String(n).padStart(2, "0");
  const now = new Date();
  const FIELDS = { kind: "f-kind", month: "f-month", by: "f-by", table: "f-table", as_at: "f-as-at", months: "f-months" };
  $("f-month").value = `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;
  for (const [key, id] of Object.entries(FIELDS)) if (params.get(key)) $(id).value = params.get(key);
  $("f-non-acute").checked = params.get("include_non_acute") === "true";
  if (!params.get("by") && params.get("kind") === "drd") $("f-by").value = "provider";

  function choice() {
    const kind = $("f-kind").value;
    const q = new URLSearchParams({ month: $("f-month").value });
    if (kind === "dtoc" || kind === "drd") q.set("by", $("f-by").value);
    if (kind === "dtoc") q.set("table", $("f-table").value);
    if ((kind === "drd" || kind === "nctr") && $("f-non-acute").checked) q.set("include_non_acute", "true");
    if ($("f-as-at").value) q.set("as_at", $("f-as-at").value);
    return { kind, q };
  }

  function cliCommand(kind, q) {
    const words = ["carebridge returns", kind, "--month", q.get("month")];
    if (q.get("by")) words.push("--by", q.get("by"));
    if (q.get("table") && q.get("table") !== "reason") words.push("--table", q.get("table"));
    if (q.get("include_non_acute")) words.push("--include-non-acute");
    if (q.get("as_at")) words.push("--as-at", q.get("as_at"));
    return words.join(" ");
  }

  async function loadPeriod(q) {
    const note = $("period-note");
    const at = q.get("as_at") ? `&as_at=${encodeURIComponent(q.get("as_at"))}` : "";
    try {
      const counted = await Dash.api(`/discharge/returns/period?month=${q.get("month")}${at}`);
      note.textContent = counted.note + (q.get("as_at") ? ` (as it stood at ${Dash.when(q.get("as_at"))})` : "");
      note.hidden = counted.status === "whole month" && !q.get("as_at");
    } catch (err) {
      note.hidden = true;  // the table below shows what went wrong
    }
  }

  const named = (r, code, name) => (r[name] ? Dash.el("span", { title: r[code] }, r[name]) : r[code]);

  function dtocTable(rows, q) {
    const by = q.get("by");
    Dash.table("return-table", [
      { key: "name", label: by === "la" ? "Local authority" : "Provider", show: (r) => named(r, "code", "name") },
      { key: "code", label: "Code" },
      { key: "total", label: "Total", cls: "num" }, { key: "acute", label: "Acute", cls: "num" },
      { key: "non_acute", label: "Non-acute", cls: "num" },
      { key: "average_per_day", label: "Average per day", cls: "num", show: (r) => r.average_per_day.toFixed(2) },
      ...CODES.map((c) => ({ key: c, label: cfg.reasons[c], cls: "num", value: (r) => r.by_reason[c] })),
      ...Object.keys(rows[0] ? rows[0].by_agency : {}).map((a) => ({ key: a, label: a, cls: "num", value: (r) => r.by_agency[a] })),
      { key: "delayed_days_without_reason", label: "No reason recorded (not counted)", cls: "num" },
    ], rows, { filename: `dtoc-${q.get("month")}-by-${by}-detail`, label: "DTOC return" });
  }

  function publishedTable(kind, rows, q) {
    const keys = Object.keys(rows[0] || {});
    Dash.table("return-table", keys.map((k) => ({
      key: k, label: k, cls: typeof (rows[0] || {})[k] === "number" ? "num" : null,
      show: k === "Name" ? (r) => named(r, "Code", "Name") : undefined,
    })), rows, { filename: `${kind}-${q.get("month")}`, label: TITLES[kind], empty: "Nothing counted for this month." });
  }

  function monthsUpTo(month, count) {
    let [y, m] = month.split("-").map(Number);
    const out = [];
    for (let i = 0; i < count; i++) {
      out.unshift(`${y}-${pad(m)}`);
      m -= 1;
      if (m === 0) [y, m] = [y - 1, 12];
    }
    return out;
  }

  async function dtocChart(q) {
    const months = monthsUpTo(q.get("month"), Number($("f-months").value));
    const at = q.get("as_at") ? `&as_at=${encodeURIComponent(q.get("as_at"))}` : "";
    const [returns, periods] = await Promise.all([
      Promise.all(months.map((m) => Dash.api(`/discharge/returns/dtoc?month=${m}&by=la${at}`))),
      Promise.all(months.map((m) => Dash.api(`/discharge/returns/period?month=${m}${at}`)))]);
    const x = months.map((m, i) => (periods[i].status === "whole month" ? m : `${m} (${periods[i].status})`));
    const england = returns.map((rows) => rows[0]);
    const traces = CODES.map((c, i) => ({ type: "bar", name: cfg.reasons[c], x,
      y: england.map((r) => r.by_reason[c]), marker: { color: Dash.palette[i % Dash.palette.length] } }));
    traces.push({ type: "bar", name: "No reason recorded (not in the total)", x,
      y: england.map((r) => r.delayed_days_without_reason), marker: { color: "#dddddd", pattern: { shape: "/" } } });
    Dash.chart("return-chart", traces, { barmode: "stack", height: 460,
      title: { text: "Delayed days by reason, all areas" }, xaxis: { type: "category" },
      yaxis: { title: { text: "delayed days" } } });
  }

  const sum = (rows, key) => rows.reduce((n, r) => n + (r[key] || 0), 0);

  function drdChart(rows) {
    const buckets = cfg.drd_buckets;
    Dash.chart("return-chart", [{ type: "bar", x: buckets, y: buckets.map((b) => sum(rows, b)),
      marker: { color: Dash.palette[1] } }], { title: { text: "Discharges by days from the discharge ready date, all providers" },
      yaxis: { title: { text: "discharges" } }, xaxis: { type: "category" }, showlegend: false });
  }

  function nctrChart(rows) {
    const days = [...new Set(rows.map((r) => r.Date))];
    const on = (key) => days.map((d) => sum(rows.filter((r) => r.Date === d), key));
    Dash.chart("return-chart", cfg.nctr_columns.map((key, i) => ({ type: "scatter", mode: "lines+markers",
      name: key, x: days, y: on(key), line: { color: Dash.palette[i], dash: ["solid", "dot", "dash"][i] } })),
    { title: { text: "No criteria to reside, all providers, by day" }, yaxis: { title: { text: "patients" } } });
  }

  function pocdChart(rows) {
    const reasons = [...new Set(rows.map((r) => r.Reason))].sort();
    const of = (reason) => sum(rows.filter((r) => r.Reason === reason), "Number of delays");
    Dash.chart("return-chart", [{ type: "bar", orientation: "h", y: reasons, x: reasons.map(of),
      marker: { color: Dash.palette[2] } }], { title: { text: "Delays on census day by reason" },
      xaxis: { title: { text: "delays" } }, yaxis: { automargin: true, type: "category" },
      height: 120 + 28 * reasons.length, showlegend: false });
  }

  async function load() {
    const { kind, q } = choice();
    for (const label of document.querySelectorAll("#filters [data-for]")) {
      label.hidden = !label.dataset.for.split(" ").includes(kind);
    }
    const shown = new URLSearchParams(q);
    shown.set("kind", kind);
    if (kind === "dtoc") shown.set("months", $("f-months").value);
    history.replaceState(null, "", `${location.pathname}?${shown}`);
    $("return-title").textContent = TITLES[kind];
    $("published-csv").href = `/discharge/returns/${kind}.csv?${q}`;
    $("cli-command").textContent = cliCommand(kind, q);
    const period = loadPeriod(q);
    try {
      if (kind === "dtoc") {
        const [rows] = await Promise.all([Dash.api(`/discharge/returns/dtoc?${q}`), dtocChart(q)]);
        dtocTable(rows, q);
      } else {
        const rows = await Dash.api(`/discharge/returns/${kind}?${q}`);
        publishedTable(kind, rows, q);
        ({ drd: drdChart, nctr: nctrChart, pocd: pocdChart })[kind](rows);
      }
    } catch (err) {
      Dash.problem("return-table", err);
    }
    await period;
  }

  Dash.page(load, { minInterval: 10000 });
  for (const id of Object.values(FIELDS).concat(["f-non-acute"])) {
    $(id).addEventListener("change", () => $("f-month").value && load());
  }
})();
"""


def config(_: Any) -> dict[str, Any]:
    return {
        "reasons": REASONS,
        "drd_buckets": [title for title, _, _ in DRD_BUCKETS],
        "nctr_columns": [NCTR_TOTAL, NCTR_DISCHARGED, NCTR_REMAINING],
    }
