// Two fixes to the theme's runtime markup that axe reports (tests/audit/test_axe.py). Loaded only on
// pages with code blocks or tables (overrides/main.html), after the theme's bundle, and run each time
// the theme has mounted a page.
// 1. Material wraps each code block's copy button in a <nav>: several of them are unnamed,
//    indistinguishable navigation landmarks ("landmark-unique"). They are not navigation: role="none"
//    (allowed on <nav>) takes the landmark away; the copy buttons stay.
// 2. A table wider than a phone scrolls sideways inside the theme's wrapper, which keyboard users
//    cannot reach ("scrollable-region-focusable"): an overflowing wrapper becomes focusable.
/* global document$ */
(function () {
  "use strict";
  var fix = function () {
    document.querySelectorAll(".md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    });
  };
  if (typeof document$ !== "undefined") document$.subscribe(fix);
  else document.addEventListener("DOMContentLoaded", fix);
  window.addEventListener("resize", fix);
})();
