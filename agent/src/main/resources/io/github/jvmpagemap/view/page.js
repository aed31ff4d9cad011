// The residency page of one scan: the bar of VmRSS by row, then the maps.
(function () {
  const started = performance.now();
  const el = JP.el, size = JP.size, swatch = JP.swatch;
  const scan = JP.data("scan-json");
  const maps = JP.data("map-data");

  // The bar: VmRSS by top-level row, then what VmRSS counts again for extra heap views, then what no row holds.
  function drawBar() {
    const bar = document.getElementById("rss-bar");
    const legend = document.getElementById("rss-legend");
    const parts = [];
    scan.regions.filter(r => r.subRegion === null).forEach(r => parts.push([r.region, r.residentBytes]));
    if (scan.extraViewBytes > 0) parts.push(["counted again by extra heap views", scan.extraViewBytes]);
    if (scan.unattributedBytes > 0) parts.push(["not attributed", scan.unattributedBytes]);
    const total = Math.max(scan.processResidentBytes, parts.reduce((s, p) => s + p[1], 0));
    parts.forEach((p, i) => {
      const color = p[0] === "not attributed" ? JP.UNATTRIBUTED_COLOR : JP.rowColor(i);
      const share = total > 0 ? 100 * p[1] / total : 0;
      const seg = el("div", { "data-name": p[0], "data-bytes": String(p[1]),
        title: p[0] + ": " + size(p[1]) + " (" + share.toFixed(1) + "% of VmRSS)" });
      seg.style.width = share + "%";
      seg.style.background = color;
      if (p[1] > 0) bar.appendChild(seg);
      const item = el("li", { "data-name": p[0], "data-bytes": String(p[1]) });
      item.appendChild(swatch(color));
      item.appendChild(document.createTextNode(p[0] + " " + size(p[1]) + " (" + share.toFixed(1) + "%)"));
      legend.appendChild(item);
    });
  }

  drawBar();
  JP.drawMaps(maps, document.getElementById("state-legend"), document.getElementById("maps"),
    document.getElementById("tip"));
  // How long drawing took, and the time since navigation began, for BENCHMARKS.md.
  document.body.setAttribute("data-draw-ms", (performance.now() - started).toFixed(1));
  document.body.setAttribute("data-ready-ms", performance.now().toFixed(1));
  document.body.setAttribute("data-rendered", "true");
})();
