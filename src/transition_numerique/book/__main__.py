"""``python -m transition_numerique.book build …``: Jupyter Book's command line, started a second sooner.

Importing jsonschema (Jupyter Book's configuration, nbformat) imports every optional format checker
installed. JupyterLab's jupyter-events asks for ``jsonschema[format-nongpl]``, which brings
rfc3987-syntax: it compiles about forty Earley parsers as it is imported, 0.9 s of a 3 s no-change
rebuild on two cores (jsonschema issue #1428). Nothing the book build validates has an ``iri`` format,
so this command marks the module as absent (``None`` in ``sys.modules`` makes its import fail) before
Jupyter Book starts; jsonschema then goes without its two IRI checkers, in this process only. The package
stays installed and whole for JupyterLab (``pip check`` passes).
"""

from __future__ import annotations

import sys

IRI_CHECKER = "rfc3987_syntax"


def main() -> None:
    sys.modules.setdefault(IRI_CHECKER, None)  # type: ignore[assignment]
    from jupyter_book.cli.main import main as jupyter_book

    jupyter_book(prog_name="python -m transition_numerique.book")


if __name__ == "__main__":
    main()
