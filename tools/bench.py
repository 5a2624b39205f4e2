"""The project's benchmark (``make bench``): medians of several runs, compared with design.md's targets.

Measures ``make check`` (the quick loop: banks, lint, format, tests without browser, build, kernel or
server), a cold book build (clean output folder), a no-change rebuild, a rebuild after touching one
chapter, the strict nbval run over every notebook, the size of each chapter page's HTML, and, in
Debian's chromium from file:// with the network blocked, with a cold browser cache and after another
chapter was opened: the time from navigation start to the first quiz shown, to its visible feedback (a
script clicks as soon as the quiz renders), and from the click to the feedback drawn (the widget's own
work: grading and feedback). Builds go to a temporary folder; the maintainer's ``_build`` is left
alone, then ``make test`` (once by default: it takes minutes). ``--only check`` or ``--only test``
measures one of them alone.

The tests assert no time: the times are measured here, against these targets.
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
#: design.md's targets on two cores
TARGETS_S = {"cold build": 8.0, "no-change rebuild": 3.0, "rebuild after one chapter": 8.0}
CHECK_TARGET_S = 60.0  # make check
TEST_TARGET_S = 240.0  # make test, dependencies installed
#: navigation start → first quiz shown; navigation start → its feedback; click → feedback drawn
CLICK_TARGETS_S = {"quiz shown": 3.0, "click to feedback": 1.0, "feedback after click": 0.1}
CLICK_PAGE, WARM_UP_PAGE = "notebooks/05-medias-sociaux.html", "notebooks/01-visibilite-internet.html"
# Clicks the first choice of the first quiz and « Vérifier » as soon as the quiz renders; records when
# the quiz shows, when « Vérifier » is clicked, when the feedback text appears and the next frame after
# it (performance.now() counts from navigation start).
CLICK_SCRIPT = """
new MutationObserver((_, watch) => {
  const form = document.querySelector('section.tnq form.tnq-q');
  if (!form) return;
  watch.disconnect();
  window.tnqShown = performance.now();
  form.querySelector('input').click();
  const feedback = form.querySelector('.tnq-feedback');
  const seen = () => {
    if (!feedback.textContent.trim()) return false;
    window.tnqFeedback = performance.now();
    requestAnimationFrame(() => { window.tnqDrawn = performance.now(); });
    return true;
  };
  window.tnqClicked = performance.now();
  form.querySelector('button[type=submit]').click();
  if (!seen()) new MutationObserver((_, w) => seen() && w.disconnect())
    .observe(feedback, {childList: true, subtree: true, characterData: true});
}).observe(document, {childList: true, subtree: true});
"""
#: CLICK_TARGETS_S's three times in milliseconds, once the feedback is drawn (falsy before)
CLICK_TIMES = """() => window.tnqDrawn
  && [window.tnqShown, window.tnqFeedback, window.tnqDrawn - window.tnqClicked]"""
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


def make_check() -> None:
    try:
        run(["make", "--no-print-directory", "check"])
    except subprocess.CalledProcessError:
        raise SystemExit("make check échoue : lancez-le, corrigez-le, puis mesurez-le.") from None


def make_test() -> None:
    try:
        run(["make", "--no-print-directory", "test"])
    except subprocess.CalledProcessError:
        raise SystemExit("make test échoue : lancez-le, corrigez-le, puis mesurez-le.") from None


def measure_test(runs: int) -> dict[str, list[float]]:
    return {"make test": [timed(make_test) for _ in range(runs)]}


def touch(path: Path) -> None:
    os.utime(path)


def measure_check(runs: int) -> dict[str, list[float]]:
    return {"make check": [timed(make_check) for _ in range(runs)]}


def measure(runs: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = measure_check(runs)
    results |= {name: [] for name in (*TARGETS_S, "nbval (strict)")}
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
    """CLICK_TARGETS_S's times, in seconds, with a cold cache and after another chapter was opened."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {
        f"{name} ({cache})": [] for name in CLICK_TARGETS_S for cache in ("cold", "warm")
    }
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium est introuvable : lancez 'make setup'.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for _ in range(runs):
            for cache in ("cold", "warm"):
                context = browser.new_context()
                context.route(re.compile(r"^(?!file:|data:|blob:)"), lambda route: route.abort())
                page = context.new_page()
                page.add_init_script(CLICK_SCRIPT)
                if cache == "warm":
                    page.goto((html / WARM_UP_PAGE).as_uri())
                    page.wait_for_function(CLICK_TIMES, timeout=20_000)
                page.goto((html / CLICK_PAGE).as_uri())
                measured = page.wait_for_function(CLICK_TIMES, timeout=20_000).json_value()
                for name, milliseconds in zip(CLICK_TARGETS_S, measured, strict=True):
                    times[f"{name} ({cache})"].append(milliseconds / 1000)
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
    parser.add_argument("--only", choices=["check", "test"], help="measure make check or make test alone")
    parser.add_argument(
        "--test-runs", type=int, default=1, help="runs of make test (default 1: minutes each)"
    )
    args = parser.parse_args()
    print(f"Machine: {os.cpu_count()} cores; {args.runs} runs per measure")
    if args.only == "check":
        results = measure_check(args.runs)
    elif args.only == "test":
        results = measure_test(args.test_runs)
    else:
        results = measure(args.runs) | measure_test(args.test_runs)
    print(f"{'measure':32} {'median':>8} {'runs':>24} {'target':>8} {'ratio':>6}")
    for name, times in results.items():
        median = statistics.median(times)
        target = target_of(name)
        runs = ", ".join(f"{t:.2f}" for t in times)
        ratio = f"{median / target:.2f}" if target else "-"
        print(f"{name:32} {median:7.2f}s {runs:>24} {target or '-':>8} {ratio:>6}")
    return 0


def target_of(name: str) -> float | None:
    if name in ("make check", "make test"):
        return {"make check": CHECK_TARGET_S, "make test": TEST_TARGET_S}[name]
    return TARGETS_S.get(name, CLICK_TARGETS_S.get(name.rsplit(" (", 1)[0]))


if __name__ == "__main__":
    sys.exit(main())
