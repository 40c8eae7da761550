// Material wraps each code block's copy button in a <nav>: on a page with several code blocks these are
// unnamed, indistinguishable navigation landmarks (axe "landmark-unique"). They are not navigation: take
// the landmark role away (role="none" is allowed on <nav>); the copy buttons stay as they are.
// Loaded only on pages with code blocks (overrides/main.html), after the theme's bundle.
/* global document$ */
(function () {
  "use strict";
  var unmark = function () {
    document.querySelectorAll(".md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  };
  if (typeof document$ !== "undefined") document$.subscribe(unmark);
  else document.addEventListener("DOMContentLoaded", unmark);
})();
