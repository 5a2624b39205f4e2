"""Command line: ``check`` validates every question bank, exercise file and satisfaction
questionnaire; ``registre [--write]`` checks (or rewrites) the texts derived from the course registry;
``export moodle-xml|gift`` writes the banks for Moodle; ``scorm`` packages the built book as SCORM 1.2;
``attestation`` prints a trainee's attestation (PDF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .course import chapters, satisfaction
from .course.bank import QuizBankError, check_banks, find_quiz_dir
from .course.exercises import ExerciseError, check_exercises
from .lms import command as lms_command
from .lms import scorm
from .reporting import plural
from .trainer import attestation


def _report(error: QuizBankError | ExerciseError | satisfaction.SatisfactionError, what: str) -> None:
    print(f"{plural(len(error.issues), 'erreur')} dans {what} :", file=sys.stderr)
    for issue in error.issues:
        print(f"- {issue}", file=sys.stderr)


def check(quiz_dir: Path | None, exercises_dir: Path | None = None) -> int:
    """Validate the banks and, beside them, the exercise files and the satisfaction questionnaires;
    print every problem (exit status 1) or a summary (0)."""
    status = 0
    try:
        banks = check_banks(quiz_dir)
    except QuizBankError as error:
        _report(error, "les banques de questions")
        banks, status = [], 1
    try:  # exercise files are optional: a missing folder is an error only when named
        folder = exercises_dir or (quiz_dir or find_quiz_dir()).parent / "exercices"
        exercises = check_exercises(folder) if exercises_dir or folder.is_dir() else []
    except QuizBankError:  # no banks folder either: already reported
        exercises = []
    except ExerciseError as error:
        _report(error, "les exercices")
        exercises, status = [], 1
    forms = []
    if banks:
        path = satisfaction.default_path(quiz_dir)
        if path.is_file():  # the course's questionnaires, beside its banks
            try:
                forms = satisfaction.load_questionnaires(path).questionnaires
            except satisfaction.SatisfactionError as error:
                _report(error, "les questionnaires de satisfaction")
                status = 1
    if status:
        return status
    questions = sum(len(bank.questions) for bank in banks)
    statements = sum(len(bank.autoevaluation) for bank in banks)
    steps = sum(len(item.etapes) for item in exercises)
    summary = f"{plural(len(banks), 'banque')}, {plural(questions, 'question')}, "
    summary += f"{plural(statements, 'affirmation')}"
    if exercises:
        summary += f", {plural(len(exercises), 'fichier')} d’exercices ({plural(steps, 'étape')})"
    print(summary)
    if forms:
        print(f"{plural(len(forms), 'questionnaire')} de satisfaction ({', '.join(f.id for f in forms)})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m transition_numerique", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser(
        "check",
        help="valide les banques de questions et les exercices (notebooks/quiz/, notebooks/exercices/)",
    )
    checker.add_argument(
        "--dossier", type=Path, help="dossier des banques (par défaut : trouvé automatiquement)"
    )
    checker.add_argument(
        "--exercices",
        type=Path,
        help="dossier des exercices (par défaut : exercices/ à côté du dossier des banques)",
    )
    commands.add_parser(
        "registre", add_help=False, help="vérifie ou réécrit (--write) les textes tirés du registre"
    )
    commands.add_parser(
        "export", add_help=False, help="exporte les banques vers Moodle (export moodle-xml|gift --help)"
    )
    commands.add_parser(
        "scorm", add_help=False, help="met le livre construit en paquet SCORM 1.2 (scorm --help)"
    )
    commands.add_parser(
        "attestation",
        add_help=False,
        help="imprime l’attestation d’un stagiaire depuis son export (attestation --help)",
    )
    args, rest = parser.parse_known_args(argv)
    if args.command == "attestation":
        return attestation.main(rest)
    if args.command == "registre":
        return chapters.main(rest)
    if args.command == "export":
        return lms_command.main(rest)
    if args.command == "scorm":
        return scorm.main(rest)
    if rest:
        parser.error(f"arguments inconnus : {' '.join(rest)}")
    return check(args.dossier, args.exercices)


if __name__ == "__main__":
    sys.exit(main())
