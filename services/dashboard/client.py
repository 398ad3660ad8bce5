"""The script every page shares (API calls on the signed-in session, tables with CSV, charts,
live updates), the sign-in page's script and the style sheet. Plain JavaScript: no build step.

The session's token is in an HttpOnly cookie no script can read: the page's config says who
is signed in and holds the session's CSRF token, which every write sends in X-CSRF-Token."""

# ruff: noqa: E501  (the JavaScript, HTML and CSS below are not Python)

from __future__ import annotations

DASHBOARD_JS = r"""
"use strict";
const Dash = (() => {
  const config = JSON.parse(document.getElementById("dash-config").textContent);
  const $ = (id) => document.getElementById(id);
  try {
    localStorage.removeItem("carebridge.token");  // where an earlier version kept the token
  } catch (e) {
    /* storage disabled: nothing kept there either */
  }

  /* Who is signed in ({role, org, sub}), as the server verified it. */
  const claims = () => config.who || null;

  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid !== null && kid !== undefined) node.append(kid instanceof Node ? kid : String(kid));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /* Call a JSON API on the session's cookie; a write (any method but GET) sends the session's
     CSRF token and its body as JSON. */
  async function api(path, { method = "GET", body: payload } = {}) {
    const headers = { Accept: "application/json" };
    const init = { method, headers, credentials: "same-origin", cache: "no-store" };
    if (method !== "GET" && method !== "HEAD") {
      headers["X-CSRF-Token"] = config.csrf || "";
      if (payload !== undefined) {
        headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(payload);
      }
    }
    const response = await fetch(path, init);
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const detail = body && body.detail;
      const text = typeof detail === "string" ? detail : JSON.stringify(detail || response.statusText);
      throw new ApiError(response.status, text);
    }
    return body;
  }

  const box = (target) => (typeof target === "string" ? $(target) : target);

  function problem(target, err) {
    const text = err instanceof ApiError ? `${err.status}: ${err.message}` : String(err);
    if (window.Plotly && box(target).classList.contains("js-plotly-plot")) Plotly.purge(box(target));
    box(target).replaceChildren(el("div", { class: "error", role: "alert" }, text));
    if (err instanceof ApiError && err.status === 401) showLogin(text);
  }

  /* Times in UK local time, whatever the browser's own zone: "Tue 3 Dec 2026, 10:42". */
  const UK_TIME = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "short",
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });
  function when(value) {
    if (!value) return "";
    const d = new Date(value);
    if (isNaN(d)) return String(value);
    return UK_TIME.format(d).replace(" at ", ", ");
  }
  /* Paul Tol's "muted" scheme and two more of his: told apart with the common colour-vision
     deficiencies; charts also name each series in a legend and on hover. */
  const palette = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
    "#882255", "#AA4499", "#6699CC", "#661100"];
  function text(value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.map(text).join(", ");
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }
  const link = (href, label) => el("a", { href }, label);

  function csvCell(value) {
    let s = text(value);
    if (typeof value === "string" && /^[=+\-@]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  const raw = (column, row) => (column.value ? column.value(row) : row[column.key]);
  function csv(columns, rows) {
    const lines = [columns.map((c) => csvCell(c.key))];
    for (const row of rows) lines.push(columns.map((c) => csvCell(raw(c, row))));
    return lines.map((line) => line.join(",")).join("\r\n") + "\r\n";
  }

  /* Order two cells' values: numbers as numbers, text in natural order, empty cells last. */
  function compare(a, b) {
    const blank = (v) => v === null || v === undefined || v === "";
    if (blank(a) || blank(b)) return blank(a) - blank(b);
    if (typeof a === "number" && typeof b === "number") return a - b;
    return text(a).localeCompare(text(b), "en-GB", { numeric: true, sensitivity: "base" });
  }

  /* A table with a row count and a "Download CSV" link made from the rows as shown. Each
     column heading is a button that sorts by it (again: the other way), saying how with
     aria-sort. The order is the table's own (it holds when the page redraws the table with new
     data), or the caller's: `sort` {key, dir: "ascending" | "descending"} with `onSort(sort)`
     told of a click (e.g. to keep it in the address). With `group(row) -> [key, label]`, rows
     come in groups, each under a row naming it with `totals(rows)`.
     columns: [{key, label, value?(row) -> raw value, show?(row) -> node or text,
                sort?(row) -> value to sort by, csv?(row) -> value in the CSV, cls?, num?}]
     options: {filename, empty, label, caption, rowClass(row), rowId(row), className,
               sort, onSort, group, totals} */
  function table(target, columns, rows, options = {}) {
    const where = box(target);
    const sort = options.sort || { key: where.dataset.sortKey, dir: where.dataset.sortDir };
    const by = columns.find((c) => c.key === sort.key);
    const sortValue = (c, row) => (c.sort ? c.sort(row) : raw(c, row));
    const sign = sort.dir === "descending" ? -1 : 1;
    const ordered = by ? [...rows].sort((x, y) => sign * compare(sortValue(by, x), sortValue(by, y))) : rows;
    const groups = new Map();
    for (const row of ordered) {
      const [key, label] = options.group ? options.group(row) : ["", ""];
      if (!groups.has(key)) groups.set(key, { label, rows: [] });
      groups.get(key).rows.push(row);
    }
    const parts = [...groups.values()];
    if (options.group) parts.sort((x, y) => compare(x.label, y.label));
    const shown = parts.flatMap((g) => g.rows);
    const sortBy = (c) => {
      const next = { key: c.key, dir: sort.key === c.key && sort.dir === "ascending" ? "descending" : "ascending" };
      if (options.onSort) {
        options.onSort(next);
      } else {
        where.dataset.sortKey = next.key;
        where.dataset.sortDir = next.dir;
        table(where, columns, rows, options);
      }
      const button = where.querySelector(`th[data-key="${CSS.escape(c.key)}"] button`);
      if (button) button.focus();
    };
    const heading = (c) => el("th", { scope: "col", "data-key": c.key, class: c.num ? "num" : null,
      "aria-sort": by === c ? sort.dir : null },  // only the column the rows are sorted by
      el("button", { type: "button", class: "sort", "data-key": c.key, onclick: () => sortBy(c) }, c.label));
    const old = where.querySelector("a.csv");
    if (old) URL.revokeObjectURL(old.href);
    const csvColumns = columns.map((c) => (c.csv ? { key: c.key, value: c.csv } : c));
    const blob = new Blob([csv(csvColumns, shown)], { type: "text/csv;charset=utf-8" });
    const name = (options.filename || where.id || "table") + ".csv";
    const head = el("div", { class: "table-head" },
      el("span", { class: "count" }, `${shown.length} ${shown.length === 1 ? "row" : "rows"}`),
      el("a", { class: "csv button", href: URL.createObjectURL(blob), download: name }, "Download CSV"));
    const timeish = (c) => /(_at|_date|_by)$/.test(c.key) ? "when" : null;
    const cells = (row) => columns.map((c) =>
      el("td", { class: c.num ? "num" : c.cls || timeish(c) }, c.show ? c.show(row) : text(raw(c, row))));
    const line = (row) => el("tr", { class: options.rowClass ? options.rowClass(row) : null,
      "data-id": options.rowId ? options.rowId(row) : null }, cells(row));
    const bodies = parts.map((g) => el("tbody", {},
      options.group ? el("tr", { class: "group" }, el("th", { scope: "rowgroup", colspan: columns.length },
        el("span", { class: "group-name" }, g.label || "Not recorded"), " ",
        el("span", { class: "group-totals" }, options.totals ? options.totals(g.rows) : `${g.rows.length}`))) : null,
      g.rows.map(line)));
    const grid = el("table", { class: options.className || null },
      options.caption ? el("caption", {}, options.caption) : null,
      el("thead", {}, el("tr", {}, columns.map(heading))), bodies);
    const empty = shown.length ? null : el("p", { class: "empty" }, options.empty || "Nothing to show.");
    const h2 = where.closest("section") && where.closest("section").querySelector("h2");
    const region = { class: "scroll", tabindex: "0", role: "region",
      "aria-label": options.label || options.caption || (h2 ? h2.textContent : (where.id || "table")) };
    where.replaceChildren(...[head, el("div", region, grid), empty].filter(Boolean));
  }

  /* Key facts of one record as a definition list. */
  function facts(target, pairs) {
    box(target).replaceChildren(el("dl", { class: "facts" },
      pairs.map(([label, value]) => [el("dt", {}, label), el("dd", {}, value instanceof Node ? value : text(value))])));
  }

  function chart(target, traces, layout) {
    const base = { margin: { t: 36, r: 16, b: 48, l: 56 }, height: 320, font: { size: 12 },
      legend: { orientation: "h", y: -0.2 }, paper_bgcolor: "#fff", plot_bgcolor: "#fff" };
    if (layout.title) layout.title = { x: 0.01, xanchor: "left", ...layout.title };
    return Plotly.react(box(target), traces, Object.assign(base, layout),
      { displaylogo: false, responsive: true });
  }

  /* The session ended (expired or revoked): say so, with a way back to this page. */
  function showLogin(message) {
    const panel = $("login");
    panel.hidden = false;
    $("login-message").textContent = (message ? message + ". " : "") + "Your session has ended.";
    $("login-link").href = "/login?" + new URLSearchParams({ next: location.pathname + location.search });
  }

  const same = (a, b) => !!a && !!b && Object.keys({ ...a, ...b }).every((k) => a[k] === b[k]);

  /* Live updates: refetch when any service's notification log moves. */
  function listen(onChange) {
    const status = $("live");
    const toggle = $("live-toggle");
    let known = config.positions || null;
    let missed = false;
    toggle.addEventListener("change", () => {
      if (toggle.checked && missed) {
        missed = false;
        onChange();
      }
    });
    const source = new EventSource("/dashboard/events");
    source.addEventListener("positions", (event) => {
      const now = JSON.parse(event.data);
      status.textContent = "● live";
      status.className = "live on";
      if (same(now, known)) return;
      known = now;
      if (toggle.checked) onChange();
      else missed = true;
    });
    source.onerror = () => {
      status.textContent = source.readyState === EventSource.CLOSED ? "○ offline" : "○ reconnecting";
      status.className = "live off";
    };
  }

  /* Run a page: load once, then again whenever the data may have changed (never two loads at
     once, and not more often than minInterval milliseconds). */
  function page(load, { minInterval = 0 } = {}) {
    let busy = false;
    let queued = false;
    let last = 0;
    let timer = null;
    async function run() {
      busy = true;
      last = Date.now();
      try {
        await load();
        $("updated").textContent = "updated " + new Date().toLocaleTimeString();
      } catch (err) {
        console.error(err);
      }
      busy = false;
      document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);
      if (queued) {
        queued = false;
        schedule();
      }
    }
    function schedule() {
      if (busy) {
        queued = true;
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(run, Math.max(0, last + minInterval - Date.now()));
    }
    run();
    listen(schedule);
    return schedule;
  }

  return { config, api, ApiError, problem, el, link, when, text, table, facts, chart,
    page, claims, csv, palette, compare };
})();
"""

DASHBOARD_CSS = """
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { scrollbar-gutter: stable; }  /* charts measure the width they will keep */
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #0b0c0c; background: #f3f2f1; }
header { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 8px 16px;
  background: #0b0c0c; color: #fff; }
header a { color: #fff; text-decoration: none; }
header nav { display: flex; flex-wrap: wrap; gap: 4px; flex: 1 1 auto; }
header nav a { padding: 4px 10px; border-radius: 4px; }
header nav a[aria-current="page"], header nav a:hover { background: #1d70b8; }
.brand { font-weight: 700; font-size: 16px; margin-right: 12px; }
#who a { text-decoration: underline; color: #ccc; }
.live.on { color: #85e085; } .live.off { color: #f0b429; }
#updated { color: #bbb; font-size: 12px; }
main { padding: 12px 16px 32px; min-width: 0; }
.skip { position: absolute; left: -9999px; top: 0; background: #ffdd00; color: #0b0c0c; padding: 6px 10px; }
.skip:focus { left: 8px; z-index: 10; }
/* plotly sizes a chart to its box, padding included: a chart's box has none */
section.js-plotly-plot { padding: 0; overflow: hidden; }
@media (max-width: 600px) {
  main { padding: 8px 8px 24px; }
  header { padding: 6px 8px; gap: 6px; }
  .filters select, .filters input { min-width: 0; max-width: 100%; }
  .filters label { flex: 1 1 140px; }
  th, td { padding: 4px 6px; }
}
h1 { font-size: 22px; margin: 4px 0 12px; } h2 { font-size: 17px; margin: 18px 0 8px; }
section, .panel { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 12px;
  margin-bottom: 12px; }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: #505a5f; }
.filters select, .filters input { font: inherit; padding: 3px 4px; min-width: 120px; max-width: 280px; }
button, .button { font: inherit; padding: 4px 10px; border: 1px solid #1d70b8; border-radius: 4px;
  background: #fff; color: #1d70b8; cursor: pointer; text-decoration: none; }
.summary { display: flex; gap: 24px; flex-wrap: wrap; }
.summary div { font-size: 12px; color: #505a5f; }
.summary strong { display: block; font-size: 22px; color: #0b0c0c; }
.table-head { display: flex; gap: 12px; align-items: center; margin: 4px 0 6px; }
.count { color: #505a5f; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus-visible { outline: 3px solid #ffdd00; }
table { border-collapse: collapse; width: max-content; min-width: 100%; background: #fff; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e5e5e5; vertical-align: top;
  max-width: 240px; }
th { background: #f8f8f8; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.detail { font-size: 12px; color: #333; max-width: 640px; }
td.when { white-space: nowrap; }
tr.changed td { background: #fff7d6; }
tr.stale td { color: #942514; }
section:empty { padding: 0; border: 0; margin: 0; }  /* keeps its width for plotly */
.error { background: #fde8e8; border: 1px solid #d4351c; color: #942514; padding: 8px 10px;
  border-radius: 4px; }
.empty { color: #505a5f; font-style: italic; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(420px, 100%), 1fr)); gap: 12px; }
.grid2 > * { min-width: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.facts dt { color: #505a5f; } dl.facts dd { margin: 0; }
header .signout { margin: 0; }
header .signout button { padding: 2px 8px; font-size: 12px; }
.sign-in { max-width: 560px; }
.sign-in form { display: flex; flex-direction: column; align-items: flex-start; gap: 6px; }
.sign-in label { font-weight: 600; }
.sign-in input { width: 100%; font: inherit; padding: 6px; border: 2px solid #0b0c0c; border-radius: 4px; }
.sign-in input:focus, button:focus-visible, a:focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; }
.sign-in button { background: #1d70b8; color: #fff; padding: 6px 14px; }
.notice { background: #e8f1f8; border: 1px solid #1d70b8; padding: 8px 10px; border-radius: 4px; }
.hint { color: #505a5f; font-size: 12px; }
.period-note { margin: 0 0 8px; padding: 6px 10px; border-left: 4px solid #b58105;
  background: #fff7d6; font-weight: 600; }
.filters input[type="checkbox"] { min-width: 0; }
.filters label.check { flex-direction: row; align-items: center; gap: 4px; font-size: 14px; }
th button.sort { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; } th[aria-sort="ascending"] button.sort::after { content: " \\25B2"; } th[aria-sort="descending"] button.sort::after { content: " \\25BC"; }
"""

LOGIN_JS = r"""
"use strict";
/* A sign-in link may carry the token after "#" (the demo prints one): the part after "#" never
   leaves the browser, so no server or proxy logs it. Move it into the form, drop it from the
   address and the history, and sign in. */
(() => {
  const given = new URLSearchParams(location.hash.slice(1)).get("token");
  if (!given) return;
  history.replaceState(null, "", location.pathname + location.search);
  document.getElementById("token").value = given.trim();
  document.getElementById("login-form").requestSubmit();
})();
"""
