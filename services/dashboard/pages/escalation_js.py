"""The escalation view's script (escalation.py): the live delays filtered, sorted and grouped
in the page, the filters kept in the address, and what changed since a time from
GET /discharge/live-delays/changes (by when things happened)."""

# ruff: noqa: E501  (the JavaScript below is not Python)

from __future__ import annotations

JS = r"""
(() => {
  const { el, link } = Dash;
  const cfg = Dash.config;
  const $ = (id) => document.getElementById(id);
  const FILTERS = cfg.filters;
  const NONE = "(none)";
  const role = (cfg.who || {}).role;
  const opensEpisodes = role === "admin" || role === "discharge";  // the patient's own page
  const bucketOf = (days) => cfg.buckets.find(([, lo, hi]) => days >= lo && (hi === null || days <= hi))[0];

  /* The organisation that must act: the reason of record's owner, else the one its agency
     names (social care: the council; NHS: the trust). */
  function owner(r) {
    const primary = r.blockers.filter((b) => b.code === r.reason).slice(-1)[0];
    if (primary && primary.owner_org) return primary.owner_org;
    if (r.agency === "Social Care") return r.la_code;
    if (r.agency === "NHS") return r.provider_code;
    return r.agency === "Both" ? "Both" : "";
  }
  const ownerName = (code) => (code === "Both" ? "NHS and social care" : code ? Work.name(code) : "Not recorded");
  const value = {
    trust: (r) => r.provider_code,
    council: (r) => r.la_code,
    reason: (r) => r.reason || NONE,
    nctr: (r) => r.nctr_reason || NONE,
    agency: (r) => r.agency || NONE,
    owner: (r) => owner(r) || NONE,
    pathway: (r) => r.pathway || NONE,
    length: (r) => bucketOf(r.days_delayed),
  };
  const label = {
    trust: (r) => Work.name(r.provider_code, r.provider_name),
    council: (r) => Work.name(r.la_code, r.la_name),
    reason: (r) => Work.reasonWords(r.reason, r.vocabulary),
    nctr: (r) => Work.reasonWords(r.nctr_reason, "sitrep"),
    agency: (r) => r.agency || "Not recorded",
    owner: (r) => ownerName(owner(r)),
    pathway: (r) => Work.pathway(r.pathway),
    length: (r) => bucketOf(r.days_delayed),
  };
  let rows = [];
  let changes = [];
  const params = new URLSearchParams(location.search);
  const picked = Object.fromEntries(FILTERS.map((f) => [f, new Set(params.getAll(f))]));
  let sort = { key: params.get("sort") || "days_delayed", dir: params.get("dir") || "desc" };
  $("f-group").value = params.get("group") || "";
  $("f-since").value = params.get("since") || "";
  $("f-changed").checked = params.get("changed") === "1";

  function options() {
    const focus = document.activeElement;
    const again = focus && focus.name && FILTERS.includes(focus.name) ? [focus.name, focus.value] : null;
    for (const f of FILTERS) {
      const seen = new Map();
      for (const r of rows) seen.set(value[f](r), label[f](r));
      for (const v of picked[f]) if (!seen.has(v)) seen.set(v, v === NONE ? "Not recorded" : Work.name(v));
      let pairs = [...seen.entries()];
      if (f === "length") pairs = cfg.buckets.map(([b]) => [b, b]);
      else pairs.sort((a, b) => Work.compare(a[1], b[1]));
      const counts = new Map();
      for (const r of rows) counts.set(value[f](r), (counts.get(value[f](r)) || 0) + 1);
      const box = document.querySelector(`#f-${f} .choices`);
      box.replaceChildren(...pairs.map(([v, l], i) => el("label", { for: `f-${f}-${i}` },
        el("input", { type: "checkbox", id: `f-${f}-${i}`, name: f, value: v, checked: picked[f].has(v),
          onchange: (ev) => { ev.target.checked ? picked[f].add(v) : picked[f].delete(v); render(); } }),
        el("span", { title: v !== l && v !== NONE ? v : null }, `${l} (${counts.get(v) || 0})`))));
      const chosen = pairs.filter(([v]) => picked[f].has(v)).map(([, l]) => l);
      const said = chosen.join(", ");
      document.querySelector(`#f-${f} .picked`).textContent = chosen.length === 0 ? "all" : said.length <= 40 ? said : `${chosen.length} chosen`;
    }
    if (again) {  // the boxes were made again: keep the keyboard where it was
      const box = [...document.querySelectorAll(`#f-${again[0]} input`)].find((i) => i.value === again[1]);
      if (box) box.focus();
    }
  }

  const changedIds = () => new Set(changes.map((c) => c.episode_id));
  function shown() {
    const changed = changedIds();
    return rows.filter((r) => FILTERS.every((f) => !picked[f].size || picked[f].has(value[f](r)))
      && (!$("f-changed").checked || !$("f-since").value || changed.has(r.episode_id)));
  }

  function remember() {
    const q = new URLSearchParams();
    for (const f of FILTERS) for (const v of [...picked[f]].sort()) q.append(f, v);
    if ($("f-group").value) q.set("group", $("f-group").value);
    if ($("f-since").value) q.set("since", $("f-since").value);
    if ($("f-changed").checked) q.set("changed", "1");
    if (sort.key !== "days_delayed" || sort.dir !== "desc") {  // longest first needs no saying
      q.set("sort", sort.key);
      q.set("dir", sort.dir);
    }
    const s = q.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
  }

  const badges = (r) => r.blockers.map((b) => el("span", { class: "badge", title: b.code }, Work.reasonWords(b.code, b.vocabulary)));
  const COLUMNS = [
    { key: "episode_id", label: "Patient", show: (r) => (opensEpisodes ? link(`/dashboard/patients/${r.episode_id}`, r.episode_id.slice(0, 8)) : r.episode_id.slice(0, 8)) },
    { key: "provider_name", label: "Trust", value: (r) => label.trust(r), show: (r) => Work.org(r.provider_code, r.provider_name) },
    { key: "ward", label: "Site and ward", value: (r) => [r.site, r.ward].filter(Boolean).join(", ") },
    { key: "la_name", label: "Council", value: (r) => label.council(r), show: (r) => Work.org(r.la_code, r.la_name) },
    { key: "pathway", label: "Pathway", value: (r) => r.pathway || "", show: (r) => Work.pathway(r.pathway) },
    { key: "discharge_ready_date", label: "Ready since", show: (r) => Work.ukDay(r.discharge_ready_date) },
    { key: "days_delayed", label: "Days delayed", num: true, show: (r) => Work.stay(r.days_delayed) },
    { key: "reason", label: "Reason", value: (r) => label.reason(r), csv: (r) => r.reason || "", show: (r) => Work.reason(r.reason, r.vocabulary) },
    // the SitRep's titles run to a sentence: its code in the table, the title on hover
    { key: "nctr_reason", label: "NCTR reason", value: (r) => r.nctr_reason || "", csv: (r) => r.nctr_reason || "",
      show: (r) => (r.nctr_reason ? el("abbr", { title: label.nctr(r) }, r.nctr_reason) : "—") },
    { key: "agency", label: "Agency" },
    { key: "owner", label: "Responsible organisation", value: (r) => ownerName(owner(r)), csv: (r) => owner(r), show: (r) => (owner(r) && owner(r) !== "Both" ? Work.org(owner(r)) : ownerName(owner(r))) },
    { key: "blockers", label: "Blockers", value: (r) => r.blockers.map((b) => b.code).join("; "), show: badges },
    { key: "outstanding_assessments", label: "Assessments due", value: (r) => r.outstanding_assessments.map(Work.words).join("; ") },
    { key: "last_change_at", label: "Last change", value: (r) => r.last_change_at, show: (r) => Work.uk(r.last_change_at) },
  ];
  const GROUPS = {
    trust: (r) => [r.provider_code, label.trust(r)],
    council: (r) => [r.la_code, label.council(r)],
    reason: (r) => [value.reason(r), label.reason(r)],
    nctr: (r) => [value.nctr(r), label.nctr(r)],
    owner: (r) => [value.owner(r), label.owner(r)],
  };
  const totals = (g) => {
    const days = g.reduce((n, r) => n + r.days_delayed, 0);
    const long = g.filter((r) => r.days_delayed >= 21).length;
    return `${g.length} ${g.length === 1 ? "patient" : "patients"}, ${days} delayed days, ${long} at 21+ days`;
  };

  function render() {
    remember();
    options();
    const list = shown();
    const changed = changedIds();
    const summary = [["Delayed now", rows.length], ["Shown", list.length],
      ["Delayed days (shown)", list.reduce((n, r) => n + r.days_delayed, 0)],
      ["7+ days (shown)", list.filter((r) => r.days_delayed >= 7).length],
      ["14+ days (shown)", list.filter((r) => r.days_delayed >= 14).length],
      ["21+ days (shown)", list.filter((r) => r.days_delayed >= 21).length]];
    $("summary").replaceChildren(...summary.map(([k, v]) => el("div", {}, el("strong", {}, String(v)), k)));
    chart(list);
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
    const by = $("f-group").value;
    Work.table("delays", COLUMNS.concat($("f-since").value ? [{ key: "changed", label: "Changed", value: (r) => (changed.has(r.episode_id) ? "changed" : ""),
      show: (r) => (changed.has(r.episode_id) ? el("span", { class: "badge changed-badge" }, "Changed") : "") }] : []), list, {
      sort, onSort: (next) => { sort = next; render(); }, filename: `delayed-now-${stamp}`,
      group: by ? GROUPS[by] : null, totals,
      rowClass: (r) => [Work.stayClass(r.days_delayed), changed.has(r.episode_id) ? "changed" : null].filter(Boolean).join(" ") || null,
      empty: rows.length ? "Nobody matches these filters." : "Nobody is delayed now.",
    });
    story();
  }

  function chart(list) {
    const reasons = [...new Set(list.map(value.reason))].sort();
    const agencies = [...new Set(list.map(value.agency))].sort();
    // narrow screens get the reasons' first words (the whole title on hover)
    const room = window.innerWidth < 600 ? 22 : 80;
    const short = (t) => (t.length > room ? t.slice(0, room - 1) + "…" : t);
    const words = (code) => short(code === NONE ? "No reason recorded" : Work.reasonWords(code));
    // Okabe-Ito colours: told apart with any colour vision; the legend names each one
    const colour = { NHS: "#0072B2", "Social Care": "#E69F00", Both: "#009E73" };
    Dash.chart("by-reason-chart", agencies.map((a) => ({
      type: "bar", orientation: "h", name: a === NONE ? "Agency not recorded" : a, y: reasons.map(words),
      marker: { color: colour[a] || "#6b6b6b" },
      x: reasons.map((code) => list.filter((r) => value.reason(r) === code && value.agency(r) === a).length),
    })), { barmode: "stack", title: { text: "Delayed now by reason and agency (shown)" },
      height: 120 + 28 * reasons.length, showlegend: true, yaxis: { automargin: true }, xaxis: { title: { text: "people" } } });
  }

  function sentence(c) {
    const d = c.detail || {};
    const why = (x) => (x ? `${Work.reasonWords(x.code, x.vocabulary)}${x.agency ? ` (${x.agency})` : ""}` : "no reason");
    const who = (x) => (x && x.owner_org ? `, for ${Work.name(x.owner_org)}${x.owner_team ? " · " + x.owner_team : ""} to act` : "");
    switch (c.change) {
      case "new delay": return `became delayed${c.pathway ? " on " + Work.pathway(c.pathway) : ""}: ${why(d.reason)}${who(d.reason)}`;
      case "resolved": return `no longer delayed: ${d.how && d.how.kind === "no longer ready" ? "meets the criteria to reside again" : Work.words(d.how && d.how.kind) + (d.how && d.how.destination ? " to " + d.how.destination : "")}`;
      case "reason changed": return `reason changed from ${why(d.before)} to ${why(d.after)}${who(d.after)}`;
      case "blocker opened": return `blocker opened: ${why(d.blocker)}${who(d.blocker)}`;
      case "blocker closed": return `blocker closed: ${why(d.blocker)}`;
      default: return c.change;
    }
  }

  const FIRST = 25;  // the latest changes; the rest on asking
  let showAll = false;
  function story() {
    const section = $("changes-section");
    section.hidden = !$("f-since").value;
    if (section.hidden) return;
    const inView = new Set(shown().map((r) => r.episode_id));
    const live = new Set(rows.map((r) => r.episode_id));
    // a patient no longer delayed is in no row: the trust and council filters still apply
    const gone = (c) => !live.has(c.episode_id) && (!picked.trust.size || picked.trust.has(c.provider_code))
      && (!picked.council.size || picked.council.has(c.la_code));
    const mine = changes.filter((c) => inView.has(c.episode_id) || gone(c));
    $("changes-title").textContent = `What changed since ${Work.uk(sinceValue())}`;
    const count = (kind) => mine.filter((c) => c.change === kind).length;
    $("changes-summary").replaceChildren(...[["New delays", count("new delay")], ["Resolved", count("resolved")],
      ["Reason changes", count("reason changed")], ["Blockers opened or closed", count("blocker opened") + count("blocker closed")]]
      .map(([k, v]) => el("div", {}, el("strong", {}, String(v)), k)));
    const listed = showAll ? mine : mine.slice(0, FIRST);
    const more = mine.length > listed.length ? el("li", {}, el("button", { type: "button", id: "all-changes",
      onclick: () => { showAll = true; story(); } }, `Show all ${mine.length} changes`)) : null;
    $("changes").replaceChildren(...(mine.length ? listed.map((c) => {
      const late = c.recorded_at && new Date(c.recorded_at) - new Date(c.at) > 3600e3;
      return el("li", { "data-change": c.change, "data-id": c.episode_id },
        el("span", { class: "when" }, Work.uk(c.at)), " — ",
        el("span", { class: "badge" }, Work.words(c.change)), " ",
        opensEpisodes ? link(`/dashboard/patients/${c.episode_id}`, c.episode_id.slice(0, 8)) : c.episode_id.slice(0, 8),
        ` at ${Work.name(c.provider_code, c.provider_name)}${c.ward ? ", " + c.ward : ""} (${Work.name(c.la_code, c.la_name)}) ${sentence(c)}`,
        late ? el("span", { class: "late" }, ` (recorded ${Work.uk(c.recorded_at)})`) : null);
    }).concat(more ? [more] : []) : [el("li", { class: "empty" }, "Nothing has changed since then.")]));
  }

  // The time field is UK wall-clock time; the API reads a time without an offset as UK time.
  const sinceValue = () => {
    const v = $("f-since").value;
    return v ? new Date(zoned(v)) : null;
  };
  function zoned(local) {
    // the instant of a UK wall-clock time: try both offsets, keep the one that reads back
    for (const offset of ["+00:00", "+01:00"]) {
      const d = new Date(`${local.length === 16 ? local + ":00" : local}${offset}`);
      const back = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(d).replace(", ", "T");
      if (back === local.slice(0, 16)) return d.toISOString();
    }
    return local;
  }

  async function load() {
    try {
      rows = await Dash.api("/discharge/live-delays");
      changes = $("f-since").value ? await Dash.api("/discharge/live-delays/changes?" + new URLSearchParams({ since: $("f-since").value })) : [];
    } catch (err) {
      Dash.problem("delays", err);
      return;
    }
    render();
  }

  const refresh = Dash.page(load, { minInterval: 2000 });  // a busy day writes every second
  $("f-group").addEventListener("change", render);
  $("f-changed").addEventListener("change", render);
  $("f-since").addEventListener("change", () => { showAll = false; refresh(); });
  $("mark-call").addEventListener("click", () => {
    const now = Work.ukNow();
    $("f-since").value = `${now.date}T${now.time}:${now.seconds}`;
    showAll = false;
    refresh();
  });
  $("clear").addEventListener("click", () => {
    for (const f of FILTERS) picked[f].clear();
    $("f-group").value = "";
    $("f-since").value = "";
    $("f-changed").checked = false;
    changes = [];
    render();
  });
})();
"""
