"""The home page's first screen, the check form and the result view, as a reader on a phone sees them.

Chromium at two phone sizes (390x844, 360x640) and a desktop, light and dark. Positions are measured
on the first screen (scroll 0); colours are measured as rendered (contrast against the composited
background). Screenshots go to the test's temporary folder as artefacts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

from tests.browser.conftest import reference_json

pytestmark = pytest.mark.e2e

READY = "#checker[data-checker-state=ready]"
RESULT = "[data-checker-result] [data-verdict]"
LOAD_TIMEOUT_MS = 60_000
VIEWPORTS = {
    "phone390": {"width": 390, "height": 844},
    "phone360": {"width": 360, "height": 640},
    "desktop": {"width": 1280, "height": 800},
}
SCHEMES = ("light", "dark")
# Invented messages (never from the development set).
HIGH_RISK = (
    "【拍拍贷】您的借款已严重逾期，今日不还将通知您的家人和单位，请立即添加专员微信 ppd888 处理，"
    "或点击 http://ppd-pay.cn/a 还款"
)
SUSPICIOUS = "您的欠款已逾期，请尽快处理。"
CLEAN = "【拍拍贷】您的借款将于明日到期，请登录App按时还款。"
SENDER = "17012345678"

# WCAG contrast of an element's text against what is actually behind it: walk up the ancestors,
# composite their background colours over the page's own, as the screen shows them.
CONTRAST = """(el) => {
  const parse = (value) => {
    let m = value.match(/rgba?\\(([^)]+)\\)/);
    if (m) {
      const [r, g, b, a] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
      return [r / 255, g / 255, b / 255, a ?? 1];
    }
    m = value.match(/color\\(srgb ([^)]+)\\)/);
    if (m) {
      const [r, g, b, a] = m[1].split(/[ \\/]+/).filter(Boolean).map(Number);
      return [r, g, b, Number.isNaN(a) || a === undefined ? 1 : a];
    }
    throw new Error("unparsed colour " + value);
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] === 1) break;
  }
  let bg = [1, 1, 1, 1];
  for (const layer of layers.reverse()) bg = over(layer, bg);
  const style = getComputedStyle(el);
  const fg = over(parse(style.color).map((v, i) => (i === 3 ? v * Number(style.opacity) : v)), bg);
  const lum = (c) => {
    const f = (v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}"""

INIT = """
window.__shared = null;
window.__copied = null;
if (navigator.clipboard) navigator.clipboard.writeText = async (text) => { window.__copied = text; };
"""
SHARE = "navigator.share = async (data) => { window.__shared = data; };"


def rect(page: Any, selector: str) -> dict[str, float]:
    box: dict[str, float] = page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, "
        "right: r.right, width: r.width, height: r.height}; }",
    )
    return box


def new_context(browser: Any, viewport: str, scheme: str, **extra: Any) -> Any:
    mobile = viewport != "desktop"
    if mobile:
        version = browser.version.split(".")[0]
        extra.setdefault("user_agent", f"Mozilla/5.0 (Linux; Android 14) Chrome/{version}.0.0.0 Mobile Safari/537.36")
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], color_scheme=scheme, is_mobile=mobile, has_touch=mobile, **extra
    )
    context.add_init_script(INIT)
    return context


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ui-screenshots")


def check(page: Any, text: str, sender: str = "", *, keyboard: bool = False) -> None:
    page.evaluate("document.querySelector('[data-checker-result]').replaceChildren()")
    page.fill("#checker-text", text)
    if sender:
        page.evaluate("document.querySelector('[data-checker-more]').open = true")
    page.fill("#checker-sender", sender)
    if keyboard:
        page.focus("#checker-text")
        page.keyboard.press("Control+Enter")
    else:
        page.click("[data-checker-submit]")
    page.wait_for_selector(RESULT)


# --- home page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_home_first_screen_answers_in_one_tap(
    browser: Any, site_url: str, viewport: str, scheme: str, shots: Path
) -> None:
    context = new_context(browser, viewport, scheme)
    page = context.new_page()
    page.goto(site_url)
    height = VIEWPORTS[viewport]["height"]
    h1 = rect(page, "article h1")
    button = rect(page, "a.home-check")
    content = rect(page, "article")
    assert page.inner_text("a.home-check").strip() == "检查一条短信是真是假"
    assert page.get_attribute("a.home-check", "href") == "check/"
    assert 0 <= button["top"] - h1["bottom"] <= 40, "the checker button sits right under the heading"
    assert button["width"] >= 0.9 * content["width"], "the button spans the content width"
    assert button["height"] >= 44, "a big tap target"
    quick = {
        "report/#first-10-minutes": "已经点了链接",
        "repay/#cannot-pay": "还不上",
        "collection-conduct/#third-parties": "家人",
    }
    for href, words in quick.items():
        link = f".home-quick a[href='{href}']"
        assert words in page.inner_text(link)
        box = rect(page, link)
        assert box["bottom"] <= height, f"{href} is below the first screen ({box['bottom']:.0f} > {height})"
        assert box["height"] >= 44
    page.screenshot(path=str(shots / f"home-{viewport}-{scheme}.png"))
    context.close()


# --- the check form ----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_form_text_button_and_status_on_one_screen(
    browser: Any, site_url: str, viewport: str, scheme: str, shots: Path
) -> None:
    context = new_context(browser, viewport, scheme)
    page = context.new_page()
    page.goto(site_url + "check/")
    page.fill("#checker-text", HIGH_RISK)
    page.dispatch_event("#checker-text", "input")
    height = VIEWPORTS[viewport]["height"]
    area, button, status = (
        rect(page, "#checker-text"),
        rect(page, "[data-checker-submit]"),
        rect(page, "[data-checker-status]"),
    )
    assert page.evaluate("window.scrollY") == 0
    assert area["top"] >= 0 and status["bottom"] <= height, (area, status, height)
    assert 0 <= button["top"] - area["bottom"] <= 50, "the button is directly under the text box"
    assert 0 <= status["top"] - button["bottom"] <= 20, "the status is directly under the button"
    assert not page.is_visible("#checker-sender"), "sender and time are folded away"
    assert page.inner_text("[data-checker-more] > summary").startswith("补充信息（可选）")
    page.click("[data-checker-more] > summary")
    assert page.is_visible("#checker-sender") and page.is_visible("#checker-time")
    page.screenshot(path=str(shots / f"check-{viewport}-{scheme}.png"))
    context.close()


def test_text_box_grows_with_the_message_and_stops(browser: Any, site_url: str) -> None:
    context = new_context(browser, "phone360", "light")
    page = context.new_page()
    page.goto(site_url + "check/")
    before = rect(page, "#checker-text")["height"]
    page.fill("#checker-text", "短信第一行\n" * 4)
    page.dispatch_event("#checker-text", "input")
    grown = rect(page, "#checker-text")["height"]
    assert grown > before
    page.fill("#checker-text", "很长的一行短信内容\n" * 40)
    page.dispatch_event("#checker-text", "input")
    capped = rect(page, "#checker-text")["height"]
    assert grown < capped <= 0.4 * 640 + 1, "grows, then scrolls inside instead of pushing the button away"
    assert rect(page, "[data-checker-status]")["bottom"] <= 640, "a long message keeps the button and status on screen"
    context.close()


def test_paste_button_fills_the_box(browser: Any, site_url: str) -> None:
    context = new_context(browser, "phone390", "light", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "check/")
    assert page.is_visible("[data-checker-paste]")
    page.evaluate("text => navigator.clipboard.constructor.prototype.writeText.call(navigator.clipboard, text)", CLEAN)
    page.click("[data-checker-paste]")
    page.wait_for_function("document.querySelector('#checker-text').value.length > 0")
    assert page.input_value("#checker-text") == CLEAN
    assert page.inner_text("[data-checker-counter]").startswith(f"{len(CLEAN)} /")
    context.close()


# --- results on a ready checker ------------------------------------------------------------------------


@pytest.fixture(scope="module", params=SCHEMES)
def ready(request: pytest.FixtureRequest, browser: Any, site_url: str) -> Iterator[Any]:
    """A phone-sized /check/ with the checker loaded, per colour scheme; navigator.share available."""
    context = new_context(browser, "phone390", request.param)
    context.add_init_script(SHARE)
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.scheme = request.param
    yield page
    context.close()


def report_for(text: str, sender: str = "") -> dict[str, Any]:
    reply = json.loads(reference_json(text, sender or None))
    assert reply["ok"]
    report: dict[str, Any] = reply["report"]
    return report


@pytest.mark.parametrize(
    ("text", "sender", "verdict"),
    [(HIGH_RISK, SENDER, "high_risk"), (SUSPICIOUS, "13800138000", "suspicious"), (CLEAN, "", "no_known_signals")],
    ids=["high_risk", "suspicious", "no_known_signals"],
)
def test_result_order_and_verdict_contrast(ready: Any, text: str, sender: str, verdict: str, shots: Path) -> None:
    page = ready
    check(page, text, sender)
    report = report_for(text, sender)
    assert page.get_attribute(RESULT, "data-verdict") == verdict == report["verdict"]
    order = page.eval_on_selector_all(
        "[data-checker-result] .checker-result > *", "els => els.map(e => e.classList[e.classList.length - 1])"
    )
    assert order[:2] == ["checker-verdict", "checker-result__next"], order
    assert order[-1] == "checker-result__message", "the highlighted message comes last"
    if report["findings"]:
        assert order.index("checker-result__findings") < order.index("checker-result__message")
    steps = page.eval_on_selector_all(
        ".checker-result__next > ol.checker-steps > li", "els => els.map(e => e.textContent)"
    )
    assert steps == report["next_steps"][:3] and 2 <= len(steps) <= 3
    if len(report["next_steps"]) > 3:
        assert page.locator(".checker-steps__more").get_attribute("open") is None
    assert page.is_visible("[data-checker-copy]") and page.is_visible("[data-checker-share]")
    # Explanations are folded into "为什么", closed.
    for details in page.locator(".checker-finding__why").all():
        assert details.get_attribute("open") is None
        assert details.locator("summary").inner_text().strip().endswith("为什么")
    # The verdict words and every strength badge pass WCAG AA as rendered, in this scheme.
    for selector in [".checker-verdict__label", ".checker-badge"]:
        for element in page.locator(f"[data-checker-result] {selector}").all():
            ratio = element.evaluate(CONTRAST)
            assert ratio >= 4.5, f"{selector} '{element.inner_text()}' contrast {ratio:.2f} in {page.scheme}"
    page.screenshot(path=str(shots / f"result-{verdict}-{page.scheme}.png"))
    page.locator("[data-checker-result]").screenshot(path=str(shots / f"result-{verdict}-{page.scheme}-full.png"))


def test_parts_and_link_notes_are_shown(ready: Any) -> None:
    page = ready
    check(page, HIGH_RISK, SENDER)
    report = report_for(HIGH_RISK, SENDER)
    with_parts = [f for f in report["findings"] if f.get("parts")]
    assert with_parts, "the engine reports the parts of a combination finding"
    item = page.locator(f"[data-rule-id='{with_parts[0]['rule_id']}']")
    assert item.locator(".checker-parts__intro").inner_text() == "这条短信："
    for part in with_parts[0]["parts"]:
        line = item.locator(f".checker-parts__item[data-role='{part['role']}']")
        assert part["role_label"] in line.inner_text()
        for ev in part["evidence"]:
            assert ev["text"] in line.inner_text()
    link = report["links"][0]
    shown = page.inner_text(".checker-result__links li")
    assert link["host"] in shown and link["note"] in shown and "未发现已知问题" not in shown


def test_clean_result_links_where_to_verify(ready: Any) -> None:
    page = ready
    check(page, CLEAN)
    hrefs = page.eval_on_selector_all("[data-checker-clean] a", "els => els.map(a => a.getAttribute('href'))")
    paths = [h.split("://", 1)[-1].split("/", 1)[-1] for h in hrefs]
    assert paths == ["verify/#official-channels", "check/#checklist", "faq/#clean-result"]
    assert page.inner_text(".checker-result__message h3") == "短信原文（没有标出任何内容）"
    assert page.locator("[data-checker-12321]").count() == 0


def test_weak_signals_under_a_clean_verdict_are_not_called_scam_signals(ready: Any) -> None:
    page = ready
    text = "【某某贷】请立即还款，否则后果自负。"
    report = report_for(text)
    assert report["verdict"] == "no_known_signals" and report["findings"]  # a weak signal alone
    check(page, text)
    heading = page.inner_text(".checker-result__findings h3")
    assert heading == "值得留意的说法"
    assert "诈骗特征" not in page.inner_text(".checker-result__findings")


def test_share_sends_the_summary_without_the_message(ready: Any) -> None:
    page = ready
    check(page, HIGH_RISK, SENDER)
    page.click("[data-checker-share]")
    page.wait_for_function("window.__shared !== null")
    shared = page.evaluate("window.__shared")
    assert shared["title"] == "短信检查结果"
    assert report_for(HIGH_RISK, SENDER)["verdict_title"] in shared["text"]
    assert HIGH_RISK not in shared["text"] and SENDER not in shared["text"] and "ppd888" not in shared["text"]
    assert "ppd-pay.cn" not in shared["text"]


@pytest.mark.parametrize("typed", [SENDER, "+86 170 1234 5678"])
def test_12321_sms_link_on_a_phone(ready: Any, typed: str) -> None:
    """The body carries the number as read (bare digits), however the reader typed it."""
    page = ready
    check(page, HIGH_RISK, typed)
    link = page.locator("[data-checker-12321] a[data-checker-sms]")
    href = link.get_attribute("href")
    assert href.startswith("sms:12321?body=")
    assert unquote(href.split("body=", 1)[1]) == f"{SENDER}*{HIGH_RISK}"
    assert "12321" in link.inner_text()
    guide = page.locator("[data-checker-12321] a[href$='report/#spam-sms']")
    assert guide.count() == 1


def test_12321_without_a_sender_asks_for_the_number(ready: Any) -> None:
    page = ready
    check(page, HIGH_RISK)
    page.evaluate("document.querySelector('[data-checker-more]').open = false")
    assert page.locator("[data-checker-12321] a[data-checker-sms]").count() == 0
    page.click("[data-checker-add-sender]")
    assert page.is_visible("#checker-sender")
    assert page.evaluate("document.activeElement.id") == "checker-sender"


def test_12321_on_a_desktop_shows_the_text_to_copy(browser: Any, site_url: str) -> None:
    context = new_context(browser, "desktop", "light")
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    check(page, HIGH_RISK, SENDER)
    box = page.locator("[data-checker-12321]")
    assert box.locator("a[href^='sms:']").count() == 0
    assert box.locator("textarea").input_value() == f"{SENDER}*{HIGH_RISK}"
    box.locator("[data-checker-copy-12321]").click()
    page.wait_for_function("window.__copied !== null")
    assert page.evaluate("window.__copied") == f"{SENDER}*{HIGH_RISK}"
    assert box.locator("[data-checker-copy-12321]").inner_text() == "已复制举报内容"
    assert page.locator("[data-checker-share]").count() == 0, "no share button without navigator.share"
    context.close()


def test_focus_ring_only_for_keyboard_users(ready: Any) -> None:
    page = ready
    check(page, SUSPICIOUS)  # a click: as a tap or a mouse
    heading = page.locator("#checker-result-heading")
    assert heading.evaluate("el => el === document.activeElement"), "the verdict takes focus"
    assert not heading.evaluate("el => el.matches(':focus-visible')")
    assert heading.evaluate("el => getComputedStyle(el).outlineStyle") == "none"
    check(page, SUSPICIOUS, keyboard=True)  # Ctrl+Enter in the text box
    heading = page.locator("#checker-result-heading")
    assert heading.evaluate("el => el === document.activeElement")
    assert heading.evaluate("el => el.matches(':focus-visible')")
    assert heading.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Tab")  # the next control shows a ring too
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_hash_link_opened_on_the_page_checks_it_and_plus_is_a_space(ready: Any) -> None:
    page = ready
    page.evaluate("document.querySelector('[data-checker-result]').replaceChildren()")
    encoded = quote(SUSPICIOUS).replace("%EF%BC%8C", "+%EF%BC%8C+")  # "+" around the comma: spaces
    page.evaluate("hash => { location.hash = hash; }", f"#text={encoded}+a%2Bb")
    page.wait_for_selector(RESULT)
    expected = SUSPICIOUS.replace("，", " ， ") + " a+b"
    assert page.input_value("#checker-text") == expected
    assert page.evaluate("location.hash") == "", "the message does not stay in the address bar"
    assert page.get_attribute(RESULT, "data-verdict") == report_for(expected)["verdict"]


# --- small phones: large text, touch, keyboard -----------------------------------------------------

# Characters per rendered line of an element's text (lines told apart by the top of each character).
CHARS_PER_LINE = """(el) => {
  const tops = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let offset = 0;
    for (const ch of node.data) {
      if (ch.trim()) {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + ch.length);
        tops.push(range.getBoundingClientRect().top);
      }
      offset += ch.length;
    }
  }
  const lines = [];
  for (const top of tops) {
    if (lines.length && Math.abs(top - lines[lines.length - 1].top) < 6) lines[lines.length - 1].n += 1;
    else lines.push({ top, n: 1 });
  }
  return lines.map((line) => line.n);
}"""


@pytest.mark.parametrize("font", ["100%", "156.25%"], ids=["default-text", "large-text"])
def test_findings_use_the_full_width_of_a_small_phone(browser: Any, site_url: str, font: str, shots: Path) -> None:
    """The reader's text size (156.25%: Android's largest, over the theme's 125%) must not leave the
    findings a column of a few characters, nor the verdict a lone character on its last line."""
    context = new_context(browser, "phone360", "dark")
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.evaluate("font => { document.documentElement.style.fontSize = font; }", "" if font == "100%" else font)
    check(page, HIGH_RISK, SENDER)
    section = rect(page, ".checker-result__findings")
    for advice in page.locator(".checker-finding__advice").all():
        box = advice.bounding_box()
        assert box["x"] - section["left"] <= 2, f"indented by {box['x'] - section['left']:.0f}px"
        assert box["width"] >= section["width"] - 2
    lines = page.eval_on_selector(".checker-verdict__title", CHARS_PER_LINE)
    assert len(lines) == 1 or min(lines) >= 3, f"verdict lines {lines}"
    page.locator(".checker-result__findings").screenshot(path=str(shots / f"findings-360-{font}.png"))
    context.close()


TAP_TARGETS = ".checker :is(a, button, summary, input)"


def test_tap_targets_are_44px_on_a_touch_screen(browser: Any, site_url: str) -> None:
    """Every visible control and link of the checker and its result, on a phone: 44 px tall or more
    (the links stand on lines of their own). With a mouse the same links stay as tall as their text."""
    context = new_context(browser, "phone360", "light")
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    page.evaluate("document.querySelector('[data-checker-more]').open = true")  # check() fills the sender
    seen: set[str] = set()
    for text, sender in [(HIGH_RISK, ""), (HIGH_RISK, SENDER), (CLEAN, "")]:
        check(page, text, sender)
        page.evaluate("document.querySelectorAll('.checker details').forEach(d => { d.open = true; })")
        targets = page.eval_on_selector_all(
            TAP_TARGETS,
            "els => els.filter(e => e.getClientRects().length && getComputedStyle(e).visibility === 'visible')"
            ".map(e => [e.textContent.trim().slice(0, 20) || e.id, e.getBoundingClientRect().height])",
        )
        small = [(name, round(height, 1)) for name, height in targets if height < 44 - 0.5]
        assert not small, small
        seen.update(name for name, _ in targets)
    assert {"粘贴", "为什么", "查看指南里的详细说明", "举报方法和格式的说明", "复制结果"} <= seen
    assert any(name.startswith("还有") for name in seen) and any(name.startswith("马上看") for name in seen)
    context.close()

    context = new_context(browser, "desktop", "light")
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    check(page, HIGH_RISK, SENDER)
    page.evaluate("document.querySelectorAll('.checker details').forEach(d => { d.open = true; })")
    assert rect(page, ".checker-finding__guide")["height"] < 30, "a mouse keeps the tighter layout"
    context.close()


# Where keyboard focus is, as the reader sees it: a palette switch's radio button shows its ring on
# the label after it.
FOCUSED = """() => {
  const el = document.activeElement;
  const shown = el.matches(".md-option") ? el.nextElementSibling : el;
  const box = shown.getBoundingClientRect();
  return { text: (el.textContent || el.getAttribute("aria-label") || el.className).trim().slice(0, 20),
           left: box.left, right: box.right, width: box.width, height: box.height,
           visible: getComputedStyle(shown).visibility === "visible" && !el.closest("[hidden]"),
           drawer: !!el.closest(".md-sidebar--primary"), textbox: el.id === "checker-text" };
}"""


def settle(page: Any) -> None:
    """Let the theme's transitions end: focusing the search field opens the search with a growing
    overlay that widens the page for a moment (and the elements sized to it).

    Waits (at most 5 s) until the page is no wider than the screen and the focused element has kept
    its place and size for 200 ms: on a loaded machine the transition can start and end late. A
    stop that is still off screen after that fails the test's own check."""
    page.wait_for_timeout(300)
    measure = (
        "(() => { const r = document.activeElement ? document.activeElement.getBoundingClientRect() : null;"
        " return [document.documentElement.scrollWidth <= innerWidth,"
        " r ? [r.left, r.width] : null, r ? r.left >= -1 && r.right <= innerWidth + 1 : true]; })()"
    )
    seen: list[Any] = []
    for _ in range(50):
        fits, rect, on_screen = page.evaluate(measure)
        seen.append(rect)
        if fits and on_screen and len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]:
            return
        page.wait_for_timeout(100)


def tab_into_open_drawer(page: Any, tries: int) -> dict[str, Any]:
    """Press Tab until focus is in the navigation drawer (at most ``tries`` times); the last stop."""
    stop: dict[str, Any] = {}
    for _ in range(tries):
        page.keyboard.press("Tab")
        settle(page)
        stop = page.evaluate(FOCUSED)
        if stop["drawer"]:
            break
    return stop


def test_keyboard_focus_stays_on_screen_on_a_small_phone(browser: Any, site_url: str) -> None:
    """Tab from the top of /check/: the skip link says where it goes, the closed navigation drawer
    (off screen to the left) takes no stops, and every stop is on screen, up to the text box."""
    context = new_context(browser, "phone360", "dark")
    page = context.new_page()
    page.goto(site_url + "check/")
    stops = []
    for _ in range(12):
        page.keyboard.press("Tab")
        settle(page)
        stops.append(page.evaluate(FOCUSED))
        if stops[-1]["textbox"]:
            break
    assert stops[0]["text"] == "跳到正文"
    assert stops[-1]["textbox"] and len(stops) <= 8, f"{len(stops)} stops: {[s['text'] for s in stops]}"
    for stop in stops:
        assert not stop["drawer"], f"focus went into the closed drawer: {stop}"
        assert stop["visible"] and stop["width"] > 0 and stop["height"] > 0, stop
        assert stop["left"] >= -1 and stop["right"] <= 360 + 1, f"focus off screen: {stop}"
    # The open drawer takes keyboard focus as before.
    page.click(".md-header [data-md-for=__drawer]")
    stop = tab_into_open_drawer(page, 6)
    assert stop["drawer"] and stop["visible"] and stop["left"] >= -1 and stop["right"] <= 360 + 1, stop
    context.close()


# --- the rules page ------------------------------------------------------------------------------------


def test_rules_moved_to_their_own_page(browser: Any, site_url: str) -> None:
    context = new_context(browser, "phone390", "light")
    page = context.new_page()
    page.goto(site_url + "check/#rules")
    page.wait_for_url("**/check/rules/")
    assert page.inner_text("article h1").rstrip("¶").strip() == "检查规则一览"
    assert page.locator("article li code").count() > 20
    page.goto(site_url + "check/")
    assert page.evaluate("document.documentElement.scrollHeight") < 5000, "the rules no longer make /check/ long"
    assert page.get_attribute("#rules ~ p a", "href") == "rules/"
    page.evaluate("location.hash = 'rules'")
    page.wait_for_url("**/check/rules/")
    context.close()


def test_search_still_finds_pages(browser: Any, site_url: str) -> None:
    """The search index is rewritten as compact UTF-8 (overrides/hooks/search_index.py)."""
    context = new_context(browser, "desktop", "light")
    page = context.new_page()
    page.goto(site_url)
    page.click("input.md-search__input")
    # The theme says "正在初始化搜索引擎" until its worker has loaded the index.
    meta = page.locator(".md-search-result__meta")
    for _ in range(300):
        if "初始化" not in meta.inner_text():
            break
        page.wait_for_timeout(100)
    page.fill("input.md-search__input", "验证码")
    page.keyboard.press("End")  # the theme reads the query on keyup (CJK text arrives without key events)
    page.wait_for_selector(".md-search-result__item", timeout=LOAD_TIMEOUT_MS)
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(a => a.getAttribute('href'))")
    assert any("scams/" in href for href in links), links
    context.close()


@pytest.mark.parametrize("viewport", ["phone360", "desktop"])
def test_fallback_sits_right_under_the_button(browser: Any, site_url: str, viewport: str) -> None:
    context = new_context(browser, viewport, "light")
    context.add_init_script("delete globalThis.WebAssembly;")
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector("#checker[data-checker-state=error]", timeout=10_000)
    button, fallback = rect(page, "[data-checker-submit]"), rect(page, "[data-checker-fallback]")
    assert 0 <= fallback["top"] - button["bottom"] <= 20
    height = VIEWPORTS[viewport]["height"]
    assert fallback["top"] <= height - 100, "the fallback starts on the first screen"
    if viewport == "desktop":
        assert rect(page, "[data-checker-fallback] a[href='#checklist']")["bottom"] <= height
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", ["phone360", "desktop"])
def test_result_at_other_sizes(browser: Any, site_url: str, viewport: str, scheme: str, shots: Path) -> None:
    """The small phone and the desktop: verdict and next steps first, readable colours, nothing wider
    than the screen."""
    context = new_context(browser, viewport, scheme)
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
    check(page, HIGH_RISK, SENDER)
    verdict, actions = rect(page, ".checker-verdict"), rect(page, ".checker-result__actions")
    assert verdict["top"] >= 0, "the verdict is scrolled into view, below the sticky header"
    assert actions["bottom"] <= verdict["top"] + 2.2 * VIEWPORTS[viewport]["height"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    for element in page.locator(
        "[data-checker-result] .checker-verdict__label, [data-checker-result] .checker-badge"
    ).all():
        assert element.evaluate(CONTRAST) >= 4.5, element.inner_text()
    page.screenshot(path=str(shots / f"result-{viewport}-{scheme}.png"))
    context.close()


def test_the_menu_opens_and_closes_from_a_keyboard_on_a_phone(browser: Any, site_url: str) -> None:
    """The theme's menu button is a <label> (header-keys.js puts a real button in its place): Tab reaches
    it, Enter opens the menu and focus can go into it, Escape closes it and puts focus back on it."""
    context = new_context(browser, "phone360", "light")
    page = context.new_page()
    page.goto(site_url + "scams/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-md-for')") == "__drawer":
            break
    button = page.locator(".md-header button[data-md-for=__drawer]")
    assert button.is_visible() and button.get_attribute("aria-label")
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert button.get_attribute("aria-expanded") == "true"
    stop = tab_into_open_drawer(page, 8)
    assert stop["drawer"] and stop["visible"], stop
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.getAttribute('data-md-for')") == "__drawer"
    page.keyboard.press(" ")  # Space presses a button too
    assert page.evaluate("document.getElementById('__drawer').checked")
    context.close()
