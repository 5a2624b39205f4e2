"""The trainee handout (``make pdf``): every page of the trainee edition, printed to PDF by Chromium.

Jupyter Book 1's own PDF routes do not fit: LaTeX cannot render the widgets, pyppeteer downloads a
browser, and the single-page HTML build carries no widget state (the quizzes would be missing). So
the ordinary HTML build is printed page by page, in the order of the table of contents, by Debian's
chromium through Playwright once each page's quizzes have rendered, and the pages are joined with pypdf.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
DEFAULT_PDF = ROOT / "_build" / "pdf" / "formation-transition-numerique.pdf"
WIDGET_VIEW = "script[type='application/vnd.jupyter.widget-view+json']"
MARGINS = {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}


def toc_documents(toc: dict[str, Any]) -> Iterator[str]:
    """The documents of a Jupyter Book table of contents, in reading order."""

    def walk(entries: list[dict[str, Any]]) -> Iterator[str]:
        for entry in entries:
            if "file" in entry:
                yield entry["file"]
            yield from walk(entry.get("sections", []))

    yield toc["root"]
    for part in toc.get("parts", []):
        yield from walk(part.get("chapters", []))


def build_html(output: Path) -> Path:
    """Build the trainee edition into ``output``; return its HTML folder."""
    subprocess.run(
        [BIN / "jupyter-book", "build", ROOT, "-W", "-n", "--keep-going", "--path-output", output],
        check=True,
        cwd=ROOT,
    )
    return output / "_build" / "html"


def print_book(html: Path, pdf: Path, browser: Any = None) -> int:
    """Print every page of the built book to one A4 PDF; return its page count.

    ``browser`` is a Playwright browser to reuse (the tests have one); by default Debian's chromium is
    started for the job.
    """
    if browser is not None:
        return _print_pages(browser, html, pdf)
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium est introuvable : lancez 'make setup'.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            return _print_pages(browser, html, pdf)
        finally:
            browser.close()


def _print_pages(browser: Any, html: Path, pdf: Path) -> int:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    writer = PdfWriter()
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL_SCHEMES) else r.abort())
    for document in toc_documents(toc):
        page.goto((html / f"{document}.html").as_uri(), wait_until="load")
        if page.locator(WIDGET_VIEW).count():
            page.wait_for_selector("section.tnq", timeout=30_000)
        page.emulate_media(media="print")
        writer.append(io.BytesIO(page.pdf(format="A4", print_background=True, margin=MARGINS)))
    page.close()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with pdf.open("wb") as handle:
        writer.write(handle)
    return len(writer.pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_PDF, help="the PDF to write")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "_build" / "handout")
    args = parser.parse_args()
    pages = print_book(build_html(args.build_dir), args.output)
    size_kb = args.output.stat().st_size / 1024
    print(f"Support PDF : {args.output} ({pages} pages, {size_kb:.0f} Ko)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
