"""The exercise forms in the built book (exercises 04, 05 and 06), opened from file:// with the network
blocked: filled by keyboard, kept by the browser across a reload, « Voir le corrigé » only once something
is written in the trainee edition (always shown in the trainer's), calculators in French, trainee text
shown back as text, a 100 000-character answer and a pasted 1 000-row table kept."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.build]

NBSP, NNBSP = "\u00a0", "\u202f"
PAYLOAD = '<img src=x onerror="window.pwned=1">'


def open_exercise(offline, html: Path, name: str):
    page = offline.page
    page.goto((html / "exercises" / f"{name}.html").as_uri())
    page.locator("section.tnq").first.wait_for()
    return page


def form(page, title: str):
    return page.locator("section.tnq", has=page.locator(".tnq-title", has_text=title))


def type_in(page, locator, text: str) -> None:
    locator.focus()
    page.keyboard.type(text)


def test_persona_and_calendar_are_kept_and_shown_as_text(offline_page, book_html: Path) -> None:
    page = open_exercise(offline_page, book_html, "04-strategie-contenus")
    persona = form(page, "Votre persona principal")
    toggle = persona.get_by_role("button", name="Voir le corrigé")
    assert toggle.is_hidden() and persona.locator(".tnq-corrige").is_hidden()
    type_in(page, persona.get_by_label("Prénom (fictif) et situation"), "Hélène, 50 ans")
    page.keyboard.press("Tab")
    page.keyboard.type(PAYLOAD)
    assert toggle.is_visible()
    toggle.press("Enter")
    assert persona.locator(".tnq-corrige").is_visible()
    assert "Hélène, la cinquantaine" in persona.locator(".tnq-corrige").inner_text()

    calendar = form(page, "Le calendrier éditorial d’un mois")
    type_in(page, calendar.get_by_label("Pilier, ligne 1"), "conseils")
    page.keyboard.press("Tab")
    page.keyboard.type(PAYLOAD)
    type_in(page, calendar.get_by_label("Pilier, ligne 2"), "Conseils")
    calendar.get_by_label("Promotionnel, ligne 2").press("Space")
    checks = calendar.locator(".tnq-balance").inner_text()
    assert f"«{NBSP}conseils{NBSP}» occupe 100{NBSP}% des lignes" in checks
    assert f"Promotionnel{NBSP}: 1 sur 2 (50{NBSP}%), au-delà de 30{NBSP}%" in checks
    calendar.get_by_role("button", name="Ajouter une ligne").press("Enter")
    assert calendar.get_by_label("Pilier, ligne 5").is_visible()
    calendar.get_by_role("button", name="Supprimer la ligne 5").press("Enter")

    page.reload()
    page.locator("section.tnq").first.wait_for()
    persona = form(page, "Votre persona principal")
    calendar = form(page, "Le calendrier éditorial d’un mois")
    assert persona.get_by_label("Prénom (fictif) et situation").input_value() == "Hélène, 50 ans"
    assert persona.get_by_label("Ce qu’il ou elle veut obtenir").input_value() == PAYLOAD
    assert calendar.get_by_label("Sujet, ligne 1").input_value() == PAYLOAD
    assert calendar.get_by_label("Promotionnel, ligne 2").is_checked()
    assert calendar.get_by_label("Pilier, ligne 5").count() == 0
    assert persona.get_by_role("button", name="Voir le corrigé").is_visible()
    assert page.locator(".tnq img").count() == 0 and page.evaluate("window.pwned") is None
    assert offline_page.blocked == [] and offline_page.console_errors == []


def test_rates_are_calculated_in_french_as_the_trainee_types(offline_page, book_html: Path) -> None:
    page = open_exercise(offline_page, book_html, "05-medias-sociaux")
    engagement = form(page, "Le taux d’engagement d’une publication")
    status = engagement.locator('[role="status"]')
    assert status.inner_text() == f"Taux d’engagement{NBSP}: saisissez les deux nombres."
    type_in(page, engagement.get_by_label("Interactions (réactions, commentaires, partages)"), "56")
    page.keyboard.press("Tab")
    page.keyboard.type("980")
    assert status.inner_text() == f"Taux d’engagement{NBSP}: 5,7{NBSP}%"
    click = form(page, "Le taux de clic")
    type_in(page, click.get_by_label("Clics"), "96")
    page.keyboard.press("Tab")
    page.keyboard.type("4 300")
    assert click.locator('[role="status"]').inner_text() == f"Taux de clic{NBSP}: 2,2{NBSP}%"
    page.reload()
    page.locator("section.tnq").first.wait_for()
    status = form(page, "Le taux d’engagement d’une publication").locator('[role="status"]')
    assert status.inner_text() == f"Taux d’engagement{NBSP}: 5,7{NBSP}%"
    assert offline_page.console_errors == []


def test_a_budget_split_sums_to_100_and_shows_amounts(offline_page, book_html: Path) -> None:
    page = open_exercise(offline_page, book_html, "06-communication-digitale")
    budget = form(page, "Répartir le budget")
    type_in(page, budget.get_by_label("Budget annuel"), "3 000")
    for label, part in [("Coûts fixes", "30"), ("Publicité sur", "35"), ("Annonces", "25")]:
        type_in(page, budget.get_by_label(label), part)
    status = budget.locator('[role="status"]')
    assert status.inner_text() == f"Total{NBSP}: 90{NBSP}%{NBSP}: il manque 10{NBSP}points."
    assert "tnq-ko" in (status.get_attribute("class") or "")
    type_in(page, budget.get_by_label("Essais"), "10")
    assert status.inner_text() == f"Total{NBSP}: 100{NBSP}%{NBSP}: le compte est bon."
    assert f"soit 1{NNBSP}050{NBSP}€" in budget.inner_text()
    conversion = form(page, "Le taux de conversion")
    type_in(page, conversion.get_by_label("Conversions (ventes, devis, inscriptions)"), "32")
    type_in(page, conversion.get_by_label("Clics"), "1 600")
    assert conversion.locator('[role="status"]').inner_text() == f"Taux de conversion{NBSP}: 2{NBSP}%"
    page.reload()
    page.locator("section.tnq").first.wait_for()
    assert form(page, "Répartir le budget").get_by_label("Essais").input_value() == "10"
    assert offline_page.console_errors == []


def test_a_long_answer_and_a_pasted_table_are_kept(offline_page, book_html: Path) -> None:
    page = open_exercise(offline_page, book_html, "06-communication-digitale")
    text = "é" * 100_000
    form(page, "Pourquoi cette répartition").locator("textarea").fill(text)
    rows = "\n".join(f"Indicateur {n}\t{n},5\t{n + 1}\tboutique\tmensuelle" for n in range(1000))
    board = form(page, "Votre tableau de bord")
    board.get_by_label("Indicateur, ligne 1").evaluate(
        """(el, text) => {
          const data = new DataTransfer();
          data.setData("text/plain", text);
          const options = { clipboardData: data, bubbles: true, cancelable: true };
          el.dispatchEvent(new ClipboardEvent("paste", options));
        }""",
        rows,
    )
    assert board.locator("tbody tr").count() == 1000
    page.reload()
    page.locator("section.tnq").first.wait_for()
    assert form(page, "Pourquoi cette répartition").locator("textarea").input_value() == text
    board = form(page, "Votre tableau de bord")
    assert board.locator("tbody tr").count() == 1000
    assert board.get_by_label("Fréquence de mise à jour, ligne 1000").input_value() == "mensuelle"
    assert board.get_by_label("Valeur actuelle, ligne 999").input_value() == "998,5"
    assert offline_page.console_errors == []


def test_the_trainer_edition_always_shows_the_corrige(offline_page, trainer_html: Path) -> None:
    page = open_exercise(offline_page, trainer_html, "05-medias-sociaux")
    plan = form(page, "Le plan éditorial d’un mois")
    assert plan.locator(".tnq-corrige").is_visible()
    assert "Cap Compta" in plan.locator(".tnq-corrige").inner_text()
    assert page.get_by_role("button", name="Voir le corrigé").count() == 0


def test_the_audit_scores_and_the_title_counts_its_characters(offline_page, book_html: Path) -> None:
    page = open_exercise(offline_page, book_html, "01-visibilite-internet")
    audit = form(page, "L’audit de votre site")
    status = audit.locator('[role="status"]')
    assert status.inner_text() == f"Score{NBSP}: 0{NBSP}/{NBSP}100"
    audit.locator('input[type="checkbox"]').nth(0).press("Space")
    audit.locator('input[type="checkbox"]').nth(2).press("Space")
    assert status.inner_text() == f"Score{NBSP}: 15{NBSP}/{NBSP}100"  # 3 + 3 of 39
    rewrite = form(page, "Réécrire un titre et une description")
    type_in(page, rewrite.get_by_label("Nouveau titre"), "Menuisier à Quimper")
    assert f"19 caractères (repère{NBSP}: 60 au plus)" in rewrite.inner_text()
    page.reload()
    page.locator("section.tnq").first.wait_for()
    assert (
        form(page, "L’audit de votre site")
        .locator('[role="status"]')
        .inner_text()
        .startswith(f"Score{NBSP}: 15")
    )
    assert form(page, "Réécrire un titre et une description").get_by_label("Nouveau titre").input_value() == (
        "Menuisier à Quimper"
    )
    assert offline_page.console_errors == []


def test_the_channel_grid_ranks_as_the_trainee_types(offline_page, book_html: Path) -> None:
    page = open_exercise(offline_page, book_html, "07-usages-web")
    grid = form(page, "Noter vos canaux")
    type_in(page, grid.get_by_label("Canal, ligne 1"), "TikTok")
    for note in ["1", "2", "4", "1"]:
        page.keyboard.press("Tab")
        page.keyboard.type(note)
    type_in(page, grid.get_by_label("Canal, ligne 2"), "Fiche Google")
    for note in ["5", "5", "3", "4"]:
        page.keyboard.press("Tab")
        page.keyboard.type(note)
    ranking = grid.locator(".tnq-ranking li")
    assert ranking.all_inner_texts() == [f"Fiche Google{NBSP}: 4,55", f"TikTok{NBSP}: 1,75"]
    assert offline_page.console_errors == []
