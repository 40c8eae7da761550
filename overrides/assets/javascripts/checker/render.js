// Builds the result view from a REPORT with DOM APIs only: user text is always a text node,
// never parsed as HTML. Evidence offsets are Python code-point indices, so the message is split
// with Array.from (UTF-16 surrogate pairs such as emoji count as one character, as in Python).

/**
 * @typedef {{text: string, start: number, end: number, field: "text" | "sender" | "received_at"}} Evidence
 * @typedef {{rule_id: string, kind: "scam" | "conduct", category: string, strength: "strong" | "medium" | "weak",
 *            title: string, explanation: string, advice: string, guide: string, evidence: Evidence[],
 *            parts?: Part[]}} Finding
 * @typedef {{role: "claim" | "pretext" | "ask" | "destination" | "pressure", role_label: string, evidence: Evidence[]}} Part
 * @typedef {{evidence: Evidence, host: string, assessment: string,
 *            status?: "official" | "unconfirmed" | "flagged", note?: string}} Link
 * @typedef {{number: string, digits: string, type: string, label: string, note: string}} Sender
 * @typedef {{verdict: "high_risk" | "suspicious" | "no_known_signals", verdict_title: string, verdict_summary: string,
 *            score: number, findings: Finding[], conduct_findings: Finding[], links: Link[], sender: Sender | null,
 *            next_steps: string[], input_length: number}} Report
 * @typedef {Record<string, any>} Strings  mkdocs.yml extra.checker
 */

/**
 * Create an element with a class and optional text content.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {string} [className] @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Split `text` into segments by evidence spans (code-point offsets); each segment knows which
 * finding kinds cover it.
 * @param {string} text
 * @param {Finding[]} findings
 * @returns {{text: string, kinds: Set<string>}[]}
 */
export function segments(text, findings) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  /** @type {{start: number, end: number, kind: string}[]} */
  const spans = [];
  for (const finding of findings) {
    for (const ev of finding.evidence) {
      if (ev.field !== "text") continue; // sender and receive-time evidence quote other fields
      const start = Math.max(0, Math.min(chars.length, ev.start));
      const end = Math.max(start, Math.min(chars.length, ev.end));
      if (end > start) {
        spans.push({ start, end, kind: finding.kind });
        cuts.add(start);
        cuts.add(end);
      }
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const kinds = new Set(spans.filter((s) => s.start <= a && s.end >= b).map((s) => s.kind));
    out.push({ text: chars.slice(a, b).join(""), kinds });
  }
  return out;
}

/** @param {string} text @param {Finding[]} findings @returns {HTMLElement} */
function messageView(text, findings) {
  const box = el("div", "checker-message");
  for (const seg of segments(text, findings)) {
    if (seg.kinds.size === 0) {
      box.append(document.createTextNode(seg.text));
    } else {
      const mark = el("mark", `checker-mark checker-mark--${seg.kinds.has("scam") ? "scam" : "conduct"}`, seg.text);
      box.append(mark);
    }
  }
  return box;
}

/** @param {HTMLElement} parent @param {Evidence[]} evidence */
function appendQuotes(parent, evidence) {
  evidence.forEach((ev, i) => {
    if (i) parent.append(document.createTextNode("、"));
    parent.append(el("q", "", ev.text));
  });
}

/** @param {string} href @param {string} text @param {URL} base @param {string} [className] */
function link(href, text, base, className) {
  const a = el("a", className, text);
  a.href = new URL(href, base).href;
  return a;
}

/**
 * One finding: title, the parts of the message it is built from, the quote and the advice in view;
 * the explanation and the guide link folded into a "为什么" disclosure.
 * @param {Finding} finding @param {Strings} t @param {URL} base
 * @returns {HTMLElement}
 */
function findingView(finding, t, base) {
  const item = el("li", `checker-finding checker-finding--${finding.strength}`);
  item.dataset.ruleId = finding.rule_id;
  const head = el("h4", "checker-finding__title");
  head.append(el("span", `checker-badge checker-badge--${finding.strength}`, t.strength_labels[finding.strength] ?? finding.strength));
  head.append(document.createTextNode(` ${finding.title}`));
  item.append(head);
  // One line per role, in the order the engine gives them: 自称… / 借口… / 要你… / 指向…
  /** @type {Map<string, {label: string, evidence: Evidence[]}>} */
  const roles = new Map();
  for (const part of finding.parts ?? []) {
    const entry = roles.get(part.role) ?? { label: part.role_label, evidence: [] };
    for (const ev of part.evidence) if (!entry.evidence.some((seen) => seen.text === ev.text)) entry.evidence.push(ev);
    roles.set(part.role, entry);
  }
  const parts = [...roles].filter(([, entry]) => entry.evidence.length);
  if (parts.length) {
    const box = el("div", "checker-parts");
    box.append(el("p", "checker-parts__intro", t.parts_intro));
    const list = el("ul", "checker-parts__list");
    for (const [role, entry] of parts) {
      const li = el("li", `checker-parts__item checker-parts__item--${role}`);
      li.dataset.role = role;
      li.append(el("span", "checker-parts__role", entry.label), document.createTextNode(" "));
      appendQuotes(li, entry.evidence);
      list.append(li);
    }
    box.append(list);
    item.append(box);
  } else if (finding.evidence.length) {
    const quotes = el("p", "checker-finding__evidence");
    quotes.append(document.createTextNode(t.evidence_label));
    appendQuotes(quotes, finding.evidence);
    item.append(quotes);
  }
  const advice = el("p", "checker-finding__advice");
  advice.append(el("strong", "", t.advice_label), document.createTextNode(finding.advice));
  item.append(advice);
  const why = el("details", "checker-finding__why");
  why.append(el("summary", "", t.why), el("p", "checker-finding__explanation", finding.explanation));
  if (finding.guide) {
    const p = el("p");
    p.append(link(finding.guide, t.guide_link, base, "checker-finding__guide"));
    why.append(p);
  }
  item.append(why);
  return item;
}

/**
 * The findings, numbered by the stylesheet (checker.css) rather than by list markers, which would
 * indent every line; role="list" keeps the list a list for Safari's VoiceOver without the markers.
 * @param {Finding[]} findings @param {Strings} t @param {URL} base
 */
function findingsList(findings, t, base) {
  const list = el("ol", "checker-findings");
  list.setAttribute("role", "list");
  for (const f of findings) list.append(findingView(f, t, base));
  return list;
}

/** @param {string} heading @param {string} [className] */
function section(heading, className) {
  const box = el("section", className ? `checker-result__section ${className}` : "checker-result__section");
  box.append(el("h3", "", heading));
  return box;
}

/** @param {string} text @param {string} [className] */
function button(text, className) {
  const b = el("button", className ? `md-button ${className}` : "md-button", text);
  b.type = "button";
  return b;
}

/**
 * The body of an SMS to 12321 in its published format, 被举报号码*短信内容 (guide: report/#spam-sms).
 * The one place the message text goes anywhere, and only when the reader presses send.
 * @param {string} sender @param {string} text
 */
export function report12321Body(sender, text) {
  return `${sender}*${text.trim()}`;
}

/**
 * "举报到 12321" for a flagged result: an sms: link on a phone, the text to copy elsewhere.
 * @param {Report} report @param {string} text @param {Strings} t @param {URL} base @param {boolean} canSms
 */
function report12321View(report, text, t, base, canSms) {
  const box = el("div", "checker-12321");
  box.setAttribute("data-checker-12321", ""); // (dataset would write data-checker12321)
  box.append(el("p", "checker-12321__heading", t.report12321_heading));
  // The number as the checker read it (no spaces or +86), which is what 12321's format asks for.
  const sender = report.sender?.digits ?? "";
  if (!sender) {
    box.append(el("p", "", t.report12321_no_sender));
    const add = button(t.report12321_add_sender, "checker-12321__add-sender");
    add.dataset.checkerAddSender = "";
    box.append(add);
  } else if (canSms) {
    const sms = el("a", "md-button checker-12321__sms", t.report12321_link);
    sms.href = `sms:12321?body=${encodeURIComponent(report12321Body(sender, text))}`;
    sms.dataset.checkerSms = "";
    box.append(sms, el("p", "checker-12321__hint", t.report12321_hint));
  } else {
    box.append(el("p", "", t.report12321_desktop));
    const body = el("textarea", "checker-12321__body");
    body.readOnly = true;
    body.rows = 3;
    body.value = report12321Body(sender, text);
    body.setAttribute("aria-label", t.report12321_heading);
    const copy = button(t.report12321_copy, "checker-12321__copy");
    copy.setAttribute("data-checker-copy-12321", "");
    box.append(body, copy);
  }
  const guide = el("p");
  guide.append(link(t.report12321_guide_link, t.report12321_guide, base));
  box.append(guide);
  return box;
}

/**
 * Next steps right under the verdict: the first three in view, the rest one tap away, then
 * 复制结果 / 分享, then (flagged) 举报到 12321 or (no known signals) where to verify.
 * @param {Report} report @param {string} text @param {Strings} t @param {URL} base @param {RenderOptions} options
 */
function nextStepsView(report, text, t, base, options) {
  const box = section(t.next_steps_heading, "checker-result__next");
  const first = report.next_steps.slice(0, 3);
  const rest = report.next_steps.slice(3);
  if (first.length) {
    const list = el("ol", "checker-steps");
    for (const step of first) list.append(el("li", "", step));
    box.append(list);
  }
  if (rest.length) {
    const more = el("details", "checker-steps__more");
    const list = el("ol", "checker-steps");
    list.start = first.length + 1;
    for (const step of rest) list.append(el("li", "", step));
    more.append(el("summary", "", t.more_steps.replace("{n}", String(rest.length))), list);
    box.append(more);
  }
  const actions = el("div", "checker-result__actions");
  const copy = button(t.copy, "checker-copy");
  copy.dataset.checkerCopy = "";
  actions.append(copy);
  if (options.canShare) {
    const share = button(t.share, "checker-share");
    share.dataset.checkerShare = "";
    actions.append(share);
  }
  const status = el("span", "checker-copy__status");
  status.dataset.checkerCopyStatus = "";
  status.setAttribute("role", "status");
  actions.append(status);
  box.append(actions);
  if (report.verdict === "no_known_signals") {
    const clean = el("div", "checker-clean");
    clean.dataset.checkerClean = "";
    clean.append(el("p", "checker-clean__heading", t.clean_heading));
    const list = el("ul");
    for (const item of t.clean_links) {
      const li = el("li");
      li.append(link(item.href, item.title, base));
      list.append(li);
    }
    clean.append(list);
    box.append(clean);
  } else if (report.findings.length) {
    box.append(report12321View(report, text, t, base, options.canSms));
  }
  return box;
}

/**
 * @typedef {{canShare: boolean, canSms: boolean}} RenderOptions  what this device can do
 */

/**
 * The whole result view: verdict; next steps with copy/share (and 12321 or where to verify);
 * findings with "为什么" folded; links and sender; the highlighted message last.
 * @param {Report} report @param {string} text the original message @param {Strings} t @param {URL} base site root
 * @param {RenderOptions} [options]
 * @returns {HTMLElement}
 */
export function renderReport(report, text, t, base, options = { canShare: false, canSms: false }) {
  const root = el("section", `checker-result checker-result--${report.verdict}`);
  root.dataset.verdict = report.verdict;
  root.setAttribute("aria-labelledby", "checker-result-heading");

  const banner = el("div", "checker-verdict");
  const heading = el("h3", "checker-verdict__title");
  heading.id = "checker-result-heading";
  heading.tabIndex = -1;
  // The verdict's words come from the engine's data (checker/rules/messages.toml), never from here.
  heading.append(el("span", "checker-verdict__label", report.verdict_title));
  banner.append(heading, el("p", "checker-verdict__summary", report.verdict_summary));
  root.append(banner);
  root.append(nextStepsView(report, text, t, base, options));

  if (report.findings.length) {
    // Under a clean verdict the findings are weak signals that do not add up to "suspicious":
    // their heading says so, so the page never seems to contradict its own verdict.
    const clean = report.verdict === "no_known_signals";
    const box = section(clean ? t.findings_heading_weak : t.findings_heading, "checker-result__findings");
    if (clean) box.append(el("p", "", t.findings_intro_weak));
    box.append(findingsList(report.findings, t, base));
    root.append(box);
  }
  if (report.conduct_findings.length) {
    const box = section(t.conduct_heading, "checker-result__conduct");
    box.dataset.checkerConduct = "";
    box.append(el("p", "", t.conduct_intro));
    box.append(findingsList(report.conduct_findings, t, base), link(t.conduct_link, t.conduct_link_text, base, "md-button"));
    root.append(box);
  }
  if (report.links.length) {
    const box = section(t.links_heading, "checker-result__links");
    const list = el("ul");
    for (const l of report.links) {
      const status = l.status ?? (l.assessment ? "flagged" : "");
      const li = el("li", status ? `checker-link checker-link--${status}` : "checker-link");
      if (status) li.dataset.linkStatus = status;
      li.append(el("code", "", l.host || l.evidence.text), document.createTextNode(" — "));
      if (status && t.link_status[status]) li.append(el("strong", "checker-link__status", t.link_status[status]), document.createTextNode(" "));
      li.append(document.createTextNode(l.note || (l.assessment ? t.link_flagged : t.link_unknown)));
      list.append(li);
    }
    box.append(list);
    root.append(box);
  }
  if (report.sender) {
    const box = section(t.sender_heading, "checker-result__sender");
    const p = el("p");
    p.append(el("code", "", report.sender.number), document.createTextNode(` ${report.sender.label}`));
    box.append(p, el("p", "checker-result__note", report.sender.note));
    root.append(box);
  }
  const all = [...report.findings, ...report.conduct_findings];
  const marked = all.some((f) => f.evidence.some((ev) => ev.field === "text" && ev.end > ev.start));
  const message = section(marked ? t.message_heading : t.message_heading_none, "checker-result__message");
  message.append(messageView(text, all));
  root.append(message);
  return root;
}

/**
 * A plain-text summary to send to a relative: verdict, signals, advice and links; never the
 * message text, the evidence quotes or the sender number.
 * @param {Report} report @param {Strings} t @param {URL} base site root
 * @returns {string}
 */
export function summaryText(report, t, base) {
  const lines = [`${t.copy_header}${report.verdict_title}`, report.verdict_summary];
  /** @param {string} heading @param {Finding[]} findings */
  const block = (heading, findings) => {
    if (!findings.length) return;
    lines.push("", heading);
    findings.forEach((f, i) => {
      lines.push(`${i + 1}. ${f.title}（${t.strength_labels[f.strength] ?? f.strength}）`);
      lines.push(`   ${t.advice_label}${f.advice}`);
      if (f.guide) lines.push(`   ${new URL(f.guide, base).href}`);
    });
  };
  block(t.copy_findings, report.findings);
  block(t.copy_conduct, report.conduct_findings);
  if (report.conduct_findings.length) lines.push(`   ${t.conduct_link_text}：${new URL(t.conduct_link, base).href}`);
  if (report.sender) lines.push("", `${t.copy_sender}${report.sender.label}`);
  if (report.next_steps.length) {
    lines.push("", t.copy_next_steps);
    report.next_steps.forEach((step, i) => lines.push(`${i + 1}. ${step}`));
  }
  lines.push("", `${t.report_title}${t.report_text}：${new URL(t.report_link, base).href}`);
  lines.push("", t.copy_footer);
  return redact(lines.join("\n"), report);
}

/**
 * Belt and braces: should a rule's wording ever quote the message, blank out the longer evidence
 * quotes, links and the sender number (short quotes such as "征信" are also rule vocabulary).
 * @param {string} summary @param {Report} report
 */
function redact(summary, report) {
  const quotes = [...report.findings, ...report.conduct_findings].flatMap((f) => [
    ...f.evidence.map((ev) => ev.text),
    ...(f.parts ?? []).flatMap((part) => part.evidence.map((ev) => ev.text)),
  ]);
  const secrets = quotes.filter((q) => Array.from(q.trim()).length >= 6);
  secrets.push(...report.links.map((l) => l.evidence.text));
  if (report.sender) secrets.push(report.sender.number);
  let out = summary;
  for (const secret of secrets.filter((s) => s.trim().length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join("……");
  }
  return out;
}
