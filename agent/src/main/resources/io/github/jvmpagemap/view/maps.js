// The residency maps: each row's address space in cells coloured by page state, outlined by owner.
JP.drawMaps = (function () {
  const STATE_COLORS = ["#2da44e", "#0969da", "#bf8700", "#cf222e", "#d0d7de", "#ffffff"];
  const MIXED = "#1f2328";
  const el = JP.el, size = JP.size, swatch = JP.swatch, typeColor = JP.typeColor;
  function hex(big) { return "0x" + big.toString(16); }

  function drawLegend(maps, legend) {
    maps.states.forEach((name, i) => {
      const item = el("li");
      item.appendChild(swatch(STATE_COLORS[i]));
      item.appendChild(document.createTextNode(name === "not present" ? "committed, never touched (not present)"
        : name === "huge" ? "huge page" : name === "zero" ? "zero page" : name));
      legend.appendChild(item);
    });
  }

  function drawMap(maps, grid, container, tip) {
    const S = maps.states.length;
    const cells = grid.cells.length / S;
    const box = el("section", { "class": "map", "data-region": grid.region });
    box.appendChild(el("h3", {}, grid.region));
    const totals = new Array(S).fill(0);
    for (let c = 0; c < cells; c++) for (let s = 0; s < S; s++) totals[s] += grid.cells[c * S + s];
    const unit = maps.unit;
    const present = (totals[0] + totals[1] + totals[2]) * unit;
    const committed = (totals[0] + totals[1] + totals[2] + totals[3] + totals[4]) * unit;
    const info = el("p", { "class": "map-totals", "data-region": grid.region,
      "data-resident-bytes": String(present), "data-swapped-bytes": String(totals[3] * unit),
      "data-huge-page-bytes": String(totals[1] * unit), "data-zero-page-bytes": String(totals[2] * unit),
      "data-committed-bytes": String(committed), "data-cells": String(cells) },
      cells + " cells of " + size(grid.cellSize) + (grid.heapRegionSize > 0 && grid.cellSize === grid.heapRegionSize
        ? " (one per heap region)" : "") + "; committed " + size(committed) + ", resident " + size(present)
        + ", swapped " + size(totals[3] * unit));
    box.appendChild(info);
    if (grid.subRegions.length > 0) {
      const subs = el("ul", { "class": "swatches" });
      grid.subRegions.forEach((name, i) => {
        const item = el("li");
        item.appendChild(swatch(typeColor(name, i), true));
        item.appendChild(document.createTextNode(name));
        subs.appendChild(item);
      });
      box.appendChild(subs);
    }
    container.appendChild(box);
    if (cells === 0) return;
    const width = Math.min(Math.max(container.clientWidth, 400), 1200);
    const px = cells <= 1024 ? 16 : cells <= 4096 ? 10 : cells <= 16384 ? 6 : 4;
    const cols = Math.max(1, Math.floor(width / px));
    const rows = Math.ceil(cells / cols);
    const canvas = el("canvas", { width: String(cols * px), height: String(rows * px), "data-region": grid.region });
    box.appendChild(canvas);
    const g = canvas.getContext("2d");
    const border = px >= 10 ? 2 : 1;
    for (let c = 0; c < cells; c++) {
      const x = (c % cols) * px, y = Math.floor(c / cols) * px;
      let capacity = 0;
      for (let s = 0; s < S; s++) capacity += grid.cells[c * S + s];
      // Split: stacked bands from the bottom, one per state, as tall as the state's share of the cell.
      const inner = px - 2 * border;
      let done = 0, top = y + px - border;
      for (let s = 0; s < S; s++) {
        const n = grid.cells[c * S + s];
        if (n === 0) continue;
        done += n;
        const next = y + px - border - Math.round(inner * done / capacity);
        g.fillStyle = STATE_COLORS[s];
        g.fillRect(x + border, next, inner, top - next);
        top = next;
      }
      const owner = grid.owner[c];
      g.strokeStyle = owner === -2 ? MIXED : owner >= 0 ? typeColor(grid.subRegions[owner], owner) : "#d0d7de";
      g.lineWidth = border;
      g.strokeRect(x + border / 2, y + border / 2, px - border, px - border);
    }
    const starts = grid.ranges.map(r => [BigInt("0x" + r[0]), BigInt("0x" + r[1])]);
    const firstCell = [0];
    starts.forEach(r => firstCell.push(firstCell[firstCell.length - 1]
      + Number((r[1] - r[0] + BigInt(grid.cellSize) - 1n) / BigInt(grid.cellSize))));
    canvas.addEventListener("mousemove", ev => {
      const rect = canvas.getBoundingClientRect();
      const c = Math.floor((ev.clientY - rect.top) / px) * cols + Math.floor((ev.clientX - rect.left) / px);
      if (c < 0 || c >= cells || ev.clientX - rect.left >= cols * px) { tip.hidden = true; return; }
      let r = 0;
      while (firstCell[r + 1] <= c) r++;
      const from = starts[r][0] + BigInt(c - firstCell[r]) * BigInt(grid.cellSize);
      let to = from + BigInt(grid.cellSize);
      if (to > starts[r][1]) to = starts[r][1];
      const owner = grid.owner[c];
      const lines = [grid.region + " cell " + c, hex(from) + " - " + hex(to) + " (" + size(Number(to - from)) + ")",
        "sub-region: " + (owner === -2 ? "several" : owner >= 0 ? grid.subRegions[owner] : "none")];
      maps.states.forEach((name, s) => {
        const n = grid.cells[c * S + s];
        if (n > 0) lines.push(name + ": " + size(n * unit) + " (" + n + " x 4 KiB)");
      });
      tip.textContent = lines.join("\n");
      tip.hidden = false;
      tip.style.left = (ev.clientX + 14) + "px";
      tip.style.top = (ev.clientY + 14) + "px";
    });
    canvas.addEventListener("mouseleave", () => { tip.hidden = true; });
  }

  // Draws the legend of page states into legend and every grid of maps into container.
  return function (maps, legend, container, tip) {
    drawLegend(maps, legend);
    maps.grids.forEach(grid => drawMap(maps, grid, container, tip));
  };
})();
