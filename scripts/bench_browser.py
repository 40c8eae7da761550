"""Browser benchmark for /check/ (a report, not a test).

Builds the site (or takes --site DIR), serves it from 127.0.0.1 with gzip and static-host cache headers
(content-addressed checker assets immutable, HTML revalidated), and in headless Debian Chromium prints:

* cold time from navigation start to ``data-checker-state=ready`` (fresh profile),
* warm time to ready (second visit, same profile: HTTP cache and V8's Wasm code cache),
* per-check latency through the UI (submit -> result rendered), median and p95 over the corpus,
* bytes transferred for /check/ (cold and warm; response bodies as sent, i.e. gzipped where it applies),
* parity: verdict and rule ids shown in the page vs. CPython's ``check_json``, over the whole corpus.

Usage: scripts/dev.sh bench-browser [--site DIR] [--runs N] [--no-gzip]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, load_corpus, reference_json  # noqa: E402
from tests.browser.static_server import serve  # noqa: E402

# Records when the widget turns ready, relative to navigation start (performance.now() origin).
READY_PROBE = """
new MutationObserver((_, obs) => {
  const root = document.getElementById("checker");
  const state = root && root.dataset.checkerState;
  if (state === "ready" || state === "error") {
    window.__readyAt = performance.now();
    window.__state = state;
    obs.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-checker-state"]});
"""

# Runs every case through the form and times submit -> result in the page itself.
RUN_CASES = """
async (cases) => {
  const root = document.getElementById("checker");
  const form = root.querySelector("[data-checker-form]");
  const slot = root.querySelector("[data-checker-result]");
  const error = root.querySelector("[data-checker-input-error]");
  const out = [];
  for (const c of cases) {
    form.elements.text.value = c.text;
    form.elements.sender.value = c.sender || "";
    form.elements.time.value = c.received_at || "";
    slot.replaceChildren();
    error.hidden = true;
    const done = new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (slot.querySelector("[data-verdict]") || !error.hidden) { obs.disconnect(); resolve(); }
      });
      obs.observe(root, {subtree: true, childList: true, attributes: true});
    });
    const t0 = performance.now();
    form.requestSubmit();
    await done;
    const ms = performance.now() - t0;
    const result = slot.querySelector("[data-verdict]");
    out.push({id: c.id, ms, verdict: result ? result.dataset.verdict : null,
              rules: [...slot.querySelectorAll("[data-rule-id]")].map((e) => e.dataset.ruleId)});
    await new Promise((r) => setTimeout(r, 0));
  }
  return out;
}
"""


def build_site(out: Path) -> Path:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return out


def time_to_ready(context: BrowserContext, url: str) -> float:
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#checker[data-checker-state=ready], #checker[data-checker-state=error]", timeout=90_000)
    page.wait_for_timeout(50)
    state, ready_at = page.evaluate("[window.__state, window.__readyAt]")
    if state != "ready":
        raise SystemExit(f"checker did not load: {page.inner_text('[data-checker-fallback]')}")
    STEPS.append(json.loads(page.get_attribute("#checker", "data-checker-timings") or "{}"))
    page.close()
    return float(ready_at)


STEPS: list[dict[str, int]] = []  # the worker's own step timings (ms since it got "init"), per visit


def fmt_bytes(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB ({n:,} bytes)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an existing build (default: build into a temp dir)")
    parser.add_argument("--runs", type=int, default=3, help="cold/warm repetitions (median reported)")
    parser.add_argument("--no-gzip", action="store_true", help="serve uncompressed")
    args = parser.parse_args()

    corpus = load_corpus()
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        site = args.site or build_site(Path(tmp) / "site")
        sent: list[tuple[str, int]] = []
        with serve(site, use_gzip=not args.no_gzip, sent=sent) as base, sync_playwright() as pw:
            url = base + "check/"
            cold: list[float] = []
            warm: list[float] = []
            cold_bytes = warm_bytes = 0
            for run in range(args.runs):
                profile = Path(tmp) / f"profile-{run}"
                context = pw.chromium.launch_persistent_context(
                    str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                context.add_init_script(READY_PROBE)
                sent.clear()
                cold.append(time_to_ready(context, url))
                cold_bytes = sum(n for _, n in sent)
                cold_files = list(sent)
                sent.clear()
                warm.append(time_to_ready(context, url))
                warm_bytes = sum(n for _, n in sent)
                if run == args.runs - 1:
                    page = context.new_page()
                    page.goto(url)
                    page.wait_for_selector("#checker[data-checker-state=ready]", timeout=90_000)
                    results: list[dict[str, Any]] = page.evaluate(RUN_CASES, corpus)
                context.close()

        latencies = sorted(r["ms"] for r in results)
        same = 0
        for case, got in zip(corpus, results, strict=True):
            ref = json.loads(reference_json(case["text"], case.get("sender"), case.get("received_at")))
            report = ref.get("report")
            want = (
                (report["verdict"], [f["rule_id"] for f in report["findings"] + report["conduct_findings"]])
                if report
                else (None, [])
            )
            same += (got["verdict"], got["rules"]) == want

    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print(f"Chromium headless, {'gzip' if not args.no_gzip else 'no compression'}, static-host cache headers")
    print(f"cold ready (fresh profile):   median {statistics.median(cold):7.0f} ms   runs {[round(x) for x in cold]}")
    print(f"warm ready (same profile):    median {statistics.median(warm):7.0f} ms   runs {[round(x) for x in warm]}")
    print(f"worker steps, last cold visit (ms since init): {STEPS[-2]}")
    print(f"per check through the UI:     median {statistics.median(latencies):7.1f} ms   p95 {p95:.1f} ms")
    print(f"                              max {latencies[-1]:.1f} ms over {len(latencies)} messages")
    print(f"bytes for /check/, cold:      {fmt_bytes(cold_bytes)} in {len(cold_files)} responses")
    print(f"bytes for /check/, warm:      {fmt_bytes(warm_bytes)}")
    for path, n in sorted(cold_files, key=lambda item: -item[1])[:6]:
        print(f"    {n:>10,}  {path}")
    print(f"parity (verdict + rule ids):  {same}/{len(corpus)} = {100 * same / len(corpus):.1f} %")


if __name__ == "__main__":
    main()
