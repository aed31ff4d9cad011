"use strict";
(function () {
  function report(text) {
    const list = document.getElementById("page-errors");
    if (!list) { document.addEventListener("DOMContentLoaded", () => report(text)); return; }
    const item = document.createElement("li");
    item.textContent = text;
    list.appendChild(item);
    list.hidden = false;
  }
  window.addEventListener("error", e => report("script error: " + e.message + " at " + e.filename + ":" + e.lineno));
  window.addEventListener("unhandledrejection", e => report("unhandled rejection: " + e.reason));
  document.addEventListener("securitypolicyviolation", e => report("Content-Security-Policy violation: "
    + e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber));
  const consoleError = console.error;
  console.error = function () {
    report("console error: " + Array.prototype.join.call(arguments, " "));
    consoleError.apply(console, arguments);
  };
})();
