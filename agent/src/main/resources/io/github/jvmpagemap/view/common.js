"use strict";
// What both pages draw with: sizes as people read them, elements made from text only (never markup),
// swatches and the colours of rows and heap types.
const JP = (function () {
  const ROW_COLORS = ["#0969da", "#8250df", "#1b7c83", "#bf8700", "#bf3989", "#6e4c2c", "#0550ae", "#4d2d00",
    "#fb8f44", "#2da44e"];
  const TYPE_COLORS = {
    "G1 Eden Space": "#fb8f44", "G1 Survivor Space": "#8250df", "G1 Old Gen": "#6e4c2c",
    "G1 Humongous": "#1b7c83", "G1 Free": "#8c959f"
  };
  const PALETTE = ["#fb8f44", "#8250df", "#6e4c2c", "#1b7c83", "#8c959f", "#bf3989", "#0550ae", "#4d2d00"];
  const UNATTRIBUTED_COLOR = "#afb8c1";

  function size(bytes) {
    if (bytes < 0) return "n/a";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let v = bytes, u = 0;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return u === 0 ? bytes + " B" : v.toPrecision(4) + " " + units[u];
  }
  function el(name, attrs, text) {
    const e = document.createElement(name);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svg(name, attrs, text) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", name);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function swatch(color, outline) {
    const s = el("span", { "class": outline ? "swatch outline" : "swatch" });
    if (outline) s.style.borderColor = color; else s.style.background = color;
    return s;
  }
  function typeColor(name, index) { return TYPE_COLORS[name] || PALETTE[index % PALETTE.length]; }
  function rowColor(index) { return ROW_COLORS[index % ROW_COLORS.length]; }
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  return { size, el, svg, swatch, typeColor, rowColor, data, UNATTRIBUTED_COLOR };
})();
