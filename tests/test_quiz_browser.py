"""The widgets in a static page built by Jupyter Book, opened from file:// with the network blocked.

The page is a tiny book built with the repository's own ``_config.yml`` and widget asset folder, from a
notebook executed with nbclient (widget state stored) on the test bank, which carries an XSS payload.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from transition_numerique.course.bank import load_bank

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "tests" / "fixtures" / "quiz" / "banks"
CELLS = [
    "from transition_numerique import autoevaluation, quiz",
    'autoevaluation("05")',
    'quiz("05")',
    'quiz("05", ids=["taux-engagement", "twitter-280"])',
]


@pytest.fixture(scope="module")
def quiz_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """file:// URL of the built page holding a self-assessment and two quizzes of the test bank."""
    book = tmp_path_factory.mktemp("quiz-book")
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copytree(ROOT / "book" / "_assets", book / "book" / "_assets")
    (book / "_toc.yml").write_text("format: jb-book\nroot: quiz\n", encoding="utf-8")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Quiz d’essai")]
        + [nbformat.v4.new_code_cell(c) for c in CELLS],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    env = os.environ | {
        "TRANSITION_NUMERIQUE_QUIZ_DIR": str(BANKS),
        "TRANSITION_NUMERIQUE_PROGRESS": str(book / "progress.json"),
    }
    NotebookClient(notebook, kernel_name="python3", timeout=120, store_widget_state=True).execute(env=env)
    nbformat.write(notebook, book / "quiz.ipynb")
    result = subprocess.run(
        [Path(sys.executable).parent / "jupyter-book", "build", book, "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return (book / "_build" / "html" / "quiz.html").as_uri()


def open_page(offline, url: str):
    page = offline.page
    page.goto(url)
    page.locator(".tnq").nth(2).wait_for()
    return page


def test_widgets_render_offline_without_errors(offline_page, quiz_page: str) -> None:
    page = open_page(offline_page, quiz_page)
    assert page.locator(".tnq").count() == 3
    assert page.locator("form.tnq-q").count() == 8
    assert page.locator(".tnq-score").nth(1).inner_text() == "Score\u00a0: 0/6"
    assert offline_page.blocked == [] and offline_page.failed == []
    assert offline_page.console_errors == []


def test_wrong_then_right_answer(offline_page, quiz_page: str) -> None:
    page = open_page(offline_page, quiz_page)
    form = page.locator("form.tnq-q").nth(0)
    form.get_by_label("Un réseau de contacts personnels.").check()
    form.get_by_role("button", name="Vérifier").click()
    feedback = form.get_by_role("status")
    assert feedback.locator(".tnq-verdict").inner_text() == "✗Incorrect"
    assert "C’est plutôt un réseau social." in feedback.inner_text()
    assert "Un média social sert d’abord à publier." in feedback.inner_text()
    assert page.locator(".tnq-score").nth(1).inner_text() == "Score\u00a0: 0/6"
    form.get_by_role("button", name="Réessayer").click()
    assert feedback.inner_text() == ""
    form.get_by_label("Un site où l’on publie").check()
    form.get_by_role("button", name="Vérifier").click()
    assert feedback.locator(".tnq-verdict").inner_text() == "✓Correct"
    assert "Oui, c’est le partage de contenus qui compte." in feedback.inner_text()
    assert page.locator(".tnq-score").nth(1).inner_text() == "Score\u00a0: 1/6"
    numeric = page.locator("form.tnq-q").nth(3)
    numeric.get_by_label("Votre réponse").fill("4,61")
    numeric.get_by_role("button", name="Vérifier").click()
    assert numeric.locator(".tnq-verdict").inner_text() == "✗Incorrect"
    numeric.get_by_role("button", name="Réessayer").click()
    numeric.get_by_label("Votre réponse").fill("4.6")
    numeric.get_by_role("button", name="Vérifier").click()
    assert numeric.locator(".tnq-verdict").inner_text() == "✓Correct"
    assert page.locator(".tnq-score").nth(1).inner_text() == "Score\u00a0: 2/6"
    assert offline_page.console_errors == []


def test_keyboard_only(offline_page, quiz_page: str) -> None:
    page = open_page(offline_page, quiz_page)
    keyboard = page.keyboard
    page.locator(".tnq-q").first.locator("input").first.focus()  # the starting point; keys only from here
    keyboard.press("ArrowRight")  # self-assessment: from 1 to 2
    keyboard.press("ArrowRight")
    assert page.locator(".tnq-score").nth(0).inner_text() == "Affirmations notées\u00a0: 1/2"
    first = page.locator("form.tnq-q").nth(0)
    first.locator("input").first.focus()
    keyboard.press("Space")
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Vérifier"
    keyboard.press("Enter")
    assert first.locator(".tnq-verdict").inner_text() == "✓Correct"
    assert page.evaluate("document.activeElement.textContent") == "Réessayer"
    keyboard.press("Enter")  # Réessayer: back to the chosen option
    keyboard.press("ArrowDown")
    keyboard.press("Enter")  # Enter in the form checks the answer
    assert first.locator(".tnq-verdict").inner_text() == "✗Incorrect"
    keyboard.press("Tab")  # from Réessayer to the link in the explanation
    assert page.evaluate("document.activeElement.textContent") == "la définition"
    keyboard.press("Tab")  # to the next question's first checkbox
    keyboard.press("Space")
    keyboard.press("Tab")
    keyboard.press("Space")
    keyboard.press("Enter")
    assert page.locator("form.tnq-q").nth(1).locator(".tnq-verdict").inner_text() == "✓Correct"
    keyboard.press("Tab")  # vrai-faux
    keyboard.press("Tab")
    keyboard.press("Tab")  # numeric input
    keyboard.type("4,5")
    keyboard.press("Enter")
    assert page.locator("form.tnq-q").nth(3).locator(".tnq-verdict").inner_text() == "✓Correct"
    assert page.locator(".tnq-score").nth(1).inner_text() == "Score\u00a0: 2/6"


def test_reload_keeps_answers_and_reset_clears_them(offline_page, quiz_page: str) -> None:
    page = open_page(offline_page, quiz_page)
    page.locator(".tnq").nth(0).get_by_label("4 — Plutôt").first.check()
    form = page.locator("form.tnq-q").nth(2)
    form.get_by_label("Vrai").check()
    form.get_by_role("button", name="Vérifier").click()
    page.reload()
    page.locator(".tnq").nth(2).wait_for()
    assert page.locator(".tnq").nth(0).get_by_label("4 — Plutôt").first.is_checked()
    assert page.locator("form.tnq-q").nth(2).locator(".tnq-verdict").inner_text() == "✓Correct"
    assert page.locator(".tnq-score").nth(1).inner_text() == "Score\u00a0: 1/6"
    # The other quiz of the same chapter shows the same answer to the question they share.
    assert page.locator(".tnq-score").nth(2).inner_text() == "Score\u00a0: 1/2"
    kept = page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('transition-numerique'))")
    assert kept == [f"transition-numerique/stagiaire{Path(quiz_page[7:]).parent}/"]  # one per book
    doc = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(kept[0])})"))
    assert doc["chapters"]["05"]["quiz"]["twitter-280"] | {"date": None} == {
        "reponse": True,
        "correct": True,
        "date": None,
    }
    assert doc["chapters"]["05"]["autoevaluation"]["strategie-ecrite"]["note"] == 4
    page.locator(".tnq").nth(1).get_by_role("button", name="Réinitialiser").click()
    assert page.locator(".tnq-score").nth(2).inner_text() == "Score\u00a0: 0/2"  # in step at once
    page.locator(".tnq").nth(0).get_by_role("button", name="Réinitialiser").click()
    assert page.locator(".tnq-score").nth(1).inner_text() == "Score\u00a0: 0/6"
    page.reload()
    page.locator(".tnq").nth(2).wait_for()
    assert page.locator(".tnq-feedback:not(:empty)").count() == 0
    assert page.locator(".tnq input:checked").count() == 0
    assert page.locator(".tnq-score").nth(0).inner_text() == "Affirmations notées\u00a0: 0/2"


def test_xss_payload_shows_as_text_and_never_runs(offline_page, quiz_page: str) -> None:
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(offline_page, quiz_page)
    quiz = page.locator(".tnq").nth(1)
    assert "<img src=x onerror=alert(1)>" in quiz.locator("legend").first.inner_text()
    assert '<script>alert("titre")</script>' in quiz.locator(".tnq-title").inner_text()
    assert "<img src=x onerror=alert(2)>" in page.locator(".tnq").nth(0).locator("legend").first.inner_text()
    form = page.locator("form.tnq-q").nth(0)
    form.locator("label").nth(1).hover()
    form.locator("input").nth(1).check()
    form.get_by_role("button", name="Vérifier").click()
    feedback = form.get_by_role("status")
    assert "[Piège](javascript:alert(4))" in feedback.inner_text()
    feedback.get_by_text("gras").hover()
    # One frame later the hover's handlers have run; an alert() from them would have blocked this call.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    assert page.locator(".tnq img, .tnq script, .tnq [onerror], .tnq [onmouseover]").count() == 0
    assert [a.get_attribute("href") for a in page.locator(".tnq a").all()] == [
        "https://fr.wikipedia.org/wiki/M%C3%A9dia_social"
    ]
    assert dialogs == []


def test_element_ids_are_unique(offline_page, quiz_page: str) -> None:
    page = open_page(offline_page, quiz_page)
    ids = page.eval_on_selector_all("[id]", "els => els.map((e) => e.id)")
    assert len(ids) == len(set(ids))
    labels = page.eval_on_selector_all(".tnq label", "els => els.map((l) => l.control !== null)")
    assert labels and all(labels)


CONTRAST = (ROOT / "tests" / "fixtures" / "quiz" / "contrast.js").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "theme",
    [None, "document.body.dataset.jpThemeLight = 'false'", "document.documentElement.dataset.theme = 'dark'"],
    ids=["light", "jupyterlab-dark", "book-dark"],
)
def test_text_contrast_is_aa(offline_page, quiz_page: str, theme: str | None) -> None:
    page = open_page(offline_page, quiz_page)
    if theme:
        page.evaluate(theme)
    for index, answer in ((0, 1), (1, 0)):
        form = page.locator("form.tnq-q").nth(index)
        form.locator("input").nth(answer).check()
        form.get_by_role("button", name="Vérifier").click()
    ratios = [ratio for widget in page.locator(".tnq").all() for ratio in widget.evaluate(CONTRAST)]
    assert len(ratios) > 40
    low = [(text, round(ratio, 2)) for text, ratio in ratios if ratio < 4.5]
    assert low == []


def test_page_embeds_the_code_of_each_widget(offline_page, quiz_page: str, record_property) -> None:
    """Each widget's model refers to the package's ES module and CSS, shared by the book's pages
    (book/widget_host.py) and resolved by the host (times are measured by make bench)."""
    page = open_page(offline_page, quiz_page)
    state = json.loads(page.locator('script[type="application/vnd.jupyter.widget-state+json"]').inner_text())
    models = [m["state"] for m in state["state"].values() if "_esm" in m["state"]]
    assert len(models) == 3 and len({(m["_esm"], m["_css"]) for m in models}) == 1
    codes = page.evaluate("window.tnWidgetCode")
    esm, css = (codes[models[0][trait].removeprefix("tn-code:")] for trait in ("_esm", "_css"))
    record_property("shared_esm_css_bytes", len(esm.encode()) + len(css.encode()))
    assert re.search(r"export default", esm) and css.strip()


@pytest.mark.build
def test_real_book_chapter_00(offline_page, book_html: Path) -> None:
    """The course's own first chapter: its self-assessment and quiz work offline from file://."""
    page = offline_page.page
    page.goto((book_html / "notebooks" / "00-prise-en-main.html").as_uri())
    page.locator(".tnq").nth(1).wait_for()
    assert page.locator(".tnq").count() == 2
    questions = load_bank("00", ROOT / "notebooks" / "quiz").questions
    true_false = page.locator("form.tnq-q").filter(has=page.get_by_label("Vrai", exact=True))
    statement = next(q for q in questions if q.type == "vrai-faux")
    true_false.get_by_label("Vrai" if statement.reponse else "Faux", exact=True).check()
    true_false.get_by_role("button", name="Vérifier").click()
    assert true_false.locator(".tnq-verdict").inner_text() == "✓Correct"
    assert re.fullmatch(rf"Score\s:\s1/{len(questions)}", page.locator(".tnq-score").nth(1).inner_text())
    assert offline_page.blocked == [] and offline_page.failed == []
    assert offline_page.console_errors == []
