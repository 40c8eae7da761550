"""The /check/ page end to end in Debian Chromium against the built site on a local server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

import pytest

from tests.browser.conftest import reference_json

pytestmark = pytest.mark.e2e

READY = "#checker[data-checker-state=ready]"
ERROR = "#checker[data-checker-state=error]"
LOAD_TIMEOUT_MS = 60_000
XSS = "<img src=x onerror=alert(1)>【拍拍贷】您已逾期，请点击 http://ppd-xx.cn 处理<script>alert(2)</script>"

INIT_SCRIPT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
window.__copied = null;
if (navigator.clipboard) navigator.clipboard.writeText = async (text) => { window.__copied = text; };
"""


@dataclass
class Recorder:
    """Everything the shared context saw: requests, console errors, dialogs, and the texts we typed."""

    requests: list[tuple[str, str]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class Env:
    context: Any
    page: Any
    site: str
    rec: Recorder


def attach(context: Any, rec: Recorder) -> None:
    context.add_init_script(INIT_SCRIPT)
    context.on("request", lambda r: rec.requests.append((r.url, r.post_data or "")))

    def on_page(page: Any) -> None:
        page.on("console", lambda m: rec.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: rec.console_errors.append(str(e)))
        page.on("dialog", lambda d: (rec.dialogs.append(d.message), d.dismiss()))

    context.on("page", on_page)


@pytest.fixture(scope="module")
def env(browser: Any, site_url: str) -> Iterator[Env]:
    rec = Recorder()
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=1)
    attach(context, rec)
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    yield Env(context, page, site_url, rec)
    context.close()


def run_check(page: Any, rec: Recorder, text: str, sender: str = "", time: str = "") -> None:
    """Type a message into the form, press 检查, and wait for the new result or input error."""
    rec.texts.append(text)
    page.evaluate("document.querySelector('[data-checker-result]').replaceChildren()")
    page.fill("#checker-text", text)
    page.evaluate("document.querySelector('[data-checker-more]').open = true")  # 补充信息（可选）
    page.fill("#checker-sender", sender)
    page.fill("#checker-time", time)
    page.click("[data-checker-submit]")
    # (no wait_for_function: its string predicate is an eval, which the page's CSP rightly blocks)
    page.wait_for_selector("[data-checker-result] [data-verdict], [data-checker-input-error]:not([hidden])")


def ui_answer(page: Any) -> tuple[str, list[str]]:
    verdict = page.get_attribute("[data-checker-result] [data-verdict]", "data-verdict")
    rules = page.eval_on_selector_all("[data-checker-result] [data-rule-id]", "els => els.map(e => e.dataset.ruleId)")
    return verdict, rules


def reference(case: dict[str, Any]) -> dict[str, Any]:
    reply = json.loads(reference_json(case["text"], case.get("sender"), case.get("received_at")))
    assert reply["ok"], reply
    report: dict[str, Any] = reply["report"]
    return report


def subset(corpus: list[dict[str, Any]], size: int = 10) -> list[dict[str, Any]]:
    """A representative few: every verdict CPython gives, with sender / time / emoji cases first."""
    by_verdict: dict[str, list[dict[str, Any]]] = {}
    for case in sorted(corpus, key=lambda c: (not c.get("sender"), not c.get("received_at"), c["id"])):
        reply = json.loads(reference_json(case["text"], case.get("sender"), case.get("received_at")))
        if reply["ok"]:
            by_verdict.setdefault(reply["report"]["verdict"], []).append(case)
    picked: list[dict[str, Any]] = []
    while len(picked) < size and any(by_verdict.values()):
        for cases in by_verdict.values():
            if cases and len(picked) < size:
                picked.append(cases.pop(0))
    return picked


def test_corpus_subset_through_the_ui_matches_cpython(env: Env, corpus: list[dict[str, Any]]) -> None:
    cases = subset(corpus)
    verdicts = set()
    for case in cases:
        run_check(env.page, env.rec, case["text"], case.get("sender") or "", case.get("received_at") or "")
        report = reference(case)
        expected_rules = [f["rule_id"] for f in report["findings"] + report["conduct_findings"]]
        assert ui_answer(env.page) == (report["verdict"], expected_rules), case["id"]
        verdicts.add(report["verdict"])
        heading = env.page.locator("#checker-result-heading")
        assert heading.evaluate("el => el === document.activeElement"), "focus moves to the result heading"
        banner = env.page.inner_text("[data-checker-result] .checker-verdict")
        assert report["verdict_title"] in banner and report["verdict_summary"] in banner
        if report["verdict"] == "no_known_signals":
            assert "官方 App" in banner
    assert verdicts == {"high_risk", "suspicious", "no_known_signals"}


def test_result_never_says_safe(env: Env, corpus: list[dict[str, Any]]) -> None:
    for case in subset(corpus, 6):
        run_check(env.page, env.rec, case["text"])
        assert "安全" not in env.page.inner_text("[data-checker-result] .checker-verdict")


def test_empty_and_too_long_show_the_engine_message(env: Env) -> None:
    run_check(env.page, env.rec, "   ")
    empty = json.loads(reference_json("   "))["error"]["message"]
    assert env.page.inner_text("[data-checker-input-error]") == empty
    assert env.page.get_attribute("#checker-text", "aria-invalid") == "true"
    long_text = "逾" * 5001
    run_check(env.page, env.rec, long_text)
    too_long = json.loads(reference_json(long_text))["error"]["message"]
    assert env.page.inner_text("[data-checker-input-error]") == too_long
    assert "5001 / 5000" in env.page.inner_text("[data-checker-counter]")


def test_evidence_is_highlighted_in_the_message_with_emoji(env: Env) -> None:
    text = "😀😀【拍拍贷】您的校园贷账户未注销，将影响征信，请加QQ 123456 办理 𠀀"
    run_check(env.page, env.rec, text)
    report = json.loads(reference_json(text))["report"]
    marks = env.page.eval_on_selector_all("[data-checker-result] mark", "els => els.map(e => e.textContent)")
    message = env.page.inner_text("[data-checker-result] .checker-message")
    assert message == text
    chars = list(text)
    for finding in report["findings"] + report["conduct_findings"]:
        for ev in finding["evidence"]:
            assert "".join(chars[ev["start"] : ev["end"]]) == ev["text"]
            assert any(ev["text"] in m or m in ev["text"] for m in marks), ev


def test_markup_in_the_message_is_shown_literally(env: Env) -> None:
    run_check(env.page, env.rec, XSS)
    assert env.page.inner_text("[data-checker-result] .checker-message") == XSS
    assert env.page.locator("[data-checker-result] img, [data-checker-result] script").count() == 0
    env.page.wait_for_timeout(300)  # give a would-be onerror handler the chance to fire
    assert env.rec.dialogs == []


def test_only_message_evidence_is_highlighted_in_the_message(env: Env) -> None:
    """Sender and receive-time evidence quote other fields: they must not mark characters of the text."""
    text = "您的欠款已逾期，请尽快处理。"
    run_check(env.page, env.rec, text, "13800138000", "23:30")
    report = json.loads(reference_json(text, "13800138000", "23:30"))["report"]
    fields = {ev["field"] for f in report["findings"] + report["conduct_findings"] for ev in f["evidence"]}
    assert fields == {"sender", "received_at"}
    assert env.page.locator("[data-checker-result] .checker-message mark").count() == 0
    assert env.page.inner_text("[data-checker-result] .checker-message") == text


def test_copy_summary_excludes_the_message(env: Env) -> None:
    case = {
        "text": "【拍拍贷】您在校期间开通的学生贷须今日注销，否则影响征信，请加QQ 98765432 联系专员",
        "sender": "17012345678",
    }
    run_check(env.page, env.rec, case["text"], case["sender"])
    env.page.click("[data-checker-copy]")
    env.page.wait_for_selector("[data-checker-copy-status]:has-text('已复制')")
    summary: str = env.page.evaluate("window.__copied")
    report = json.loads(reference_json(case["text"], case["sender"]))["report"]
    assert report["verdict_title"] in summary
    assert case["text"] not in summary and case["sender"] not in summary and "98765432" not in summary
    for finding in report["findings"] + report["conduct_findings"]:
        assert finding["title"] in summary
        for ev in finding["evidence"]:
            assert len(ev["text"]) < 6 or ev["text"] not in summary


def test_prefill_from_fragment_checks_once_ready(env: Env) -> None:
    text = "【拍拍贷】您的账户严重逾期，今日不处理将上门催收并通知您的家人和单位 😀 a+b"
    env.rec.texts.append(text)
    page = env.context.new_page()
    page.goto(f"{env.site}check/#text={quote(text)}&sender=10690000&time=23:30")
    page.wait_for_selector(
        "[data-checker-result] [data-verdict], [data-checker-input-error]:not([hidden])", timeout=LOAD_TIMEOUT_MS
    )
    assert page.input_value("#checker-text") == text
    assert page.input_value("#checker-sender") == "10690000"
    assert page.input_value("#checker-time") == "23:30"
    assert "#" not in page.url, "the fragment is dropped from the address bar after reading it"
    expected = reference({"text": text, "sender": "10690000", "received_at": "23:30"})
    assert ui_answer(page)[0] == expected["verdict"]
    page.close()


def test_works_after_navigating_away_and_back(env: Env) -> None:
    page = env.page
    page.goto(env.site + "verify/")
    page.go_back()
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    text = "【拍拍贷】您的借款已逾期，请尽快登录官方App还款。"
    run_check(page, env.rec, text)
    assert ui_answer(page)[0] == reference({"text": text})["verdict"]


def test_mobile_layout_fits_375px(env: Env, tmp_path_factory: pytest.TempPathFactory) -> None:
    page = env.page
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.locator("#checker").screenshot(path=str(tmp_path_factory.mktemp("shots") / "checker-375.png"))


def test_no_third_party_requests_no_leaks_no_errors(env: Env) -> None:
    """Runs last in the module: checks everything the shared context recorded."""
    assert env.rec.texts, "earlier tests typed messages"
    for url, post in env.rec.requests:
        assert url.startswith(env.site) or url.startswith("data:"), f"third-party request: {url}"
        decoded = unquote(url) + post
        for text in env.rec.texts:
            probes = {text[:12], text[-12:]} - {""}
            assert not any(p in decoded for p in probes if len(p.strip()) >= 6), f"message text in {url}"
    storage = env.page.evaluate(
        "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])"
    )
    for text in env.rec.texts:
        assert text[:12] not in storage
    assert env.rec.console_errors == []
    for page in env.context.pages:
        assert page.evaluate("window.__csp") == []
    assert env.rec.dialogs == []


# --- fresh contexts: failure paths ------------------------------------------------------------------


def fresh(browser: Any, rec: Recorder) -> Any:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    attach(context, rec)
    return context


def test_fallback_when_wasm_is_blocked(browser: Any, site_url: str) -> None:
    rec = Recorder()
    context = fresh(browser, rec)
    context.route(re.compile(r".*\.wasm$"), lambda route: route.abort())
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(ERROR, timeout=LOAD_TIMEOUT_MS + 30_000)
    fallback = page.locator("[data-checker-fallback]")
    assert fallback.is_visible()
    assert fallback.locator('a[href="#checklist"]').count() == 1
    assert page.locator("#checklist").count() == 1, "the manual checklist is on the page"
    assert page.locator("[data-checker-retry]").is_visible()
    context.close()


def test_tampered_wheel_is_refused(browser: Any, site_url: str) -> None:
    rec = Recorder()
    context = fresh(browser, rec)

    def tamper(route: Any) -> None:
        response = route.fetch()
        body = bytearray(response.body())
        body[len(body) // 2] ^= 0xFF
        route.fulfill(response=response, body=bytes(body))

    context.route(re.compile(r".*\.whl$"), tamper)
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(ERROR, timeout=LOAD_TIMEOUT_MS + 30_000)
    assert page.locator("[data-checker-fallback]").is_visible()
    assert page.locator("[data-checker-result] [data-verdict]").count() == 0
    # The tampered wheel arrived with status 200, so the rejected fetch is Pyodide's sha256 check
    # (fetch(..., {integrity}) from the site's lock file) refusing it.
    assert ".whl" in (page.text_content("[data-checker-details-text]") or "")
    context.close()


def test_fallback_without_webassembly(browser: Any, site_url: str) -> None:
    rec = Recorder()
    context = fresh(browser, rec)
    context.add_init_script("delete globalThis.WebAssembly;")
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(ERROR, timeout=10_000)
    assert "WebAssembly" in page.inner_text("[data-checker-fallback]")
    assert not page.locator("[data-checker-retry]").is_visible()
    context.close()
