"""``python -m transition_numerique export moodle-xml|gift [--sortie F] [--dossier D] [NN …]``.

Writes every bank of the folder (or the ones named) in one file, atomically (a temporary file of the same
folder, then a rename: :func:`~transition_numerique.learner.progress.write_atomic`), so that a failed
export never leaves half a file where the last good one was; ``--sortie -`` writes to the standard output.
Every problem (a bank that does not validate, an unknown bank, what Moodle cannot take) is printed in
French and nothing is written. The summary goes to the standard error, so that it never mixes with an
export written to the standard output.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..course.bank import Bank, QuizBankError, check_banks, find_quiz_dir, load_bank
from ..course.yaml_files import display
from ..learner.progress import write_atomic
from ..reporting import NBSP, InputError, Issue, join, plural, plural_s
from .gift import gift
from .moodle_xml import moodle_xml

#: Each format: how it is written, its name, and the default file.
FORMATS: dict[str, tuple[Callable[[Sequence[Bank]], str], str, str]] = {
    "moodle-xml": (moodle_xml, "Moodle XML", "banques-moodle.xml"),
    "gift": (gift, "GIFT", "banques-gift.txt"),
}
_BANK_ID = re.compile(r"^\d{1,2}$")


class UnknownBankError(InputError):
    """A bank named on the command line that the folder does not hold."""


def select_banks(names: Sequence[str], quiz_dir: Path) -> list[Bank]:
    """The banks named (« 5 » is bank 05), in the order given, or every bank of the folder."""
    if not names or not quiz_dir.is_dir():
        return check_banks(quiz_dir)  # every bank, or the folder's own error
    available = sorted(p.stem for p in quiz_dir.glob("*.yaml") if re.fullmatch(r"\d{2}", p.stem))
    wanted = list(dict.fromkeys(name.zfill(2) if _BANK_ID.match(name) else name for name in names))
    unknown = [name for name in wanted if name not in available]
    if unknown:
        listed = join(available) or "aucune"
        raise UnknownBankError(
            Issue(
                display(quiz_dir),
                f"banque inconnue «{NBSP}{name}{NBSP}» (banques de ce dossier{NBSP}: {listed})",
            )
            for name in unknown
        )
    banks: list[Bank] = []
    issues: list[Issue] = []
    for name in wanted:
        try:
            banks.append(load_bank(name, quiz_dir))
        except QuizBankError as error:
            issues += error.issues
    if issues:
        raise QuizBankError(issues)
    return banks


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fail(title: str, error: InputError) -> int:
    print(title, file=sys.stderr)
    for issue in error.issues:
        print(f"- {issue}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m transition_numerique export",
        description="Exporte les banques de questions vers Moodle (Moodle XML ou GIFT).",
    )
    parser.add_argument("format", choices=FORMATS, help="moodle-xml ou gift")
    parser.add_argument("banques", nargs="*", metavar="NN", help="banques à exporter (par défaut : toutes)")
    parser.add_argument(
        "--sortie",
        help="fichier écrit (par défaut : banques-moodle.xml ou banques-gift.txt ; - : sortie standard)",
    )
    parser.add_argument("--dossier", type=Path, help="dossier des banques (par défaut : trouvé tout seul)")
    args = parser.parse_intermixed_args(argv)
    write, label, default = FORMATS[args.format]
    try:
        banks = select_banks(args.banques, args.dossier or find_quiz_dir())
    except InputError as error:
        return _fail(f"{plural(len(error.issues), 'erreur')}, rien n’est exporté{NBSP}:", error)
    try:
        text = write(banks)
    except InputError as error:
        title = f"{plural(len(error.issues), 'erreur')} à l’export en {label}, rien n’est exporté"
        return _fail(f"{title}{NBSP}:", error)
    target = args.sortie or default
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        where = "la sortie standard"
    else:
        try:
            write_atomic(Path(target), text)
            Path(target).chmod(0o666 & ~_umask())  # the temporary file was private (0600)
        except OSError as problem:
            print(f"écriture impossible de {target}{NBSP}: {problem.strerror or problem}", file=sys.stderr)
            return 1
        where = target
    questions = sum(len(bank.questions) for bank in banks)
    statements = sum(len(bank.autoevaluation) for bank in banks)
    summary = (
        f"{label}, dans {where}{NBSP}: {plural(questions, 'question')} de {plural(len(banks), 'banque')}, "
        f"une catégorie par chapitre"
    )
    if statements:
        left = f"{plural(statements, 'affirmation')} d’autoévaluation laissée{plural_s(statements)} de côté"
        summary += f"{NBSP}; {left} (voir la note de chaque catégorie)"
    print(summary + ".", file=sys.stderr)
    return 0
