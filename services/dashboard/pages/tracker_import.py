"""Importing a trust's tracker file from the browser: the file is checked line by line as
`carebridge import episodes` checks it and the report shown before anything is written; the
import button writes every row at once, or none (a refused row stops it, as in the CLI)."""

# ruff: noqa: E501  (the JavaScript and HTML below are not Python)

from __future__ import annotations

from services.dashboard.pages.workspace import WORK_JS

HTML = """{% extends "base.html" %}{% block content %}
<section aria-labelledby="pick-title">
  <h2 id="pick-title">1. Choose the tracker file</h2>
  <form id="check-form" class="search">
    <label for="file">Tracker CSV file<input id="file" type="file" accept=".csv,text/csv" required aria-describedby="file-hint"></label>
    <button type="submit" id="check">Check the file</button>
  </form>
  <p id="file-hint" class="hint">One row per event with the columns <code>episode_id, at, event, provider_code, …</code>
    (see the README). Rows of your own trust only; up to 1 MB (larger files: <code>carebridge import episodes</code>).
    Checking writes nothing.</p>
</section>
<section aria-labelledby="report-title">
  <h2 id="report-title">2. The report</h2>
  <div id="summary" aria-live="polite"><p class="empty">No file checked yet.</p></div>
  <div id="report"></div>
</section>
<section aria-labelledby="write-title">
  <h2 id="write-title">3. Import</h2>
  <p class="hint">Every row is written at once, or none: the import is checked again as it is written.</p>
  <button type="button" id="import" class="primary" disabled>Import the file</button>
  <div id="written" aria-live="polite"></div>
</section>
{% endblock %}"""

JS = (
    WORK_JS
    + r"""
(() => {
  const { el } = Dash;
  const $ = (id) => document.getElementById(id);
  let text = null;
  let checked = null;

  function show(answer, wrote) {
    const bad = answer.refused.length > 0;
    Work.say("summary", answer.summary.replace(/^./, (c) => c.toUpperCase()) + ".", bad);
    Work.table("report", [
      { key: "line", label: "Line", num: true },
      { key: "episode_id", label: "Reference" },
      { key: "column", label: "Column" },
      { key: "reason", label: "Why it is refused" },
    ], answer.refused, { sort: { key: "line", dir: "asc" }, filename: "tracker-report",
      empty: wrote ? "Every row was written." : "Every row can be imported." });
  }

  async function check(ev) {
    ev.preventDefault();
    const file = $("file").files[0];
    $("import").disabled = true;
    $("written").replaceChildren();
    if (!file) return Work.say("summary", "Choose a file first.", true);
    if (file.size > 1_000_000) return Work.say("summary", "The file is larger than 1 MB: import it with carebridge import episodes.", true);
    text = await file.text();
    Work.say("summary", `Checking ${file.name}…`);
    try {
      checked = await Dash.api("/discharge/imports/check", { method: "POST", body: { csv: text } });
    } catch (err) {
      checked = null;
      $("report").replaceChildren();
      return Work.say("summary", `The file could not be read: ${Work.problemText(err)}`, true);
    }
    show(checked, false);
    const ready = !checked.refused.length && checked.rows > 0;
    $("import").disabled = !ready;
    $("import").textContent = ready ? `Import ${checked.rows} ${checked.rows === 1 ? "row" : "rows"}` : "Import the file";
  }

  async function write() {
    if (!text || !checked) return;
    $("import").disabled = true;
    try {
      const done = await Dash.api("/discharge/imports", { method: "POST", body: { csv: text } });
      show(done, done.written);
      Work.say("written", done.written ? `Imported: ${done.summary}.` : `Nothing was written: ${done.summary}.`, !done.written && done.refused.length > 0);
    } catch (err) {
      Work.say("written", `Nothing was written: ${Work.problemText(err)}`, true);
    }
    checked = null;
  }

  $("check-form").addEventListener("submit", check);
  $("file").addEventListener("change", () => { checked = null; $("import").disabled = true; });
  $("import").addEventListener("click", write);
  Dash.page(async () => {});  // nothing to load: the frame's live status and "updated" only
})();
"""
)
