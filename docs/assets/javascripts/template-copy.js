/*
 * template-copy.js: a visible, labelled "copy this text" button under every fill-in template
 * (fenced blocks marked `{ .text .template }`, rendered as div.template).
 *
 * Self-hosted, no dependencies, no network. The labels come from mkdocs.yml (extra.copy_template)
 * through <meta name="copy-template"> in overrides/main.html. Copying uses the asynchronous
 * Clipboard API where the page is allowed to, then the older execCommand("copy") on a temporary
 * text area (in-app browsers such as WeChat's), and when both fail it selects the template text so
 * the reader can long-press and copy it by hand. The outcome is announced in a live region.
 */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="copy-template"]');
  if (!meta) return;
  var text = {
    label: meta.getAttribute("content") || "",
    copied: meta.getAttribute("data-copied") || "",
    failed: meta.getAttribute("data-failed") || "",
  };

  function templateText(block) {
    var code = block.querySelector("pre code") || block.querySelector("pre");
    return code ? code.textContent.replace(/\s+$/, "") + "\n" : "";
  }

  function copyWithTextArea(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.className = "template-copy__scratch";
    document.body.appendChild(area);
    area.focus();
    area.select();
    area.setSelectionRange(0, value.length);
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (error) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function selectForManualCopy(block) {
    var code = block.querySelector("pre code") || block.querySelector("pre");
    if (!code || !window.getSelection) return;
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(block, button, status) {
    var value = templateText(block);
    function done(ok) {
      status.textContent = ok ? text.copied : text.failed;
      status.setAttribute("data-state", ok ? "copied" : "failed");
      button.focus();
      if (!ok) selectForManualCopy(block);
    }
    status.textContent = "";
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(
        function () {
          done(true);
        },
        function () {
          done(copyWithTextArea(value));
        }
      );
    } else {
      done(copyWithTextArea(value));
    }
  }

  var blocks = document.querySelectorAll(".md-typeset div.template");
  for (var i = 0; i < blocks.length; i++) {
    var block = blocks[i];
    var bar = document.createElement("div");
    bar.className = "template-copy";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary template-copy__button";
    button.textContent = text.label;
    var status = document.createElement("span");
    status.className = "template-copy__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    bar.appendChild(button);
    bar.appendChild(status);
    block.parentNode.insertBefore(bar, block.nextSibling);
    button.addEventListener(
      "click",
      (function (b, btn, st) {
        return function () {
          copy(b, btn, st);
        };
      })(block, button, status)
    );
  }
})();
