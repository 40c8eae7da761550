"""The built site as the tests see it: each HTML file parsed with the stdlib ``html.parser``."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class Heading:
    """One ``<h1>``–``<h6>`` inside the page's main content."""

    tag: str
    id: str | None
    text: str


@dataclass
class Resource:
    """One attribute that makes the browser request or send something (``<script src>``, …)."""

    tag: str
    attr: str
    value: str
    rel: str = ""


@dataclass
class ParsedPage:
    """What the site tests need to know about one built HTML file."""

    url: str  # site-relative URL: "" for the home page, "verify/" for verify/index.html
    path: Path
    ids: set[str] = field(default_factory=set)
    headings: list[Heading] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    resources: list[Resource] = field(default_factory=list)
    inline_styles: list[str] = field(default_factory=list)  # <style> bodies and style="" attributes
    inline_scripts: list[str] = field(default_factory=list)  # executable inline <script> bodies
    head_scripts: list[str] = field(default_factory=list)  # <script src> in <head>, in order
    body_scripts: list[str] = field(default_factory=list)  # <script src> in <body>, in order
    classes: set[str] = field(default_factory=set)
    data_components: set[str] = field(default_factory=set)  # material's data-md-component values
    text: str = ""  # visible text of the main content


# Attributes that load a resource, per tag. <a href> is deliberately absent: a link is only
# followed when the reader taps it. <link> is handled separately because it depends on rel.
LOADING_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),  # SVG <image>
    "use": ("href", "xlink:href"),  # SVG <use> can pull in an external sprite
    "form": ("action",),  # submitting a form sends its fields to that host
    "base": ("href",),  # would silently re-point every relative URL
}

# <link rel=...> values that make the browser fetch (or connect to) the href.
LOADING_LINK_RELS = frozenset(
    {
        "stylesheet",
        "preload",
        "modulepreload",
        "prefetch",
        "prerender",
        "preconnect",
        "dns-prefetch",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "apple-touch-icon-precomposed",
        "mask-icon",
        "manifest",
    }
)

NON_EXECUTABLE_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json", "text/template"})


class _PageParser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._in_head = False
        self._article_depth = 0  # >0 while inside <article class="md-content__inner">
        self._depth = 0
        self._heading: Heading | None = None
        self._heading_parts: list[str] = []
        self._capture: str | None = None  # "style" or "script" while inside one
        self._capture_parts: list[str] = []
        self._text_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        page = self.page
        if "id" in a:
            page.ids.add(a["id"])
        page.classes.update(a.get("class", "").split())
        if "data-md-component" in a:
            page.data_components.add(a["data-md-component"])
        if a.get("style"):
            page.inline_styles.append(a["style"])

        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif tag == "meta" and a.get("name"):
            page.meta[a["name"]] = a.get("content", "")
        elif tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            url = a.get("content", "").partition("url=")[2]
            if url:
                page.resources.append(Resource("meta", "http-equiv=refresh", url.strip()))

        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & LOADING_LINK_RELS and "href" in a:
                page.resources.append(Resource("link", "href", a["href"], " ".join(sorted(rels))))
        for attr in LOADING_ATTRS.get(tag, ()):
            if a.get(attr):
                page.resources.append(Resource(tag, attr, a[attr]))

        if tag == "script":
            if "src" in a:
                (self.page.head_scripts if self._in_head else self.page.body_scripts).append(a["src"])
            elif a.get("type", "").lower() not in NON_EXECUTABLE_SCRIPT_TYPES:
                self._capture, self._capture_parts = "script", []
        elif tag == "style":
            self._capture, self._capture_parts = "style", []

        if tag == "article" and "md-content__inner" in a.get("class", "").split():
            self._article_depth = 1
        elif self._article_depth and tag not in _VOID:
            self._article_depth += 1
        if self._article_depth and tag in HEADING_TAGS:
            self._heading = Heading(tag, a.get("id"), "")
            self._heading_parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if self._capture == tag:
            body = "".join(self._capture_parts)
            (self.page.inline_scripts if tag == "script" else self.page.inline_styles).append(body)
            self._capture = None
        if self._heading is not None and tag == self._heading.tag:
            self._heading.text = "".join(self._heading_parts).strip()
            self.page.headings.append(self._heading)
            self._heading = None
        if self._article_depth and tag not in _VOID:
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._capture_parts.append(data)
            return
        if self._heading is not None:
            self._heading_parts.append(data)
        if self._article_depth:
            self._text_parts.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = "".join(self._text_parts)


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def parse_page(site: Path, path: Path) -> ParsedPage:
    """Parse one built HTML file."""
    rel = path.relative_to(site).as_posix()
    url = rel.removesuffix("index.html") if rel.endswith("index.html") else rel
    page = ParsedPage(url=url, path=path)
    parser = _PageParser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return page
