// The /check/ page: wires the form to the checker worker, shows loading stages, the result and the
// fallback. Message text stays in this page: it is never logged, stored or put in a URL.
import { checkerPage, saveData, siteBase } from "./boot.js";
import { LoadError, unsupportedReason } from "./client.js";
import { renderReport, summaryText } from "./render.js";

/** @typedef {import("./protocol.js").Stage} Stage */
/** @typedef {import("./render.js").Report} Report */

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
  if (!checkerPage) return;
  const { config, client } = checkerPage; // boot.js may have started it already
  const t = config.strings;
  const base = siteBase(config);
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
  const downloadButton = /** @type {HTMLButtonElement} */ ($("download"));
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
  let waitingAtFailure = false;
  let busy = false;

  /** @param {"idle" | "loading" | "ready" | "error"} state */
  const setState = (state) => {
    root.dataset.checkerState = state;
  };

  client.onProgress = (message) =>
    showLoading(message.stage, message.total ? (100 * message.loaded) / message.total : 0, message.fromCache);
  const size = (config.downloadBytes / 1e6).toFixed(1);
  /** The LOADING status line: plain words, the size before and during the download. */
  const showLoading = (/** @type {Stage | "idle"} */ name, /** @type {number} */ percent, fromCache = false) => {
    const key = name === "prepare" && fromCache ? "prepare_cached" : name;
    const text = format(t.stages[key], { size, percent: Math.floor(percent) });
    stage.textContent = text + (queued && name !== "ready" ? ` ${t.queued}` : "");
    progress.value = name === "download" ? Math.round(percent * 0.9) : name === "prepare" ? 95 : 100;
    progress.hidden = name === "ready" || name === "idle";
  };

  /** @param {string} code @param {string} detail */
  const showFallback = (code, detail) => {
    setState("error");
    stage.textContent = t.fallback_title;
    progress.hidden = true;
    const reason = code === "load_failed" && navigator.onLine === false ? "offline" : code;
    $("fallback-reason").textContent = format(t.fallback_reasons[reason] ?? t.fallback_reasons.load_failed, {
      seconds: Math.round(config.timeoutMs / 1000),
    });
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
    downloadButton.hidden = true;
    showLoading("prepare", 0, true); // until bytes arrive: a second visit downloads nothing
    if (client.lastProgress) client.onProgress(client.lastProgress); // it started before this page was set up
    client.start().then(
      (info) => {
        maxLength = info.maxLength;
        root.dataset.checkerTimings = JSON.stringify(info.timings);
        root.dataset.checkerStart = info.start;
        updateCounter();
        setState("ready");
        registerServiceWorker();
        if (queued) {
          queued = false;
          void runCheck();
        }
      },
      (/** @type {unknown} */ err) => {
        waitingAtFailure = queued; // a retry that succeeds still owes the reader this check
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

  // After the checker is ready: a service worker keeps the pages, the theme and the checker for offline
  // use (it stores them once the page is idle; not with Save-Data, where every byte was asked for).
  const registerServiceWorker = () => {
    if (saveData || !("serviceWorker" in navigator) || !config.serviceWorker) return;
    const register = () => navigator.serviceWorker.register(new URL(config.serviceWorker, location.href)).catch(() => {});
    if ("requestIdleCallback" in window) window.requestIdleCallback(register, { timeout: 5000 });
    else setTimeout(register, 1000);
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
  retry.addEventListener("click", () => {
    client.dispose();
    setState("idle");
    queued = waitingAtFailure && textarea.value.trim() !== "";
    waitingAtFailure = false;
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
  // A check asked for before this script ran (the page's head held the submission; see checker-boot.html).
  updateCounter();
  if (form.hasAttribute("data-checker-held")) {
    form.removeAttribute("data-checker-held");
    void runCheck();
    return;
  }
  if (saveData) {
    // The reader asked their browser to save data: say what the download costs and wait to be asked.
    stage.textContent = format(t.save_data, { size });
    downloadButton.textContent = format(t.download_button, { size });
    downloadButton.hidden = false;
    downloadButton.addEventListener("click", start, { once: true });
    return;
  }
  // Start at once (boot.js usually has: then this shows its progress): the download and start-up run in
  // the worker, off the page's main thread.
  start();
}

const root = document.getElementById("checker");
if (root) setup(root);
