// The timeline page of a recording: resident memory by row stacked over time, a row's sub-rows at a
// click, swapped and huge-page bytes, marks for collections, messages and snapshots, the table of a scan.
(function () {
  const started = performance.now();
  const el = JP.el, svg = JP.svg, size = JP.size, swatch = JP.swatch;
  const data = JP.data("timeline-data");
  const snapshotMaps = JP.data("snapshot-data");
  const unit = data.unit;
  const times = data.times;
  const n = times.length;
  const W = 1000, H = 300, LEFT = 70, RIGHT = 10, TOP = 10, BOTTOM = 46;
  const tip = document.getElementById("tip");
  const tops = data.rows.filter(r => r.sub === null);
  const subsOf = name => data.rows.filter(r => r.sub !== null && r.region === name);
  let level = null;     // the row whose sub-rows are stacked, or null for the top-level rows
  let pinned = null;    // the scan kept by a click
  let current = n - 1;  // the scan whose table is shown

  function at(series, i) { return series === null || series[i] === null || series[i] < 0 ? 0 : series[i]; }
  function fmtTime(ms) { return new Date(ms).toISOString().substring(11, 19); }
  function fmtDay(ms) { return new Date(ms).toISOString().substring(0, 19).replace("T", " ") + " UTC"; }
  // The time axis spans the scans and whatever else the recording marks (a collection before the first scan).
  const moments = times.concat(data.collections.map(c => c[0]), data.messages.map(m => m[0]), data.snapshots);
  const t0 = moments.length > 0 ? Math.min(...moments) : 0;
  const span = Math.max(1, (moments.length > 0 ? Math.max(...moments) : 0) - t0);
  function x(i) { return xAt(times[i]); }
  function xAt(ms) { return LEFT + (ms - t0) / span * (W - LEFT - RIGHT); }

  // The bands of the stack at the level shown: name, values per scan (KiB), colour, sub-rows to open.
  function bands() {
    const out = [];
    if (level === null) {
      tops.forEach((r, i) => out.push({ name: r.region, values: r.resident, color: JP.rowColor(i),
        opens: subsOf(r.region).length > 0 }));
      if (data.extraViews.some(v => v !== null && v > 0)) {
        out.push({ name: "counted again by extra heap views", values: data.extraViews, color: "#57606a" });
      }
      out.push({ name: "not attributed", values: data.unattributed.map(v => v === null ? 0 : Math.max(0, v)),
        color: JP.UNATTRIBUTED_COLOR });
    } else {
      const parent = tops.find(r => r.region === level);
      const subs = subsOf(level);
      subs.forEach((r, i) => out.push({ name: r.sub, values: r.resident, color: JP.typeColor(r.sub, i) }));
      const rest = parent.resident.map((v, i) => Math.max(0, at(parent.resident, i)
        - subs.reduce((s, r) => s + at(r.resident, i), 0)));
      if (rest.some(v => v > 0)) out.push({ name: "(in no sub-row)", values: rest, color: "#d0d7de" });
    }
    return out;
  }

  function axes(chart, max) {
    chart.appendChild(svg("line", { x1: LEFT, y1: H - BOTTOM, x2: W - RIGHT, y2: H - BOTTOM, "class": "axis" }));
    for (let k = 0; k <= 4; k++) {
      const v = max * k / 4, y = H - BOTTOM - (H - TOP - BOTTOM) * k / 4;
      chart.appendChild(svg("line", { x1: LEFT, y1: y, x2: W - RIGHT, y2: y, "class": "grid" }));
      chart.appendChild(svg("text", { x: LEFT - 4, y: y + 4, "class": "ylabel" }, size(Math.round(v * unit))));
    }
    for (let k = 0; k <= 5 && n > 0; k++) {
      const ms = t0 + span * k / 5;
      chart.appendChild(svg("text", { x: xAt(ms), y: H - BOTTOM + 14, "class": k === 0 ? "xlabel first"
        : k === 5 ? "xlabel last" : "xlabel" }, fmtTime(ms)));
    }
  }

  function marks(chart) {
    const y = H - BOTTOM + 22;
    data.collections.forEach(c => {
      const m = svg("line", { x1: xAt(c[0]), y1: y, x2: xAt(c[0]), y2: y + 8, "class": "mark-gc" });
      m.appendChild(svg("title", {}, fmtTime(c[0]) + " " + c[1] + " (" + c[2] + "), longest pause "
        + c[3].toFixed(1) + " ms"));
      chart.appendChild(m);
    });
    data.messages.forEach(msg => {
      const mx = xAt(msg[0]);
      const m = svg("path", { d: "M" + (mx - 4) + " " + (y + 18) + "L" + mx + " " + (y + 10) + "L" + (mx + 4) + " "
        + (y + 18) + "Z", "class": msg[1] === "problem" ? "mark-problem" : "mark-note" });
      m.appendChild(svg("title", {}, fmtTime(msg[0]) + " " + msg[1] + ": " + msg[2]));
      chart.appendChild(m);
    });
    data.snapshots.forEach((ms, i) => {
      const sx = xAt(ms);
      const m = svg("path", { d: "M" + sx + " " + (y + 4) + "L" + (sx + 5) + " " + (y + 9) + "L" + sx + " " + (y + 14)
        + "L" + (sx - 5) + " " + (y + 9) + "Z", "class": "mark-snapshot", "data-snapshot": String(i) });
      m.appendChild(svg("title", {}, "snapshot at " + fmtTime(ms) + ": click for its maps"));
      m.addEventListener("click", () => document.getElementById("snapshot-" + i).scrollIntoView());
      chart.appendChild(m);
    });
  }

  function drawStack() {
    const box = document.getElementById("stack");
    box.textContent = "";
    const legend = document.getElementById("stack-legend");
    legend.textContent = "";
    crumbs();
    const bs = bands();
    const totals = new Array(n).fill(0);
    bs.forEach(b => { for (let i = 0; i < n; i++) totals[i] += at(b.values, i); });
    let max = Math.max(1, ...totals);
    if (level === null) data.vmRss.forEach(v => { if (v !== null) max = Math.max(max, v); });
    const chart = svg("svg", { viewBox: "0 0 " + W + " " + H, "class": "chart-svg", id: "stack-svg" });
    box.appendChild(chart);
    axes(chart, max);
    const y = v => H - BOTTOM - v / max * (H - TOP - BOTTOM);
    const below = new Array(n).fill(0);
    bs.forEach(b => {
      let up = "", down = "";
      const above = below.map((v, i) => v + at(b.values, i));
      for (let i = 0; i < n; i++) up += (i === 0 ? "M" : "L") + x(i).toFixed(1) + " " + y(above[i]).toFixed(1);
      for (let i = n - 1; i >= 0; i--) down += "L" + x(i).toFixed(1) + " " + y(below[i]).toFixed(1);
      const band = svg("path", { d: up + down + "Z", fill: b.color, "class": b.opens ? "band opens" : "band",
        "data-name": b.name });
      band.appendChild(svg("title", {}, b.name + (b.opens ? ": click for its sub-rows" : "")));
      if (b.opens) band.addEventListener("click", () => open(b.name));
      chart.appendChild(band);
      for (let i = 0; i < n; i++) below[i] = above[i];
      const item = el("li", { "data-name": b.name });
      item.appendChild(swatch(b.color));
      const label = b.opens ? el("button", { type: "button", "class": "link" }, b.name) : el("span", {}, b.name);
      if (b.opens) label.addEventListener("click", () => open(b.name));
      item.appendChild(label);
      legend.appendChild(item);
    });
    if (level === null && n > 0) {
      let line = "";
      data.vmRss.forEach((v, i) => { if (v !== null) line += (line === "" ? "M" : "L") + x(i).toFixed(1) + " " + y(v).toFixed(1); });
      if (line !== "") {
        const vm = svg("path", { d: line, "class": "vmrss" });
        vm.appendChild(svg("title", {}, "VmRSS"));
        chart.appendChild(vm);
      }
    }
    marks(chart);
    chart.appendChild(svg("g", { id: "stack-slice" }));
    chart.appendChild(svg("line", { id: "cursor", x1: 0, x2: 0, y1: TOP, y2: H - BOTTOM, "class": "cursor" }));
    const hover = svg("rect", { x: LEFT, y: TOP, width: W - LEFT - RIGHT, height: H - TOP - BOTTOM, "class": "hover" });
    chart.appendChild(hover);
    hover.addEventListener("mousemove", ev => { if (pinned === null) show(nearest(chart, ev)); });
    hover.addEventListener("click", ev => { pinned = nearest(chart, ev); show(pinned); });
    chart._y = y;
    chart._bands = bs;
    show(current);
  }

  function nearest(chart, ev) {
    const box = chart.getBoundingClientRect();
    const ms = t0 + ((ev.clientX - box.left) / box.width * W - LEFT) / (W - LEFT - RIGHT) * span;
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(times[i] - ms) < Math.abs(times[best] - ms)) best = i;
    return best;
  }

  function crumbs() {
    const nav = document.getElementById("crumbs");
    nav.textContent = "";
    const all = el("button", { type: "button", "class": "link" }, "All rows");
    all.addEventListener("click", () => open(null));
    nav.appendChild(all);
    if (level !== null) nav.appendChild(el("span", {}, " \u203a " + level));
  }

  function open(name) {
    level = name;
    drawStack();
  }

  // The scan i: the cursor, the stack's slice at it (each band's bytes), and its table.
  function show(i) {
    if (n === 0) return;
    current = i;
    const chart = document.getElementById("stack-svg");
    const cursor = document.getElementById("cursor");
    cursor.setAttribute("x1", x(i));
    cursor.setAttribute("x2", x(i));
    const slice = document.getElementById("stack-slice");
    slice.textContent = "";
    slice.setAttribute("data-scan", String(i));
    slice.setAttribute("data-time", String(times[i]));
    let below = 0;
    chart._bands.forEach(b => {
      const v = at(b.values, i);
      const rect = svg("rect", { x: x(i) - 2, width: 4, y: chart._y(below + v), height: chart._y(below) - chart._y(below + v),
        "class": "slice", "data-name": b.name, "data-bytes": String(v * unit) });
      slice.appendChild(rect);
      below += v;
    });
    table(i);
  }

  function table(i) {
    document.getElementById("scan-title").textContent = "The scan at " + fmtDay(times[i]) + (pinned === null
      ? " (hover over the chart for another, click to keep one)" : " (kept: click the chart for another)");
    const box = document.getElementById("scan-table");
    box.textContent = "";
    const t = el("table", { id: "scan", "data-scan": String(i), "data-time": String(times[i]) });
    const head = el("tr");
    ["Row", "Resident", "Swapped", "HugePage"].forEach(h => head.appendChild(el("th", {}, h)));
    t.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    data.rows.forEach(r => {
      if (r.resident[i] < 0) return;
      const tr = el("tr", { "class": r.sub === null ? "region" : "sub", "data-region": r.region,
        "data-sub-region": r.sub === null ? "" : r.sub });
      tr.appendChild(el("th", {}, r.sub === null ? r.region : r.sub));
      [["residentBytes", r.resident], ["swappedBytes", r.swapped], ["hugePageBytes", r.huge]].forEach(f => {
        const v = f[1] === null ? 0 : f[1][i];
        tr.appendChild(el("td", { "data-key": f[0], "data-value": String(v < 0 ? -1 : v * unit) },
          v < 0 ? "n/a" : size(v * unit)));
      });
      body.appendChild(tr);
    });
    [["Process resident (VmRSS)", "processResidentBytes", data.vmRss], ["on hugetlb pages (not in VmRSS)",
      "hugetlbBytes", data.hugetlb], ["counted again by extra heap views", "extraViewBytes", data.extraViews],
    ["not attributed", "unattributedBytes", data.unattributed]].forEach(p => {
      const v = p[2][i];
      if (p[1] !== "processResidentBytes" && p[1] !== "unattributedBytes" && !(v > 0)) return;
      const tr = el("tr", { "class": "total", "data-total": p[1] });
      tr.appendChild(el("th", {}, p[0]));
      tr.appendChild(el("td", { "data-key": p[1], "data-value": String(v === null ? -1 : v * unit) },
        v === null ? "n/a" : size(v * unit)));
      body.appendChild(tr);
    });
    t.appendChild(body);
    box.appendChild(t);
  }

  function drawPages() {
    const box = document.getElementById("pages");
    const legend = document.getElementById("pages-legend");
    const sum = field => times.map((_, i) => tops.reduce((s, r) => s + at(r[field], i), 0));
    const lines = [["swapped", sum("swapped"), "#cf222e"], ["on huge pages", sum("huge"), "#0969da"],
      ["on hugetlb pages (not in VmRSS)", data.hugetlb.map(v => v === null ? 0 : v), "#8250df"]];
    let max = 0;
    lines.forEach(l => l[1].forEach(v => { max = Math.max(max, v); }));
    if (max === 0) {
      box.appendChild(el("p", { id: "pages-none" }, "No page was in swap nor on a huge page at any scan."));
      return;
    }
    const chart = svg("svg", { viewBox: "0 0 " + W + " " + H, "class": "chart-svg", id: "pages-svg" });
    box.appendChild(chart);
    axes(chart, max);
    const y = v => H - BOTTOM - v / max * (H - TOP - BOTTOM);
    lines.forEach(l => {
      let d = "";
      for (let i = 0; i < n; i++) d += (i === 0 ? "M" : "L") + x(i).toFixed(1) + " " + y(l[1][i]).toFixed(1);
      const path = svg("path", { d: d === "" ? "M0 0" : d, stroke: l[2], "class": "line", "data-name": l[0],
        "data-highest-bytes": String(Math.max(0, ...l[1]) * unit) });
      path.appendChild(svg("title", {}, l[0]));
      chart.appendChild(path);
      const item = el("li", { "data-name": l[0] });
      item.appendChild(swatch(l[2]));
      item.appendChild(document.createTextNode(l[0] + ", highest " + size(Math.max(0, ...l[1]) * unit)));
      legend.appendChild(item);
    });
    marks(chart);
  }

  function drawSnapshots() {
    const legend = document.getElementById("state-legend");
    document.querySelectorAll("section.snapshot").forEach((section, i) => {
      JP.drawMaps(snapshotMaps[i], i === 0 ? legend : el("ul"), section.querySelector(".snapshot-maps"), tip);
    });
  }

  // A scan chosen in the address (#scan=<index>), for a link to it or a test; else the last one.
  const chosen = /^#scan=(\d+)$/.exec(location.hash);
  if (chosen !== null && Number(chosen[1]) < n) {
    pinned = current = Number(chosen[1]);
  }
  drawStack();
  drawPages();
  drawSnapshots();
  // How long drawing took, and the time since navigation began, for BENCHMARKS.md and the tests.
  document.body.setAttribute("data-draw-ms", (performance.now() - started).toFixed(1));
  document.body.setAttribute("data-ready-ms", performance.now().toFixed(1));
  document.body.setAttribute("data-rendered", "true");
})();
