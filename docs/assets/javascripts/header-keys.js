// The theme's header buttons that open the navigation menu and the search are <label>s for hidden
// checkboxes: a keyboard cannot reach them, and on a phone the menu is the only way to the other pages.
// Each is replaced by a real <button> with the same look (its icon moves over), named (mkdocs.yml
// extra.header_buttons, through a <meta> in overrides/main.html) and saying whether it is open; pressing
// it toggles the theme's checkbox as the label did. Escape closes an open menu and returns focus to its
// button. The CSS rules that hide these buttons on wide screens follow them (site.css, data-md-for).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="header-buttons"]');
  if (!meta) return;
  var names = { __drawer: meta.getAttribute("data-drawer"), __search: meta.getAttribute("data-search") };
  Object.keys(names).forEach(function (id) {
    var toggle = document.getElementById(id);
    var label = document.querySelector('.md-header label[for="' + id + '"]');
    if (!toggle || !label) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    button.setAttribute("data-md-for", id);
    button.setAttribute("aria-label", names[id]);
    while (label.firstChild) button.appendChild(label.firstChild);
    var sync = function () {
      button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    };
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("click", function () {
      toggle.click();
    });
    label.parentNode.insertBefore(button, label);
    label.style.display = "none";
    if (id === "__drawer") {
      document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || !toggle.checked) return;
        toggle.click();
        button.focus();
      });
    }
  });
})();
