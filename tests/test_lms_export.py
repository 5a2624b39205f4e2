"""The banks exported to Moodle (``python -m transition_numerique export moodle-xml|gift``), read back.

Moodle XML is read with the standard library's XML parser. No GIFT parser on PyPI is kept up to date
(``pygiftparser`` 1.1 dates from 2017, ``pygiftparserrgmf`` 0.0.5 from 2022, ``gift-to-moodlexml`` needs
Python 3.14), so :func:`read_gift` is a strict reader written here after Moodle's own importer
(``question/format/gift/format.php``: trimmed lines, blank lines between questions, ``//`` comments with
``[id:…]`` and ``[tag:…]``, backslash escapes, ``[html]`` formats, ``####`` general feedback, the
answer weights Moodle's regular expression accepts), that refuses anything the export should never
write. Both readings are compared with the banks, question by question: category, name, idnumber,
objective tag, type, texts, grades, feedback, answer and tolerance.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from transition_numerique import __main__ as cli
from transition_numerique.course.bank import (
    Bank,
    ChoixMultiple,
    ChoixUnique,
    VraiFaux,
    check_banks,
    load_bank,
)
from transition_numerique.course.chapters import chapter
from transition_numerique.lms import command
from transition_numerique.lms.gift import gift
from transition_numerique.lms.moodle_xml import moodle_xml
from transition_numerique.lms.questions import MOODLE_FRACTIONS, ExportError
from transition_numerique.widgets.markup import block_html, inline_html

ROOT = Path(__file__).resolve().parents[1]
COURSE_BANKS = check_banks(ROOT / "notebooks" / "quiz")
FIXTURE = load_bank("05", ROOT / "tests" / "fixtures" / "quiz" / "banks")
NBSP = "\u00a0"
PHP_SPACE = " \t\n\r\0\x0b"  # what PHP's trim() removes (not U+00A0)

#: A bank written to break an exporter: every GIFT special character, a CDATA end, a script, no-break
#: spaces, typographic apostrophes, line breaks and a line starting with //, a text starting with a
#: format name or a weight, 3 and 6 right options, a negative answer with a unit.
ADVERSARIAL = r"""
chapitre: "05"
titre: Banque piégée
autoevaluation:
  - id: regularite
    enonce: Nous publions chaque semaine.
questions:
  - id: speciaux
    objectif: reseau-ou-media
    type: choix-unique
    question: >-
      Que vaut `a = {b}` ? Tilde ~, dièse #, deux-points : et barre \ ;
      fin ]]> et <script>alert(1)</script>
    choix:
      - texte: "[plain] un crochet en tête, puis {accolades} et ~tilde"
        correct: true
        retour: "Lien [ici](https://exemple.fr/a?b=c&d=e#f) : ]]> et \\n littéral"
      - texte: "%50% de remise, l’apostrophe et «\u00a0guillemets\u00a0»"
        retour: "<![CDATA[ piège ]]>"
      - texte: "#### pas un retour général"
    explication: |-
      Premier paragraphe : a = b.

      // pas un commentaire
      Dernière ligne ~ # { } \

  - id: trois-sur-cinq
    objectif: choisir-reseaux
    type: choix-multiple
    question: Trois bonnes réponses sur cinq ?
    choix:
      - {texte: Un, correct: true, retour: "Oui : un."}
      - {texte: Deux, correct: true}
      - {texte: Trois, correct: true}
      - {texte: Quatre, retour: "Non = faux."}
      - {texte: Cinq}
    explication: Trois sur cinq.

  - id: six-sur-sept
    type: choix-multiple
    question: Six bonnes réponses sur sept ?
    choix:
      - {texte: A, correct: true}
      - {texte: B, correct: true}
      - {texte: C, correct: true}
      - {texte: D, correct: true}
      - {texte: E, correct: true}
      - {texte: F, correct: true}
      - {texte: G}
    explication: Six sur sept.

  - id: vrai
    objectif: mesurer-engagement
    type: vrai-faux
    question: "Vrai : c’est **vrai**."
    reponse: true
    explication: "Vrai{ }."

  - id: negatif
    objectif: lire-chiffre-marche
    type: numerique
    question: "Écart, en € / h : -2,5 ?"
    reponse: -2.5
    tolerance: 0.25
    unite: "€ / h"
    explication: "-2,5 ± 0,25."

  - id: exact
    type: numerique
    question: Combien ?
    reponse: 1200
    explication: Exactement 1 200.
"""


@pytest.fixture
def adversarial(tmp_path: Path) -> Bank:
    (tmp_path / "05.yaml").write_text(ADVERSARIAL, encoding="utf-8")
    return load_bank("05", tmp_path)


# --- what the banks say, in the shape both readers give ---------------------------------------------


def expected(bank: Bank) -> list[dict[str, Any]]:
    """Each question as Moodle should hold it, from the bank and the registry."""
    item = chapter(bank.chapitre)
    rows = []
    for question in bank.questions:
        row: dict[str, Any] = {
            "category": f"$course$/top/{item.id} – {item.title}",
            "name": f"{bank.chapitre}-{question.id}",
            "idnumber": f"{bank.chapitre}-{question.id}",
            "tags": [f"objectif-{bank.chapitre}-{question.objectif}"] if question.objectif else [],
            "text": block_html(question.question).strip(),
            "general": block_html(question.explication).strip(),
        }
        if isinstance(question, ChoixUnique | ChoixMultiple):
            right = sum(option.correct for option in question.choix)
            single = isinstance(question, ChoixUnique)
            row["type"] = "multichoice-single" if single else "multichoice-multiple"
            row["answers"] = [
                (
                    inline_html(option.texte).strip(),
                    (1.0 if option.correct else 0.0) if single else (1 / right if option.correct else -1.0),
                    block_html(option.retour).strip() if option.retour else "",
                )
                for option in question.choix
            ]
        elif isinstance(question, VraiFaux):
            row.update(type="truefalse", answer=question.reponse)
        else:
            row.update(type="numerical", answer=question.reponse, tolerance=question.tolerance)
        rows.append(row)
    return rows


def same(read: list[dict[str, Any]], banks: list[Bank]) -> None:
    """The questions read back are the banks' questions, in order, one by one."""
    wanted = [row for bank in banks for row in expected(bank)]
    assert [row["name"] for row in read] == [row["name"] for row in wanted]
    for got, want in zip(read, wanted, strict=True):
        for key, value in want.items():
            if key == "answers":
                assert [(t, f) for t, _, f in got[key]] == [(t, f) for t, _, f in value], got["name"]
                for (_, fraction, _), (_, wanted_fraction, _) in zip(got[key], value, strict=True):
                    assert math.isclose(fraction, wanted_fraction, abs_tol=0.00001), got["name"]
            else:
                assert got[key] == value, f"{got['name']} : {key}"


def moodle_accepts(fractions: list[float], single: bool) -> None:
    """Moodle's own rules: every fraction is one of its list (within 0.00001); a single choice has a 100 %
    option; the positive ones of a multiple choice add up to 100 % once rounded to two decimals."""
    allowed = [*MOODLE_FRACTIONS, 0.0, *(-f for f in MOODLE_FRACTIONS)]
    assert all(any(abs(f - a) < 0.00001 for a in allowed) for f in fractions), fractions
    if single:
        assert max(fractions) == 1.0
    else:
        assert round(sum(f for f in fractions if f > 0), 2) == 1.0


# --- Moodle XML, read with an XML parser -------------------------------------------------------------


def read_moodle_xml(text: str) -> list[dict[str, Any]]:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    category = None
    rows = []

    def content(node: ET.Element, path: str) -> str:
        found = node.find(path)
        assert found is not None, path
        return found.text or ""

    for node in root.findall("question"):
        kind = node.get("type")
        if kind == "category":
            category = content(node, "category/text")
            assert node.find("info").get("format") == "html"
            continue
        row: dict[str, Any] = {
            "category": category,
            "name": content(node, "name/text"),
            "idnumber": content(node, "idnumber"),
            "tags": [tag.text for tag in node.findall("tags/tag/text")],
            "text": content(node, "questiontext/text"),
            "general": content(node, "generalfeedback/text"),
        }
        assert node.find("questiontext").get("format") == "html"
        assert node.find("generalfeedback").get("format") == "html"
        answers = node.findall("answer")
        if kind == "multichoice":
            single = content(node, "single") == "true"
            row["type"] = "multichoice-single" if single else "multichoice-multiple"
            row["answers"] = [
                (content(a, "text"), float(a.get("fraction")) / 100, content(a, "feedback/text"))
                for a in answers
            ]
            assert all(a.get("format") == "html" for a in answers)
            moodle_accepts([fraction for _, fraction, _ in row["answers"]], single)
        elif kind == "truefalse":
            grades = {content(a, "text"): float(a.get("fraction")) for a in answers}
            assert sorted(grades) == ["false", "true"] and sorted(grades.values()) == [0.0, 100.0]
            row.update(type="truefalse", answer=grades["true"] == 100.0)
        else:
            assert kind == "numerical" and len(answers) == 1 and answers[0].get("fraction") == "100"
            row.update(
                type="numerical",
                answer=float(content(answers[0], "text")),
                tolerance=float(content(answers[0], "tolerance")),
                units=[content(u, "unit_name") for u in node.findall("units/unit")],
            )
        rows.append(row)
    return rows


@pytest.mark.parametrize("name", ["course", "fixture", "adversarial"])
def test_moodle_xml_holds_every_question_of_the_banks(name: str, adversarial: Bank) -> None:
    banks = {"course": COURSE_BANKS, "fixture": [FIXTURE], "adversarial": [adversarial]}[name]
    same(read_moodle_xml(moodle_xml(banks)), banks)


def test_moodle_xml_categories_units_and_escaping(adversarial: Bank) -> None:
    text = moodle_xml([*COURSE_BANKS[:2], adversarial])
    root = ET.fromstring(text.encode("utf-8"))
    categories = [q for q in root.findall("question") if q.get("type") == "category"]
    assert [c.findtext("idnumber") for c in categories] == ["chapitre-00", "chapitre-01", "chapitre-05"]
    info = categories[1].findtext("info/text")
    for ident, goal in chapter("01").objectives_by_id.items():
        assert f"<code>objectif-01-{ident}</code>" in info and goal in info
    assert "5 affirmations d’autoévaluation non exportées" in info
    rows = {row["name"]: row for row in read_moodle_xml(text)}
    assert rows["05-negatif"]["units"] == ["€ / h"] and rows["05-exact"]["units"] == []
    assert "<script>" not in rows["05-speciaux"]["text"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rows["05-speciaux"]["text"]
    assert "]]&gt;" in rows["05-speciaux"]["text"]  # the HTML escapes « > »; the XML escapes it again
    assert "]]>" not in text and "<![CDATA[" not in text  # entities only: no CDATA section to close
    assert f"«{NBSP}guillemets{NBSP}»" in rows["05-speciaux"]["answers"][1][0]
    assert "l’apostrophe" in rows["05-speciaux"]["answers"][1][0]
    assert 'fraction="33.33333"' in text and 'fraction="16.66667"' in text and 'fraction="-100"' in text


def test_moodle_xml_refuses_what_xml_cannot_hold(tmp_path: Path) -> None:
    text = ADVERSARIAL.replace("explication: Six sur sept.", 'explication: "Six sur sept\\x07."')
    (tmp_path / "05.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        moodle_xml([load_bank("05", tmp_path)])
    message = str(caught.value).replace(NBSP, " ")
    assert (
        "05.yaml, question « six-sur-sept », champ « explication » : caractère de contrôle U+0007" in message
    )


# --- GIFT, read with a strict reader after Moodle's ----------------------------------------------------

GIFT_ESCAPES = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;"}
GIFT_ESCAPES |= {"\\~": "&&126;", "\\n": "&&010"}
GIFT_CHARS = {":": "&&058;", "#": "&&035;", "=": "&&061;", "{": "&&123;", "}": "&&125;", "~": "&&126;"}
GIFT_CHARS |= {"\n": "&&010"}
MOODLE_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")  # Moodle's $giftanswerweightregex


def unescape_before(text: str) -> str:
    """Moodle's escapedchar_pre: escaped characters become placeholders before any parsing."""
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in GIFT_ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def unescape_after(text: str) -> str:
    """Moodle's escapedchar_post."""
    for char, placeholder in GIFT_CHARS.items():
        text = text.replace(placeholder, char)
    return text


def html_part(text: str) -> str:
    """One text, which must be ``[html]…`` (Moodle's parse_text_with_format, then trim)."""
    text = text.strip(PHP_SPACE)
    assert text.startswith("[html]"), text[:40]
    assert not set(text) & set("~=#{}:"), f"caractère spécial non échappé : {text[:60]}"
    return unescape_after(text[len("[html]") :]).strip(PHP_SPACE)


def gift_blocks(text: str) -> list[list[str]]:
    """Moodle's readquestions: trimmed lines, a blank line ends a question."""
    assert "\r" not in text and "&&0" not in text
    blocks, current = [], []
    for line in text.split("\n"):
        line = line.strip(PHP_SPACE)
        assert line != "0", "PHP's empty() would end the question here"
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    return blocks + ([current] if current else [])


def read_gift(text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    category = None
    for lines in gift_blocks(text):
        head = [line.startswith("//") for line in lines]
        assert head == sorted(head, reverse=True), "commentaire après le début de la question"
        comments = "\n".join(line for line in lines if line.startswith("//"))
        body = "\n".join(line for line in lines if not line.startswith("//")).strip(PHP_SPACE)
        if not body:
            continue  # a block of comments only: Moodle skips it
        body = unescape_before(body)
        if body.startswith("$CATEGORY:"):
            category = body[len("$CATEGORY:") :].strip(PHP_SPACE)
            continue
        assert body.startswith("::") and body.count("::") == 2, body[:60]
        name, body = body[2:].split("::", 1)
        assert body.count("{") == 1 and body.count("}") == 1 and body.endswith("}"), name
        question, answer = body[:-1].split("{")
        cut = answer.rindex("####")
        answer, general = answer[:cut].strip(PHP_SPACE), answer[cut + 4 :]
        ids = re.findall(r"\[id:((?:\\]|[^]\[\x00-\x1f])+)]", comments)
        row: dict[str, Any] = {
            "category": category,
            "name": unescape_after(name),
            "idnumber": ids[0] if len(ids) == 1 else None,
            "tags": re.findall(r"\[tag:((?:\\]|[^]<>`\x00-\x1f])+)]", comments),
            "text": html_part(question),
            "general": html_part(general),
        }
        if answer.startswith("#"):
            assert answer.count(":") == 1 and not set("~=#") & set(answer[1:]), name
            value, tolerance = answer[1:].split(":")
            row.update(type="numerical", answer=float(value), tolerance=float(tolerance))
        elif "~" in answer:
            single = "=" in answer  # Moodle: one « = » anywhere makes it a single choice
            row["type"] = "multichoice-single" if single else "multichoice-multiple"
            row["answers"] = []
            first, *parts = [p.strip(PHP_SPACE) for p in answer.replace("=", "~=").split("~")]
            assert first == "", f"{name} : texte avant la première réponse"
            for part in parts:
                if part.startswith("="):
                    assert single, name
                    fraction, part = 1.0, part[1:]
                elif weight := MOODLE_WEIGHT.match(part):
                    assert not single, name
                    fraction, part = float(weight[0].strip("%")) / 100, part[weight.end() :]
                else:
                    assert single, f"{name} : réponse sans poids dans un choix multiple"
                    fraction = 0.0
                option, _, feedback = part.partition("#")
                row["answers"].append((html_part(option), fraction, html_part(feedback) if feedback else ""))
            moodle_accepts([fraction for _, fraction, _ in row["answers"]], single)
        else:
            assert answer in ("TRUE", "FALSE"), name
            row.update(type="truefalse", answer=answer == "TRUE")
        rows.append(row)
    return rows


@pytest.mark.parametrize("name", ["course", "fixture", "adversarial"])
def test_gift_holds_every_question_of_the_banks(name: str, adversarial: Bank) -> None:
    banks = {"course": COURSE_BANKS, "fixture": [FIXTURE], "adversarial": [adversarial]}[name]
    same(read_gift(gift(banks)), banks)


def test_gift_escapes_the_special_characters(adversarial: Bank) -> None:
    text = gift([adversarial])
    line = next(line for line in text.splitlines() if line.startswith("::05-speciaux::"))
    # Each special character of the question is escaped, the HTML's own « = » and « : » included.
    assert r"<code>a \= \{b\}</code> ? Tilde \~, dièse \#, deux-points \: et barre \\" in line
    explanation = next(
        line for line in text.splitlines() if line.startswith("\t####") and "paragraphe" in line
    )
    assert r"</p>\n<p>// pas un commentaire" in explanation  # a line break inside a text stays on its line
    assert "~%33.33333%[html]Un#[html]<p>Oui \\: un.</p>" in text and "~%-100%[html]Quatre" in text
    assert "~%16.66667%[html]A" in text
    assert "\t#-2.5:0.25\n" in text and "\t#1200:0\n" in text
    assert "// [id:05-speciaux] [tag:objectif-05-reseau-ou-media]" in text
    assert "\n// [id:05-six-sur-sept]\n" in text  # no objective, no tag
    assert "$CATEGORY: $course$/top/05 – Communiquer sur les médias sociaux" in text
    assert "1 affirmation d’autoévaluation non exportée" in text


def test_the_gift_reader_is_strict() -> None:
    """The reader refuses what Moodle would read otherwise: an unescaped character, a missing format."""
    good = "::05-q::[html]<p>Q</p>{\n\t=[html]A\n\t~[html]B\n\t####[html]<p>E</p>\n}"
    assert read_gift(good)[0]["answers"] == [("A", 1.0, ""), ("B", 0.0, "")]
    for broken in [
        good.replace("<p>Q</p>", "<p>a = b</p>"),  # « = » before the answers
        good.replace("[html]B", "[html]B { }"),  # a second pair of braces
        good.replace("~[html]B", "~B"),  # no format
        good.replace("=[html]A", "~%50%[html]A"),  # a weight in a single choice
        good.replace("<p>E</p>", "<p>E : e</p>"),  # « : » unescaped in a text
        good.replace("=[html]A", "=[html]A\\\\:"),  # an escaped backslash, then a bare « : »
        good.replace("~[html]B", "~[html]B\n// commentaire"),  # a comment line inside the answers
    ]:
        with pytest.raises((AssertionError, ValueError)):
            read_gift(broken)


# --- both formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize("write", [moodle_xml, gift], ids=["moodle-xml", "gift"])
def test_a_multiple_choice_moodle_cannot_grade_is_refused(write, tmp_path: Path) -> None:
    options = "\n".join(f"      - {{texte: R{n}, correct: true}}" for n in range(11))
    (tmp_path / "05.yaml").write_text(
        'chapitre: "05"\ntitre: T\nquestions:\n  - id: onze\n    type: choix-multiple\n    question: Q ?\n'
        f"    choix:\n{options}\n    explication: E.\n",
        encoding="utf-8",
    )
    with pytest.raises(ExportError) as caught:
        write([load_bank("05", tmp_path)])
    message = str(caught.value).replace(NBSP, " ")
    assert "question « onze », champ « choix » : 11 choix corrects" in message and "1/11" in message


@pytest.mark.parametrize(("write", "read"), [(moodle_xml, read_moodle_xml), (gift, read_gift)])
def test_html_written_in_a_bank_stays_text(write, read) -> None:
    """The fixture's payloads reach Moodle as text, never as markup: no image, no script link."""
    rows = {row["name"]: row for row in read(write([FIXTURE]))}
    first = rows["05-reseau-ou-media"]
    assert first["text"].endswith("? &lt;img src=x onerror=alert(1)&gt;</p>")
    assert "<img" not in str(rows) and "<b " not in str(rows) and 'href="javascript' not in str(rows)
    assert first["answers"][1][2].startswith("<p>C’est plutôt un réseau social. [Piège](javascript")


def test_the_two_formats_say_the_same() -> None:
    from_xml, from_gift = read_moodle_xml(moodle_xml(COURSE_BANKS)), read_gift(gift(COURSE_BANKS))
    for row in from_xml:
        row.pop("units", None)
    assert from_xml == from_gift
    assert len(from_gift) == sum(len(bank.questions) for bank in COURSE_BANKS)


# --- the command line --------------------------------------------------------------------------------


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "transition_numerique", "export", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    result.stderr = result.stderr.replace(NBSP, " ")
    return result


def test_command_writes_every_bank_to_the_default_file(tmp_path: Path) -> None:
    result = run("gift", "--dossier", ROOT / "notebooks" / "quiz", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    count = sum(len(bank.questions) for bank in COURSE_BANKS)
    assert result.stderr.strip() == (
        f"GIFT, dans banques-gift.txt : {count} questions de 9 banques, une catégorie par chapitre ; "
        "43 affirmations d’autoévaluation laissées de côté (voir la note de chaque catégorie)."
    )
    same(read_gift((tmp_path / "banques-gift.txt").read_text(encoding="utf-8")), COURSE_BANKS)


def test_command_writes_to_standard_output_the_banks_named() -> None:
    result = run("moodle-xml", "--sortie", "-", "5", "01")
    assert result.returncode == 0, result.stderr
    banks = [load_bank("05", ROOT / "notebooks" / "quiz"), load_bank("01", ROOT / "notebooks" / "quiz")]
    same(read_moodle_xml(result.stdout), banks)
    count = sum(len(bank.questions) for bank in banks)
    assert result.stderr.startswith(f"Moodle XML, dans la sortie standard : {count} questions de 2 banques")


def in_process(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """The same command through ``python -m transition_numerique``'s main, without a new interpreter."""
    code = cli.main(["export", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err.replace(NBSP, " ")


def test_command_names_an_unknown_bank_in_french(tmp_path: Path, capsys) -> None:
    target = tmp_path / "export.xml"
    target.write_text("l’export précédent", encoding="utf-8")
    code, out, err = in_process(capsys, "moodle-xml", "--sortie", target, "05", "42")
    assert code == 1 and out == ""
    assert err.splitlines()[0] == "1 erreur, rien n’est exporté :"
    known = "00, 01, 02, 03, 04, 05, 06, 07 et 08"
    assert f"banque inconnue « 42 » (banques de ce dossier : {known})" in err
    assert target.read_text(encoding="utf-8") == "l’export précédent"


def test_command_reports_an_invalid_bank_by_file_question_and_field(tmp_path: Path, capsys) -> None:
    broken = ADVERSARIAL.replace("objectif: choisir-reseaux", "objectif: x")
    (tmp_path / "05.yaml").write_text(broken, encoding="utf-8")
    code, _, err = in_process(capsys, "gift", "--dossier", tmp_path, "--sortie", tmp_path / "out.txt")
    assert code == 1 and not (tmp_path / "out.txt").exists()
    where = "05.yaml, question « trois-sur-cinq », champ « objectif »"
    assert f"{where} : objectif inconnu « x »" in err


def test_command_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """A write that fails on the way leaves the previous file whole and no temporary file behind."""
    target = tmp_path / "banques.xml"
    target.write_text("l’export précédent", encoding="utf-8")
    quiz = str(ROOT / "notebooks" / "quiz")

    def broken_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    assert command.main(["moodle-xml", "--dossier", quiz, "--sortie", str(target)]) == 1
    assert "écriture impossible" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "l’export précédent"
    assert [p.name for p in tmp_path.iterdir()] == ["banques.xml"]
    monkeypatch.undo()
    mask = os.umask(0o022)
    try:
        assert command.main(["moodle-xml", "--dossier", quiz, "--sortie", str(target)]) == 0
    finally:
        os.umask(mask)
    same(read_moodle_xml(target.read_text(encoding="utf-8")), COURSE_BANKS)
    assert target.stat().st_mode & 0o777 == 0o644  # not the temporary file's 0600
