// Builds the result view from a REPORT with DOM APIs only: user text is always a text node,
// never parsed as HTML. Evidence offsets are Python code-point indices, so the message is split
// with Array.from (UTF-16 surrogate pairs such as emoji count as one character, as in Python).

/**
 * @typedef {{text: string, start: number, end: number, field: "text" | "sender" | "received_at"}} Evidence
 * @typedef {{rule_id: string, kind: "scam" | "conduct", category: string, strength: "strong" | "medium" | "weak",
 *            title: string, explanation: string, advice: string, guide: string, evidence: Evidence[]}} Finding
 * @typedef {{evidence: Evidence, host: string, assessment: string}} Link
 * @typedef {{number: string, type: string, label: string, note: string}} Sender
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

/**
 * @param {Finding} finding @param {Strings} t @param {URL} base
 * @returns {HTMLElement}
 */
function findingView(finding, t, base) {
  const item = el("li", `checker-finding checker-finding--${finding.strength}`);
  item.dataset.ruleId = finding.rule_id;
  const head = el("h4", "checker-finding__title");
  head.append(el("span", `checker-badge checker-badge--${finding.strength}`, t.strength_labels[finding.strength] ?? finding.strength));
  head.append(document.createTextNode(` ${finding.title}`));
  item.append(head, el("p", "checker-finding__explanation", finding.explanation));
  const advice = el("p", "checker-finding__advice");
  advice.append(el("strong", "", t.advice_label), document.createTextNode(finding.advice));
  item.append(advice);
  if (finding.evidence.length) {
    const quotes = el("p", "checker-finding__evidence");
    quotes.append(document.createTextNode(t.evidence_label));
    finding.evidence.forEach((ev, i) => {
      if (i) quotes.append(document.createTextNode("、"));
      quotes.append(el("q", "", ev.text));
    });
    item.append(quotes);
  }
  if (finding.guide) {
    const link = el("a", "checker-finding__guide", t.guide_link);
    link.href = new URL(finding.guide, base).href;
    const p = el("p");
    p.append(link);
    item.append(p);
  }
  return item;
}

/** @param {string} heading @param {string} [className] */
function section(heading, className) {
  const box = el("section", className ? `checker-result__section ${className}` : "checker-result__section");
  box.append(el("h3", "", heading));
  return box;
}

/**
 * The whole result view.
 * @param {Report} report @param {string} text the original message @param {Strings} t @param {URL} base site root
 * @returns {HTMLElement}
 */
export function renderReport(report, text, t, base) {
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

  const all = [...report.findings, ...report.conduct_findings];
  const message = section(t.message_heading, "checker-result__message");
  message.append(messageView(text, all));
  root.append(message);

  if (report.findings.length) {
    const box = section(t.findings_heading, "checker-result__findings");
    const list = el("ol", "checker-findings");
    for (const f of report.findings) list.append(findingView(f, t, base));
    box.append(list);
    root.append(box);
  }
  if (report.conduct_findings.length) {
    const box = section(t.conduct_heading, "checker-result__conduct");
    box.dataset.checkerConduct = "";
    box.append(el("p", "", t.conduct_intro));
    const list = el("ol", "checker-findings");
    for (const f of report.conduct_findings) list.append(findingView(f, t, base));
    const link = el("a", "md-button", t.conduct_link_text);
    link.href = new URL(t.conduct_link, base).href;
    box.append(list, link);
    root.append(box);
  }
  if (report.links.length) {
    const box = section(t.links_heading, "checker-result__links");
    const list = el("ul");
    for (const l of report.links) {
      const li = el("li");
      li.append(el("code", "", l.host || l.evidence.text), document.createTextNode(` — ${l.assessment ? t.link_flagged : t.link_unknown}`));
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
  if (report.next_steps.length) {
    const box = section(t.next_steps_heading, "checker-result__next");
    const list = el("ol");
    for (const step of report.next_steps) list.append(el("li", "", step));
    box.append(list);
    root.append(box);
  }
  const actions = el("div", "checker-result__actions");
  const copy = el("button", "md-button checker-copy", t.copy);
  copy.type = "button";
  copy.dataset.checkerCopy = "";
  const status = el("span", "checker-copy__status");
  status.dataset.checkerCopyStatus = "";
  status.setAttribute("role", "status");
  actions.append(copy, status);
  root.append(actions);
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
  const quotes = [...report.findings, ...report.conduct_findings].flatMap((f) => f.evidence.map((ev) => ev.text));
  const secrets = quotes.filter((q) => Array.from(q.trim()).length >= 6);
  secrets.push(...report.links.map((l) => l.evidence.text));
  if (report.sender) secrets.push(report.sender.number);
  let out = summary;
  for (const secret of secrets.filter((s) => s.trim().length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join("……");
  }
  return out;
}
