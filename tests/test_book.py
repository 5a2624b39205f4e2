"""The book builds with zero warnings, requests no other host and shows no console error offline."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from transition_numerique.book import icon_font
from transition_numerique.course.chapters import CHAPTERS

pytestmark = pytest.mark.build

# Attributes through which a page makes the browser fetch something (links <a href> are not requests).
RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "object": ("data",),
    "embed": ("src",),
}
REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(url\(\s*['"]?|@import\s+['"])(https?:)?//""", re.IGNORECASE)


def remote_resources(html: str) -> list[str]:
    """Every URL on another host that this page would load by itself."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attributes in RESOURCE_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                for url in str(element.get(attribute) or "").split(","):
                    if REMOTE.match(url.strip()):
                        found.append(url.strip())
    for element in soup.find_all(style=True):
        if CSS_REMOTE.search(element["style"]):
            found.append(element["style"])
    for style in soup.find_all("style"):
        if CSS_REMOTE.search(style.get_text()):
            found.append("<style> " + style.get_text()[:80])
    return found


def test_remote_resources_are_detected() -> None:
    html = '<script src="https://cdn.example/x.js"></script><a href="https://ok.example">lien</a>'
    assert remote_resources(html) == ["https://cdn.example/x.js"]


#: chapter 5 (quizzes, charts, an explorer) and the files its tags load, fonts aside: issue 17's 1 MB
#: for the page with every asset, less the theme's icon font (its stylesheet loads it when icons show);
#: the widgets' shared code (_static/tn/widgets) counted once, as a first visit loads it
CHAPTER_BUDGET_KB = 1020


def local_files(page: Path) -> set[Path]:
    """The book's files that ``page``'s own tags make the browser load (scripts, stylesheets, images)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    files = set()
    for tag, attributes in RESOURCE_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            if tag == "link" and not {"stylesheet", "preload"} & set(element.get("rel", [])):
                continue  # navigation links (index, search, next page) load nothing
            for attribute in attributes:
                for url in str(element.get(attribute) or "").split(","):
                    url = url.strip().split()[0] if url.strip() else ""
                    if url and not REMOTE.match(url) and not url.startswith("data:"):
                        files.add((page.parent / url.split("?")[0].split("#")[0]).resolve())
    return files


def test_chapter_five_and_its_files_stay_within_the_weight_budget(book_html: Path) -> None:
    """No search index, no unused extension's files, no inline image, palette charts: a regression on
    any of them (157, 61, 124, 270 KB) breaks the budget."""
    page = book_html / "notebooks" / "05-medias-sociaux.html"
    files = local_files(page)
    assert all(path.is_file() for path in files), [str(path) for path in files if not path.is_file()]
    assert sum(1 for path in files if path.suffix == ".png") >= 6
    weight_kb = (page.stat().st_size + sum(path.stat().st_size for path in files)) / 1024
    assert weight_kb <= CHAPTER_BUDGET_KB, f"{weight_kb:.0f} KB"


def test_book_has_home_page(book_html: Path) -> None:
    assert (book_html / "index.html").is_file()
    assert (book_html / "notebooks" / "00-prise-en-main.html").is_file()


def test_no_page_references_another_host(book_html: Path) -> None:
    offenders = {
        str(page.relative_to(book_html)): urls
        for page in book_html.rglob("*.html")
        if (urls := remote_resources(page.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    stylesheets = [css for css in book_html.rglob("*.css") if CSS_REMOTE.search(css.read_text("utf-8"))]
    assert stylesheets == []


def test_pages_declare_french(book_html: Path) -> None:
    for page in book_html.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.html is not None:
            assert soup.html.get("lang") == "fr", page


def content_pages(book_html: Path) -> list[Path]:
    return sorted(
        p for p in book_html.rglob("*.html") if "_static" not in p.parts and p.name not in {"genindex.html"}
    )


# True once the widget manager has drawn every widget view of the page (true at once without one).
EVERY_VIEW_DRAWN = """() => [
  ...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]'),
].every((tag) => tag.previousElementSibling?.matches('.widget-subarea:not(:empty)'))"""


@pytest.mark.browser
def test_every_page_loads_offline_without_errors(book_html: Path, offline_page) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    pages = content_pages(book_html)
    assert len(pages) >= 3
    for page in pages:
        offline_page.page.goto(page.as_uri(), wait_until="load")
        try:  # the widget manager's requests come after « load »: wait until it has drawn the page
            offline_page.page.wait_for_function(EVERY_VIEW_DRAWN, timeout=15_000)
        except PlaywrightTimeout:
            pytest.fail(f"{page.name} : widgets non affichés ; erreurs : {offline_page.console_errors}")
    assert offline_page.blocked == []
    assert offline_page.failed == []
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_widgets_render_offline(book_html: Path, offline_page) -> None:
    """The chapter page's embedded widgets render from the locally served widget manager."""
    page = offline_page.page
    page.goto((book_html / "notebooks" / "00-prise-en-main.html").as_uri())
    page.wait_for_selector("section.tnq", timeout=15_000)
    assert page.locator("section.tnq").count() >= 2
    assert offline_page.blocked == []
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_search_works_offline(book_html: Path, offline_page) -> None:
    page = offline_page.page
    page.goto((book_html / "search.html").as_uri() + "?q=engagement")
    page.wait_for_selector("#search-results li", timeout=15_000)
    titles = page.locator("#search-results li a").all_inner_texts()
    assert any("médias sociaux" in title.lower() for title in titles), titles
    assert offline_page.blocked == []
    assert offline_page.console_errors == []


#: what pydata-sphinx-theme loads on every page for its search-as-you-type (off in the book)
SEARCH_FILES = ("searchindex.js", "searchtools.js", "language_data.js")


@pytest.mark.browser
def test_search_from_a_chapter_loads_the_index_only_on_the_search_page(book_html: Path, offline_page) -> None:
    """book/_templates/layout.html keeps the search index (120 KB) and Sphinx's search tools for the
    search page: a chapter loads none of them, its search dialog still finds pages, and the result
    opened highlights the words searched."""
    requests: list[str] = []
    page = offline_page.page
    page.on("request", lambda request: requests.append(request.url))
    page.goto((book_html / "notebooks" / "05-medias-sociaux.html").as_uri(), wait_until="load")
    assert not [url for url in requests if url.rsplit("/", 1)[-1].split("?")[0] in SEARCH_FILES]
    page.get_by_role("button", name="Recherche").first.click()
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill("engagement")
    field.press("Enter")
    page.wait_for_selector("#search-results li", timeout=15_000)
    assert page.url.split("/")[-1].startswith("search.html?q=engagement")
    result = page.locator("#search-results li a", has_text="médias sociaux").first
    result.click()
    page.wait_for_selector("span.highlighted", state="attached", timeout=15_000)
    highlighted = page.locator("span.highlighted").all_inner_texts()
    assert highlighted and all(word.lower().startswith("engagement") for word in highlighted), highlighted
    assert offline_page.blocked == [] and offline_page.console_errors == []


@pytest.mark.browser
def test_widgets_render_over_http(book_html: Path, offline_page) -> None:
    """Served by a local web server instead of file://, a chapter's widgets still render offline."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(book_html))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_port}"
        page = offline_page.page
        page.route(f"{origin}/**", lambda route: route.continue_())
        try:
            page.goto(f"{origin}/notebooks/05-medias-sociaux.html")
            page.wait_for_selector("section.tnq", timeout=15_000)
            assert page.locator("section.tnq").count() >= 2
        finally:
            server.shutdown()
    assert offline_page.blocked == []
    assert offline_page.console_errors == []


def test_every_chapter_links_the_glossary(book_html: Path) -> None:
    for chapter in CHAPTERS:
        soup = BeautifulSoup(
            (book_html / f"notebooks/{chapter.id}-{chapter.slug}.html").read_text("utf-8"), "html.parser"
        )
        links = [a.get("href", "") for a in soup.select("main a")]
        assert any(href.endswith("glossaire.html") for href in links), chapter.id


def test_icon_codepoints_come_from_the_stylesheets_and_the_pages() -> None:
    css = (
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-sun:before{content:"\\f185"}'
        ':root{--pst-icon-info-circle:"\\f05a";--pst-icon-x:"\uf071"}.admonition:after{content:"\\e163"}'
        '.note:before{content:"\\201c"}'
    )
    assert icon_font.class_codepoints(css) == {"fa-bars": 0xF0C9, "fa-navicon": 0xF0C9, "fa-sun": 0xF185}
    assert icon_font.other_codepoints(css) == {0xF05A, 0xF071, 0xE163}  # not U+201C: not an icon


def test_the_icon_font_holds_every_icon_the_book_can_show_and_little_else(book_html: Path) -> None:
    """build-finished (book/icon_font.py) replaced the theme's 153 KB Font Awesome solid font by a
        subset; every codepoint of that font the built stylesheets and pages refer to is in it (brand icons
    such as --pst-icon-github are in the brands font), the icons of chapter 5's
        HTML among them."""
    from fontTools.ttLib import TTFont
    from pydata_sphinx_theme import __file__ as theme

    font = book_html / icon_font.FONT
    original = Path(theme).parent / "theme" / "pydata_sphinx_theme" / icon_font.FONT.removeprefix("_")
    assert font.stat().st_size * 10 < original.stat().st_size
    cmap = set(TTFont(font).getBestCmap())
    needed = icon_font.needed_codepoints(book_html) & set(TTFont(original).getBestCmap())  # not brands
    assert needed and needed <= cmap, sorted(map(hex, needed - cmap))
    assert cmap <= needed | {0x20}, sorted(map(hex, cmap - needed))
    page = (book_html / "notebooks" / "05-medias-sociaux.html").read_text(encoding="utf-8")
    css = (book_html / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    classes = icon_font.class_codepoints(css)
    shown = {classes[name] for name in set(icon_font.USED_CLASS.findall(page)) if name in classes}
    assert len(shown) >= 10 and shown <= cmap
    values = re.findall(r'--pst-icon-[a-z-]+:\s*"([^"]+)"', css)  # "\\f05a" or the character itself
    variables = {int(value[1:], 16) if value.startswith("\\") else ord(value) for value in values}
    variables &= set(TTFont(original).getBestCmap())
    assert len(variables) >= 5 and variables <= cmap  # admonitions, links…
