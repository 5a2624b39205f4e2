"""The project's benchmark (``make bench``): medians of several runs, compared with design.md's targets.

Measures a cold book build (clean output folder), a no-change rebuild, a rebuild after touching one
chapter, the strict nbval run over every notebook, the size of each chapter page's HTML, and, in
Debian's chromium from file:// with the network blocked, the time from navigation start to the first
quiz's visible feedback (a script clicks as soon as the quiz renders), with a cold browser cache and
after another chapter was opened. Builds go to a temporary folder; the maintainer's ``_build`` is
left alone.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TOUCHED = ROOT / "notebooks" / "00-prise-en-main.ipynb"
TARGETS_S = {"cold build": 30.0, "no-change rebuild": 3.0, "rebuild after one chapter": 8.0}
CLICK_TARGET_S = 1.0
CLICK_PAGE, WARM_UP_PAGE = "notebooks/05-medias-sociaux.html", "notebooks/01-visibilite-internet.html"
# Clicks the first choice of the first quiz and « Vérifier » as soon as the quiz renders; records when
# the feedback text appears (performance.now() counts from navigation start).
CLICK_SCRIPT = """
new MutationObserver((_, watch) => {
  const form = document.querySelector('section.tnq form.tnq-q');
  if (!form) return;
  watch.disconnect();
  form.querySelector('input').click();
  form.querySelector('button[type=submit]').click();
  const feedback = form.querySelector('.tnq-feedback');
  const seen = () => feedback.textContent.trim() && (window.tnqFeedback = performance.now());
  if (!seen()) new MutationObserver((_, w) => seen() && w.disconnect())
    .observe(feedback, {childList: true, subtree: true, characterData: true});
}).observe(document, {childList: true, subtree: true});
"""
PAGE_TARGET_KB = 300


def run(command: list[str | Path]) -> None:
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed(action: Callable[..., None], *args: object) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def build(output: Path) -> None:
    run([BIN / "jupyter-book", "build", ".", "-W", "-n", "--keep-going", "--path-output", output])


def nbval() -> None:
    run(
        [
            BIN / "python",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "--dist",
            "loadfile",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
            "notebooks",
            "exercises",
        ]
    )


def touch(path: Path) -> None:
    os.utime(path)


def measure(runs: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {name: [] for name in (*TARGETS_S, "nbval (strict)")}
    for index in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            output = Path(scratch)
            results["cold build"].append(timed(build, output))
            results["no-change rebuild"].append(timed(build, output))
            touch(TOUCHED)
            results["rebuild after one chapter"].append(timed(build, output))
            if index == runs - 1:
                html = output / "_build" / "html"
                report_page_sizes(html)
                for name, times in click_to_feedback(html, runs).items():
                    results[name] = times
        results["nbval (strict)"].append(timed(nbval))
    return results


def click_to_feedback(html: Path, runs: int) -> dict[str, list[float]]:
    """Navigation start → first quiz feedback visible, in seconds, cold and after another chapter."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {"click to feedback (cold)": [], "click to feedback (warm)": []}
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium est introuvable : lancez 'make setup'.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for _ in range(runs):
            for name, warm_up in (("click to feedback (cold)", False), ("click to feedback (warm)", True)):
                context = browser.new_context()
                context.route(re.compile(r"^(?!file:|data:|blob:)"), lambda route: route.abort())
                page = context.new_page()
                page.add_init_script(CLICK_SCRIPT)
                if warm_up:
                    page.goto((html / WARM_UP_PAGE).as_uri())
                    page.wait_for_function("() => window.tnqFeedback", timeout=20_000)
                page.goto((html / CLICK_PAGE).as_uri())
                page.wait_for_function("() => window.tnqFeedback", timeout=20_000)
                times[name].append(page.evaluate("() => window.tnqFeedback") / 1000)
                context.close()
        browser.close()
    return times


def report_page_sizes(html: Path) -> None:
    print("Chapter page HTML (shared widget assets excluded):")
    for page in sorted((html / "notebooks").glob("*.html")):
        size_kb = page.stat().st_size / 1024
        ratio = size_kb / PAGE_TARGET_KB
        print(f"  {page.name:40} {size_kb:7.1f} KB  ({ratio:.2f} of the {PAGE_TARGET_KB} KB target)")
    vendor = html / "_static" / "vendor"
    if vendor.exists():
        total = sum(p.stat().st_size for p in vendor.rglob("*") if p.is_file()) / 1024
        print(f"  shared, cached widget assets: {total:.0f} KB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (default 3)")
    args = parser.parse_args()
    print(f"Machine: {os.cpu_count()} cores; {args.runs} runs per measure")
    results = measure(args.runs)
    print(f"{'measure':28} {'median':>8} {'runs':>24} {'target':>8} {'ratio':>6}")
    for name, times in results.items():
        median = statistics.median(times)
        target = TARGETS_S.get(name, CLICK_TARGET_S if name.startswith("click") else None)
        runs = ", ".join(f"{t:.2f}" for t in times)
        ratio = f"{median / target:.2f}" if target else "-"
        print(f"{name:28} {median:7.2f}s {runs:>24} {target or '-':>8} {ratio:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
