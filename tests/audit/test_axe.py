"""axe-core through Playwright: zero violations on every page in both colour schemes, and on the
checker in each state (loading, each verdict with its findings, input error, fallback)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.audit.axe import AXE, axe_violations, describe
from tests.browser.conftest import reference_json

pytestmark = pytest.mark.audit

SCHEMES = ("light", "dark")
PHONE = {"width": 390, "height": 844}
LOAD_TIMEOUT_MS = 60_000

# Invented messages, one per verdict, each with findings of its kind (checked against CPython below).
HIGH_RISK = (
    "【拍拍贷】您的借款已严重逾期，今日不还将通知您的家人和单位，请立即添加专员微信 ppd888 处理，"
    "或点击 http://ppd-pay.cn/a 还款"
)
SUSPICIOUS = "您的欠款已逾期，请尽快处理。"
CLEAN = "【拍拍贷】您的借款将于明日到期，请登录App按时还款。"


@pytest.fixture(scope="module", autouse=True)
def _axe_installed() -> None:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed ({AXE}); scripts/dev.sh setup runs npm ci")


def context(browser: Any, scheme: str) -> Any:
    return browser.new_context(viewport=PHONE, color_scheme=scheme, bypass_csp=True)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_has_no_axe_violations(
    browser: Any, audit_site_url: str, audit_pages: list[str], scheme: str
) -> None:
    ctx = context(browser, scheme)
    # The checker's runtime is not needed to audit the page itself.
    ctx.route(re.compile(r".*/assets/checker/.*"), lambda route: route.abort())
    page = ctx.new_page()
    found = {}
    for url in audit_pages:
        page.goto(audit_site_url + url)
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        violations = axe_violations(page)
        if violations:
            found[url or "/"] = describe(violations)
    ctx.close()
    assert not found, "\n".join(f"/{url}:\n{text}" for url, text in found.items())


@pytest.fixture(scope="module", params=SCHEMES)
def checker_page(request: pytest.FixtureRequest, browser: Any, audit_site_url: str) -> Iterator[Any]:
    ctx = context(browser, request.param)
    page = ctx.new_page()
    page.goto(audit_site_url + "check/")
    page.wait_for_selector("#checker[data-checker-state=ready]", timeout=LOAD_TIMEOUT_MS)
    yield page
    ctx.close()


def check(page: Any, text: str, sender: str = "", time: str = "") -> None:
    page.evaluate("document.querySelector('[data-checker-result]').replaceChildren()")
    page.fill("#checker-text", text)
    page.evaluate("document.querySelector('[data-checker-more]').open = true")
    page.fill("#checker-sender", sender)
    page.fill("#checker-time", time)
    page.click("[data-checker-submit]")
    page.wait_for_selector("[data-checker-result] [data-verdict], [data-checker-input-error]:not([hidden])")


@pytest.mark.parametrize(
    ("verdict", "text", "sender", "time"),
    [
        ("high_risk", HIGH_RISK, "17012345678", ""),
        ("suspicious", SUSPICIOUS, "13800138000", "23:30"),
        ("no_known_signals", CLEAN, "", ""),
    ],
    ids=["high_risk", "suspicious", "no_known_signals"],
)
def test_each_verdict_has_no_axe_violations(checker_page: Any, verdict: str, text: str, sender: str, time: str) -> None:
    expected = json.loads(reference_json(text, sender, time))["report"]
    assert expected["verdict"] == verdict
    assert verdict == "no_known_signals" or expected["findings"] + expected["conduct_findings"]
    check(checker_page, text, sender, time)
    assert checker_page.get_attribute("[data-checker-result] [data-verdict]", "data-verdict") == verdict
    # Open every disclosure so the folded explanations are audited too.
    checker_page.evaluate("document.querySelectorAll('[data-checker-result] details').forEach((d) => (d.open = true))")
    violations = axe_violations(checker_page)
    assert not violations, describe(violations)


def test_input_error_has_no_axe_violations(checker_page: Any) -> None:
    check(checker_page, "   ")
    assert checker_page.locator("[data-checker-input-error]").is_visible()
    violations = axe_violations(checker_page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_loading_state_has_no_axe_violations(browser: Any, audit_site_url: str, scheme: str) -> None:
    ctx = context(browser, scheme)
    ctx.route(re.compile(r".*\.wasm$"), lambda route: None)  # never answered: stays loading
    page = ctx.new_page()
    page.goto(audit_site_url + "check/")
    page.focus("#checker-text")  # focusing the box starts loading at once
    page.wait_for_selector("#checker[data-checker-state=loading]")
    page.fill("#checker-text", SUSPICIOUS)
    page.click("[data-checker-submit]")  # queued until the checker is ready
    violations = axe_violations(page)
    ctx.close()
    assert not violations, describe(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_fallback_state_has_no_axe_violations(browser: Any, audit_site_url: str, scheme: str) -> None:
    ctx = context(browser, scheme)
    ctx.add_init_script("delete globalThis.WebAssembly;")
    page = ctx.new_page()
    page.goto(audit_site_url + "check/")
    page.wait_for_selector("#checker[data-checker-state=error]", timeout=10_000)
    assert page.locator("[data-checker-fallback]").is_visible()
    violations = axe_violations(page)
    ctx.close()
    assert not violations, describe(violations)
