"""What the discharge team's pages and the escalation view share: organisations' names (trusts,
councils and ICBs from events/reference/icbs.csv), reasons in words, UK local times, and a
table that sorts on every column (keyboard too) and groups rows with totals."""

# ruff: noqa: E501  (the JavaScript and CSS below are not Python)

from __future__ import annotations

from typing import Any

from events.reference.icbs import names_by_kind
from services.discharge.domain.profile import PLACES
from services.discharge.domain.vocabulary import DTOC_REASONS, POCD_REASONS, SITREP_REASONS


def names() -> dict[str, str]:
    """Each trust's, council's and ICB's name by its code."""
    return dict(PLACES) | {c: n for kind in names_by_kind().values() for c, n in kind.items()}


def reasons() -> dict[str, dict[str, str]]:
    """Each vocabulary's reasons in words, by code."""
    return {
        "dtoc": {r.code: r.title for r in DTOC_REASONS},
        "sitrep": {r.code: r.title for r in SITREP_REASONS},
        "pocd": {r.code: r.title for r in POCD_REASONS},
    }


def config(_: Any = None) -> dict[str, Any]:
    return {"names": names(), "vocabularies": reasons()}


WORK_JS = r"""
"use strict";
const Work = (() => {
  const { el, text } = Dash;
  const cfg = Dash.config;
  const UK = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "short",
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
  const UK_DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "short",
    day: "numeric", month: "short", year: "numeric" });

  /* "10:42 Tue 3 Dec 2026", in UK time whatever the browser's zone. */
  function uk(value) {
    if (!value) return "";
    const d = new Date(value);
    if (isNaN(d)) return String(value);
    const p = Object.fromEntries(UK.formatToParts(d).map((x) => [x.type, x.value]));
    return `${p.hour}:${p.minute} ${p.weekday} ${p.day} ${p.month} ${p.year}`;
  }
  const ukDay = (value) => (value ? UK_DAY.format(new Date(value + (String(value).length === 10 ? "T12:00:00Z" : ""))) : "");

  /* The UK wall-clock date and time now, as a date input and a time input show them. */
  function ukNow() {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric",
      month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
      hourCycle: "h23" }).formatToParts(new Date());
    const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
    return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, seconds: p.second };
  }

  const name = (code, fallback) => (code && (cfg.names || {})[code]) || fallback || code || "";
  /* An organisation by name, its code on hover. */
  const org = (code, fallback) => (code ? el("span", { title: code }, name(code, fallback)) : "—");
  const reasonWords = (code, vocabulary) =>
    (code ? ((cfg.vocabularies || {})[vocabulary || "dtoc"] || {})[code] || code : "No reason recorded");
  const reason = (code, vocabulary) => el("span", { title: code || "" }, reasonWords(code, vocabulary));
  const PATHWAYS = { P0: "P0 home, no new support", P1: "P1 home with support",
    P2: "P2 short-term bed", P3: "P3 care home", P3b: "P3b back to own care home" };
  const pathway = (p) => (p ? PATHWAYS[p] || p : "Not recorded");
  const words = (s) => (s ? String(s).replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()) : "");

  /* Long stays are marked in words (and a border), never by colour alone. */
  function stay(days) {
    if (days === null || days === undefined) return "";
    const band = days >= 21 ? 21 : days >= 14 ? 14 : days >= 7 ? 7 : 0;
    if (!band) return String(days);
    return el("span", { class: `stay stay-${band}` }, `${days}`, el("span", { class: "stay-badge" }, ` ${band}+ days`));
  }
  const stayClass = (days) => (days >= 21 ? "long-21" : days >= 14 ? "long-14" : days >= 7 ? "long-7" : null);

  const compare = Dash.compare;

  /* The shared table (Dash.table), sorted as the page keeps it: `sort` {key, dir: "asc" |
     "desc"} and `onSort` as the discharge and escalation pages hold them in the address. */
  const DIRS = { asc: "ascending", desc: "descending" };
  function table(target, columns, rows, options = {}) {
    const sort = options.sort || {};
    const onSort = options.onSort;
    return Dash.table(target, columns, rows, {
      ...options,
      className: "work",
      rowId: (row) => row.episode_id || null,
      sort: { key: sort.key, dir: DIRS[sort.dir] || (sort.key ? "ascending" : undefined) },
      onSort: onSort ? (next) => onSort({ key: next.key, dir: next.dir === "descending" ? "desc" : "asc" }) : undefined,
    });
  }

  /* A message in a live region (role=status, or alert for a refusal). */
  function say(target, message, bad = false) {
    const box = typeof target === "string" ? document.getElementById(target) : target;
    box.replaceChildren(el("p", { class: bad ? "error" : "notice", role: bad ? "alert" : "status" }, message));
  }
  /* A refusal in words: a 422's fields and reasons rather than its JSON. */
  function problemText(err) {
    if (!err || !err.status) return String(err);
    try {
      const detail = JSON.parse(err.message);
      if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).slice(1).join(".") || "request"}: ${d.msg}`).join("; ");
    } catch (e) {
      /* not JSON: the message as it came */
    }
    return `${err.message} (${err.status})`;
  }

  return { uk, ukDay, ukNow, name, org, reason, reasonWords, pathway, words, stay, stayClass, table, compare, say, problemText, PATHWAYS };
})();
"""

WORKSPACE_CSS = """
/* a chart drawn a moment before the window narrowed must not make the page scroll sideways */
#by-reason-chart { overflow: hidden; }
table.work caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.work th button.sort { all: unset; cursor: pointer; font-weight: 600; white-space: nowrap; }
table.work th button.sort:focus-visible { outline: 3px solid #ffdd00; background: #0b0c0c; color: #fff; }
table.work th .arrow { color: #505a5f; }
table.work tr.group th { background: #e8f1f8; color: #0b0c0c; border-top: 2px solid #1d70b8; }
table.work .group-name { font-weight: 700; } table.work .group-totals { font-weight: 400; }
.stay { font-weight: 700; white-space: nowrap; } .stay-badge { font-weight: 600; font-size: 12px; }
.stay-7 { border-left: 3px solid #505a5f; padding-left: 4px; }
.stay-14 { border-left: 5px double #0b0c0c; padding-left: 4px; }
.stay-21 { border-left: 6px solid #942514; padding-left: 4px; color: #942514; }
tr.long-21 td { background: #fcefed; }
.badge { display: inline-block; font-size: 12px; padding: 0 6px; border: 1px solid #0b0c0c; border-radius: 10px; margin: 1px 2px; white-space: nowrap; }
.changed-badge { background: #fff7d6; }
.filters details { position: relative; }
.filters summary { cursor: pointer; padding: 3px 8px; border: 1px solid #505a5f; border-radius: 4px; background: #fff; min-width: 140px; }
.filters details[open] fieldset { position: absolute; z-index: 5; left: 0; top: 100%; box-shadow: 0 4px 12px rgba(0,0,0,.25); }
.filters fieldset { border: 1px solid #505a5f; margin: 2px 0 0; padding: 6px 8px; max-height: 300px; overflow-y: auto; background: #fff; width: max-content; min-width: 220px; max-width: min(360px, calc(100vw - 32px)); }
.filters fieldset label, .filters label.inline { flex-direction: row; gap: 6px; align-items: flex-start; color: #0b0c0c; font-size: 13px; padding: 2px 0; }
.filters fieldset input, .filters label.inline input { min-width: 0; width: auto; margin: 2px 0 0; }
.filters label.inline { align-self: center; }
.filters legend { font-size: 12px; color: #505a5f; }
.actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px; }
.actions form { display: flex; flex-direction: column; gap: 6px; border: 1px solid #ddd; border-radius: 6px; padding: 10px; }
.actions form h3 { margin: 0 0 4px; font-size: 15px; }
.actions label, .search label { display: flex; flex-direction: column; font-size: 12px; color: #505a5f; gap: 2px; }
.actions input, .actions select, .search input, .search select { font: inherit; padding: 4px; color: #0b0c0c; max-width: 100%; }
.actions button[type=submit], .primary { background: #1d70b8; color: #fff; }
.primary[disabled] { background: #b1b4b6; border-color: #b1b4b6; color: #0b0c0c; cursor: not-allowed; }
.search { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; }
ul.changes { list-style: none; padding: 0; margin: 0; } ul.changes li { padding: 4px 0; border-bottom: 1px solid #e5e5e5; }
ul.changes .when { font-variant-numeric: tabular-nums; font-weight: 600; margin-right: 6px; }
.late { font-size: 12px; color: #505a5f; }
@media (max-width: 600px) {
  main { padding: 8px; }
  .filters details, .filters > label, .search label { width: 100%; }
  .filters details[open] fieldset { position: static; max-width: 100%; width: 100%; min-width: 0; }
  .filters select, .filters input { max-width: 100%; width: 100%; }
  header nav { flex-wrap: wrap; }
}
"""
