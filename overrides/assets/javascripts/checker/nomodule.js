/* Browsers too old for ES modules (and so for module workers): show the fallback. ES5 only. */
(function () {
  var root = document.getElementById("checker");
  var island = document.getElementById("__checker");
  if (!root || !island) return;
  var t = JSON.parse(island.textContent || "{}").strings;
  root.setAttribute("data-checker-state", "error");
  var reason = root.querySelector("[data-checker-fallback-reason]");
  if (reason) reason.textContent = t.fallback_reasons.no_module_worker;
  var stage = root.querySelector("[data-checker-stage]");
  if (stage) stage.textContent = t.fallback_title;
  var fallback = root.querySelector("[data-checker-fallback]");
  if (fallback) fallback.removeAttribute("hidden");
})();
