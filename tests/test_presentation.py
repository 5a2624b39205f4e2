"""The book's « Mode présentation » (book/presentation.py, book/_assets/tn/presentation.{js,css}) and the
quiz reveal it offers the trainer (widget.js), in Debian's chromium at a projector's 1280 × 720, offline.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from transition_numerique.book.presentation import BUTTON_LABEL, KEY, TOOLTIP

pytestmark = [pytest.mark.browser, pytest.mark.build]

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "book" / "_assets" / "tn" / "presentation.js"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHAPTER = "notebooks/05-medias-sociaux.html"
BANK = yaml.safe_load((ROOT / "notebooks" / "quiz" / "05.yaml").read_text(encoding="utf-8"))
QUESTIONS = BANK["questions"]
PROJECTOR = {"width": 1280, "height": 720}
BUTTON = f".btn-{BUTTON_LABEL}"
STORE = "transition-numerique/"

# What the page shows in the mode, read in one go: slide kind, position, visible headings (context
# headings apart) with their sections, visible questions, and whether the theme's furniture is hidden.
STATE = """() => {
  const shown = (el) => el.getClientRects().length > 0;
  const root = document.documentElement;
  const stage = document.querySelector('article.bd-article');
  const position = document.querySelector('.tn-diapo-position [aria-hidden]');
  return {
    active: root.classList.contains('tn-presentation'),
    kind: root.dataset.tnDiapo ?? null,
    position: position ? position.textContent : null,
    sections: [...document.querySelectorAll('article :is(h1, h2, h3)')]
      .filter((h) => shown(h) && !h.classList.contains('tn-diapo-contexte')).map((h) => h.parentElement.id),
    questions: [...document.querySelectorAll('form.tnq-q')].filter(shown)
      .map((form) => form.querySelector('.tnq-num').textContent),
    furniture: [...document.querySelectorAll('.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, '
      + '.bd-header-article, .bd-footer, .prev-next-area')].filter(shown).length,
    text: parseFloat(getComputedStyle(document.querySelector('article p')).fontSize),
    fits: stage.scrollHeight <= stage.clientHeight + 1,
    continued: 'tnSuite' in root.dataset,
  };
}"""


def state(page) -> dict:
    return page.evaluate(STATE)


def wait_for_position(page, position: str) -> None:
    page.wait_for_function(
        "p => document.querySelector('.tn-diapo-position [aria-hidden]')?.textContent === p", arg=position
    )


def go_to_question(page, number: int) -> None:
    """From the last slide back to the quiz's question ``number`` (1 for the first)."""
    page.keyboard.press("End")
    for _ in range(40):
        shown = state(page)["questions"]
        if shown and shown[0].startswith(f"Question {number} sur "):
            return
        page.keyboard.press("PageUp")
    pytest.fail(f"question {number} introuvable")


def reveal(page) -> None:
    """Click « Afficher la réponse » on the question on screen."""
    question = page.locator("form.tnq-q").filter(visible=True)
    question.get_by_role("button", name="Afficher la réponse").click()


def open_chapter(page, url: str) -> None:
    """Open the chapter and wait for its self-assessment and quiz to be drawn."""
    page.set_viewport_size(PROJECTOR)
    page.goto(url)
    page.wait_for_function("document.querySelectorAll('section.tnq form.tnq-q').length > 0")
    page.wait_for_function("document.querySelectorAll('section.tnq').length === 2")


def walk(page) -> Iterator[dict]:
    """Every slide from the first, by the keys a trainer uses (→, Page Down, Space in turn)."""
    page.keyboard.press("Home")
    keys = ["ArrowRight", "PageDown", "Space"]
    current = state(page)
    total = int(current["position"].split(" / ")[1])
    for n in range(1, total + 1):
        assert current["position"] == f"{n} / {total}"
        yield current
        if n < total:
            # Space presses a focused button and arrows choose in a radio group: Page Down then.
            focus = page.evaluate("document.activeElement.tagName")
            key = keys[n % 3]
            if focus == "INPUT" or (key == "Space" and focus == "BUTTON"):
                key = "PageDown"
            page.keyboard.press(key)
            current = state(page)


def chapter_sections(page) -> list[str]:
    """The ids of the chapter's h2 and h3 sections, read before entering the mode (trainer notes apart)."""
    return page.eval_on_selector_all(
        "article section:not(.tn-notes-formateur) > :is(h2, h3):first-child",
        "hs => hs.filter(h => !h.closest('.tn-notes-formateur')).map(h => h.parentElement.id)",
    )


def audit(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations, every impact, as tests/test_accessibility.py runs it."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {
            preload: false,  // no fetch of the stylesheets: refused from file://, a console error
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        })).violations.map(v => ({id: v.id, impact: v.impact,
                                 targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )


def store(page) -> dict:
    return page.evaluate(
        f"Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('{STORE}'))"
        ".map(k => [k, localStorage.getItem(k)]))"
    )


def clean(offline) -> None:
    assert offline.blocked == [] and offline.failed == []
    assert offline.console_errors == []


# --- the button and the script on every page -------------------------------------------------------


@pytest.mark.parametrize("edition", ["book_html", "trainer_html"])
def test_every_page_has_the_button_and_the_script(edition: str, request: pytest.FixtureRequest) -> None:
    html = request.getfixturevalue(edition)
    pages = [p for p in html.rglob("*.html") if "_static" not in p.parts]
    missing = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in text:  # the root's redirect
            continue
        soup = BeautifulSoup(text, "html.parser")
        button = soup.select_one(f".article-header-buttons button{BUTTON}")
        script = soup.select_one('script[src*="tn/presentation.js"]')
        ok = (
            button is not None
            and button.get("title") == TOOLTIP
            and script is not None
            and script.get("data-touche") == KEY
            and soup.select_one('link[href*="tn/presentation.css"]') is not None
        )
        if not ok:
            missing.append(str(path.relative_to(html)))
    assert len(pages) > 20 and missing == []


def test_the_key_is_in_the_tooltip_and_the_trainer_guide() -> None:
    assert f"touche {KEY.upper()}" in TOOLTIP
    guide = (ROOT / "book" / "guide-formateur.md").read_text(encoding="utf-8")
    assert "## Projeter une page" in guide and f"la touche **{KEY.upper()}**" in guide


def test_script_texts_use_typographic_apostrophes() -> None:
    spec = importlib.util.spec_from_file_location("typographie", ROOT / "tools" / "typographie.py")
    typographie = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(typographie)
    code = [
        line
        for line in SCRIPT.read_text(encoding="utf-8").splitlines()
        if not re.match(r"\s*(//|/\*|\*)", line)
    ]
    assert [line for line in code if typographie.APOSTROPHE.search(line)] == []


# --- entering, moving, leaving ---------------------------------------------------------------------


def test_button_enters_and_escape_leaves(book_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (book_html / CHAPTER).as_uri())
    normal = state(page)
    assert not normal["active"] and normal["furniture"] >= 4
    assert page.locator(BUTTON).get_attribute("aria-keyshortcuts") == KEY
    page.locator(BUTTON).click()
    shown = state(page)
    assert shown["active"] and shown["furniture"] == 0
    assert shown["position"].startswith("1 / ") and shown["sections"] == [
        "communiquer-sur-les-medias-sociaux"
    ]
    assert page.url.endswith("#diapo-1")
    assert shown["text"] >= 1.5 * normal["text"]  # projector type: 28 px at 1280 × 720, 16 px in the page
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    assert state(page)["position"].startswith("3 / ")
    page.keyboard.press("Escape")
    back = state(page)
    assert not back["active"] and back["furniture"] == normal["furniture"] and back["position"] is None
    assert "#diapo-" not in page.url
    assert page.locator(".tn-diapo-barre").count() == 0
    clean(offline_page)


def test_key_enters_and_leaves_but_not_while_typing(book_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (book_html / CHAPTER).as_uri())
    numeric = page.get_by_label("Votre réponse").first
    numeric.focus()
    page.keyboard.press(KEY)
    assert not state(page)["active"] and numeric.input_value() == KEY
    numeric.fill("")
    page.locator("article h1").click()
    page.keyboard.press(KEY)
    assert state(page)["active"]
    page.keyboard.press(KEY)
    assert not state(page)["active"]
    clean(offline_page)


def test_every_section_of_chapter_5_then_each_question(book_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (book_html / CHAPTER).as_uri())
    sections = chapter_sections(page)
    assert len(sections) > 30
    page.keyboard.press(KEY)
    seen: list[str] = []
    questions: list[str] = []
    overflowing: list[str] = []
    continued = 0
    for slide in walk(page):
        continued += slide["continued"]
        if not slide["fits"]:
            overflowing.append(slide["position"])
        seen += [s for s in slide["sections"] if s not in seen]
        if slide["kind"] == "question":
            assert len(slide["questions"]) == 1
            questions += slide["questions"]
        else:
            assert slide["questions"] == []
    assert [s for s in sections if s in seen] == sections == [s for s in seen if s in sections]
    assert overflowing == [] and continued > 0  # long sections go on over « (suite) » slides
    several = " (plusieurs réponses possibles)"
    assert questions == [
        f"Question {n} sur {len(QUESTIONS)}{several if q['type'] == 'choix-multiple' else ''}"
        for n, q in enumerate(QUESTIONS, 1)
    ]
    # and back with ← and Page Up
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("PageUp")
    total = int(state(page)["position"].split(" / ")[1])
    assert state(page)["position"] == f"{total - 2} / {total}"
    clean(offline_page)


def test_each_question_is_revealed_without_recording_an_answer(book_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (book_html / CHAPTER).as_uri())
    assert page.locator(".tnq-reveler").count() == 0  # never offered outside the mode
    before = store(page)
    page.keyboard.press(KEY)
    assert page.locator(".tnq-reveler").count() == len(QUESTIONS)
    assert page.get_by_role("button", name="Vérifier").filter(visible=True).count() == 0
    revealed = 0
    for slide in walk(page):
        if slide["kind"] != "question":
            continue
        q = QUESTIONS[revealed]
        form = page.locator("form.tnq-q").filter(visible=True)
        assert form.count() == 1
        if revealed == 0:  # the trainer checks the room's (wrong) choice first
            wrong = next(i for i, c in enumerate(q["choix"]) if not c.get("correct"))
            form.locator(".tnq-option label").nth(wrong).click()
        form.get_by_role("button", name="Afficher la réponse").click()
        feedback = form.locator(".tnq-feedback")
        right = 1 if q["type"] == "vrai-faux" else sum(bool(c.get("correct")) for c in q.get("choix", []))
        assert form.locator(".tnq-attendu").count() == right
        assert feedback.locator(".tnq-explication").count() == 1
        if revealed == 0:
            assert feedback.locator(".tnq-verdict").inner_text() == "✗Réponse de la salle\u00a0: incorrecte"
        if q["type"] == "numerique":
            assert "Réponse attendue\u00a0:" in feedback.inner_text()
        assert form.get_by_role("button", name="Nouveau vote").is_visible()
        revealed += 1
    assert revealed == len(QUESTIONS)
    assert store(page) == before  # nothing recorded in the trainee's store
    page.keyboard.press("Escape")
    assert page.locator(".tnq-reveler, .tnq-attendu").count() == 0
    assert page.locator(".tnq-feedback:not(:empty)").count() == 0
    assert page.get_by_role("button", name="Vérifier").count() == len(QUESTIONS)
    clean(offline_page)


def test_a_trainee_answer_is_hidden_in_the_mode_only(book_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (book_html / CHAPTER).as_uri())
    first = page.locator("form.tnq-q").first
    first.locator(".tnq-option label").first.click()
    first.get_by_role("button", name="Vérifier").click()
    kept = store(page)
    assert len(kept) == 1 and first.locator(".tnq-verdict").is_visible()
    page.keyboard.press(KEY)
    go_to_question(page, 1)
    assert first.is_visible()
    assert first.locator(".tnq-feedback").inner_text() == ""
    assert first.locator("input:checked").count() == 0
    page.keyboard.press("Escape")
    assert first.locator(".tnq-verdict").inner_text() == "✓Correct"
    assert store(page) == kept
    clean(offline_page)


def test_keyboard_only_vote_reveal_and_move_on(book_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (book_html / CHAPTER).as_uri())
    keyboard = page.keyboard
    keyboard.press(KEY)
    go_to_question(page, 1)
    where = state(page)["position"]
    keyboard.press("Tab")  # the first choice
    keyboard.press("ArrowDown")  # in a radio group, arrows choose: the slide stays
    assert state(page)["position"] == where
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Afficher la réponse"
    keyboard.press("Enter")
    form = page.locator("form.tnq-q").filter(visible=True)
    assert form.locator(".tnq-verdict").is_visible()
    keyboard.press("ArrowRight")  # on a button, → moves on
    assert state(page)["position"] != where and state(page)["questions"] == [
        f"Question 2 sur {len(QUESTIONS)}"
    ]
    clean(offline_page)


def test_reload_keeps_the_slide(book_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (book_html / CHAPTER).as_uri())
    page.keyboard.press(KEY)
    go_to_question(page, 9)
    before = state(page)
    assert before["kind"] == "question" and page.url.endswith(f"#diapo-{before['position'].split(' / ')[0]}")
    page.reload()
    page.wait_for_function("document.querySelectorAll('section.tnq').length === 2")
    page.wait_for_function(
        f"document.querySelector('.tn-diapo-position [aria-hidden]')?.textContent === {before['position']!r}"
    )
    after = state(page)
    assert (
        after["active"]
        and after["questions"] == before["questions"]
        and after["sections"] == before["sections"]
    )
    page.keyboard.press("Escape")  # back in the page, at that question
    top = page.locator("form.tnq-q", has_text=before["questions"][0]).first.bounding_box()["y"]
    assert 0 <= top < PROJECTOR["height"] / 2
    clean(offline_page)


def test_charts_fill_the_screen(book_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (book_html / CHAPTER).as_uri())
    expected = page.locator("article .cell_output img").count()  # the charts and the explorer's view
    page.keyboard.press(KEY)
    charts = []
    for slide in walk(page):
        if slide["kind"] == "graphique":
            box = page.locator("article .cell_output img").filter(visible=True).first.bounding_box()
            charts.append(box)
    assert len(charts) == expected >= 6
    bar = page.locator(".tn-diapo-barre").bounding_box()
    for box in charts:  # whole on the screen, source line (the image's bottom) above the slide bar
        assert box["height"] >= 0.65 * PROJECTOR["height"] and box["y"] + box["height"] <= bar["y"] + 1
    clean(offline_page)


def test_axe_finds_no_violation_in_the_mode(book_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (book_html / CHAPTER).as_uri())
    page.keyboard.press(KEY)
    report = {}
    kinds: set[str] = set()
    for slide in walk(page):
        if slide["kind"] in kinds and slide["kind"] != "question":
            continue
        if slide["kind"] == "question":
            if "question" in kinds:
                continue
            reveal(page)
        kinds.add(slide["kind"])
        violations = audit(page)
        if violations:
            report[slide["position"]] = violations
    assert kinds == {"texte", "widget", "graphique", "question"}
    assert report == {}
    clean(offline_page)


def test_over_http(book_html: Path, offline_page) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(book_html))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_port}"
        page = offline_page.page
        page.route(f"{origin}/**", lambda route: route.continue_())
        try:
            open_chapter(page, f"{origin}/{CHAPTER}")
            page.locator(BUTTON).click()
            slides = list(walk(page))
            assert sum(s["kind"] == "question" for s in slides) == len(QUESTIONS)
            page.keyboard.press("PageUp")
            page.reload()
            wait_for_position(page, f"{len(slides) - 1} / {len(slides)}")
        finally:
            server.shutdown()
    clean(offline_page)


def test_trainer_edition_never_projects_the_trainer_notes(trainer_html: Path, offline_page) -> None:
    page = offline_page.page
    open_chapter(page, (trainer_html / CHAPTER).as_uri())
    notes = page.locator("section.tn-notes-formateur")
    assert notes.count() == 1 and notes.locator(":scope > h2").inner_text().startswith(
        "Notes pour le formateur"
    )
    page.locator(BUTTON).click()
    questions = 0
    for slide in walk(page):
        assert not notes.is_visible()
        questions += slide["kind"] == "question"
        if questions == 1 and slide["kind"] == "question":
            reveal(page)
            assert audit(page) == []
    assert questions == len(QUESTIONS)
    page.keyboard.press("Escape")
    assert notes.is_visible()
    clean(offline_page)
