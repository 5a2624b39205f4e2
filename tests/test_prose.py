"""French spelling and typography of every piece of prose: notebook Markdown, book pages, quiz banks.

Spelling uses Hunspell's French dictionary (Debian's hunspell-fr) against the reviewed word lists in
tests/spelling/*.txt; an unknown word fails with its file and the word.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORD_LISTS = ROOT / "tests" / "spelling"
BANK_TEXT_KEYS = {"titre", "enonce", "question", "texte", "retour", "explication", "unite"}

# What is not prose: code blocks, URLs, link targets, MyST syntax (directive fences and options, but
# not a directive's text), HTML comments, maths.
NOT_PROSE = [
    re.compile(r"^```(?!\{)[^\n]*\n.*?^```", re.DOTALL | re.MULTILINE),
    re.compile(r"^\s*(```|:::).*$", re.MULTILINE),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"\{[a-z-]+\}"),
    re.compile(r"^\s*:[a-z-]+:.*$", re.MULTILINE),
    re.compile(r"(https?://|mailto:|www\.)\S+"),
    re.compile(r"\$[^$\n]+\$"),
    re.compile(r"^\s*\|?[\s:|-]+\|[\s:|-]*$", re.MULTILINE),
]
# The house typography is the fixer's (tools/typographie.py): a text it would change is wrong.
_FIXER = importlib.util.spec_from_file_location("typographie", ROOT / "tools" / "typographie.py")
typographie = importlib.util.module_from_spec(_FIXER)
_FIXER.loader.exec_module(typographie)


def prose_of(text: str) -> str:
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def bank_strings(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in BANK_TEXT_KEYS and isinstance(value, str):
                yield value
            elif key == "libelles" and isinstance(value, dict):
                yield from (str(v) for v in value.values())
            else:
                yield from bank_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from bank_strings(item)


def prose_files() -> dict[str, str]:
    """Every prose source of the course, by path relative to the repository, as plain prose."""
    sources: dict[str, str] = {}
    for folder in ("notebooks", "exercises", "formateur"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            markdown = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
            sources[str(path.relative_to(ROOT))] = prose_of(markdown)
    for path in sorted((ROOT / "book").glob("*.md")):
        sources[str(path.relative_to(ROOT))] = prose_of(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "notebooks" / "quiz").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        sources[str(path.relative_to(ROOT))] = prose_of("\n".join(bank_strings(bank)))
    return sources


def known_words() -> set[str]:
    words = set()
    for path in WORD_LISTS.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.add(line.strip().rstrip("."))
    return words


def unknown_words(text: str) -> list[str]:
    result = subprocess.run(
        ["hunspell", "-d", "fr_FR", "-l", "-i", "utf-8"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted({word.rstrip(".") for word in result.stdout.split()})


PROSE = prose_files()


def test_hunspell_flags_a_misspelling() -> None:
    assert unknown_words("Nous amméliorons la visibilitée de l’entreprise.") == ["amméliorons", "visibilitée"]


def test_there_is_prose_to_check() -> None:
    assert "book/accueil.md" in PROSE
    assert any(name.startswith("notebooks/") for name in PROSE)


@pytest.mark.parametrize("name", sorted(PROSE))
def test_spelling(name: str) -> None:
    known = known_words()
    misspelt = [w for w in unknown_words(PROSE[name]) if w not in known and w.lower() not in known]
    assert misspelt == [], f"{name} : mots inconnus (corrigez-les ou ajoutez-les à tests/spelling/)"


@pytest.mark.parametrize("name", sorted(PROSE))
def test_typography(name: str) -> None:
    lines = [line.strip() for line in PROSE[name].splitlines() if typographie.fix_text(line) != line]
    assert lines == [], (
        f"{name} : espace insécable attendue avant ; : ! ? % » et après «, apostrophe typographique (’) ;"
        f" lancez python tools/typographie.py sur le fichier"
    )


def test_the_typography_rules_catch_each_fault() -> None:
    for wrong, right in [
        ("Quel taux ? 45 % « oui »", "Quel taux\u00a0? 45\u00a0% «\u00a0oui\u00a0»"),
        ("l'entreprise d'aujourd'hui", "l’entreprise d’aujourd’hui"),
    ]:
        assert typographie.fix_text(wrong) == right
    assert typographie.fix_yaml("texte: 'l''avis'\n") == "texte: 'l’avis'\n"
    code = '''"""The trainee\'s doc."""\nMESSAGE = "Pas d\'export"  # it\'s a comment\n'''
    assert typographie.fix_python(code) == code.replace("Pas d'export", "Pas d’export")


PACKAGE = ROOT / "src" / "transition_numerique"
YAML_TEXTS = [PACKAGE / "course" / "course.yaml", PACKAGE / "course" / "actions.yaml"]


@pytest.mark.parametrize("path", YAML_TEXTS, ids=lambda p: p.name)
def test_course_yaml_typography(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert typographie.fix_yaml(text) == text, f"{path.name} : lancez python tools/typographie.py {path}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_texts_in_code_use_typographic_apostrophes(path: Path) -> None:
    """What the widgets, the bilan, the charts and the messages say to a trainee (not the docstrings)."""
    text = path.read_text(encoding="utf-8")
    assert typographie.fix_python(text) == text, f"{path.name} : lancez python tools/typographie.py {path}"


# The house style of AUTHORING.md, in every prose file (titles of works, in italics, are quoted as they are).
HOUSE_STYLE = {
    "« numérique » plutôt que « digital » (hors titres des chapitres)": re.compile(
        r"\bdigita(?:l|le|ux|les)\b"
    ),
    "BtoB et BtoC, pas B2B ni B2C": re.compile(r"\bB2[BC]\b"),
    "« e-mail », pas « mail », « email » ni « courriel »": re.compile(
        r"(?<![-\w])(?:courriels?|[eE]mails?|mails?)\b"
    ),
    "« exemple commenté »": re.compile(r"exemples? travaillés?", re.IGNORECASE),
    "pas « le search » ni « le display » comme noms": re.compile(
        r"\b(?:le|du|au) (?:search|display)\b", re.I
    ),
    "« Code du travail », « Code civil »…": re.compile(
        r"\bcode (?:du travail|de la consommation|civil|de la propriété)"
    ),
    "« Internet » avec une capitale": re.compile(r"(?<![\w/.@-])internet\b(?![\w.-])"),
}
CHAPTER_TITLES = ("communication digitale", "enjeux du digital")


@pytest.mark.parametrize("name", sorted(PROSE))
def test_house_style(name: str) -> None:
    text = re.sub(r"\*[^*\n]+\*", " ", PROSE[name])
    for title in CHAPTER_TITLES:
        text = text.replace(title, " ")
    faults = [
        f"{rule} : « {text[max(0, m.start() - 30) : m.end() + 20]} »"
        for rule, pattern in HOUSE_STYLE.items()
        for m in pattern.finditer(text)
    ]
    assert faults == [], f"{name} (voir AUTHORING.md, « Style maison ») :\n" + "\n".join(faults)


def test_the_house_style_catches_each_fault() -> None:
    for wrong in [
        "la communication digitale des TPE",
        "en B2B",
        "un mail",
        "l’exemple travaillé",
        "le search",
        "le code du travail",
        "sur internet",
    ]:
        assert any(p.search(wrong) for p in HOUSE_STYLE.values()), wrong
    assert not any(p.search("un e-mail sur Internet, en BtoB") for p in HOUSE_STYLE.values())


def test_front_end_texts_use_typographic_apostrophes() -> None:
    """What widget.js writes in the page (its comments aside) follows the same rule as the prose."""
    script = PACKAGE / "widgets" / "widget.js"
    code = [
        line
        for line in script.read_text(encoding="utf-8").splitlines()
        if not re.match(r"\s*(//|/\*|\*)", line)
    ]
    straight = [line.strip() for line in code if typographie.APOSTROPHE.search(line)]
    assert straight == [], f"{script.name} : apostrophe typographique (’) attendue"
