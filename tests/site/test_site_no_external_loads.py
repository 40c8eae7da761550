"""No page makes a request to another host: every script, style, font, image and worker is our own.

Readers may be on a slow network in mainland China, where foreign CDNs are slow or blocked, and the
privacy promise is that nothing leaves the device. So the built site must load nothing from another
host. Links *to* other sites (``<a href="https://...">``) are fine: they are only followed on a tap.

What counts as a load (a URL is "external" when it has a scheme such as ``https:`` or starts with
``//``; ``data:``/``blob:`` URLs and the site's own ``site_url`` do not count):

* HTML: ``<script src>``, ``<link href>`` whose ``rel`` fetches or connects (stylesheet, preload,
  modulepreload, prefetch, preconnect, dns-prefetch, icon, manifest, ...), ``<img src|srcset>``,
  ``<source>``, ``<video>``, ``<audio>``, ``<track>``, ``<iframe>``, ``<embed>``, ``<object data>``, SVG
  ``<image>``/``<use>``, ``<form action>`` (would send the form), ``<base href>``, ``<meta refresh>``;
  plus CSS in ``<style>`` and ``style=""`` and the code of inline ``<script>`` elements.
* CSS files: ``url(...)`` and ``@import``.
* JS files: a string literal holding an absolute URL *in a position that loads it*: static and dynamic
  ``import``, ``importScripts``, ``fetch``, ``new Worker``/``SharedWorker``/``WebSocket``/
  ``EventSource``, ``navigator.sendBeacon``, ``XMLHttpRequest.open``, ``src`` assignments, and any
  function call whose first argument is the URL (this catches loader helpers such as the theme's
  script injector). Also any string literal, in any position, naming a well-known CDN or analytics
  host (unpkg, jsDelivr, cdnjs, Google Fonts/Analytics/Tag Manager, Baidu Tongji, BootCDN, ...), since
  such code usually builds the final URL at run time.

Not counted, and why: URLs in comments and licence headers, error messages and documentation strings
(never requested); XML namespace identifiers such as ``http://www.w3.org/2000/svg`` passed to
``createElementNS`` (an identifier, never fetched); ``new URL(...)`` (parses, does not load);
``.map`` source maps (only read by developer tools).

Third-party bundles (mkdocs-material, Pyodide) contain a few remote loads that run only under a
condition. Each is listed in ``CONDITIONAL_LOADS`` with a check that the condition cannot arise in
our build; an unknown remote load, or a listed one whose guard fails, fails the test. The browser
tests (tests/browser) complement this static scan by blocking every non-local request at run time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from sitehtml import ParsedPage

ROOT = Path(__file__).resolve().parents[2]

EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
LOCAL_SCHEMES = ("data:", "blob:", "about:", "javascript:")

# XML namespace identifiers: passed to createElementNS/setAttributeNS, never fetched.
NAMESPACE_PREFIXES = ("http://www.w3.org/",)

# Hosts of CDNs and analytics services: flagged wherever a JS string literal names them.
CDN_HOSTS = re.compile(
    r"(?:^|\.)(?:unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|fonts\.gstatic\.com"
    r"|ajax\.googleapis\.com|google-analytics\.com|googletagmanager\.com|hm\.baidu\.com|bootcdn\.net"
    r"|staticfile\.org|staticfile\.net|cdn\.bootcss\.com|api\.github\.com|polyfill\.io)$",
    re.IGNORECASE,
)

# A JS string literal that starts with an absolute URL ('...', "...", `...`).
JS_URL_LITERAL = re.compile(r"""(["'`])((?:(?:https?|wss?|ftp):)?//[^"'`\s\\]*)""", re.IGNORECASE)

# What may stand right before such a literal when it is loaded.
JS_LOAD_CONTEXT = re.compile(
    r"""(?:
        \bimport\s*\(\s*                                   # import("…")
      | \b(?:import|from)\s*                               # import "…" / from "…"
      | \bimportScripts\s*\((?:[^()]*,)?\s*                # importScripts(a, "…")
      | \bfetch\s*\(\s*
      | \bnew\s+(?:Shared)?Worker\s*\(\s*
      | \bnew\s+(?:WebSocket|EventSource)\s*\(\s*
      | \bsendBeacon\s*\(\s*
      | \.open\s*\(\s*["'][A-Za-z]+["']\s*,\s*             # xhr.open("GET", "…")
      | \bsrc\s*[:=]\s*                                    # {src: "…"} / el.src = "…"
      | setAttribute\s*\(\s*["']src["']\s*,\s*
      | (?<![\w$])(?!URL\b)[\w$]+\s*\(\s*                  # any call with the URL first: loader helpers
    )$""",
    re.VERBOSE,
)

CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""", re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def site_host() -> str:
    config = yaml.safe_load(
        "\n".join(
            line
            for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
            if line.startswith("site_url:")
        )
    )
    return urlsplit(config["site_url"]).netloc


def is_external(url: str, own_host: str) -> bool:
    url = url.strip()
    if url.lower().startswith(LOCAL_SCHEMES) or not EXTERNAL.match(url):
        return False
    return urlsplit(url if "://" in url else "https:" + url).netloc.lower() != own_host.lower()


def css_urls(css: str) -> Iterator[str]:
    css = CSS_COMMENT.sub("", css)
    for match in CSS_URL.finditer(css):
        yield match.group(2)
    for match in CSS_IMPORT.finditer(css):
        yield match.group(1)


@dataclass(frozen=True)
class JsLoad:
    """A remote URL in a JS file that the code may request."""

    file: str
    url: str
    why: str  # "load position" or "CDN host"


def js_remote_loads(name: str, code: str) -> Iterator[JsLoad]:
    for match in JS_URL_LITERAL.finditer(code):
        url = match.group(2)
        if url.startswith(NAMESPACE_PREFIXES):
            continue
        host = urlsplit(url if "://" in url else "https:" + url).netloc
        if not host:  # "https://" alone, as in url.startsWith("https://"): no request
            continue
        before = code[max(0, match.start() - 120) : match.start()]
        if JS_LOAD_CONTEXT.search(before):
            yield JsLoad(name, url, "load position")
        elif CDN_HOSTS.search(host.split(":")[0]):
            yield JsLoad(name, url, "CDN host")


# ---------------------------------------------------------------------------------------------------
# Conditional loads inside third-party bundles, and why they cannot happen here.


def _no_mermaid(pages: list[ParsedPage], site: Path) -> str | None:
    """material loads mermaid.js from unpkg only when a page contains a ``.mermaid`` diagram."""
    bad = [p.url for p in pages if "mermaid" in p.classes]
    return f"pages with mermaid diagrams: {bad}" if bad else None


def _no_repository_widget(pages: list[ParsedPage], site: Path) -> str | None:
    """material queries the GitHub/GitLab API only for the repository widget (``repo_url``)."""
    bad = [p.url for p in pages if "source" in p.data_components]
    return f"pages with the repository widget (repo_url is set): {bad}" if bad else None


def _resize_observer_defined_first(pages: list[ParsedPage], site: Path) -> str | None:
    """material injects ``unpkg.com/resize-observer-polyfill`` when ``window.ResizeObserver`` is missing.

    Old WebViews (iOS before 13.4, Android WebView before 64) lack it. The request is avoided when every
    page loads a same-origin script in ``<head>`` (theme ``extra.polyfills``) that defines it first.
    """
    bad = []
    for page in pages:
        defines = False
        for src in page.head_scripts:
            if is_external(src, ""):
                continue
            path = src.split("?")[0]
            target = (site / path.lstrip("/")) if path.startswith("/") else (page.path.parent / path)
            if target.is_file() and "ResizeObserver" in target.read_text(encoding="utf-8", errors="replace"):
                defines = True
        if not defines:
            bad.append(page.url or "/")
    if bad:
        return (
            "these pages do not define ResizeObserver before material's bundle, so old browsers fetch a "
            "polyfill from unpkg.com; add "
            "assets/javascripts/resize-observer-fallback.js to extra.polyfills in "
            f"mkdocs.yml: {bad}"
        )
    return None


def _pyodide_package_base_is_local(pages: list[ParsedPage], site: Path) -> str | None:
    """Pyodide falls back to ``cdn.jsdelivr.net`` for packages only when ``packageBaseUrl`` is not given."""
    workers = list((site / "assets" / "javascripts" / "checker").glob("worker*.js"))
    if not workers:
        return "the checker worker (assets/javascripts/checker/worker.js) is missing"
    if not any("packageBaseUrl" in w.read_text(encoding="utf-8") for w in workers):
        return "the checker worker does not pass packageBaseUrl to loadPyodide (Pyodide would use jsDelivr)"
    return None


Guard = Callable[[list[ParsedPage], Path], "str | None"]

CONDITIONAL_LOADS: dict[str, Guard] = {
    "https://unpkg.com/mermaid": _no_mermaid,
    "https://unpkg.com/resize-observer-polyfill": _resize_observer_defined_first,
    "https://api.github.com/": _no_repository_widget,
    "https://cdn.jsdelivr.net/pyodide/": _pyodide_package_base_is_local,
}


def _conditional_guard(url: str) -> Guard | None:
    for prefix, guard in CONDITIONAL_LOADS.items():
        if url.startswith(prefix):
            return guard
    return None


# ---------------------------------------------------------------------------------------------------
# Tests


def test_detector_catches_loads_and_ignores_links() -> None:
    """The JS/CSS detectors on small samples: loads are caught, mentions and links are not."""
    code = (
        'import x from "https://cdn.example/x.js";'
        'importScripts("https://a.example/w.js");'
        "fetch(`https://b.example/data.json`);"
        'function _t(e){} _t("https://unpkg.com/polyfill");'
        "const base = `https://cdn.jsdelivr.net/pyodide/v1/full/`;"
        "// see https://docs.example/guide\n"
        'const msg = "read https://docs.example/faq";'
        'document.createElementNS("http://www.w3.org/2000/svg", "svg");'
        'new URL("https://c.example/");'
        'a.href = "https://ipcrs.pbccrc.org.cn/";'
    )
    found = {(load.url, load.why) for load in js_remote_loads("sample.js", code)}
    assert found == {
        ("https://cdn.example/x.js", "load position"),
        ("https://a.example/w.js", "load position"),
        ("https://b.example/data.json", "load position"),
        ("https://unpkg.com/polyfill", "load position"),
        ("https://cdn.jsdelivr.net/pyodide/v1/full/", "CDN host"),
    }
    css = (
        "/* url(https://x.example/a.png) */"
        'a{background:url("https://fonts.gstatic.com/x.woff2")}'
        '@import "//y.example/b.css";'
    )
    assert set(css_urls(css)) == {"https://fonts.gstatic.com/x.woff2", "//y.example/b.css"}
    assert is_external("//y.example/b.css", "site.example")
    assert not is_external("https://site.example/a.css", "site.example")
    assert not is_external("data:image/svg+xml;base64,AAAA", "site.example")
    assert not is_external("../assets/a.css", "site.example")


@pytest.mark.site
def test_html_loads_nothing_from_other_hosts(all_html: list[ParsedPage], built_site: Path) -> None:
    own = site_host()
    problems = []
    for page in all_html:
        where = page.path.relative_to(built_site).as_posix()
        for res in page.resources:
            if is_external(res.value, own):
                rel = f' rel="{res.rel}"' if res.rel else ""
                problems.append(f'{where}: <{res.tag}{rel} {res.attr}="{res.value}">')
        for css in page.inline_styles:
            problems += [f"{where}: inline CSS loads {url}" for url in css_urls(css) if is_external(url, own)]
        for code in page.inline_scripts:
            problems += [f"{where}: inline script loads {load.url}" for load in js_remote_loads(where, code)]
    assert not problems, "HTML loads resources from other hosts:\n" + "\n".join(problems)


@pytest.mark.site
def test_css_loads_nothing_from_other_hosts(built_site: Path) -> None:
    own = site_host()
    problems = []
    for path in sorted(built_site.rglob("*.css")):
        css = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(built_site).as_posix()
        problems += [f"{where}: {url}" for url in css_urls(css) if is_external(url, own)]
    assert not problems, "CSS loads resources from other hosts (fonts? icons?):\n" + "\n".join(problems)


@pytest.mark.site
def test_js_loads_nothing_from_other_hosts(built_site: Path, all_html: list[ParsedPage]) -> None:
    pages = [p for p in all_html if p.path.name == "index.html" and "assets" not in p.path.parts]
    problems = []
    checked_guards: dict[Guard, str | None] = {}
    for path in sorted([*built_site.rglob("*.js"), *built_site.rglob("*.mjs")]):
        where = path.relative_to(built_site).as_posix()
        for load in js_remote_loads(where, path.read_text(encoding="utf-8", errors="replace")):
            guard = _conditional_guard(load.url)
            if guard is None:
                problems.append(f"{where}: {load.url} ({load.why})")
                continue
            if guard not in checked_guards:
                checked_guards[guard] = guard(pages, built_site)
            if checked_guards[guard]:
                problems.append(f"{where}: {load.url} is loaded at run time: {checked_guards[guard]}")
    assert not problems, "JavaScript loads resources from other hosts:\n" + "\n".join(problems)


@pytest.mark.site
def test_theme_fonts_are_off() -> None:
    """``theme.font: false``: material would otherwise link Google Fonts from every page."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^\s+font:\s*false\b", text), "set theme.font: false in mkdocs.yml"
