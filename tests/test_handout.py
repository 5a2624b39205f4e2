"""The trainee handout: one PDF with every page of the trainee edition, quizzes and charts included."""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from transition_numerique.course.chapters import PROBLEMS

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.browser, pytest.mark.build]


def load_handout_tool():
    spec = importlib.util.spec_from_file_location("handout", ROOT / "tools" / "handout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def handout_text(book_html: Path, browser, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str]:
    pdf = tmp_path_factory.mktemp("handout") / "support.pdf"
    pages = load_handout_tool().print_book(book_html, pdf, browser)
    reader = PdfReader(pdf)
    assert len(reader.pages) == pages
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return pages, unicodedata.normalize("NFKC", text)  # the PDF's « ﬁ » ligatures back to « fi »


def test_handout_has_every_chapter(handout_text: tuple[int, str]) -> None:
    pages, text = handout_text
    assert pages >= 10 * len(PROBLEMS)
    for chapter in PROBLEMS:
        assert chapter.title in text


def test_handout_shows_quiz_questions(handout_text: tuple[int, str]) -> None:
    _, text = handout_text
    assert text.count("Vérifier") >= 8 * len(PROBLEMS), "les questions des quiz doivent être imprimées"
    assert "Question 1 sur" in text
    assert "Zenith" in text


def test_handout_is_the_trainee_edition(handout_text: tuple[int, str]) -> None:
    _, text = handout_text
    assert "Notes pour le formateur" not in text
    assert "Guide du formateur" not in text
