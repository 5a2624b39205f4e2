"""The trainee handout (``make pdf``): the trainee edition as one HTML page, printed to PDF by Chromium.

Jupyter Book 1's own PDF builders need either LaTeX (which cannot render the widgets) or pyppeteer
(which downloads a browser); printing the single-page HTML build with Debian's chromium through
Playwright keeps the charts and renders the quizzes' questions, offline.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
DEFAULT_PDF = ROOT / "_build" / "pdf" / "formation-transition-numerique.pdf"


def build_single_page(output: Path) -> Path:
    """Build the trainee edition as one HTML page into ``output``; return the page."""
    subprocess.run(
        [BIN / "jupyter-book", "build", ROOT, "--builder", "singlehtml", "-W", "-n", "--keep-going",
         "--path-output", output],
        check=True,
        cwd=ROOT,
    )
    return output / "_build" / "singlehtml" / "index.html"


def print_to_pdf(page_path: Path, pdf: Path) -> None:
    """Open the page offline in chromium, wait for the widgets, and print it to A4."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium est introuvable : lancez 'make setup'.")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL_SCHEMES) else r.abort())
        page.goto(page_path.as_uri(), wait_until="load")
        if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
            page.wait_for_selector("section.tnq", timeout=30_000)
        page.emulate_media(media="print")
        page.pdf(
            path=str(pdf),
            format="A4",
            print_background=True,
            margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=(
                '<div style="font-size:8px;width:100%;text-align:center">'
                'Les défis de la transition numérique — <span class="pageNumber"></span>'
                ' / <span class="totalPages"></span></div>'
            ),
        )
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_PDF, help="the PDF to write")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "_build" / "handout")
    args = parser.parse_args()
    print_to_pdf(build_single_page(args.build_dir), args.output)
    print(f"Support PDF : {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
