"""Two editions from one source: solutions and trainer notes appear in the trainer edition only."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from transition_numerique.book.editions import HIDDEN_FROM_TRAINEES, is_course_call, trainer_toc
from transition_numerique.course.chapters import COURSE, PROBLEMS

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = PROBLEMS[4]  # chapter 5, the reference chapter

pytestmark = pytest.mark.build


def page_text(html: Path, page: str) -> str:
    """The page's visible text, spaces collapsed and Sphinx's typographic apostrophes made straight."""
    text = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser").get_text()
    return " ".join(text.replace("\u2019", "'").split())


def first_line_of_tagged_cell(notebook: Path, tag: str) -> str:
    """A distinctive plain-text line of the first Markdown cell with ``tag`` (past its title line)."""
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown" and tag in cell.metadata.get("tags", []):
            lines = [line.strip("#-> ").strip() for line in cell.source.splitlines()[1:]]
            plain = [line for line in lines if len(line) > 40 and not any(c in line for c in "`|*_[")]
            return plain[0][:60].replace("\u2019", "'")  # as page_text reads the page
    raise AssertionError(f"{notebook.name} n’a pas de cellule « {tag} »")


def test_trainer_toc_adds_the_guide_first() -> None:
    toc = trainer_toc(ROOT / "_toc.yml")
    trainee = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["parts"][0]["chapters"][0] == {"file": "book/guide-formateur"}
    assert {"file": "formateur/tableau-equipe"} in toc["parts"][0]["chapters"]
    assert toc["parts"][1:] == trainee["parts"]


@pytest.mark.parametrize(("folder", "tag"), [("exercises", "solution"), ("notebooks", "formateur")])
def test_hidden_cells_appear_in_the_trainer_edition_only(
    book_html: Path, trainer_html: Path, folder: str, tag: str
) -> None:
    assert tag in HIDDEN_FROM_TRAINEES
    marker = " ".join(
        first_line_of_tagged_cell(ROOT / folder / f"{CHAPTER.id}-{CHAPTER.slug}.ipynb", tag).split()
    )
    page = f"{folder}/{CHAPTER.id}-{CHAPTER.slug}.html"
    assert marker in page_text(trainer_html, page)
    assert marker not in page_text(book_html, page)


def test_trainer_guide_gathers_every_chapters_notes(book_html: Path, trainer_html: Path) -> None:
    guide = trainer_html / "book" / "guide-formateur.html"
    assert not (book_html / "book" / "guide-formateur.html").exists()
    soup = BeautifulSoup(guide.read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select(".tn-trainer-notes")) == len(COURSE)  # 00 to 09
    assert "édition formateur" in soup.title.get_text()


@pytest.mark.parametrize(
    ("source", "hidden"),
    [
        ("from transition_numerique import autoevaluation, figures, quiz", True),
        ('quiz("05")', True),
        ('quiz("05", ids=["taux-engagement"])', True),
        ("figures.ad_spend_world()", True),
        ('exemple = bilan.charger("exemples/profil.json", exemple="une entreprise fictive")\nexemple', True),
        ("import re", False),
        ("clics = 27\nimpressions = 1200\nclics / impressions", False),
        ("sorted(points, key=len)", False),
        ("", False),
    ],
)
def test_which_code_cells_the_book_hides(source: str, hidden: bool) -> None:
    assert is_course_call(source) is hidden


@pytest.mark.parametrize("edition", ["stagiaire", "formateur"])
def test_book_pages_show_outputs_not_the_one_call_cells(
    book_html: Path, trainer_html: Path, edition: str
) -> None:
    html = book_html if edition == "stagiaire" else trainer_html
    chapter = BeautifulSoup(
        (html / "notebooks" / f"{CHAPTER.id}-{CHAPTER.slug}.html").read_text("utf-8"), "html.parser"
    )
    code = " ".join(block.get_text() for block in chapter.select(".cell_input"))
    assert "quiz(" not in code and "figures." not in code and "import" not in code
    assert chapter.select('script[type="application/vnd.jupyter.widget-view+json"]')  # the quiz stays
    assert chapter.select(".cell_output img")  # and the charts
    exercise = BeautifulSoup(
        (html / "exercises" / f"{CHAPTER.id}-{CHAPTER.slug}.html").read_text("utf-8"), "html.parser"
    )
    assert exercise.select(".cell_input"), "les calculs des exercices restent visibles"
