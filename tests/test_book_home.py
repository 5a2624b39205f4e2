"""The static book as the trainee's home: answers kept by this browser, the bilan drawn in the page, the
export the trainer's team picture reads, and « Effacer » for the next trainee on a shared PC."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from transition_numerique import equipe
from transition_numerique.course.bank import load_bank
from transition_numerique.learner.progress import load_export

pytestmark = [pytest.mark.browser, pytest.mark.build]

ROOT = Path(__file__).resolve().parents[1]
TEAM = ROOT / "formateur" / "exemples" / "equipe"
#: statements rated in each chapter (in the bank's order) → expected maturity: mean rescaled to 0–100
RATINGS = {"02": [4, 2], "05": [5, 4, 3]}
MATURITY = {"02": 50.0, "05": 75.0}
LABELS = {
    1: "1 — Pas du tout",
    2: "2 — Plutôt pas",
    3: "3 — En partie",
    4: "4 — Plutôt",
    5: "5 — Tout à fait",
}


def chapter_page(book: Path, stem: str) -> str:
    return (book / "notebooks" / f"{stem}.html").as_uri()


def work_through(page, book: Path, chapitre: str, stem: str) -> bool:
    """Rate the statements of RATINGS and answer the first quiz question with its first option; return
    whether that answer is right according to the bank."""
    page.goto(chapter_page(book, stem))
    page.locator(".tnq").nth(1).wait_for()
    statements = page.locator(".tnq").nth(0).locator("fieldset.tnq-q")
    for index, note in enumerate(RATINGS[chapitre]):
        statements.nth(index).get_by_label(LABELS[note]).check()
    form = page.locator(".tnq").nth(1).locator("form.tnq-q").first
    form.locator("input").first.check()
    form.get_by_role("button", name="Vérifier").click()
    form.locator(".tnq-verdict").wait_for()
    first = load_bank(chapitre, ROOT / "notebooks" / "quiz").questions[0]
    return first.choix[0].correct


def test_book_only_trainee_gets_a_bilan_an_export_and_a_clean_slate(
    offline_page, book_html: Path, tmp_path: Path
) -> None:
    page = offline_page.page
    right = {
        c: work_through(page, book_html, c, stem)
        for c, stem in [("02", "02-portee-evenements"), ("05", "05-medias-sociaux")]
    }

    page.goto(chapter_page(book_html, "09-bilan"))
    profile = page.locator(".tnq").filter(
        has=page.get_by_text("Votre profil de maturité numérique", exact=True)
    )
    try:
        profile.locator(".tnq-radar").wait_for(timeout=60_000)
    except Exception:  # say what the page shows instead
        kept = page.evaluate("JSON.stringify(Object.keys(localStorage))")
        pytest.fail(
            f"pas de radar ; la page montre : {page.locator('.tnq').all_inner_texts()} ; stockage : {kept}"
        )
    points = {
        p.get_attribute("data-chapitre"): float(p.get_attribute("data-maturite"))
        for p in profile.locator("circle.tnq-point").all()
    }
    assert points == MATURITY
    not_rated = sorted(p.get_attribute("data-chapitre") for p in profile.locator(".tnq-non-evalue").all())
    assert not_rated == ["01", "03", "04", "06", "07", "08"]
    rows = profile.locator("table.tnq-classement tbody tr")
    order = [row.get_attribute("data-chapitre") for row in rows.all()]
    assert order[:2] == ["02", "05"] and sorted(order[2:]) == not_rated  # weakest first, not rated last
    assert rows.nth(0).locator("td").nth(2).inner_text() == "50/100"
    assert rows.nth(1).locator("td").nth(2).inner_text() == "75/100"
    assert all(rows.nth(i).locator("td").nth(2).inner_text() == "non évalué" for i in range(2, 8))
    assert profile.locator(".tnq-plan li").count() == 6  # three actions for each of the two rated problems

    profile.get_by_label("Votre nom (facultatif, pour votre formateur)").fill("Camille <b>Test</b>")
    with page.expect_download() as download:
        profile.get_by_role("button", name="Exporter mes résultats").click()
    folder = tmp_path / "equipe"
    shutil.copytree(TEAM, folder)
    exported = folder / "export-livre.json"
    download.value.save_as(exported)
    export = load_export(exported)  # the kernel export's schema and version
    assert export.schema_version == 1 and export.participant == "Camille <b>Test</b>"
    assert {c: r.maturite for c, r in export.chapters.items() if r.maturite is not None} == MATURITY
    for chapitre, correct in right.items():
        result = export.chapters[chapitre]
        assert (result.quiz.answered, result.quiz.correct) == (1, int(correct))
    kernel_only, team = equipe.charger(TEAM), equipe.charger(folder)
    assert team.effectif == kernel_only.effectif + 1 and team.rejets == kernel_only.rejets
    assert 75.0 in team.maturites()["05"] and 50.0 in team.maturites()["02"]

    page.once("dialog", lambda dialog: dialog.accept())
    profile.get_by_role("button", name="Effacer mes réponses de ce navigateur").click()
    assert profile.locator(".tnq-radar").count() == 0
    assert "Aucun résultat enregistré dans ce navigateur" in profile.locator(".tnq-empty").inner_text()
    page.goto(chapter_page(book_html, "05-medias-sociaux"))
    page.locator(".tnq").nth(1).wait_for()
    assert page.locator(".tnq input:checked").count() == 0
    assert offline_page.blocked == [] and offline_page.failed == [] and offline_page.console_errors == []


def test_two_editions_on_one_origin_keep_apart(offline_page, book_html: Path, trainer_html: Path) -> None:
    page = offline_page.page
    work_through(page, book_html, "05", "05-medias-sociaux")
    page.goto(chapter_page(trainer_html, "05-medias-sociaux"))
    page.locator(".tnq").nth(1).wait_for()
    assert page.locator(".tnq input:checked").count() == 0
    keys = page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('transition-numerique'))")
    assert len(keys) == 1 and keys[0].startswith("transition-numerique/stagiaire/")


def test_an_unreadable_browser_store_is_kept_aside(offline_page, book_html: Path) -> None:
    page = offline_page.page
    warnings: list[str] = []
    page.on("console", lambda msg: msg.type == "warning" and warnings.append(msg.text))
    page.goto(chapter_page(book_html, "05-medias-sociaux"))
    page.locator(".tnq").nth(1).wait_for()
    key = f"transition-numerique/stagiaire{book_html.as_posix()}/"
    page.evaluate(f"localStorage.setItem({json.dumps(key)}, '{{pas du json')")
    page.reload()
    page.locator(".tnq").nth(1).wait_for()
    assert page.locator(".tnq input:checked").count() == 0
    kept = page.evaluate("Object.keys(localStorage).filter((k) => k.includes('.illisible-'))")
    assert len(kept) == 1 and page.evaluate(f"localStorage.getItem({json.dumps(kept[0])})") == "{pas du json"
    assert any("mises de côté" in text for text in warnings)
    assert offline_page.console_errors == []
