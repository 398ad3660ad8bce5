"""The monthly DTOC return as published (by local authority or provider) and a chart of
delayed days by reason over several months. A month not yet over says so ("Month to date:
1-3 December 2026"), in the words of the service's own `GET /discharge/returns/period`."""

# ruff: noqa: E501  (the JavaScript, HTML and CSS below are not Python)

from __future__ import annotations

from typing import Any

from services.dashboard.pages.words import REASONS

HTML = """{% extends "base.html" %}{% block content %}
<section class="filters">
  <label>Month <input type="month" id="f-month"></label>
  <label>By <select id="f-by"><option value="la">Local authority</option>
    <option value="provider">Provider</option></select></label>
  <label>Months in chart <select id="f-months"><option>3</option><option selected>6</option>
    <option>12</option></select></label>
</section>
<section id="by-reason-chart"></section>
<section><h2>Delayed transfers of care: delayed days in the month</h2>
  <p id="period-note" class="period-note" role="status" hidden></p>
  <div id="dtoc"></div></section>
<style>.period-note { margin: 0 0 8px; padding: 6px 10px; border-left: 4px solid #f0b429;
  background: #fff7d6; font-weight: 600; }</style>
{% endblock %}"""

JS = r"""
"use strict";
(() => {
  const cfg = Dash.config;
  const $ = (id) => document.getElementById(id);
  const CODES = Object.keys(cfg.reasons);
  const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#393b79", "#637939"];
  const params = new URLSearchParams(location.search);
  const pad = (n) => String(n).padStart(2, "0");
  const now = new Date();
  $("f-month").value = params.get("month") || `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;
  if (params.get("by")) $("f-by").value = params.get("by");

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

  const dtoc = (month, by) => Dash.api(`/discharge/returns/dtoc?month=${month}&by=${by}`);
  // which days the returns count: a month in progress only those whose midnight has passed
  const period = (month) => Dash.api(`/discharge/returns/period?month=${month}`);
  const WHOLE = "whole month";

  async function loadPeriod(month) {
    const note = $("period-note");
    try {
      const counted = await period(month);
      note.textContent = counted.note;
      note.hidden = counted.status === WHOLE;
    } catch (err) {
      note.hidden = true;  // the table below shows what went wrong
    }
  }

  async function loadTable(month, by) {
    try {
      const rows = await dtoc(month, by);
      Dash.table("dtoc", [
        { key: "code", label: by === "la" ? "LA code" : "Provider code" }, { key: "name", label: "Name" },
        { key: "total", label: "Total", cls: "num" }, { key: "acute", label: "Acute", cls: "num" },
        { key: "non_acute", label: "Non-acute", cls: "num" },
        { key: "average_per_day", label: "Average per day", cls: "num", show: (r) => r.average_per_day.toFixed(2) },
        ...CODES.map((c) => ({ key: c, label: c, cls: "num", value: (r) => r.by_reason[c] })),
        ...Object.keys(rows[0] ? rows[0].by_agency : {}).map((a) => ({ key: a, label: a, cls: "num", value: (r) => r.by_agency[a] })),
        { key: "delayed_days_without_reason", label: "No reason", cls: "num" },
      ], rows, { filename: `dtoc-${month}-by-${by}` });
    } catch (err) {
      Dash.problem("dtoc", err);
    }
  }

  async function loadChart(month) {
    const months = monthsUpTo(month, Number($("f-months").value));
    let returns, periods;
    try {
      [returns, periods] = await Promise.all([
        Promise.all(months.map((m) => dtoc(m, "la"))), Promise.all(months.map(period))]);
    } catch (err) {
      Dash.problem("by-reason-chart", err);
      return;
    }
    const x = months.map((m, i) => (periods[i].status === WHOLE ? m : `${m} (${periods[i].status})`));
    const england = returns.map((rows) => rows[0]);
    const traces = CODES.map((c, i) => ({ type: "bar", name: cfg.reasons[c], x,
      y: england.map((r) => r.by_reason[c]), marker: { color: COLOURS[i % COLOURS.length] } }));
    traces.push({ type: "bar", name: "No reason recorded (not in the total)", x,
      y: england.map((r) => r.delayed_days_without_reason), marker: { color: "#c8c8c8" } });
    Dash.chart("by-reason-chart", traces, { barmode: "stack", height: 420,
      title: { text: "Delayed days by reason, all areas" }, xaxis: { type: "category" },
      yaxis: { title: { text: "delayed days" } }, legend: { orientation: "v", x: 1.02, y: 1 } });
  }

  function load() {
    const month = $("f-month").value;
    const by = $("f-by").value;
    history.replaceState(null, "", `${location.pathname}?month=${month}&by=${by}`);
    return Promise.all([loadPeriod(month), loadTable(month, by), loadChart(month)]);
  }

  Dash.page(load, { minInterval: 10000 });
  for (const id of ["f-month", "f-by", "f-months"]) {
    $(id).addEventListener("change", () => $("f-month").value && load());
  }
})();
"""


def config(_: Any) -> dict[str, Any]:
    return {"reasons": REASONS}
