"""The project's benchmark (``make bench``): medians of several runs, compared with design.md's targets.

Measures ``make check`` (the quick loop: banks, lint, format, tests without browser, build, kernel or
server), the book builds as ``make book`` runs them (a cold build into an empty folder, a no-change
rebuild, a rebuild after touching one chapter; wall and CPU time: CPU time is what two busy cores
cannot hide), the strict nbval run over every notebook, the size of each chapter page's HTML, chapter 5
in Debian's chromium with the network to other hosts blocked, then ``make test`` (once by default: it
takes minutes).

Chapter 5 is measured twice, built with the light widget host and with the previous one (RequireJS and
@jupyter-widgets/html-manager on every widget page: ``TRANSITION_NUMERIQUE_WIDGETS=gestionnaire``, see
transition_numerique/book/widget_host.py), each from file:// and over http (127.0.0.1), with a cold
cache and after another chapter was opened: the time from navigation start to the first quiz shown, to
its visible feedback (a script clicks as soon as the quiz renders), and from the click to the feedback
drawn (the widget's own work); and, over http with a cold cache, the bytes and the number of requests of
the page with every asset it loads. The last table gives each light-host figure as a ratio of the
previous host's.

``--only check``, ``--only test``, ``--only builds`` or ``--only pages`` measures one part alone. The tests
assert no time: the times are measured here, against these targets.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from transition_numerique.book import widget_host

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

#: the Makefile's JUPYTER_BOOK
BOOK_COMMAND = [BIN / "python", "-m", "transition_numerique.book", "build", ".", "-W", "-n", "--keep-going"]
TOUCHED = ROOT / "notebooks" / "00-prise-en-main.ipynb"
#: design.md's targets on two cores
TARGETS_S = {"cold build": 8.0, "no-change rebuild": 3.0, "rebuild after one chapter": 8.0}
CHECK_TARGET_S = 60.0  # make check
TEST_TARGET_S = 240.0  # make test, dependencies installed
#: navigation start → first quiz shown; navigation start → its feedback; click → feedback drawn
CLICK_TARGETS_S = {"quiz shown": 3.0, "navigation to feedback": 0.4, "feedback after click": 0.1}
PAGE_WEIGHT_TARGET_KB = 1024  # chapter 5 with every asset it loads
CLICK_PAGE, WARM_UP_PAGE = "notebooks/05-medias-sociaux.html", "notebooks/01-visibilite-internet.html"
HOSTS = {"light host": "hote", "previous host": "gestionnaire"}
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

Results = dict[str, list[float]]


def run(command: list[str | Path], env: dict[str, str] | None = None) -> None:
    subprocess.run(
        command,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=None if env is None else os.environ | env,
    )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(action: Callable[..., None], *args: object, cpu: list[float] | None = None) -> float:
    """Wall time of ``action(*args)``; its children's CPU time appended to ``cpu``."""
    start, start_cpu = time.perf_counter(), children_cpu()
    action(*args)
    if cpu is not None:
        cpu.append(children_cpu() - start_cpu)
    return time.perf_counter() - start


def build(output: Path, host: str = "hote") -> None:
    run([*BOOK_COMMAND, "--path-output", output], env={widget_host.MODE_VARIABLE: host})


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


def make(target: str) -> None:
    try:
        run(["make", "--no-print-directory", target])
    except subprocess.CalledProcessError:
        raise SystemExit(f"make {target} échoue : lancez-le, corrigez-le, puis mesurez-le.") from None


def measure_check(runs: int) -> Results:
    return {"make check": [timed(make, "check") for _ in range(runs)]}


def measure_test(runs: int) -> Results:
    return {"make test": [timed(make, "test") for _ in range(runs)]}


def measure_builds(runs: int, cpu: Results) -> Results:
    """Cold build, no-change rebuild, rebuild after one chapter, as ``make book`` runs them."""
    results: Results = {name: [] for name in TARGETS_S}
    for name in TARGETS_S:
        cpu[name] = []
    for index in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            output = Path(scratch)
            results["cold build"].append(timed(build, output, cpu=cpu["cold build"]))
            results["no-change rebuild"].append(timed(build, output, cpu=cpu["no-change rebuild"]))
            os.utime(TOUCHED)
            results["rebuild after one chapter"].append(
                timed(build, output, cpu=cpu["rebuild after one chapter"])
            )
            if index == runs - 1:
                report_page_sizes(output / "_build" / "html")
    return results


def measure(runs: int, cpu: Results) -> Results:
    results = measure_check(runs) | measure_builds(runs, cpu) | measure_pages(runs)
    results["nbval (strict)"] = [timed(nbval) for _ in range(runs)]
    return results


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over http on 127.0.0.1 (quietly); yields its origin."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()


def measure_pages(runs: int) -> Results:
    """Chapter 5 with the light host and with the previous one: CLICK_TARGETS_S's times for each scheme
    and cache, and the page's weight with every asset it loads."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium est introuvable : lancez 'make setup'.")
    results: Results = {}
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for host, mode in HOSTS.items():
            html = Path(scratch) / mode
            build(html, mode)
            html = html / "_build" / "html"
            with served(html) as origin:
                bases = {"file": html.as_uri(), "http": origin}
                kilobytes, requests = page_weight(browser, f"{origin}/{CLICK_PAGE}")
                results[f"page + assets, KB ({host})"] = [kilobytes]
                results[f"page + assets, requests ({host})"] = [requests]
                for name, times in click_to_feedback(browser, bases, runs).items():
                    results[f"{name} ({host})"] = times
        browser.close()
    return results


def page_weight(browser, url: str) -> tuple[float, int]:
    """Kilobytes and number of the http responses a cold load of ``url`` makes, once its quiz works."""
    context = browser.new_context()
    sizes: list[int] = []
    context.on(
        "response",
        lambda response: (
            response.url.startswith("http") and sizes.append(int(response.headers.get("content-length", 0)))
        ),
    )
    page = context.new_page()
    page.add_init_script(CLICK_SCRIPT)
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(CLICK_TIMES, timeout=20_000)
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes) / 1024, len(sizes)


def click_to_feedback(browser, bases: dict[str, str], runs: int) -> Results:
    """CLICK_TARGETS_S's times, in seconds, per scheme and cache (cold, or after another chapter)."""
    times: Results = {
        f"{name}, {scheme}, {cache}": []
        for scheme in bases
        for cache in ("cold", "warm")
        for name in CLICK_TARGETS_S
    }
    for _ in range(runs):
        for scheme, base in bases.items():
            for cache in ("cold", "warm"):
                context = browser.new_context()
                local = re.escape(base) if scheme == "http" else "file:"
                context.route(re.compile(rf"^(?!{local}|data:|blob:)"), lambda route: route.abort())
                page = context.new_page()
                page.add_init_script(CLICK_SCRIPT)
                if cache == "warm":
                    page.goto(f"{base}/{WARM_UP_PAGE}")
                    page.wait_for_function(CLICK_TIMES, timeout=20_000)
                page.goto(f"{base}/{CLICK_PAGE}")
                measured = page.wait_for_function(CLICK_TIMES, timeout=20_000).json_value()
                for name, milliseconds in zip(CLICK_TARGETS_S, measured, strict=True):
                    times[f"{name}, {scheme}, {cache}"].append(milliseconds / 1000)
                context.close()
    return times


def report_page_sizes(html: Path) -> None:
    print("Chapter page HTML (shared assets excluded):")
    for page in sorted((html / "notebooks").glob("*.html")):
        size_kb = page.stat().st_size / 1024
        ratio = size_kb / PAGE_TARGET_KB
        print(f"  {page.name:40} {size_kb:7.1f} KB  ({ratio:.2f} of the {PAGE_TARGET_KB} KB target)")


def target_of(name: str) -> float | None:
    if name in ("make check", "make test"):
        return {"make check": CHECK_TARGET_S, "make test": TEST_TARGET_S}[name]
    if name.startswith("page + assets, KB"):
        return PAGE_WEIGHT_TARGET_KB
    return TARGETS_S.get(name, CLICK_TARGETS_S.get(name.split(",", 1)[0]))


def print_results(results: Results, cpu: Results) -> None:
    print(f"{'measure':52} {'median':>9} {'cpu':>7} {'runs':>34} {'target':>7} {'ratio':>6}")
    for name, values in results.items():
        median = statistics.median(values)
        unit = "" if name.startswith("page + assets") else "s"
        target = target_of(name)
        shown = ", ".join(f"{value:.2f}" for value in values[:6]) + (", …" if len(values) > 6 else "")
        spent = f"{statistics.median(cpu[name]):6.2f}s" if name in cpu else "-"
        ratio = f"{median / target:.2f}" if target else "-"
        print(f"{name:52} {median:8.2f}{unit:1} {spent:>7} {shown:>34} {target or '-':>7} {ratio:>6}")
    light = {
        name.removesuffix(" (light host)"): v for name, v in results.items() if name.endswith("(light host)")
    }
    previous = {
        name.removesuffix(" (previous host)"): v for name, v in results.items() if "(previous host)" in name
    }
    if light and previous:
        print(f"\n{'chapter 5, light host vs previous host':52} {'light':>9} {'previous':>9} {'ratio':>6}")
        for name, values in light.items():
            now, before = statistics.median(values), statistics.median(previous[name])
            print(f"{name:52} {now:9.2f} {before:9.2f} {now / before:6.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (default 5)")
    parser.add_argument("--only", choices=["check", "test", "builds", "pages"], help="measure one part alone")
    parser.add_argument(
        "--test-runs", type=int, default=1, help="runs of make test (default 1: minutes each)"
    )
    args = parser.parse_args()
    print(f"Machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {args.runs} runs per measure")
    cpu: Results = {}
    if args.only == "check":
        results = measure_check(args.runs)
    elif args.only == "test":
        results = measure_test(args.test_runs)
    elif args.only == "builds":
        results = measure_builds(args.runs, cpu)
    elif args.only == "pages":
        results = measure_pages(args.runs)
    else:
        results = measure(args.runs, cpu) | measure_test(args.test_runs)
    print_results(results, cpu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
