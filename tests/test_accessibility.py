"""Accessibility audit of every built page with axe-core (from npm) in Debian's chromium, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}

pytestmark = [pytest.mark.browser, pytest.mark.build]


def audit(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the loaded page and return its violations."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )


def test_axe_finds_a_known_violation(offline_page, tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="x.png"><button></button></body></html>', encoding="utf-8")
    offline_page.page.goto(bad.as_uri())
    assert {"image-alt", "button-name"} <= {v["id"] for v in audit(offline_page.page)}


def test_no_serious_or_critical_violation_on_any_page(book_html: Path, offline_page) -> None:
    report = {}
    pages = sorted(
        p
        for p in book_html.rglob("*.html")
        if "_static" not in p.parts
        and p.name != "genindex.html"
        and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")  # the root's redirect
    )
    for path in pages:
        offline_page.page.goto(path.as_uri(), wait_until="load")
        if offline_page.page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
            offline_page.page.wait_for_selector("section.tnq", timeout=15_000)
        blocking = [v for v in audit(offline_page.page) if v["impact"] in BLOCKING]
        if blocking:
            report[str(path.relative_to(book_html))] = blocking
    assert report == {}


def test_images_have_alt_text(book_html: Path, offline_page) -> None:
    for path in sorted((book_html / "notebooks").glob("*.html")):
        offline_page.page.goto(path.as_uri())
        missing = offline_page.page.eval_on_selector_all(
            "main img", "imgs => imgs.filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src)"
        )
        assert missing == [], path.name
