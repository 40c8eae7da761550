// The /check/ page: wires the form to the checker worker, shows loading stages, the result and the
// fallback. Message text stays in this page: it is never logged, stored or put in a URL.
import { CheckerClient, LoadError, unsupportedReason } from "./client.js";
import { renderReport, summaryText } from "./render.js";

/** @typedef {import("./protocol.js").Stage} Stage */
/** @typedef {import("./render.js").Report} Report */
/**
 * @typedef {object} PageConfig  the JSON island #__checker
 * @property {string} worker @property {string} indexURL @property {string} lockFileURL
 * @property {string} package @property {string} pyodideVersion @property {string} checkerVersion
 * @property {number} maxLength @property {Record<string, number>} downloads @property {number} timeoutMs
 * @property {string} base @property {Record<string, any>} strings
 */

/** @param {string} template @param {Record<string, string | number>} values */
const format = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));

/**
 * Read `#text=...&sender=...&time=HH:MM`: percent-encoded, and "+" is a space as in a form-encoded
 * query (chat apps and FAQ generators build links that way; a literal plus sign arrives as %2B).
 * @param {string} hash
 */
export function readPrefill(hash) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const part of hash.replace(/^#/, "").split("&")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const key = part.slice(0, eq);
    if (key === "text" || key === "sender" || key === "time") out[key] = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
  }
  return out;
}

/** Phones open `sms:` links in their messaging app; desktops usually have nothing to open them with. */
const canSendSms = () =>
  /Android|iPhone|iPad|iPod|HarmonyOS|Mobile/i.test(navigator.userAgent) || window.matchMedia("(pointer: coarse)").matches;

/** Grow a text box with its content (CSS max-height caps it; then it scrolls). @param {HTMLTextAreaElement} area */
const autoGrow = (area) => {
  area.style.height = "auto";
  area.style.height = `${area.scrollHeight + area.offsetHeight - area.clientHeight}px`;
};

/** @param {HTMLElement} root */
function setup(root) {
  if (root.dataset.checkerInit) return; // idempotent
  root.dataset.checkerInit = "1";
  const island = document.getElementById("__checker");
  if (!island) return;
  /** @type {PageConfig} */
  const config = JSON.parse(island.textContent || "{}");
  const t = config.strings;
  const base = new URL(config.base.endsWith("/") ? config.base : `${config.base}/`, location.href);
  // The rules list moved to its own page: old links to /check/#rules go there.
  const toRulesPage = () => {
    if (location.hash === "#rules") location.replace(new URL(t.rules_page, base).href);
  };
  toRulesPage();
  window.addEventListener("hashchange", toRulesPage);
  const $ = (/** @type {string} */ name) => /** @type {HTMLElement} */ (root.querySelector(`[data-checker-${name}]`));
  const form = /** @type {HTMLFormElement} */ ($("form"));
  const textarea = /** @type {HTMLTextAreaElement} */ (form.elements.namedItem("text"));
  const senderInput = /** @type {HTMLInputElement} */ (form.elements.namedItem("sender"));
  const timeInput = /** @type {HTMLInputElement} */ (form.elements.namedItem("time"));
  const submit = /** @type {HTMLButtonElement} */ ($("submit"));
  const counter = $("counter");
  const inputError = $("input-error");
  const stage = $("stage");
  const progress = /** @type {HTMLProgressElement} */ ($("progress"));
  const fallback = $("fallback");
  const retry = $("retry");
  const details = $("details");
  const announcer = $("announcer");
  const resultSlot = $("result");
  const paste = $("paste");
  const pasteStatus = $("paste-status");
  const more = /** @type {HTMLDetailsElement} */ ($("more"));
  let maxLength = config.maxLength;
  /** @type {Report | null} */
  let lastReport = null;
  let queued = false;
  let busy = false;

  /** @param {"idle" | "loading" | "ready" | "error"} state */
  const setState = (state) => {
    root.dataset.checkerState = state;
  };

  const client = new CheckerClient(
    new URL(config.worker, location.href).href,
    {
      indexURL: new URL(config.indexURL, location.href).href,
      lockFileURL: new URL(config.lockFileURL, location.href).href,
      packageName: config.package,
      sizes: Object.fromEntries(Object.entries(config.downloads).map(([path, size]) => [new URL(path, base).href, size])),
    },
    config.timeoutMs,
    (/** @type {Stage} */ name, percent) => {
      stage.textContent = t.stages[name] + (name === "runtime" ? ` ${percent}%` : "") + (queued && name !== "ready" ? ` — ${t.queued}` : "");
      progress.value = name === "runtime" ? Math.round(percent * 0.8) : name === "boot" ? 85 : name === "package" ? 95 : 100;
      progress.hidden = name === "ready";
    },
  );

  /** @param {string} code @param {string} detail */
  const showFallback = (code, detail) => {
    setState("error");
    stage.textContent = t.fallback_title;
    progress.hidden = true;
    $("fallback-reason").textContent = t.fallback_reasons[code] ?? t.fallback_reasons.load_failed;
    retry.hidden = code === "no_wasm" || code === "no_module_worker";
    details.hidden = !detail;
    $("details-text").textContent = detail;
    fallback.hidden = false;
    submit.disabled = false;
    busy = false;
  };

  const start = () => {
    if (root.dataset.checkerState !== "idle") return;
    setState("loading");
    fallback.hidden = true;
    progress.hidden = false;
    progress.value = 0;
    client.start().then(
      (info) => {
        maxLength = info.maxLength;
        root.dataset.checkerTimings = JSON.stringify(info.timings);
        updateCounter();
        setState("ready");
        if (queued) {
          queued = false;
          void runCheck();
        }
      },
      (/** @type {unknown} */ err) => {
        queued = false;
        const code = err instanceof LoadError ? err.code : "load_failed";
        showFallback(code, err instanceof Error ? err.message : "");
      },
    );
  };

  const updateCounter = () => {
    const n = Array.from(textarea.value).length;
    const over = n > maxLength;
    counter.textContent = format(over ? t.counter_over : t.counter, { n, max: maxLength });
    counter.classList.toggle("checker__counter--over", over);
  };

  /** @param {string} message */
  const showInputError = (message) => {
    inputError.textContent = message;
    inputError.hidden = !message;
    textarea.setAttribute("aria-invalid", message ? "true" : "false");
  };

  const runCheck = async () => {
    if (busy) return;
    const state = root.dataset.checkerState;
    if (state === "error") {
      fallback.scrollIntoView({ block: "nearest" });
      return;
    }
    if (state !== "ready") {
      queued = true;
      stage.textContent = t.queued;
      start();
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = t.checking;
    try {
      const reply = JSON.parse(await client.check(textarea.value, senderInput.value.trim(), timeInput.value));
      if (!reply.ok) {
        showInputError(reply.error.message);
        textarea.focus();
        return;
      }
      showInputError("");
      lastReport = reply.report;
      const view = renderReport(reply.report, textarea.value, t, base, {
        canShare: typeof navigator.share === "function",
        canSms: canSendSms(),
      });
      resultSlot.replaceChildren(view);
      announcer.textContent = format(t.done_announcement, { verdict: reply.report.verdict_title });
      // The verdict takes focus (screen readers read it) and the result's top comes into view.
      /** @type {HTMLElement | null} */ (view.querySelector("#checker-result-heading"))?.focus({ preventScroll: true });
      view.scrollIntoView({ block: "start" });
    } catch (err) {
      if (err instanceof LoadError) {
        showFallback(err.code, err.message);
      } else {
        showInputError(t.unexpected_error);
      }
    } finally {
      busy = false;
      submit.disabled = false;
      submit.textContent = t.submit;
    }
  };

  /** @param {string} text */
  const copyText = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "checker__offscreen";
      document.body.append(area);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      area.remove();
      return ok;
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void runCheck();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void runCheck();
    }
  });
  textarea.addEventListener("input", () => {
    updateCounter();
    autoGrow(textarea);
    if (!inputError.hidden) showInputError("");
  });
  textarea.addEventListener("focus", start, { once: true });
  retry.addEventListener("click", () => {
    client.dispose();
    setState("idle");
    start();
  });
  /** @param {string} text @param {string} message */
  const showCopyFallback = (text, message) => {
    const status = /** @type {HTMLElement} */ (resultSlot.querySelector("[data-checker-copy-status]"));
    status.textContent = message;
    if (!message.startsWith(t.copy_failed)) return;
    const manual = document.createElement("textarea");
    manual.readOnly = true;
    manual.className = "checker__manual-copy";
    manual.setAttribute("aria-label", t.copy);
    manual.value = text;
    status.after(manual);
    manual.select();
  };

  resultSlot.addEventListener("click", async (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (!lastReport) return;
    if (target.closest("[data-checker-copy]")) {
      const text = summaryText(lastReport, t, base);
      showCopyFallback(text, (await copyText(text)) ? t.copied : t.copy_failed);
    } else if (target.closest("[data-checker-share]")) {
      const text = summaryText(lastReport, t, base);
      try {
        await navigator.share({ title: t.share_title, text });
      } catch (err) {
        // The reader closing the share sheet is an AbortError: nothing to say.
        if (!(err instanceof DOMException && err.name === "AbortError")) showCopyFallback(text, t.share_failed);
      }
    } else if (target.closest("[data-checker-copy-12321]")) {
      const body = /** @type {HTMLTextAreaElement} */ (resultSlot.querySelector(".checker-12321__body"));
      if (!(await copyText(body.value))) body.select();
      else target.textContent = t.report12321_copied;
    } else if (target.closest("[data-checker-add-sender]")) {
      more.open = true;
      senderInput.focus();
    }
  });

  if (navigator.clipboard && typeof navigator.clipboard.readText === "function") {
    paste.hidden = false;
    paste.addEventListener("click", async () => {
      try {
        const text = await navigator.clipboard.readText();
        if (!text) throw new Error("empty clipboard");
        textarea.value = text;
        updateCounter();
        autoGrow(textarea);
        showInputError("");
        pasteStatus.textContent = t.pasted;
        start();
      } catch {
        pasteStatus.textContent = t.paste_failed;
      }
      textarea.focus();
    });
  }

  // Bfcache: a restored page keeps its DOM and (usually) its worker; if the worker was lost, start over.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && root.dataset.checkerState !== "error" && !client.worker) {
      setState("idle");
      start();
    }
  });

  const unsupported = unsupportedReason();
  if (unsupported) {
    showFallback(unsupported, "");
    return;
  }

  // Deep link: /check/#text=...&sender=...&time=HH:MM fills the form and checks once ready, on load
  // and when such a link is opened while the page is already open (hashchange). The fragment never
  // reaches a server; we drop it from the address bar (and history) after reading it, so the message
  // does not linger in the URL on a shared phone.
  const followHash = () => {
    if (!/(^#|&)text=/.test(location.hash)) return false;
    try {
      const prefill = readPrefill(location.hash);
      textarea.value = prefill.text ?? "";
      senderInput.value = prefill.sender ?? "";
      timeInput.value = /^\d{2}:\d{2}$/.test(prefill.time ?? "") ? prefill.time : "";
      if (senderInput.value || timeInput.value) more.open = true;
      updateCounter();
      autoGrow(textarea);
      showInputError("");
      resultSlot.replaceChildren();
      queued = true;
    } catch {
      showInputError(t.prefill_invalid);
    }
    history.replaceState(history.state, "", location.pathname + location.search);
    if (root.dataset.checkerState === "ready") {
      queued = false;
      void runCheck();
    } else {
      start();
    }
    return true;
  };
  window.addEventListener("hashchange", followHash);
  if (followHash()) return;
  updateCounter();
  if ("requestIdleCallback" in window) window.requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 1000);
}

const root = document.getElementById("checker");
if (root) setup(root);
