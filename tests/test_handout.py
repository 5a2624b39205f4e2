"""The handouts (``make pdf``, ``make pdf-formateur``): cover, table of contents with the right page
numbers, nested bookmarks, numbered pages with their running footer, metadata, tags, quizzes printed
as questions and choices (answered in the trainer's handout only), and their size.

pypdf takes about 0.2 s to read the text of one of Chromium's pages, so the tests read the pages they
look at (the cover, the table of contents, the first page of each chapter, the quizzes, every fifth
page) rather than all of them; the bookmarks, which name every heading, are read whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from transition_numerique.book import handout
from transition_numerique.course import chapters
from transition_numerique.course.bank import Numerique, load_bank

ROOT = Path(__file__).resolve().parents[1]
COURSE = handout.Course.read(ROOT)
DAY = date(2026, 12, 2)
EDITIONS = ("stagiaire", "formateur")
#: Pages and bytes of each handout as measured on 2 December 2026 (the closing note of issue 14 gives
#: them); a handout may differ by 10 % at most.
MEASURED = {"stagiaire": (198, 5_920_000), "formateur": (279, 7_730_000)}
BANKS = {item.id: load_bank(item.id) for item in chapters.CHAPTERS}
QUESTIONS = {ident: bank.questions for ident, bank in BANKS.items()}
QUIZ_TITLES = {ident: bank.titre for ident, bank in BANKS.items()}


def plain(text: str) -> str:
    """Spaces collapsed, no-break ones included, and « ﬁ » ligatures back to « fi » (NFKC)."""
    return unicodedata.normalize("NFKC", " ".join(text.split()))


def printed_test(function: Any) -> Any:
    return pytest.mark.browser(pytest.mark.build(function))


@dataclass
class Printed:
    edition: str
    handout: handout.Handout
    reader: PdfReader

    texts: dict[int, str] = field(default_factory=dict)

    def text(self, number: int) -> str:
        """Page ``number``'s text (1 = the cover), as :func:`plain` writes it."""
        if number not in self.texts:
            self.texts[number] = plain(self.reader.pages[number - 1].extract_text())
        return self.texts[number]

    @property
    def count(self) -> int:
        return len(self.reader.pages)

    def page_of(self, target: str) -> int:
        return self.handout.numbers[target]

    def entry(self, title: str, chapter: chapters.Chapter) -> handout.Entry:
        """The chapter's table of contents entry with this title (a section of it)."""
        entries = self.handout.entries
        start = next(n for n, e in enumerate(entries) if e.level == 1 and e.title == chapter.heading)
        end = next((n for n in range(start + 1, len(entries)) if entries[n].level == 1), len(entries))
        return next(e for e in entries[start:end] if e.title == title)

    def pages_of(self, entry: handout.Entry) -> range:
        """The pages an entry spans: from its own to the next entry's."""
        following = self.handout.entries[self.handout.entries.index(entry) + 1]
        return range(self.page_of(entry.target), self.page_of(following.target) + 1)

    def quiz(self, chapter: chapters.Chapter) -> str:
        """The text of the pages of the chapter's quiz section (Chromium paints the quiz after the text
        around it, so the text is not in reading order)."""
        entry = self.entry("Les quiz" if chapter.nature == "prise-en-main" else "Quiz", chapter)
        return " ".join(self.text(number) for number in self.pages_of(entry))


def outline(reader: PdfReader, items: list[Any] | None = None) -> list[tuple[str, int, list[Any]]]:
    """The bookmarks as (title, page, children), pages counted from 1."""
    tree: list[tuple[str, int, list[Any]]] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            title, page, _ = tree[-1]
            tree[-1] = (title, page, outline(reader, item))
        else:
            tree.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return tree


def flatten(tree: list[tuple[str, int, list[Any]]]) -> list[str]:
    return [title for title, _, children in tree for title in [title, *flatten(children)]]


def print_edition(html: Path, browser: Any, folder: Path, edition: str) -> Printed:
    pdf = folder / f"support-{edition}.pdf"
    result = handout.print_book(html, pdf, browser, edition=edition, root=ROOT, day=DAY)
    return Printed(edition, result, PdfReader(pdf))


@pytest.fixture(scope="module")
def trainee(book_html: Path, browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return print_edition(book_html, browser, tmp_path_factory.mktemp("support"), "stagiaire")


@pytest.fixture(scope="module")
def trainer(trainer_html: Path, browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return print_edition(trainer_html, browser, tmp_path_factory.mktemp("support"), "formateur")


@pytest.fixture(params=EDITIONS)
def printed(request: pytest.FixtureRequest) -> Printed:
    return request.getfixturevalue("trainee" if request.param == "stagiaire" else "trainer")


def test_reading_order_puts_each_exercise_page_in_its_chapter() -> None:
    documents = list(handout.reading_order(handout.toc("formateur")))
    assert documents[0].path == "book/accueil"
    assert documents[1].path == "book/guide-formateur", "la partie Formateur vient d’abord, comme au livre"
    for item in chapters.PROBLEMS:
        exercise = next(d for d in documents if d.path == item.exercise.removesuffix(".ipynb"))
        assert exercise.chapter == item.notebook.removesuffix(".ipynb")
        assert not exercise.is_chapter


def test_css_strings_are_escaped() -> None:
    assert handout.css_string('Le "titre" \\ 1') == '"Le \\"titre\\" \\\\ 1"'


@printed_test
def test_cover(printed: Printed) -> None:
    cover = printed.text(1)
    for text in (
        "Support de formation",
        COURSE.title,
        f"Édition {printed.edition}",
        COURSE.author,
        f"Édition {COURSE.year}, version {COURSE.version}",
        f"Imprimé le {format_date(DAY, format='long', locale='fr')}",
    ):
        assert plain(text).casefold() in cover.casefold(), text
    assert f"1 / {printed.count}" not in cover, "la couverture n’est pas numérotée"


@printed_test
def test_metadata_language_and_tags(printed: Printed) -> None:
    info = printed.reader.metadata
    assert info.title == f"{COURSE.title} — édition {printed.edition}"
    assert info.author == COURSE.author
    assert info.subject == f"Support de formation, édition {printed.edition}"
    root = printed.reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"], "PDF balisé"
    assert "/StructTreeRoot" in root
    assert root["/PageMode"] == "/UseOutlines"


@printed_test
def test_bookmarks_nest_every_section_under_its_chapter(printed: Printed) -> None:
    tree = {title: (page, children) for title, page, children in outline(printed.reader)}
    for item in chapters.COURSE:
        assert item.heading in tree, f"signet du chapitre {item.id}"
        page, children = tree[item.heading]
        assert page == printed.page_of(item.notebook.removesuffix(".ipynb").replace("/", "-"))
        titles = [title for title, _, _ in children]
        assert "Diagnostic d’entrée" in titles or item.nature != "probleme", titles
        if item.exercise:
            assert any(title.startswith("Exercice") for title in titles), f"exercices du chapitre {item.id}"
    titles = [entry.title for entry in printed.handout.entries]
    assert flatten(outline(printed.reader)) == ["Sommaire", *titles]


@printed_test
def test_table_of_contents_gives_the_right_pages(printed: Printed) -> None:
    toc_pages = [n for n in range(2, 8) if plain(f"{COURSE.title} · Sommaire") in printed.text(n)]
    assert toc_pages[0] == 2
    contents = " ".join(printed.text(n) for n in toc_pages)
    final = handout.destinations(printed.handout.pdf.read_bytes())
    for entry in printed.handout.entries:
        number = printed.page_of(entry.target)
        assert final[entry.target] == number, f"« {entry.title} » a bougé depuis le sommaire"
        assert plain(f"{entry.title} {number}") in contents, entry.title
    for item in chapters.COURSE:
        first = printed.text(printed.page_of(item.notebook.removesuffix(".ipynb").replace("/", "-")))
        assert plain(item.heading) in first
        assert plain(f"{COURSE.title} · {item.heading}") in first, "pied de page du chapitre"


@printed_test
def test_every_page_but_the_cover_has_its_number_and_footer(printed: Printed) -> None:
    count = printed.count
    for number in sorted({*range(2, count + 1, 5), count}):
        text = printed.text(number)
        assert f"{number} / {count}" in text, f"page {number}"
        assert plain(COURSE.title) in text, f"pied de page de la page {number}"


@printed_test
def test_quizzes_print_questions_and_choices_without_buttons(printed: Printed) -> None:
    for item in chapters.CHAPTERS:
        text = printed.quiz(item)
        questions = QUESTIONS[item.id]
        found = re.findall(rf"Question (\d+) sur {len(questions)}\b", text)
        assert sorted(map(int, found)) == list(range(1, len(questions) + 1)), f"quiz {item.id}"
        numbers = sum(isinstance(q, Numerique) for q in questions)
        assert text.count("Votre réponse") == numbers, f"espaces de réponse du quiz {item.id}"
        for button in ("Vérifier", "Réessayer"):  # one a question if they printed; some texts name them
            assert text.count(button) < len(questions), f"boutons « {button} » dans le quiz {item.id}"
        assert not re.search(r"Score\s*:\s*\d+/\d+", text), f"score du quiz {item.id}"


@printed_test
def test_self_assessments_print_their_scale_without_their_footer(printed: Printed) -> None:
    for item in chapters.PROBLEMS:
        entry = printed.entry("Diagnostic d’entrée", item)
        text = " ".join(printed.text(number) for number in printed.pages_of(entry))
        bank = BANKS[item.id]
        assert plain(f"Autoévaluation — {bank.titre}") in text
        lowest = f"{bank.echelle.min} — {bank.echelle.labels()[bank.echelle.min]}"
        assert text.count(plain(lowest)) == len(bank.autoevaluation), f"échelle du diagnostic {item.id}"
        assert "Affirmations notées" not in text and "Réinitialiser" not in text, item.id


@printed_test
def test_the_trainee_handout_has_no_answers_and_no_trainer_notes(trainee: Printed) -> None:
    for item in chapters.CHAPTERS:
        text = trainee.quiz(item)
        assert "Correct" not in text and "Votre choix" not in text, f"corrigé du quiz {item.id}"
    headings = str(outline(trainee.reader))
    assert "Notes pour le formateur" not in headings
    assert "Guide du formateur" not in headings


@printed_test
def test_the_trainer_handout_has_the_answers_and_the_trainer_notes(trainer: Printed) -> None:
    for item in chapters.CHAPTERS:
        text = trainer.quiz(item)
        assert text.count("✓ Correct") == len(QUESTIONS[item.id]), f"corrigé du quiz {item.id}"
    tree = {title: children for title, _, children in outline(trainer.reader)}
    assert "Guide du formateur" in tree
    for item in chapters.COURSE:
        titles = [title for title, _, _ in tree[item.heading]]
        assert "Notes pour le formateur" in titles, f"notes du chapitre {item.id}"


@printed_test
def test_page_count_and_size_are_the_measured_ones(printed: Printed) -> None:
    pages, size = MEASURED[printed.edition]
    assert abs(printed.count - pages) <= 0.1 * pages, f"{printed.count} pages"
    actual = printed.handout.pdf.stat().st_size
    assert abs(actual - size) <= 0.1 * size, f"{actual} octets"
