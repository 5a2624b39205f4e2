"""The course's registry (src/transition_numerique/course/course.yaml) and everything derived from it.

Titles, durations and objectives are written once, in the registry. The texts that repeat them (notebook
headers, README, parcours, home page, tables of contents, trainer guide) are generated from it: when one of
them differs, the test names it and the command that rewrites it. The trainer guide's programmes are built
from the registry, and every half-day must hold exactly what it schedules.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from transition_numerique.book.editions import TRAINER_PART, trainer_toc
from transition_numerique.course.chapters import (
    BILAN,
    CHAPTERS,
    COMMAND,
    COURSE,
    FULL_PROGRAMME,
    PROBLEMS,
    PROGRAMMES,
    REGISTRY,
    HalfDay,
    Programme,
    RegistryError,
    chapter,
    derive,
    derived,
    derived_names,
    duree,
    entry,
    home_durations,
    horaire,
    labelled_ids,
    load_course,
    misfits,
    notebook_header,
    sequence_minutes,
    trainee_toc,
)
from transition_numerique.reporting import NBSP

ROOT = Path(__file__).resolve().parents[1]
FIX = f"relancez {COMMAND}"
HALF_DAYS = [(programme, half) for programme in PROGRAMMES.values() for half in programme.demi_journees]


@functools.cache
def expected() -> dict[str, str]:
    return derived(ROOT)


# --- the registry ------------------------------------------------------------------------------------


def test_registry_holds_chapters_00_to_09() -> None:
    assert [item.id for item in COURSE] == [f"{n:02d}" for n in range(10)]
    assert (COURSE[:9], COURSE[1:9], COURSE[9]) == (CHAPTERS, PROBLEMS, BILAN)
    assert chapter("05").notebook == "notebooks/05-medias-sociaux.ipynb"
    assert chapter("05").title == "Communiquer sur les médias sociaux"
    assert entry("09") == BILAN
    with pytest.raises(KeyError, match="09"):
        chapter("09")  # the bilan has no question bank: CHAPTERS stops at 08


@pytest.mark.parametrize("item", COURSE, ids=lambda item: item.id)
def test_every_entry_has_its_notebooks(item) -> None:
    assert (ROOT / item.notebook).is_file()
    if item in PROBLEMS:
        assert item.exercise is not None and (ROOT / item.exercise).is_file()
    else:
        assert item.exercise is None
    assert item.minutes.autonomie == item.minutes.lecture + item.minutes.quiz + item.minutes.exercices


@pytest.mark.parametrize("item", PROBLEMS, ids=lambda item: item.id)
def test_exercise_notebooks_state_the_registry_minutes(item) -> None:
    """The exercise notebooks are not generated: their header's duration is checked against the registry."""
    header = nbformat.read(ROOT / item.exercise, as_version=4).cells[0].source
    stated = re.search(r"\*\*Durée\*\*\s*:\s*(\d+)\s*min", header)
    assert stated is not None, f"{item.exercise} : pas de ligne « **Durée** : N minutes » dans l’en-tête"
    assert int(stated[1]) == item.minutes.exercices, (
        f"{item.exercise} annonce {stated[1]} min, le registre {item.minutes.exercices} (minutes › exercices)"
    )


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"),
        (5, "5 min"),
        (45, "45 min"),
        (60, "1 h"),
        (95, "1 h 35"),
        (125, "2 h 05"),
        (845, "14 h 05"),
    ],
)
def test_durations_are_written_the_french_way(minutes: int, text: str) -> None:
    assert duree(minutes) == text.replace(" ", NBSP)


def test_clock_times() -> None:
    assert horaire(9 * 60) == f"9{NBSP}h{NBSP}00" and horaire(13 * 60 + 45) == f"13{NBSP}h{NBSP}45"


def broken_registry(tmp_path: Path, old: str, new: str) -> str:
    text = REGISTRY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "course.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RegistryError) as error:
        load_course(path)
    return str(error.value)


def test_a_bad_minute_names_the_file_the_chapter_and_the_field(tmp_path: Path) -> None:
    message = broken_registry(
        tmp_path, "{lecture: 25, quiz: 15, exercices: 55", "{lecture: 25, quiz: quinze, exercices: 55"
    )
    assert "course.yaml" in message and "chapitre 03" in message
    assert f"champ «{NBSP}minutes › quiz{NBSP}»" in message and "nombre entier" in message


def test_an_unknown_key_and_a_missing_field_are_reported(tmp_path: Path) -> None:
    exercise = "    exercice: exercises/04-strategie-contenus.ipynb\n"
    message = broken_registry(tmp_path, exercise, "    exercise: x\n")
    assert f"chapitre 04, champ «{NBSP}exercise{NBSP}»{NBSP}: clé inconnue" in message
    assert "clés prévues ici" in message and "objectifs" in message
    message = broken_registry(tmp_path, "    slug: strategie-contenus\n", "")
    assert f"chapitre 04, champ «{NBSP}slug{NBSP}»{NBSP}: champ obligatoire manquant" in message
    message = broken_registry(tmp_path, exercise, "")
    assert f"chapitre 04, champ «{NBSP}exercice{NBSP}»" in message and "notebook d’exercices" in message


def test_a_chapter_line_cannot_set_its_own_minutes(tmp_path: Path) -> None:
    message = broken_registry(tmp_path, '- chapitre: "03"\n', '- {chapitre: "03", minutes: 60}\n')
    assert "programme deux-jours › demi-journée n°2 › séquence n°1" in message
    assert "minutes en salle" in message


def test_clock_times_are_read_the_french_way(tmp_path: Path) -> None:
    message = broken_registry(tmp_path, "debut: 9 h 00", "debut: 9:00")  # YAML would read 9:00 as 540
    assert "programme une-journee › demi-journée n°1" in message and "9 h 00" in message.replace(NBSP, " ")


def test_objectives_have_ids_the_banks_cite(tmp_path: Path) -> None:
    """Each objective is ``id: texte``; the banks' ``objectif`` and the Moodle tags cite the id."""
    assert list(chapter("05").objectives_by_id)[:2] == ["reseau-ou-media", "lire-chiffre-marche"]
    assert chapter("05").objectives[0].startswith("distinguer réseau social et média social")
    old = "      lire-profil: lire votre profil"
    message = broken_registry(tmp_path, old, "      Lire profil: lire votre profil")
    assert "chapitre 09" in message and "minuscules, chiffres et tirets" in message
    message = broken_registry(tmp_path, old, f"      {'x' * 31}: lire votre profil")
    assert "chapitre 09" in message and "30 caractères au plus" in message
    message = broken_registry(tmp_path, "      points-faibles:", "      lire-profil:")
    assert "clé «\u00a0lire-profil\u00a0» en double" in message
    text = REGISTRY.read_text(encoding="utf-8")
    block = text[text.rindex("    objectifs:\n") : text.rindex("\n    minutes:")]
    as_list = re.sub(r"(?m)^      [a-z0-9-]+: ", "      - ", block)
    message = broken_registry(tmp_path, block, as_list)  # the format before the ids
    assert "chapitre 09" in message and "identifiant: texte" in message


# --- the programmes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("programme", "half"), HALF_DAYS, ids=[f"{p.id}-{p.label(h)}" for p, h in HALF_DAYS])
def test_every_half_day_holds_what_it_schedules(programme: Programme, half: HalfDay) -> None:
    """Chapters (their room minutes), chosen chapters, activities and breaks fill the half-day exactly."""
    lines = [
        f"{sequence_minutes(s):>4} min  {s.chapitre or s.choix or s.activite or 'pause'}"
        for s in half.sequences
    ]
    total = sum(sequence_minutes(s) for s in half.sequences)
    assert total == half.length, (
        f"{programme.titre}, {programme.label(half).lower()} ({horaire(half.debut)} – {horaire(half.fin)}) : "
        f"{half.length} min annoncées, {total} min prévues\n" + "\n".join(lines)
    )


def test_misfits_names_the_half_day_that_overflows() -> None:
    programme = PROGRAMMES[FULL_PROGRAMME]
    first = programme.demi_journees[0]
    longer = first.model_copy(update={"sequences": (*first.sequences, first.sequences[-1])})
    changed = programme.model_copy(update={"demi_journees": (longer, *programme.demi_journees[1:])})
    assert misfits(programme) == []
    [problem] = misfits(changed)
    assert problem.startswith(f"programme {FULL_PROGRAMME}, jour 1, matin")


def test_the_guide_has_a_one_day_and_a_two_day_programme() -> None:
    one, two = PROGRAMMES["une-journee"], PROGRAMMES["deux-jours"]
    assert (one.days, len(one.demi_journees)) == ([1], 2)
    assert (two.days, len(two.demi_journees)) == ([1, 2], 4)
    for programme, half in HALF_DAYS:
        pauses = [s for s in half.sequences if s.pause is not None]
        assert len(pauses) == 1, f"{programme.id}, {programme.label(half)} : une pause par demi-journée"
        assert half.length == 210, f"{programme.id}, {programme.label(half)} : une demi-journée dure 3 h 30"
    scheduled = [s.chapitre for half in two.demi_journees for s in half.sequences if s.chapitre]
    assert scheduled == [item.id for item in COURSE], (
        "le programme de deux jours traite chaque chapitre, dans l’ordre"
    )
    chosen = [s for half in one.demi_journees for s in half.sequences if s.choix]
    assert len(chosen) == 4 and all(
        sequence_minutes(s) <= min(p.minutes.salle for p in PROBLEMS) for s in chosen
    )


def test_the_guide_places_both_programmes() -> None:
    guide = (ROOT / "book" / "guide-formateur.md").read_text(encoding="utf-8")
    for ident in PROGRAMMES:
        assert f"```{{programme}} {ident}\n```" in guide


# --- the derived texts -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", derived_names())
def test_derived_text_follows_the_registry(name: str) -> None:
    current = (ROOT / name).read_text(encoding="utf-8")
    wanted = derive(ROOT, name)
    if current != wanted:
        diff = difflib.unified_diff(
            current.splitlines(), wanted.splitlines(), "actuel", "registre", n=1, lineterm=""
        )
        pytest.fail(f"{name} ne suit plus le registre des chapitres : {FIX}\n" + "\n".join(list(diff)[:40]))


@pytest.mark.parametrize("item", COURSE, ids=lambda item: item.id)
def test_notebook_header_states_the_registry(item) -> None:
    source = nbformat.read(ROOT / item.notebook, as_version=4).cells[0].source
    lines = source.split("\n")
    assert lines[0] == f"# {item.heading}", FIX
    assert item.duration_line() in lines, FIX
    bullets = [line[2:].removesuffix(f"{NBSP};").removesuffix(".") for line in lines if line.startswith("- ")]
    assert bullets[: len(item.objectives)] == list(item.objectives), FIX
    assert notebook_header(item, source) == source, FIX


def test_home_page_states_the_total() -> None:
    home = (ROOT / "book" / "accueil.md").read_text(encoding="utf-8")
    assert home_durations() in home, FIX
    assert duree(sum(item.minutes.autonomie for item in COURSE)) in home_durations()


def test_parcours_and_guide_follow_the_registry_order() -> None:
    parcours = (ROOT / "book" / "parcours.md").read_text(encoding="utf-8")
    guide = (ROOT / "book" / "guide-formateur.md").read_text(encoding="utf-8")
    assert labelled_ids(parcours, "parcours") == [item.id for item in (*PROBLEMS, BILAN)]
    assert labelled_ids(guide, "notes") == [item.id for item in COURSE], (
        "des notes pour chaque chapitre, 00 à 09"
    )


def test_trainee_toc_follows_the_registry() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert toc == trainee_toc(), FIX
    files = [node["file"] for part in toc["parts"] for node in part["chapters"]]
    assert [f for f in files if f.startswith("notebooks/")] == [
        i.notebook.removesuffix(".ipynb") for i in COURSE
    ]
    sections = {
        node["file"]: [s["file"] for s in node.get("sections", [])]
        for part in toc["parts"]
        for node in part["chapters"]
    }
    for item in COURSE:
        exercises = [item.exercise.removesuffix(".ipynb")] if item.exercise else []
        assert sections[item.notebook.removesuffix(".ipynb")] == exercises, item.id


def test_trainer_toc_follows_the_registry() -> None:
    toc = trainer_toc()
    assert toc["parts"][0] == TRAINER_PART
    assert toc["parts"][1:] == trainee_toc()["parts"]
    assert trainer_toc(ROOT / "_toc.yml") == toc


def run_generator(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transition_numerique", "registre", "--racine", str(root), *args],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONWARNINGS": "ignore::RuntimeWarning"},
    )


def test_the_generator_rewrites_what_differs(tmp_path: Path) -> None:
    for name in ["_config.yml", *derived_names()]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace(f"| {duree(95)} |", "| 2 h |", 1))
    notebook = tmp_path / COURSE[5].notebook
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("**Durée**", "**Durée** ", 1))
    check = run_generator(tmp_path)
    assert check.returncode == 1 and FIX in check.stderr
    assert "README.md" in check.stderr and COURSE[5].notebook in check.stderr
    write = run_generator(tmp_path, "--write")
    assert write.returncode == 0, write.stderr
    assert set(write.stdout.split()) >= {"README.md", COURSE[5].notebook}
    for name, text in expected().items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text, name
    assert run_generator(tmp_path).returncode == 0


# --- the books ---------------------------------------------------------------------------------------


def sphinx_build(source: Path) -> tuple[int, str, Path]:
    (source / "conf.py").write_text(
        'extensions = ["myst_parser", "transition_numerique.book.trainer_guide"]\nlanguage = "fr"\n',
        encoding="utf-8",
    )
    output = source.parent / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-E", "-b", "html", str(source), str(output)],
        capture_output=True,
        text=True,
    )
    return result.returncode, result.stdout + result.stderr, output


def test_programme_directive_rejects_an_unknown_programme(tmp_path: Path) -> None:
    source = tmp_path / "site"
    source.mkdir()
    (source / "index.md").write_text("# Guide\n\n```{programme} trois-jours\n```\n", encoding="utf-8")
    code, log, _output = sphinx_build(source)
    assert code != 0 and "trois-jours" in log


@pytest.mark.build
def test_trainer_guide_shows_the_programmes_and_every_entrys_notes(trainer_html: Path) -> None:
    soup = BeautifulSoup((trainer_html / "book" / "guide-formateur.html").read_text("utf-8"), "html.parser")
    programmes = soup.select(".tn-programme")
    assert len(programmes) == len(PROGRAMMES)
    assert sum(len(p.select("table")) for p in programmes) == len(HALF_DAYS)
    two_days = programmes[list(PROGRAMMES).index(FULL_PROGRAMME)].get_text(" ")
    for item in COURSE:
        assert item.heading.replace("'", "\u2019") in two_days.replace("'", "\u2019"), item.id
    assert len(soup.select(".tn-trainer-notes")) == len(COURSE)
