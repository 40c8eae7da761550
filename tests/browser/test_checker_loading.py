"""Loading the checker on real networks: offline after one visit, a new deploy, slow and broken
downloads, the reader's data saver, and later visits that start from the memory snapshot the first
one made. Each test runs in a fresh Chromium context against its own local server, so what one test
stores (Cache Storage, the service worker) never leaks into another.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ROOT, SNAPSHOT_STORED, parity_cases, parity_mismatches, reference_json
from tests.browser.static_server import Slow, serve
from tests.conftest import mkdocs_build

pytestmark = pytest.mark.e2e

READY = "#checker[data-checker-state=ready]"
ERROR = "#checker[data-checker-state=error]"
SETTLED = f"{READY}, {ERROR}"
MESSAGE = "【拍拍贷】您的账户严重逾期，今日不处理将上门催收，请点击 http://ppd-xx.cn 处理"
# worker.js's PROBE: the fixed message the worker checks before it copies its memory.
WORKER_PROBE = (
    "【拍拍贷】您已逾期，请点击 http://ppd-xx.cn 或致电 13800138000 处理，加微信 abc123",
    "10690000",
    "23:30",
)
SAVE_DATA = """
Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true,
  get: () => ({ saveData: true, effectiveType: "2g", addEventListener() {}, removeEventListener() {} }),
});
"""


# The smaller phone the guide is tested at: the first visit there makes and stores a ~31 MB snapshot too.
PHONE_360 = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@contextmanager
def fresh_context(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(**({"viewport": {"width": 390, "height": 844}} | options))
    try:
        yield context
    finally:
        # A route handler may still be serving a late request (the service worker's install): never let
        # it fail after the test, in whichever test asks Playwright for something next.
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def check_through_ui(page: Any, text: str = MESSAGE) -> tuple[str, list[str]]:
    page.evaluate("document.querySelector('[data-checker-result]').replaceChildren()")
    page.fill("#checker-text", text)
    page.click("[data-checker-submit]")
    page.wait_for_selector("[data-checker-result] [data-verdict]", timeout=30_000)
    verdict = page.get_attribute("[data-checker-result] [data-verdict]", "data-verdict")
    rules = page.eval_on_selector_all("[data-checker-result] [data-rule-id]", "els => els.map(e => e.dataset.ruleId)")
    return verdict, rules


def wait_for_service_worker(page: Any) -> None:
    """The service worker is registered once the checker is ready and has stored the site when active."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def poll(page: Any, expression: str, timeout_s: float = 30) -> None:
    """Wait until ``expression`` (awaited in the page) is true. (wait_for_function evals a string
    predicate, which the page's CSP rightly blocks; page.evaluate goes through the debugger.)"""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(200)


def cache_names(page: Any) -> list[str]:
    names: list[str] = page.evaluate("caches.keys()")
    return sorted(names)


def with_timeout(ms: int) -> Any:
    """A route handler serving /check/ with a shorter inactivity timeout in the page's config island."""

    def handler(route: Any) -> None:
        response = route.fetch()
        body = re.sub(r'"timeoutMs": \d+', f'"timeoutMs": {ms}', response.text())
        route.fulfill(response=response, body=body)

    return handler


def test_offline_after_one_visit_gives_the_same_answer(browser: Any, site_dir: Path) -> None:
    with serve(site_dir) as site, fresh_context(browser) as context:
        page = context.new_page()
        page.goto(site + "check/")
        page.wait_for_selector(READY, timeout=60_000)
        online = check_through_ui(page)
        wait_for_service_worker(page)
        context.set_offline(True)
        offline_page = context.new_page()
        offline_page.goto(site + "check/")
        offline_page.wait_for_selector(SETTLED, timeout=60_000)
        assert offline_page.locator(READY).count() == 1, offline_page.inner_text("#checker")[:400]
        assert check_through_ui(offline_page) == online
        reply = json.loads(reference_json(MESSAGE))["report"]
        assert online[0] == reply["verdict"]
        offline_page.goto(site + "report/")  # the guide is there too
        assert offline_page.locator("#first-10-minutes").count() == 1
        # And its search: the theme's search worker imports its language scripts (lunr) when it starts.
        assert any("report/" in href for href in search(offline_page, "验证码"))


def search(page: Any, query: str) -> list[str]:
    """Type a query into the site search (the header's magnifier on a narrow page): the results' links."""
    page.click(".md-header [data-md-for=__search]")
    field = page.locator("input.md-search__input")
    field.fill(query)
    first = page.locator(".md-search-result__item").first
    for _ in range(15):
        field.press("End")  # the theme reads the query on keyup (CJK text arrives without key events)
        try:
            first.wait_for(timeout=2_000)
            break
        except Exception:  # Playwright's TimeoutError: the index is still loading, or never will
            continue
    meta = page.inner_text(".md-search-result__meta")
    links: list[str] = page.eval_on_selector_all(".md-search-result__link", "as => as.map(a => a.href)")
    assert links, f"no results for {query}: {meta}"
    return links


def test_a_new_build_replaces_the_cached_checker_cleanly(
    browser: Any, site_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """After a deploy with a changed checker, the page and the wheel move together: the old versioned
    caches are deleted, and nothing from the old app folder is fetched by the new page."""
    second = build_with_changed_checker(tmp_path_factory.mktemp("second-build"))
    live = tmp_path_factory.mktemp("live") / "site"
    shutil.copytree(site_dir, live)
    old_app = app_folder(site_dir)
    new_app = app_folder(second)
    assert old_app != new_app
    with serve(live) as site, fresh_context(browser) as context:
        page = context.new_page()
        page.goto(site + "check/")
        page.wait_for_selector(READY, timeout=60_000)
        wait_for_service_worker(page)
        assert page.evaluate(SNAPSHOT_STORED)
        assert f"cuishou-app-{old_app}" in cache_names(page)
        assert [n for n in cache_names(page) if n.startswith("cuishou-snapshot-")] == [snapshot_cache(old_app)]

        shutil.rmtree(live)
        shutil.copytree(second, live)  # the deploy
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page.goto(site + "check/")
        page.wait_for_selector(READY, timeout=60_000)
        assert page.get_attribute("#checker", "data-checker-start") == "fresh", "the old build's snapshot is not used"
        assert check_through_ui(page)[0] == json.loads(reference_json(MESSAGE))["report"]["verdict"]
        swapped = f"!k.includes('cuishou-app-{old_app}') && k.includes('cuishou-app-{new_app}')"
        poll(page, f"caches.keys().then(k => {swapped})")
        assert page.evaluate(SNAPSHOT_STORED)
        poll(page, f"caches.keys().then(k => !k.includes('{snapshot_cache(old_app)}'))")
        assert not [url for url in requests if f"app-{old_app}" in url]
        names = cache_names(page)
        assert len([n for n in names if n.startswith("cuishou-shell-")]) == 1, names
        assert [n for n in names if n.startswith("cuishou-snapshot-")] == [snapshot_cache(new_app)], names


def test_a_check_tapped_before_the_scripts_run_stays_on_the_phone(browser: Any, site_dir: Path) -> None:
    """widget.js is held back: the form is on screen, the reader taps 检查 (and presses Enter in the
    number field). The message must not leave in a URL (a plain GET submission), and the check runs
    once the script arrives."""
    held: list[Any] = []
    requests: list[str] = []

    def hold(route: Any) -> None:
        held.append(route)

    with serve(site_dir) as site, fresh_context(browser) as context:
        context.route(re.compile(r".*/checker/widget\.js$"), hold)
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.goto(site + "check/", wait_until="commit")  # (DOMContentLoaded waits for the module scripts)
        page.wait_for_selector("[data-checker-submit]:not([disabled])")
        page.fill("#checker-text", MESSAGE)
        page.click("[data-checker-submit]")
        page.evaluate("document.querySelector('[data-checker-more]').open = true")
        page.fill("#checker-sender", "13800138000")
        page.press("#checker-sender", "Enter")
        page.wait_for_timeout(300)
        assert page.url == site + "check/"
        assert page.input_value("#checker-text") == MESSAGE
        for route in held:
            route.continue_()
        page.wait_for_selector("[data-checker-result] [data-verdict]", timeout=60_000)
        assert page.get_attribute("[data-checker-result] [data-verdict]", "data-verdict") == "high_risk"
        assert not [url for url in requests if "text=" in url or "13800138000" in url]


def test_retry_reuses_what_already_arrived(browser: Any, site_dir: Path) -> None:
    """The stdlib stalls on the first try: the page gives up after its inactivity timeout; 重试 then
    fetches only what is missing (the Wasm binary that arrived in full comes from Cache Storage)."""
    sent: list[tuple[str, int]] = []
    stall = Slow(r"python_stdlib\.zip$", stop_after=0, times=1)
    with serve(site_dir, sent=sent, slow=(stall,)) as site, fresh_context(browser) as context:
        context.route(re.compile(r".*/check/$"), with_timeout(4000))
        page = context.new_page()
        page.goto(site + "check/")
        page.fill("#checker-text", "请把验证码告诉我")  # the reader asks before the checker has loaded
        page.click("[data-checker-submit]")
        page.wait_for_selector(ERROR, timeout=60_000)
        assert "秒没有收到新的数据" in page.inner_text("[data-checker-fallback]")
        wasm_before = [path for path, _ in sent if path.endswith(".wasm")]
        assert len(wasm_before) == 1
        page.click("[data-checker-retry]")
        page.wait_for_selector(READY, timeout=60_000)
        assert [path for path, _ in sent if path.endswith(".wasm")] == wasm_before, "the Wasm binary came again"
        assert len([path for path, _ in sent if path.endswith("python_stdlib.zip")]) == 2
        page.wait_for_selector("[data-checker-result] [data-verdict]", timeout=30_000)  # the waiting check runs


def test_the_timeout_waits_while_bytes_still_arrive(browser: Any, site_dir: Path) -> None:
    """A 1.5 s inactivity timeout, and a Wasm binary that takes ~10 s to arrive in pieces 0.5 s apart."""
    slow = Slow(r"pyodide\.asm\.wasm$", chunk=512 * 1024, pause=0.5)
    with serve(site_dir, slow=(slow,)) as site, fresh_context(browser) as context:
        context.route(re.compile(r".*/check/$"), with_timeout(1500))
        page = context.new_page()
        page.goto(site + "check/")
        page.wait_for_selector("#checker[data-checker-state=loading]", timeout=10_000)
        poll(page, "document.querySelector('[data-checker-stage]').textContent.includes('%')")
        assert "MB" in page.inner_text("[data-checker-stage]"), "the size is stated while it downloads"
        page.wait_for_selector(SETTLED, timeout=90_000)
        assert page.locator(READY).count() == 1, page.inner_text("#checker")[:400]


# In a /check/ page: one message through the page's own client (boot.js's), once it is ready.
CHECK_THROUGH_BOOT = """
async (text) => {
  const island = JSON.parse(document.getElementById("__checker").textContent);
  const { checkerPage } = await import(new URL("boot.js", new URL(island.worker, location.href)).href);
  return checkerPage.client.check(text, "", "");
}
"""


def test_the_checker_starts_before_the_theme_has_loaded(browser: Any, site_dir: Path) -> None:
    """boot.js, in the page head, starts the worker and the checker answers while the theme's bundle
    has not arrived (a script at the end of the body: widget.js runs only after it)."""
    sent: list[tuple[str, int]] = []
    theme = Slow(r"/bundle\.[0-9a-f]+\.min\.js$", stop_after=0)  # never arrives
    with serve(site_dir, sent=sent, slow=(theme,)) as site, fresh_context(browser) as context:
        page = context.new_page()
        page.goto(site + "check/", wait_until="commit")
        deadline = time.monotonic() + 30
        while not any(path.endswith(".whl") for path, _ in sent):  # the last of the runtime's downloads
            assert time.monotonic() < deadline, f"the checker's downloads did not start: {sent}"
            page.wait_for_timeout(100)
        reply = json.loads(page.evaluate(CHECK_THROUGH_BOOT, MESSAGE))
        assert reply["report"]["verdict"] == json.loads(reference_json(MESSAGE))["report"]["verdict"]
        assert page.get_attribute("#checker", "data-checker-state") == "idle", "widget.js has not run"


def test_the_runtime_files_download_one_after_another(browser: Any, site_dir: Path) -> None:
    """On a slow line the standard library waits until the Wasm binary has about a second to go, and
    the wheel until the standard library has (fetch-progress.js): start-up then overlaps the later
    downloads instead of beginning when all of them end together. Nothing is fetched twice."""
    sent: list[tuple[str, int]] = []
    slow = Slow(r"pyodide\.asm\.wasm$", chunk=512 * 1024, pause=0.25)  # ~5 s at a steady pace
    requested: dict[str, float] = {}
    with serve(site_dir, sent=sent, slow=(slow,)) as site, fresh_context(browser) as context:
        context.on("request", lambda r: requested.setdefault(r.url.rsplit("/", 1)[-1], time.monotonic()))
        page = context.new_page()
        page.goto(site + "check/")
        page.wait_for_selector(SETTLED, timeout=60_000)
        assert page.locator(READY).count() == 1, page.inner_text("#checker")[:400]
        wheel = next(name for name in requested if name.endswith(".whl"))
        assert requested["python_stdlib.zip"] - requested["pyodide.asm.wasm"] > 2.5, requested
        assert requested[wheel] > requested["python_stdlib.zip"], requested
        for name in ("pyodide.asm.wasm", "python_stdlib.zip", wheel):
            assert len([path for path, _ in sent if path.endswith(name)]) == 1, name


def test_save_data_waits_for_the_reader(browser: Any, site_dir: Path) -> None:
    """With the data saver on, neither boot.js (in the page head) nor the widget starts the download."""
    with serve(site_dir) as site, fresh_context(browser) as context:
        context.add_init_script(SAVE_DATA)
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.goto(site + "check/")
        button = page.locator("[data-checker-download]")
        button.wait_for(state="visible")
        page.wait_for_timeout(2500)  # longer than the idle start would wait
        assert page.get_attribute("#checker", "data-checker-state") == "idle"
        assert not [url for url in requests if url.endswith((".wasm", ".zip", ".whl"))]
        assert re.search(r"约 \d+\.\d MB", button.inner_text())
        assert "省流量" in page.inner_text("[data-checker-stage]")
        button.click()
        page.wait_for_selector(READY, timeout=60_000)
        assert check_through_ui(page)[0] == json.loads(reference_json(MESSAGE))["report"]["verdict"]


# A marker typed on the first visit: the memory snapshot must never contain it.
PRIVATE = "ZQX-reader-private-7731"
# In a /check/ page: every case through the page's own client, in a new worker (which starts from the
# memory snapshot when there is one). Returns how it started and each bridge answer by id.
RUN_IN_WORKER = """
async (cases) => {
  const island = JSON.parse(document.getElementById("__checker").textContent);
  const workerURL = new URL(island.worker, location.href);
  const { CheckerClient } = await import(new URL("client.js", workerURL).href);
  const { workerConfig } = await import(new URL("boot.js", workerURL).href);
  const client = new CheckerClient(workerURL.href, workerConfig(island), 60000, () => {});
  const info = await client.start();
  const answers = {};
  for (const c of cases) {
    try {
      answers[c.id] = { json: await client.check(c.text, c.sender ?? "", c.received_at ?? "") };
    } catch (err) {
      answers[c.id] = { exception: String(err) };
    }
  }
  client.dispose();
  return { start: info.start, answers };
}
"""
# In a /check/ page: look into or rewrite the stored snapshot. "flip": one byte changed (its digest no longer
# matches); "probe": intact bytes stored with another probe answer (restored, then refused);
# "interrupted": as if the last start from it never finished (it hung, or the page was closed);
# "stale": as if made by another version of worker.js (other set-up code or probe).
# "contains": whether the snapshot holds the given text (ASCII, so both encodings are exact).
# "state": "none", "unusable" (this build is not to make one again) or "snapshot".
SNAPSHOT_ENTRY = """
async ([action, needle]) => {
  const config = JSON.parse(document.getElementById("__checker").textContent);
  const cache = await caches.open(config.snapshotCache);
  const key = new URL(config.lockFileURL.replace(/[^/]*$/, "memory-snapshot"), location.href).href;
  if (action === "interrupted") return cache.put(`${key}-restoring`, new Response("")).then(() => 0);
  const stored = await cache.match(key);
  if (action === "probeDigest") return stored.headers.get("x-probe-sha256");
  if (action === "state") {
    if (!stored) return "none";
    return stored.headers.get("x-snapshot-unusable") ? "unusable" : "snapshot";
  }
  const bytes = new Uint8Array(await stored.arrayBuffer());
  if (action === "contains") {  // as UTF-8 / Latin-1 or as UTF-16 (how Python and JS keep text)
    const wide = new Uint8Array(new Uint16Array([...needle].map((ch) => ch.charCodeAt(0))).buffer);
    const found = (find) => {
      outer: for (let i = 0; i + find.length <= bytes.length; i++) {
        for (let j = 0; j < find.length; j++) if (bytes[i + j] !== find[j]) continue outer;
        return true;
      }
      return false;
    };
    return found(new TextEncoder().encode(needle)) || found(wide);
  }
  const headers = new Headers(stored.headers);
  if (action === "flip") bytes[bytes.length >> 1] ^= 0xff;
  if (action === "probe") headers.set("x-probe-sha256", "0".repeat(64));
  if (action === "stale") headers.set("x-snapshot-maker", "0".repeat(64));
  await cache.put(key, new Response(bytes, { headers }));
  return bytes.length;
}
"""


def start_of(page: Any) -> tuple[str | None, dict[str, int]]:
    """How the ready checker started ("fresh" or "snapshot") and the worker's step timings."""
    timings: dict[str, int] = json.loads(page.get_attribute("#checker", "data-checker-timings") or "{}")
    return page.get_attribute("#checker", "data-checker-start"), timings


def visit(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(SETTLED, timeout=60_000)
    assert page.locator(READY).count() == 1, page.inner_text("#checker")[:400]
    return page


def test_a_later_visit_starts_from_the_memory_snapshot_and_answers_like_cpython(
    browser: Any, site_dir: Path, corpus: list[dict[str, Any]]
) -> None:
    """The first visit makes the snapshot after its probe, before any check of the reader's (it never
    holds their message); the next visit starts from it and answers every corpus and probe message
    exactly as CPython does. On the smaller phone (360x640, mobile emulation)."""
    with serve(site_dir) as site, fresh_context(browser, **PHONE_360) as context:
        first = visit(context, site + "check/")
        assert start_of(first)[0] == "fresh"
        answer = check_through_ui(first)
        check_through_ui(first, f"{PRIVATE} add wechat abc123 for a refund")
        assert first.evaluate(SNAPSHOT_STORED)
        assert not first.evaluate(SNAPSHOT_ENTRY, ["contains", PRIVATE])
        # The probe ran in the copied interpreter and answered as CPython does (worker.js's PROBE).
        probe = reference_json(*WORKER_PROBE)
        expected = hashlib.sha256(probe.encode("utf-8")).hexdigest()
        assert first.evaluate(SNAPSHOT_ENTRY, ["probeDigest", ""]) == expected, "the probe ran before the copy"

        second = visit(context, site + "check/")
        start, timings = start_of(second)
        assert start == "snapshot" and "import" not in timings, timings
        assert check_through_ui(second) == answer

        cases = parity_cases(corpus)
        run = second.evaluate(RUN_IN_WORKER, cases)
        assert run["start"] == "snapshot"
        mismatches = parity_mismatches(cases, run["answers"])
        assert not mismatches, f"{len(mismatches)} of {len(cases)} differ; first: {mismatches[:3]}"


def test_a_damaged_snapshot_is_replaced_and_a_refused_one_is_not_made_again(browser: Any, site_dir: Path) -> None:
    """Damaged bytes, a start from it that never finished, or a snapshot made by another version of the
    worker: a normal start in the same visit, the same answer, a new snapshot that the next visit
    starts from. A snapshot that restores but answers the probe differently: refused, a normal start,
    and no new snapshot."""
    with serve(site_dir) as site, fresh_context(browser) as context:
        answer = check_through_ui(visit(context, site + "check/"))
        page = visit(context, site + "check/")
        assert page.evaluate(SNAPSHOT_STORED)
        page.evaluate(SNAPSHOT_ENTRY, ["flip", ""])

        damaged = visit(context, site + "check/")
        start, timings = start_of(damaged)
        assert start == "fresh" and timings.get("snapshotFailed") == 1, timings
        assert check_through_ui(damaged) == answer
        assert damaged.evaluate(SNAPSHOT_STORED), "a new snapshot replaces the damaged one"
        assert start_of(visit(context, site + "check/"))[0] == "snapshot"

        damaged.evaluate(SNAPSHOT_ENTRY, ["interrupted", ""])
        interrupted = visit(context, site + "check/")
        start, timings = start_of(interrupted)
        assert start == "fresh" and "snapshotFailed" not in timings, "a start that never finished is not tried again"
        assert interrupted.evaluate(SNAPSHOT_STORED)
        assert start_of(visit(context, site + "check/"))[0] == "snapshot", "a new snapshot replaces it"

        damaged.evaluate(SNAPSHOT_ENTRY, ["stale", ""])
        stale = visit(context, site + "check/")
        start, timings = start_of(stale)
        assert start == "fresh" and "snapshotFailed" not in timings, "another worker's snapshot is not restored"
        assert check_through_ui(stale) == answer
        assert stale.evaluate(SNAPSHOT_STORED)
        assert start_of(visit(context, site + "check/"))[0] == "snapshot", "a new snapshot replaces it"

        damaged.evaluate(SNAPSHOT_ENTRY, ["probe", ""])
        refused = visit(context, site + "check/")
        start, timings = start_of(refused)
        assert start == "fresh" and timings.get("snapshotFailed") == 1, timings
        assert check_through_ui(refused) == answer
        again = visit(context, site + "check/")
        assert start_of(again)[0] == "fresh"
        assert check_through_ui(again) == answer
        assert not again.evaluate(SNAPSHOT_STORED.replace("300", "10")), "no snapshot is made again for this build"
        assert again.evaluate(SNAPSHOT_ENTRY, ["state", ""]) == "unusable"


def test_a_snapshot_over_the_storage_quota_is_given_up_quietly(browser: Any, site_dir: Path) -> None:
    """Cache Storage refuses the ~31 MB snapshot (the origin's quota is lower): the reader sees nothing of
    it, checks work, and later visits start normally without making (and failing to store) it again."""
    with serve(site_dir) as site, fresh_context(browser, **PHONE_360) as context:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        origin = site.rstrip("/")  # serve() gives the root URL
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": QUOTA_WITHOUT_SNAPSHOT})
        page.goto(site + "check/")
        page.wait_for_selector(SETTLED, timeout=60_000)
        assert start_of(page)[0] == "fresh", page.inner_text("#checker")[:400]
        answer = check_through_ui(page)
        assert answer[0] == json.loads(reference_json(MESSAGE))["report"]["verdict"]
        poll(page, f"({SNAPSHOT_ENTRY})(['state', '']).then((s) => s === 'unusable')")

        later = visit(context, site + "check/")
        start, timings = start_of(later)
        assert start == "fresh" and "snapshotFailed" not in timings, timings
        assert check_through_ui(later) == answer
        assert later.evaluate(SNAPSHOT_ENTRY, ["state", ""]) == "unusable"


# --- helpers ---------------------------------------------------------------------------------------

# An origin quota that holds the site and its runtime (what the service worker and the checker's
# downloads store) but not the memory snapshot as well.
QUOTA_WITHOUT_SNAPSHOT = 24 * 1024 * 1024  # they take ~15 MB; the snapshot alone ~31 MB


def snapshot_cache(app: str) -> str:
    version = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["pyodide"]
    return f"cuishou-snapshot-{version}-{app}"


def app_folder(site: Path) -> str:
    html = (site / "check" / "index.html").read_text(encoding="utf-8")
    match = re.search(r"assets/checker/app-([0-9a-f]+)/", html)
    assert match, "the page names its app folder"
    return match.group(1)


def build_with_changed_checker(out: Path) -> Path:
    """A second build from a copy of the repository whose checker differs by one comment line."""
    repo = out / "repo"
    for name in ("checker", "docs", "overrides"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml", "README.md", "package.json", "jieba_userdict.txt"):
        shutil.copy2(ROOT / name, repo / name)
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    (repo / ".cache").symlink_to(ROOT / ".cache")  # shared, content-addressed: the Pyodide files compress once
    bridge = repo / "checker" / "bridge.py"
    bridge.write_text(bridge.read_text(encoding="utf-8") + "\n# second build\n", encoding="utf-8")
    site = out / "site"
    mkdocs_build(repo, site)
    return site
