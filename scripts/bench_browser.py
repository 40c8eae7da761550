"""Browser benchmark for /check/ against a stock Pyodide page (a report, not a test).

Builds the site (or takes --site DIR) and a *stock baseline*: a plain page that loads the same pinned
Pyodide 314 as shipped (its own python_stdlib.zip) in a module worker and installs a one-function wheel
through a lock file. Both are served from 127.0.0.1 by the same static server with compression on as
a static host serves it (the build's .br/.gz siblings where there are any, gzip on the fly otherwise)
and static-host cache headers (versioned folders immutable, pages revalidated), each on its own
origin. In headless Debian Chromium, with fresh profiles, for two network profiles (unthrottled
localhost; Lighthouse's mobile profile, 150 ms RTT and 1.6 Mbps down via CDP
Network.emulateNetworkConditions), it prints medians over --runs of:

* cold time from navigation start to ``data-checker-state=ready`` (fresh profile), for both pages,
  and /check/'s ratio to the baseline's cold time;
* warm time to ready (a later visit, same profile, once the first visit's memory snapshot is stored:
  the worker then starts from it), and its ratio to the baseline's *cold* time;
* for /check/: time to ready offline after one visit (network off; the service worker serves it);
* bytes on the wire: cold until ready, what the service worker stores after ready, warm;
* per-check latency through the UI over the corpus (submit -> result), and verdict/rule parity with
  CPython (unthrottled), on a visit that started from the memory snapshot.

Usage: scripts/dev.sh bench-browser [--site DIR] [--runs N] [--profiles localhost,mobile]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright  # noqa: E402
from pyodide_lock import PyodideLockSpec  # noqa: E402
from pyodide_lock.utils import add_wheels_to_spec  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SNAPSHOT_STORED, load_corpus, reference_json  # noqa: E402
from tests.browser.static_server import serve  # noqa: E402

NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
STOCK_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")

# Lighthouse's mobile profile (simulated throttling constants): 150 ms RTT, 1.6 Mbps down, 750 Kbps up.
PROFILES: dict[str, dict[str, float] | None] = {
    "localhost": None,
    "mobile": {"latency": 150, "downloadThroughput": 1638.4 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8},
}

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

BASELINE_HTML = """<!doctype html>
<meta charset="utf-8"><title>Stock Pyodide baseline</title>
<div id="checker" data-checker-state="loading">loading</div>
<script type="module">
  const worker = new Worker(new URL("worker.js", location.href), { type: "module" });
  worker.onmessage = (event) => {
    const root = document.getElementById("checker");
    root.textContent = event.data;
    root.dataset.checkerState = event.data === "ready" ? "ready" : "error";
  };
</script>
"""

BASELINE_WORKER = """
const { loadPyodide } = await import("./assets/checker/pyodide/pyodide.mjs");
try {
  const pyodide = await loadPyodide({
    indexURL: new URL("./assets/checker/pyodide/", location.href).href,
    lockFileURL: new URL("./assets/checker/app/pyodide-lock.json", location.href).href,
    packages: ["hello"],
  });
  pyodide.runPython("from hello import hello; hello()");
  postMessage("ready");
} catch (err) {
  postMessage(String(err));
}
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


@dataclass
class Series:
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    def fmt(self, unit: str = "ms") -> str:
        runs = ", ".join(f"{v:.0f}" for v in self.values)
        return f"median {self.median:8.0f} {unit}   runs [{runs}]"


def build_site(out: Path) -> Path:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return out


def hello_wheel(folder: Path) -> Path:
    """A one-function pure wheel, written by hand (what `python -m build` makes for one module)."""
    wheel = folder / "hello-0.1.0-py3-none-any.whl"
    files = {
        "hello.py": "def hello():\n    return 'hello'\n",
        "hello-0.1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: hello\nVersion: 0.1.0\n",
        "hello-0.1.0.dist-info/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    record = "".join(f"{name},,\n" for name in files) + "hello-0.1.0.dist-info/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**files, "hello-0.1.0.dist-info/RECORD": record}.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text)
    return wheel


def build_baseline(out: Path) -> Path:
    """The stock page: Pyodide's npm files untouched, a lock file with only the one-function wheel."""
    core = out / "assets" / "checker" / "pyodide"
    app = out / "assets" / "checker" / "app"
    core.mkdir(parents=True)
    app.mkdir(parents=True)
    for name in STOCK_FILES:
        shutil.copy2(NODE_PYODIDE / name, core / name)
    wheel = hello_wheel(app)
    spec = add_wheels_to_spec(PyodideLockSpec.from_json(NODE_PYODIDE / "pyodide-lock.json"), [wheel], base_path=app)
    spec.packages = {"hello": spec.packages["hello"]}
    (app / "pyodide-lock.json").write_text(json.dumps(spec.to_dict()), encoding="utf-8")
    (out / "index.html").write_text(BASELINE_HTML, encoding="utf-8")
    (out / "worker.js").write_text(BASELINE_WORKER, encoding="utf-8")
    return out


class Browser:
    """Fresh persistent Chromium profiles, throttled per profile through CDP."""

    def __init__(self, pw: Playwright, tmp: Path, conditions: dict[str, float] | None) -> None:
        self.pw = pw
        self.tmp = tmp
        self.conditions = conditions
        self.count = 0

    def context(self) -> BrowserContext:
        self.count += 1
        context = self.pw.chromium.launch_persistent_context(
            str(self.tmp / f"profile-{self.count}"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context.add_init_script(READY_PROBE)
        return context

    def page(self, context: BrowserContext) -> Page:
        page = context.new_page()
        if self.conditions:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {"offline": False, **self.conditions})
        return page


class TimedSent(list[tuple[str, int]]):
    """What a server sent, ``(path, body bytes)`` per response, with when each response's headers went
    out: bytes "until ready" are those of responses begun before the page turned ready (the service
    worker starts storing pages the moment the page is idle after ready, before Playwright sees it)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def append(self, item: tuple[str, int]) -> None:
        self.times.append(time.time())
        super().append(item)

    def clear(self) -> None:
        self.times.clear()
        super().clear()

    def before(self, epoch: float) -> list[tuple[str, int]]:
        return [item for item, sent_at in zip(self, self.times, strict=True) if sent_at <= epoch]


def time_to_ready(
    browser: Browser, context: BrowserContext, url: str, steps: list[dict[str, int | str]]
) -> tuple[float, float]:
    """Milliseconds from navigation start to ready, and the wall-clock time (s) it turned ready."""
    page = browser.page(context)
    page.goto(url, timeout=180_000)
    page.wait_for_selector("#checker[data-checker-state=ready], #checker[data-checker-state=error]", timeout=300_000)
    page.wait_for_timeout(50)
    state, ready_at, origin = page.evaluate("[window.__state, window.__readyAt, performance.timeOrigin]")

    if state != "ready":
        raise SystemExit(f"{url} did not load: {page.inner_text('#checker')[:500]}")
    timings = page.get_attribute("#checker", "data-checker-timings")
    if timings:
        steps.append({"start": page.get_attribute("#checker", "data-checker-start") or "?", **json.loads(timings)})
    page.close()
    return float(ready_at), (origin + ready_at) / 1000


def wait_for_service_worker(context: BrowserContext, url: str) -> None:
    """Let the service worker finish storing the site and the worker its memory snapshot (a reader's
    second visit comes later)."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#checker[data-checker-state=ready]", timeout=300_000)  # never left mid-start
    page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : false")
    if not page.evaluate(SNAPSHOT_STORED):
        raise SystemExit("the memory snapshot was not stored within 30 s")
    page.wait_for_timeout(300)
    page.close()


@dataclass
class ProfileResult:
    base_cold: Series = field(default_factory=Series)
    base_warm: Series = field(default_factory=Series)
    cold: Series = field(default_factory=Series)
    warm: Series = field(default_factory=Series)
    offline: Series = field(default_factory=Series)
    base_cold_bytes: int = 0
    cold_bytes: int = 0
    after_ready_bytes: int = 0
    warm_bytes: int = 0
    cold_files: list[tuple[str, int]] = field(default_factory=list)
    steps: list[dict[str, int | str]] = field(default_factory=list)


def measure(
    pw: Playwright,
    tmp: Path,
    profile: str,
    runs: int,
    site_url: str,
    base_url: str,
    sent: TimedSent,
    base_sent: TimedSent,
    log: Callable[[str], None],
) -> ProfileResult:
    result = ProfileResult()
    browser = Browser(pw, tmp / profile, PROFILES[profile])
    url = site_url + "check/"
    for run in range(runs):
        # Alternate the order so neither page always runs on a warmer machine.
        order = ("base", "site") if run % 2 == 0 else ("site", "base")
        for which in order:
            context = browser.context()
            try:
                if which == "base":
                    base_sent.clear()
                    ready_ms, ready_at = time_to_ready(browser, context, base_url, [])
                    result.base_cold.values.append(ready_ms)
                    result.base_cold_bytes = sum(n for _, n in base_sent.before(ready_at))
                    result.base_warm.values.append(time_to_ready(browser, context, base_url, [])[0])
                else:
                    sent.clear()
                    ready_ms, ready_at = time_to_ready(browser, context, url, result.steps)
                    result.cold.values.append(ready_ms)
                    result.cold_files = sent.before(ready_at)
                    result.cold_bytes = sum(n for _, n in result.cold_files)
                    wait_for_service_worker(context, url)
                    result.after_ready_bytes = sum(n for _, n in sent) - result.cold_bytes
                    sent.clear()
                    result.warm.values.append(time_to_ready(browser, context, url, result.steps)[0])
                    result.warm_bytes = sum(n for _, n in sent)
                    context.set_offline(True)
                    result.offline.values.append(time_to_ready(browser, context, url, [])[0])
            finally:
                context.close()
        log(
            f"  {profile} run {run + 1}: baseline cold {result.base_cold.values[-1]:.0f} ms, "
            f"/check/ cold {result.cold.values[-1]:.0f} ms, warm {result.warm.values[-1]:.0f} ms, "
            f"offline {result.offline.values[-1]:.0f} ms"
        )
    return result


def per_check(pw: Playwright, tmp: Path, site_url: str, corpus: list[dict[str, Any]]) -> list[dict[str, Any]]:
    browser = Browser(pw, tmp / "checks", None)
    context = browser.context()
    wait_for_service_worker(context, site_url + "check/")  # the first visit stores the memory snapshot
    page = browser.page(context)
    page.goto(site_url + "check/")
    page.wait_for_selector("#checker[data-checker-state=ready]", timeout=120_000)
    print(f"per-check visit started: {page.get_attribute('#checker', 'data-checker-start')}", file=sys.stderr)
    results: list[dict[str, Any]] = page.evaluate(RUN_CASES, corpus)
    context.close()
    return results


def fmt_bytes(n: int) -> str:
    return f"{n / 1_000_000:5.2f} MB ({n:,} bytes)"


def report(profile: str, r: ProfileResult) -> None:
    cold_ratio = r.cold.median / r.base_cold.median
    warm_ratio = r.warm.median / r.base_cold.median
    print(f"\n== {profile} ==")
    print(f"stock baseline cold:   {r.base_cold.fmt()}   ({fmt_bytes(r.base_cold_bytes)})")
    print(f"stock baseline warm:   {r.base_warm.fmt()}")
    print(f"/check/ cold:          {r.cold.fmt()}   ratio to baseline cold {cold_ratio:.2f}  (target <= 0.60)")
    print(f"/check/ warm:          {r.warm.fmt()}   ratio to baseline cold {warm_ratio:.2f}  (target <= 0.40)")
    print(f"/check/ offline:       {r.offline.fmt()}   (network off after one visit)")
    print(f"/check/ bytes, cold until ready:         {fmt_bytes(r.cold_bytes)} in {len(r.cold_files)} responses")
    print(f"/check/ bytes, service worker after ready: {fmt_bytes(r.after_ready_bytes)} (pages kept for offline)")
    print(f"/check/ bytes, warm:                     {fmt_bytes(r.warm_bytes)}")
    if r.steps:
        print("worker steps (ms since init; start: fresh, or from the memory snapshot):")
        print(f"  last cold visit: {r.steps[-2] if len(r.steps) > 1 else r.steps[-1]}")
        print(f"  last warm visit: {r.steps[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an existing build (default: build into a temp dir)")
    parser.add_argument("--runs", type=int, default=3, help="repetitions per profile (medians reported)")
    parser.add_argument("--profiles", default="localhost,mobile", help="comma-separated: localhost, mobile")
    args = parser.parse_args()
    profiles = [p.strip() for p in args.profiles.split(",") if p.strip()]
    for name in profiles:
        if name not in PROFILES:
            raise SystemExit(f"unknown profile {name!r}; known: {', '.join(PROFILES)}")

    corpus = load_corpus()
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp_name:
        tmp = Path(tmp_name)
        site = args.site or build_site(tmp / "site")
        baseline = build_baseline(tmp / "baseline")
        sent = TimedSent()
        base_sent = TimedSent()
        results: dict[str, ProfileResult] = {}
        with (
            serve(site, use_gzip=True, sent=sent) as site_url,
            serve(baseline, use_gzip=True, sent=base_sent) as base_url,
            sync_playwright() as pw,
        ):
            for name in profiles:
                print(f"measuring {name} ({args.runs} runs)...", file=sys.stderr)
                results[name] = measure(
                    pw, tmp, name, args.runs, site_url, base_url, sent, base_sent, lambda s: print(s, file=sys.stderr)
                )
            checks = per_check(pw, tmp, site_url, corpus)

    latencies = sorted(r["ms"] for r in checks)
    same = 0
    for case, got in zip(corpus, checks, strict=True):
        ref = json.loads(reference_json(case["text"], case.get("sender"), case.get("received_at")))
        rep = ref.get("report")
        want = (
            (rep["verdict"], [f["rule_id"] for f in rep["findings"] + rep["conduct_findings"]]) if rep else (None, [])
        )
        same += (got["verdict"], got["rules"]) == want

    print("Chromium headless; brotli/gzip as a static host serves it; static-host cache headers")
    for name, r in results.items():
        report(name, r)
        if name == profiles[-1]:
            print("    largest cold responses:")
            for path, n in sorted(r.cold_files, key=lambda item: -item[1])[:6]:
                print(f"    {n:>10,}  {path}")
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print(f"\nper check through the UI:     median {statistics.median(latencies):7.1f} ms   p95 {p95:.1f} ms")
    print(f"                              max {latencies[-1]:.1f} ms over {len(latencies)} messages")
    print(f"parity (verdict + rule ids):  {same}/{len(corpus)} = {100 * same / len(corpus):.1f} %")


if __name__ == "__main__":
    main()
