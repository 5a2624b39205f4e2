"""The theme's icon webfont cut down to the icons the built book can show (Sphinx extension).

pydata-sphinx-theme ships Font Awesome's « solid » font whole (153 KB, about 1 400 icons) and its
stylesheet makes every page that shows an icon load it. At the end of an HTML build the font in the
output is replaced by a subset (fontTools, WOFF2 through ``brotli``) holding every codepoint the built
files can ask for, derived from them, never listed by hand:

- the ``fa-<name>`` classes found in the built HTML and scripts, looked up in the stylesheets'
  ``.fa-<name>:before{content:"\\f…"}`` rules;
- every private-use codepoint the stylesheets use otherwise: the theme's ``--pst-icon-*`` variables
  (admonitions, external links…) and any other ``content:`` rule.

The subset is kept in the doctree folder with the font's hash and the codepoints, so a rebuild that
changes neither only copies it back over the theme's copy.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FONT = "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2"  # as the theme copies it
RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")  # selectors { declarations }, innermost rules
CONTENT = re.compile(r'content:\s*"(\\[0-9a-fA-F]{1,6})"')
ICON_CLASS = re.compile(r"\.(fa-[a-z0-9-]+):+before")
ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})")
USED_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
PRIVATE_USE = range(0xE000, 0xF900)
PRIVATE_CHAR = re.compile("[\ue000-\uf8ff]")


def _rules(css: str) -> Iterator[tuple[bool, str]]:
    """Each rule's declarations, and whether its selectors are all ``.fa-<name>:before``."""
    for match in RULE.finditer(css):
        selectors = [ICON_CLASS.fullmatch(part.strip()) for part in match.group(1).split(",")]
        yield all(selectors), match.group(0)


def class_codepoints(css: str) -> dict[str, int]:
    """``fa-<name>`` → codepoint, from the rules whose selectors are all icon classes."""
    found: dict[str, int] = {}
    for is_icon, rule in _rules(css):
        content = CONTENT.search(rule) if is_icon else None
        if content:
            found |= {name: int(content.group(1)[1:], 16) for name in ICON_CLASS.findall(rule)}
    return found


def other_codepoints(css: str) -> set[int]:
    """The private-use codepoints of the stylesheet outside its icon-class rules (``--pst-icon-*``…)."""
    rest = "".join(rule for is_icon, rule in _rules(css) if not is_icon)
    codepoints = {int(code, 16) for code in ESCAPE.findall(rest)} | set(map(ord, PRIVATE_CHAR.findall(rest)))
    return {code for code in codepoints if code in PRIVATE_USE}


def needed_codepoints(outdir: Path) -> set[int]:
    """Every icon codepoint the built book can show (see the module's docstring)."""
    stylesheets = [path.read_text(encoding="utf-8") for path in outdir.rglob("*.css")]
    classes: dict[str, int] = {}
    codepoints: set[int] = set()
    for css in stylesheets:
        classes |= class_codepoints(css)
        codepoints |= other_codepoints(css)
    used: set[str] = set()
    for pattern in ("*.html", "*.js"):
        for path in outdir.rglob(pattern):
            used |= set(USED_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return codepoints | {classes[name] for name in used if name in classes}


def subset(source: Path, destination: Path, codepoints: set[int]) -> None:
    """Write the WOFF2 subset of ``source`` holding ``codepoints``."""
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    font = ft_subset.load_font(str(source), options)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    ft_subset.save_font(font, str(destination), options)


def _subset_font(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    font = Path(app.outdir) / FONT
    if not font.is_file():
        return
    codepoints = sorted(needed_codepoints(Path(app.outdir)))
    record = Path(app.doctreedir) / "tn-icones.json"
    cached = record.with_suffix(".woff2")
    known = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    current = hashlib.sha256(font.read_bytes()).hexdigest()
    if known.get("codepoints") == codepoints and current == known.get("subset"):
        return  # already the subset
    if known.get("codepoints") == codepoints and current == known.get("source") and cached.is_file():
        shutil.copyfile(cached, font)  # the theme copied its font back: the same subset
        return
    try:
        subset(font, cached, codepoints=set(codepoints))
    except ImportError as error:  # brotli, fontTools' WOFF2 compressor (the book extra of pyproject.toml)
        logger.warning(f"Police d’icônes laissée entière ({error})\u00a0: installez « fonttools[woff] ».")
        return
    done = hashlib.sha256(cached.read_bytes()).hexdigest()
    record.write_text(json.dumps({"source": current, "subset": done, "codepoints": codepoints}), "utf-8")
    shutil.copyfile(cached, font)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _subset_font)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
