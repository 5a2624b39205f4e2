"""The printed handout of each edition (``make pdf``, ``make pdf-formateur``), printed by Chromium.

Run with ``python -m transition_numerique.book.handout [--edition formateur]`` from the repository root:
it builds the edition, then prints it to one A4 PDF with a cover, a table of contents with page numbers,
nested bookmarks, a running footer (course title · chapter) with page numbers, metadata and tags.

Why this way. Jupyter Book 1's own PDF routes do not fit: LaTeX cannot render the widgets, pyppeteer
downloads a browser, and the single-page HTML build carries no widget state. So the ordinary HTML
build is read page by page, in the order of the table of contents, by Debian's chromium through
Playwright, once each page's widgets have rendered; each page's article (its rendered DOM, ids made
unique, links between pages turned into links inside the handout, scripts left out) goes into one
HTML document with the cover and the table of contents, which Chromium prints once. One print rather
than pages joined with pypdf keeps what Chromium makes of one document: its structure tree (a tagged
PDF, ``/Lang fr``; the headings of a chapter's exercise page are demoted one level, so they nest under
the chapter's) and its links. CSS paged media do the rest, with no
second tool: page margin boxes (Chromium 131 and later) print the page numbers and the running footer,
named pages (one per chapter) give each chapter its footer text. Chromium has no ``target-counter()``,
so the table of contents gets its page numbers in a second print: the first one's named destinations
(Chromium makes one for each target of an internal link, here every entry of the table) give the page
of every entry. pypdf then writes the document information (author, subject) and the bookmarks (the
entries of the table of contents, sections nested under their chapter, each at its destination) into
a clone of Chromium's file, which keeps its structure tree (joining separate prints would lose it).
Chromium's own outline (``outline=True``) is not used: it loses the space where a title wraps, and
gave some titles twice in our tests.

Each page is read in a fresh browser context, so no answer kept by a browser reaches a handout: the
trainee's quizzes print as questions and choices, unanswered. The trainer's handout is the answer key:
the right answers, taken from the question banks and checked with the course's own grading, are put
in each chapter page's browser store (the one the widgets read in the static book), so every quiz
prints with its feedback and explanation.

The print rules shared with the book (an article printed from a browser looks the same) are in
book/_assets/tn/impression.css and, for the widgets, in the ``@media print`` block of widget.css.
"""

from __future__ import annotations

import argparse
import html
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal
from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

from ..course import chapters
from ..course.bank import ChoixMultiple, ChoixUnique, Numerique, VraiFaux, load_bank
from ..widgets.grading import grade
from . import editions

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
WIDGET_VIEW = "script[type='application/vnd.jupyter.widget-view+json']"
PDF_NAME = "formation-transition-numerique"
DISTRIBUTION = "transition-numerique"
#: The date of the answers of the trainer's answer key (the store wants one; nothing shows it).
ANSWER_DATE = "2026-01-01T00:00:00Z"
#: How many times the handout is printed at most before its table of contents stops moving (2 suffice).
PRINTS = 3

# Every widget of the page rendered (anywidgets and ipywidgets, output areas filled) and every image in.
RENDERED_JS = f"""() => {{
  const views = [...document.querySelectorAll("{WIDGET_VIEW}")];
  const drawn = views.every((view) => view.previousElementSibling?.matches(".widget-subarea:not(:empty)"));
  const outputs = [...document.querySelectorAll(".widget-output")].every((o) => o.querySelector("img, pre"));
  return drawn && outputs && [...document.images].every((image) => image.complete);
}}"""

# The page's article as the handout holds it: a copy of its rendered DOM with its ids prefixed by the
# page's anchor (the widgets' ids are unique already), links to the handout's pages pointing inside
# it, other local links removed, sources made absolute, scripts and heading links left out; a page
# that is a section of a chapter has its headings one level down. Returns its title, its sections
# (h2: id and title), the styles its widgets added to the head and its style sheets.
EXTRACT_JS = """({ anchor, pages, demote }) => {
  const here = location.href.split("#")[0];
  const article = document.querySelector("article.bd-article").cloneNode(true);
  article.querySelectorAll("script, noscript, template, .headerlink").forEach((el) => el.remove());
  article.querySelectorAll("details").forEach((el) => el.setAttribute("open", ""));
  article.querySelectorAll("fieldset[disabled]").forEach((el) => el.removeAttribute("disabled"));
  const live = [...document.querySelectorAll("article.bd-article input")];
  article.querySelectorAll("input").forEach((el, n) => {
    if (live[n].checked) el.setAttribute("checked", "");
    if (live[n].type === "text") el.setAttribute("value", live[n].value);
  });
  const renamed = new Map();
  for (const el of article.querySelectorAll("[id]")) {
    if (el.id.startsWith("tnq")) continue;
    renamed.set(el.id, `${anchor}--${el.id}`);
    el.id = renamed.get(el.id);
  }
  for (const name of ["for", "aria-labelledby", "aria-describedby", "aria-controls", "headers"]) {
    for (const el of article.querySelectorAll(`[${name}]`)) {
      el.setAttribute(name, el.getAttribute(name).split(/\\s+/).map((t) => renamed.get(t) ?? t).join(" "));
    }
  }
  for (const el of article.querySelectorAll("[src]")) {
    el.setAttribute("src", new URL(el.getAttribute("src"), location.href).href);
  }
  for (const link of article.querySelectorAll("a[href]")) {
    const url = new URL(link.getAttribute("href"), location.href);
    const page = url.href.split("#")[0];
    const target = decodeURIComponent(url.hash.slice(1));
    if (page === here) link.setAttribute("href", `#${target ? renamed.get(target) ?? anchor : anchor}`);
    else if (page in pages) link.setAttribute("href", `#${pages[page]}${target ? `--${target}` : ""}`);
    else if (url.protocol === "file:") link.removeAttribute("href");
    else link.setAttribute("href", url.href);
  }
  const text = (el) => el.textContent.replace(/[ \\t\\n\\r\\f]+/g, " ").trim(); // no-break spaces kept
  const sections = [...article.querySelectorAll("section > h2")].map((h) => [h.parentElement.id, text(h)]);
  const title = text(article.querySelector("h1"));
  if (demote) {
    for (const heading of [...article.querySelectorAll("h1, h2, h3, h4, h5")]) {
      const lower = document.createElement(`h${Number(heading.tagName[1]) + 1}`);
      for (const { name, value } of heading.attributes) lower.setAttribute(name, value);
      lower.append(...heading.childNodes);
      heading.replaceWith(lower);
    }
  }
  return {
    title,
    sections,
    html: article.innerHTML,
    styles: [...document.head.querySelectorAll("style")].map((style) => style.textContent),
    sheets: [...document.querySelectorAll("link[rel=stylesheet]")].map((l) => [l.href, l.media || ""]),
  };
}"""


# The trainer's answer key: the right answers put in the page's browser store, which the widgets read
# (widget.js: bookHome, the store event); every quiz form then shows its feedback.
ANSWER_JS = """(chapters) => {
  const root = new URL(document.documentElement.dataset.content_root ?? "./", location.href).pathname;
  const key = `transition-numerique/${window.transitionNumeriqueLivre.edition}${root}`;
  localStorage.setItem(key, JSON.stringify({ schema_version: 1, chapters }));
  window.dispatchEvent(new CustomEvent("transition-numerique:store", { detail: key }));
}"""
ANSWERED_JS = """() => [...document.querySelectorAll("form.tnq-q")].every((form) =>
  form.querySelector(".tnq-feedback:not(:empty)"))"""


@dataclass(frozen=True)
class Document:
    """One page of the book in the handout: its path, its part and the chapter it belongs to."""

    path: str
    part: str | None
    chapter: str

    @property
    def anchor(self) -> str:
        """Its id in the handout (``notebooks-05-medias-sociaux``)."""
        return self.path.replace("/", "-")

    @property
    def is_chapter(self) -> bool:
        return self.path == self.chapter


@dataclass
class Page:
    """What the handout takes from one printed page of the book (see ``EXTRACT_JS``)."""

    document: Document
    title: str
    sections: list[tuple[str, str]]
    html: str
    styles: list[str]
    sheets: list[tuple[str, str]]


@dataclass(frozen=True)
class Course:
    """What the cover and the metadata say, read from _config.yml and the package's metadata."""

    title: str
    author: str
    year: str
    version: str

    @classmethod
    def read(cls, root: Path) -> Course:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
        try:
            release = version(DISTRIBUTION)
        except PackageNotFoundError:
            release = "?"
        return cls(config["title"], config["author"], str(config["copyright"]), release)


@dataclass(frozen=True)
class Entry:
    """One line of the table of contents: a chapter (level 1), a section or exercise page (level 2)."""

    level: int
    target: str
    title: str
    part: str | None


@dataclass
class Handout:
    """A handout written: its file, its page count, its table of contents and the page of each entry."""

    pdf: Path
    pages: int
    entries: list[Entry] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)


def toc(edition: str) -> dict[str, Any]:
    """The table of contents the edition is built with (the registry's, plus the trainer part)."""
    return editions.trainer_toc() if edition == "formateur" else chapters.trainee_toc()


def reading_order(book_toc: dict[str, Any]) -> Iterator[Document]:
    """The documents of a Jupyter Book table of contents in reading order, each with its chapter."""
    yield Document(book_toc["root"], None, book_toc["root"])
    for part in book_toc.get("parts", []):
        for entry in part.get("chapters", []):
            yield Document(entry["file"], part["caption"], entry["file"])
            for section in entry.get("sections", []):
                yield Document(section["file"], part["caption"], entry["file"])


def build_html(edition: str, output: Path, root: Path) -> Path:
    """Build ``edition`` of the book in ``root`` into ``output`` (as ``make book`` does); return its HTML."""
    command: list[str | Path] = [Path(sys.executable).parent / "jupyter-book", "build", root]
    command += ["-W", "-n", "--keep-going", "--path-output", output]
    if edition == "formateur":
        output.mkdir(parents=True, exist_ok=True)
        trainer = output / "_toc.yml"
        trainer.write_text(yaml.safe_dump(toc(edition), allow_unicode=True, sort_keys=False), "utf-8")
        command += ["--toc", trainer]
    env = os.environ | {editions.EDITION_VARIABLE: edition}
    subprocess.run(command, check=True, cwd=root, env=env)
    return output / "_build" / "html"


def printed_on() -> date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch else date.today()


# --- reading the book ------------------------------------------------------------------------------


def right_answer(question: ChoixUnique | ChoixMultiple | VraiFaux | Numerique) -> Any:
    """The right answer to a question, as the widget sends it (see widgets/grading.py)."""
    if isinstance(question, ChoixUnique):
        return next(n for n, choice in enumerate(question.choix) if choice.correct)
    if isinstance(question, ChoixMultiple):
        return [n for n, choice in enumerate(question.choix) if choice.correct]
    if isinstance(question, VraiFaux):
        return question.reponse
    return format_decimal(question.reponse, locale="fr")


def answer_key(chapter_id: str) -> dict[str, Any]:
    """One chapter of the browser store with every question of its bank answered right."""
    bank = load_bank(chapter_id)
    answers = {}
    for question in bank.questions:
        reponse = right_answer(question)
        if not grade(question, reponse):
            raise ValueError(f"banque {chapter_id}, question {question.id} : corrigé mal formé")
        answers[question.id] = {"reponse": reponse, "correct": True, "date": ANSWER_DATE}
    return {chapter_id: {"quiz": answers, "autoevaluation": {}}}


def chapter_of(document: Document) -> str | None:
    """The id of the chapter (with a question bank) whose notebook the document is."""
    return next((c.id for c in chapters.CHAPTERS if c.notebook.removesuffix(".ipynb") == document.path), None)


def read_pages(browser: Any, html_dir: Path, documents: list[Document], answered: bool = False) -> list[Page]:
    """Open every document in a fresh context (no stored answers), once its widgets have rendered;
    with ``answered`` (the trainer's handout), each chapter's quiz shows its right answers."""
    urls = {(html_dir / f"{d.path}.html").as_uri(): d.anchor for d in documents}
    urls[(html_dir / "index.html").as_uri()] = documents[0].anchor
    context = browser.new_context(locale="fr-FR", viewport={"width": 1000, "height": 1400})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL_SCHEMES) else r.abort())
    page = context.new_page()
    pages = []
    try:
        for document in documents:
            page.goto((html_dir / f"{document.path}.html").as_uri(), wait_until="load")
            page.wait_for_function(RENDERED_JS, timeout=30_000)
            chapter_id = chapter_of(document)
            if answered and chapter_id is not None:
                page.evaluate(ANSWER_JS, answer_key(chapter_id))
                page.wait_for_function(ANSWERED_JS, timeout=30_000)
            options = {"anchor": document.anchor, "pages": urls, "demote": not document.is_chapter}
            found = page.evaluate(EXTRACT_JS, options)
            sections = [(ident, title) for ident, title in found["sections"]]
            sheets = [(href, media) for href, media in found["sheets"]]
            pages.append(Page(document, found["title"], sections, found["html"], found["styles"], sheets))
    finally:
        context.close()
    return pages


# --- the handout's document ------------------------------------------------------------------------


def css_string(text: str) -> str:
    """A CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def footer_text(course: Course, chapter_title: str) -> str:
    """The running footer: « course title · chapter » (the course title alone on its own home page)."""
    return course.title if chapter_title == course.title else f"{course.title} · {chapter_title}"


def cover(course: Course, edition: str, day: date) -> str:
    e = html.escape
    return f"""<section class="tn-couverture" aria-label="Couverture">
  <p class="tn-couverture-genre">Support de formation</p>
  <p class="tn-couverture-titre">{e(course.title)}</p>
  <p class="tn-couverture-edition">Édition {e(edition)}</p>
  <div class="tn-couverture-pied">
    <p>{e(course.author)}</p>
    <p>Édition {e(course.year)}, version {e(course.version)}</p>
    <p>Imprimé le {e(format_date(day, format="long", locale="fr"))}</p>
  </div>
</section>"""


def toc_entries(pages: list[Page]) -> list[Entry]:
    """The table of contents: every chapter, then its sections (h2) and its exercise pages."""
    entries = []
    for page in pages:
        document = page.document
        entries.append(Entry(1 if document.is_chapter else 2, document.anchor, page.title, document.part))
        if document.is_chapter:
            entries.extend(Entry(2, ident, title, document.part) for ident, title in page.sections)
    return entries


def contents(entries: list[Entry], numbers: dict[str, int]) -> str:
    """The table of contents as HTML: part captions, then lines linked to their targets, with pages
    (blank until the first print has placed them)."""
    items, part = [], None
    for entry in entries:
        if entry.part != part and entry.part is not None:
            part = entry.part
            items.append(f'<li class="tn-sommaire-partie">{html.escape(part)}</li>')
        title = f'<span class="tn-sommaire-titre">{html.escape(entry.title)}</span>'
        number = f'<span class="tn-sommaire-page">{numbers.get(entry.target, "")}</span>'
        items.append(
            f'<li class="tn-sommaire-{entry.level}"><a href="#{entry.target}">{title}{number}</a></li>'
        )
    return (
        '<nav class="tn-sommaire" id="sommaire" aria-labelledby="sommaire-titre">'
        '<h1 id="sommaire-titre">Sommaire</h1><ul>' + "".join(items) + "</ul></nav>"
    )


def footer_rule(name: str, footer: str) -> str:
    """The named page ``name``, whose running footer says ``footer``."""
    return f"@page {name} {{ @bottom-left {{ content: {css_string(footer)}; }} }}"


def page_rules(course: Course, pages: list[Page]) -> str:
    """One named page per chapter, whose footer names it (CSS has no running strings in Chromium)."""
    titles = {page.document.path: page.title for page in pages}
    rules = [footer_rule("tn-sommaire", f"{course.title} · Sommaire")]
    for index, chapter in enumerate(dict.fromkeys(page.document.chapter for page in pages)):
        rules.append(f".tn-chapitre-{index} {{ page: tn-chapitre-{index}; }}")
        rules.append(footer_rule(f"tn-chapitre-{index}", footer_text(course, titles[chapter])))
    return "\n".join(rules)


def handout_html(course: Course, edition: str, day: date, pages: list[Page], numbers: dict[str, int]) -> str:
    """The whole handout as one HTML document, every resource by absolute URL."""
    sheets = dict.fromkeys(sheet for page in pages for sheet in page.sheets)
    styles = dict.fromkeys(style for page in pages for style in page.styles)
    links = "\n".join(
        f'<link rel="stylesheet" href="{html.escape(href)}"'
        + (f' media="{html.escape(media)}">' if media else ">")
        for href, media in sheets
    )
    chapter_index = {c: i for i, c in enumerate(dict.fromkeys(page.document.chapter for page in pages))}
    body = []
    for page in pages:
        document = page.document
        kind = "tn-document-chapitre" if document.is_chapter else "tn-document-section"
        body.append(
            f'<section class="tn-document {kind} tn-chapitre-{chapter_index[document.chapter]}" '
            f'id="{document.anchor}"><article class="bd-article">{page.html}</article></section>'
        )
    title = f"{course.title} — édition {edition}"
    return f"""<!DOCTYPE html>
<html lang="fr" data-theme="light" data-mode="light">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
{links}
{"".join(f"<style>{style}</style>" for style in styles)}
<style>{page_rules(course, pages)}</style>
</head>
<body class="tn-support">
{cover(course, edition, day)}
{contents(toc_entries(pages), numbers)}
<main class="bd-main tn-corps">{"".join(body)}</main>
</body>
</html>
"""


# --- printing --------------------------------------------------------------------------------------


def destinations(pdf: bytes) -> dict[str, int]:
    """The page (1 = the cover) of every named destination of a PDF Chromium printed."""
    reader = PdfReader(io.BytesIO(pdf))
    return {
        name.lstrip("/"): reader.get_destination_page_number(target) + 1
        for name, target in reader.named_destinations.items()
    }


def print_pdf(browser: Any, document: Path) -> bytes:
    """Chromium's print of one HTML file: A4 as the style sheet says, tagged. Not its outline: made
    from the heading's line boxes, it loses the space where a title wraps (« enjeux dudigital »)."""
    context = browser.new_context(locale="fr-FR")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL_SCHEMES) else r.abort())
    try:
        page = context.new_page()
        page.goto(document.as_uri(), wait_until="load")
        return page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
    finally:
        context.close()


def write_pdf(pdf: bytes, target: Path, course: Course, edition: str, entries: list[Entry]) -> int:
    """Chromium's PDF with the document information it cannot set and the bookmarks of the table of
    contents (each at its named destination); returns the page count."""
    reader = PdfReader(io.BytesIO(pdf))
    places = reader.named_destinations
    writer = PdfWriter(clone_from=reader)  # a clone keeps the structure tree
    writer.add_outline_item(title="Sommaire", page_number=1)
    chapter = None
    for entry in entries:
        place = places[f"/{entry.target}"]
        page = reader.get_destination_page_number(place)
        fit = Fit.xyz(left=place.left, top=place.top)
        parent = None if entry.level == 1 else chapter
        item = writer.add_outline_item(
            title=entry.title, page_number=page, parent=parent, fit=fit, is_open=False
        )
        if entry.level == 1:
            chapter = item
    writer.add_metadata(
        {
            "/Title": f"{course.title} — édition {edition}",
            "/Author": course.author,
            "/Subject": f"Support de formation, édition {edition}",
            "/Keywords": "transition numérique; formation; support",
        }
    )
    writer.page_mode = "/UseOutlines"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        writer.write(handle)
    return len(writer.pages)


def print_book(
    html_dir: Path,
    pdf: Path,
    browser: Any = None,
    edition: str = "stagiaire",
    root: Path | None = None,
    day: date | None = None,
) -> Handout:
    """Print the built edition in ``html_dir`` to the handout ``pdf``.

    ``browser`` is a Playwright browser to reuse (the tests have one); by default Debian's chromium is
    started for the job. ``root`` is the repository (its _config.yml), by default the current folder.
    """
    if browser is None:
        return _with_chromium(lambda own: print_book(html_dir, pdf, own, edition, root, day))
    course = Course.read(root or Path.cwd())
    day = day or printed_on()
    pages = read_pages(browser, html_dir, list(reading_order(toc(edition))), edition == "formateur")
    numbers: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="support-") as folder:
        document = Path(folder) / "support.html"
        for _ in range(PRINTS):
            document.write_text(handout_html(course, edition, day, pages, numbers), encoding="utf-8")
            printed = print_pdf(browser, document)
            found = destinations(printed)
            if found == numbers:
                break
            numbers = found
        else:
            raise RuntimeError(f"la table des matières bouge encore après {PRINTS} impressions")
    entries = toc_entries(pages)
    return Handout(pdf, write_pdf(printed, pdf, course, edition, entries), entries, numbers)


def _with_chromium(job: Any) -> Handout:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium est introuvable : lancez « make setup ».")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            return job(browser)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m transition_numerique.book.handout",
        description="Construit une édition du livre et l’imprime en un support PDF (couverture, "
        "sommaire, signets, pieds de page numérotés).",
    )
    parser.add_argument("--edition", choices=editions.EDITIONS, default="stagiaire")
    parser.add_argument("--racine", type=Path, default=Path.cwd(), help="racine du dépôt (par défaut : ici)")
    parser.add_argument("--sortie", type=Path, help="le PDF à écrire (par défaut : _build/pdf/…)")
    args = parser.parse_args(argv)
    # pypdf finds one more object than the trailer of Chromium's file announces, and says so: harmless.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    suffix = "" if args.edition == "stagiaire" else f"-{args.edition}"
    target = args.sortie or args.racine / "_build" / "pdf" / f"{PDF_NAME}{suffix}.pdf"
    start = time.perf_counter()
    html_dir = build_html(args.edition, args.racine / "_build" / f"support-{args.edition}", args.racine)
    handout = print_book(html_dir, target, edition=args.edition, root=args.racine)
    seconds = time.perf_counter() - start
    size = target.stat().st_size / 1024
    print(f"Support PDF, édition {args.edition} : {target}")
    print(f"{handout.pages} pages, {size:.0f} Ko, construit et imprimé en {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
