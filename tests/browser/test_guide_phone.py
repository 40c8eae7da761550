"""The guide pages on a phone, in Debian Chromium: tap-to-call numbers, template copy buttons,
printing (the door card, /templates/), and search for the emergency words.

Two phone sizes, as the developers' guide asks: 390x844 and 360x640. Printing is checked twice:
through emulated print media (the computed styles the print CSS sets) and through Chromium's own
A4 PDF, read with ``pdf_pages`` (how many sheets, what each sheet carries, in which order).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.pdf_pages import TextRun, page_runs

pytestmark = pytest.mark.e2e

PHONES = [pytest.param((390, 844), id="390x844"), pytest.param((360, 640), id="360x640")]
PX_PER_PT = 96 / 72

# Official numbers each page must offer as tap-to-call links (tel:), all sourced in the facts file.
TEL_LINKS = {
    "report/": ["110", "96110", "12378", "12348", "12363", "12345", "01012321"],
    "repay/": ["12348", "12356", "110", "120"],
    "home-visit/": ["110", "12368", "96110"],
    "collection-conduct/": ["110", "12368", "12348", "12378"],
    "scams/": ["110", "96110", "12348"],
    "faq/": ["110", "12348", "12368"],
}


@pytest.fixture(params=PHONES)
def phone(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    width, height = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context
    context.close()


def test_official_numbers_are_tap_to_call(phone: Any, site_url: str) -> None:
    page = phone.new_page()
    width = page.viewport_size["width"]
    for path, numbers in TEL_LINKS.items():
        page.goto(site_url + path)
        for number in numbers:
            links = page.locator(f'article a[href="tel:{number}"]')
            assert links.count() > 0, f"/{path}: no tap-to-call link for {number}"
            box = links.first.bounding_box()
            assert box is not None, f"/{path}: the tel:{number} link is not rendered"
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"/{path}: tel:{number} runs off screen"
            assert links.first.inner_text().replace("-", "") == number, f"/{path}: tel:{number} shows other text"
    page.close()


def test_copy_buttons_copy_the_template_text(phone: Any, site_url: str) -> None:
    page = phone.new_page()
    page.goto(site_url + "templates/")
    width = page.viewport_size["width"]
    blocks = page.locator("article div.template")
    buttons = page.locator("article .template-copy__button")
    assert blocks.count() >= 4 and buttons.count() == blocks.count(), "every template needs its own copy button"
    icons = page.locator("article div.template .md-code__nav, article div.template .md-clipboard")
    assert all(not icons.nth(i).is_visible() for i in range(icons.count())), "the theme's small copy icon is shown"
    for i in range(blocks.count()):
        expected = blocks.nth(i).locator("pre code").inner_text().rstrip() + "\n"
        button = buttons.nth(i)
        assert button.inner_text() == "复制这段文字"
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44, "the copy button is smaller than a 44 px tap target"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, "the copy button runs off screen"
        page.evaluate("navigator.clipboard.writeText('')")
        button.tap()
        status = page.locator("article .template-copy__status").nth(i)
        status.wait_for(state="visible")
        assert status.get_attribute("data-state") == "copied"
        assert page.evaluate("navigator.clipboard.readText()") == expected
    page.close()


def test_copy_button_works_from_the_keyboard(phone: Any, site_url: str) -> None:
    page = phone.new_page()
    page.goto(site_url + "collection-conduct/#third-parties")
    button = page.locator("article .template-copy__button").first
    button.focus()
    page.keyboard.press("Enter")
    expected = page.locator("article div.template pre code").first.inner_text().rstrip() + "\n"
    page.locator("article .template-copy__status[data-state=copied]").first.wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert page.evaluate("document.activeElement.classList.contains('template-copy__button')"), "focus was lost"
    page.close()


def test_copy_falls_back_to_selecting_the_text(phone: Any, site_url: str) -> None:
    """No Clipboard API and no execCommand (some in-app browsers): the text is selected for a long-press."""
    phone.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: undefined});document.execCommand = () => false;"
    )
    page = phone.new_page()
    page.goto(site_url + "templates/")
    page.locator("article .template-copy__button").first.tap()
    status = page.locator("article .template-copy__status").first
    status.wait_for(state="visible")
    assert status.get_attribute("data-state") == "failed"
    assert "长按" in status.inner_text()
    selected = page.evaluate("window.getSelection().toString()")
    assert selected.rstrip() == page.locator("article div.template pre code").first.inner_text().rstrip()
    page.close()


def test_every_page_and_table_fits_the_phone(phone: Any, site_url: str) -> None:
    """No page scrolls sideways, and no table is wider than its column: long URLs in a table wrap
    (/about/'s sources table was 800 px wide at 360, each of its 内容 cells four characters a line)."""
    page = phone.new_page()
    page.goto(site_url)
    paths = page.eval_on_selector_all(
        ".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link", "as => as.map(a => a.href)"
    )
    assert len(paths) >= 10, paths
    width = page.viewport_size["width"]
    tables = 0
    for url in paths:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{url} scrolls sideways"
        for table in page.locator("article table").all():
            tables += 1
            # The theme wraps a table in a box that scrolls sideways (edge to edge on a phone).
            overflow = table.evaluate(
                "t => { const box = t.closest('.md-typeset__scrollwrap') ?? t.parentElement;"
                " return box.scrollWidth - box.clientWidth; }"
            )
            assert overflow <= 1, f"{url}: a table is {overflow}px wider than the page"
    assert tables >= 3, "the pages with tables (home, report, about) were not reached"
    page.close()


# --- Printing ---------------------------------------------------------------------------------


def _pdf(browser: Any, url: str) -> list[list[TextRun]]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    context.close()
    return page_runs(pdf)


def _glyphs(runs: list[TextRun]) -> int:
    return sum(r.glyphs for r in runs)


def test_door_card_prints_alone_on_one_a4_sheet(browser: Any, site_url: str) -> None:
    pages = _pdf(browser, site_url + "home-visit/#door-card")
    assert len(pages) == 1, f"the door card printed on {len(pages)} sheets"
    body = [r for r in pages[0] if r.glyphs]
    assert body, "the door card sheet is empty"
    steps = [r for r in body if abs(r.size - 20 * PX_PER_PT) < 0.2]
    assert _glyphs(steps) >= 100, "the card's steps are not printed at 20 pt"
    assert all(r.size >= 18 * PX_PER_PT - 0.2 for r in body), "text on the card is smaller than 18 pt"


def test_whole_home_visit_page_gives_the_card_a_sheet_of_its_own(browser: Any, site_url: str) -> None:
    pages = _pdf(browser, site_url + "home-visit/")
    card_sheets = [i for i, runs in enumerate(pages) if any(abs(r.size - 20 * PX_PER_PT) < 0.2 for r in runs)]
    assert len(card_sheets) == 1, f"the card is spread over sheets {card_sheets}"
    sheet = pages[card_sheets[0]]
    assert all(r.size >= 18 * PX_PER_PT - 0.2 for r in sheet if r.glyphs), "page text shares the card's sheet"


def test_templates_print_without_blank_sheets_or_orphaned_headings(browser: Any, site_url: str) -> None:
    pages = _pdf(browser, site_url + "templates/")
    heading = 14 * PX_PER_PT  # print.css: h2 at 14 pt
    assert _glyphs(pages[0]) >= 400, "the first sheet is (nearly) blank"
    for number, runs in enumerate(pages, start=1):
        assert _glyphs(runs) > 0, f"sheet {number} is blank"
        ordered = sorted(runs, key=lambda r: r.y)
        for i, run in enumerate(ordered):
            if abs(run.size - heading) < 0.2:
                after = _glyphs([r for r in ordered[i + 1 :] if r.size < heading - 0.2])
                assert after >= 40, f"sheet {number}: a heading is left at the foot of the sheet"


def test_print_media_styles(phone: Any, site_url: str) -> None:
    page = phone.new_page()
    page.emulate_media(media="print")
    page.goto(site_url + "home-visit/")
    card = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.door-card'));"
        " return [s.breakBefore, s.breakInside, s.fontSize]; })()"
    )
    assert card[:2] == ["page", "avoid"], card
    assert abs(float(card[2].removesuffix("px")) - 20 * PX_PER_PT) < 0.1, f"the door card is printed at {card[2]}"
    page.goto(site_url + "templates/")
    breaks = page.evaluate(
        "[...document.querySelectorAll('article > h2')].map(h => [h.id, getComputedStyle(h).breakBefore])"
    )
    templates = [b for b in breaks if b[0] != "sources"]
    assert templates[0][1] != "page", "the first template must follow the introduction on the first sheet"
    assert all(b[1] == "page" for b in templates[1:]), f"later templates must start a new sheet: {breaks}"
    hidden = page.evaluate(
        "[...document.querySelectorAll('.template-copy')].every(e => getComputedStyle(e).display === 'none')"
    )
    assert hidden, "the copy buttons are printed"
    page.close()


# --- Search -----------------------------------------------------------------------------------


FIRST_TEN_MINUTES = ("#first-10-minutes", "#money-sent", "#code-shared", "#next-steps")


def _search(page: Any, query: str) -> list[str]:
    """Type the query into the theme's search and return the links of the first result group.

    The theme reads the query on ``keyup`` (Chinese text arrives through ``fill``, which sends no key
    events, so a key is pressed after it). The index is built in a worker after the page loads; a
    query typed before it is ready gets no answer, so the key is pressed again until results appear.
    """
    page.locator(".md-header [data-md-for=__search]").tap()
    field = page.locator("input.md-search__input")
    first = page.locator(".md-search-result__list > li").first
    field.fill(query)
    for _ in range(20):
        field.press("End")
        try:
            first.wait_for(timeout=3_000)
            break
        except Exception:  # Playwright's TimeoutError: the index is not ready yet
            continue
    links: list[str] = first.locator("a.md-search-result__link").evaluate_all("as => as.map(a => a.href)")
    return links


@pytest.mark.parametrize("query", ["验证码", "转账", "被骗"])
def test_emergency_words_find_the_first_ten_minutes_first(phone: Any, site_url: str, query: str) -> None:
    page = phone.new_page()
    page.goto(site_url)
    links = _search(page, query)
    assert links, f"{query}: no search results"
    assert "/report/" in links[0], f"{query}: the first result is {links[0]}, not the report page"
    sections = [link for link in links if any(anchor in link for anchor in FIRST_TEN_MINUTES)]
    assert sections, f"{query}: the first-10-minutes steps are not in the first result: {links}"
    highlighted = [link for link in sections if parse_qs(urlsplit(link).query).get("h")]
    assert highlighted, f"{query}: no first-10-minutes result asks for highlighting: {sections}"
    page.goto(highlighted[0])
    # The theme highlights once it has loaded the search index again on the new page.
    page.locator("article mark[data-md-highlight]").first.wait_for(timeout=15_000)
    marks = page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert all(len(mark) >= 2 for mark in marks), f"{query}: single characters are highlighted: {set(marks)}"
    assert all(mark in query for mark in marks), f"{query}: highlighted {set(marks)}"
    page.close()
