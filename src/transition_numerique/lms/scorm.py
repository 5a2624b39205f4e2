"""The trainee edition as a SCORM 1.2 package: ``python -m transition_numerique scorm``.

The package is the built book (``make book``'s ``_build/html``, every page and asset) zipped with an
``imsmanifest.xml`` at its root: one organization, one item and one SCO resource per entry of the course
registry (00 to 09, the bilan included), titled from the registry, with ``adlcp:masteryscore`` from
:func:`~transition_numerique.course.chapters.mastery_score`. Each item launches the chapter's page with
``?sco=NN`` (its ``parameters``): that is how the page's ``tn/scorm.js`` knows it runs as that chapter's
SCO and reports to the LMS. The other files make one shared asset resource that every SCO depends on.

The zip is deterministic (sorted names, fixed dates and modes), so two builds of the same book give the
same bytes. The SCORM schema files (.xsd) are not shipped: Moodle does not read them.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml

from ..course import chapters

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_BOOK = ROOT / "_build" / "html"
DEFAULT_ZIP = ROOT / "_build" / "scorm" / "formation-transition-numerique-scorm12.zip"
MANIFEST = "imsmanifest.xml"
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{IMSCP} imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    f"{ADLCP} adlcp_rootv1p2.xsd"
)
#: Build metadata that is no part of the course.
SKIPPED = (".buildinfo", "_sources/", ".doctrees/")
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


class PackageError(Exception):
    """The book folder cannot be packaged (missing, or a chapter page is missing)."""


def launch_page(chapter: chapters.Chapter) -> str:
    """The chapter's page in the built book, relative to its root."""
    return chapter.notebook.removesuffix(".ipynb") + ".html"


def course_title(root: Path = ROOT) -> str:
    """The book's title, as _config.yml gives it."""
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))["title"]


def book_files(html: Path) -> list[str]:
    """Every file of the built book, relative and sorted, build metadata left out."""
    names = (path.relative_to(html).as_posix() for path in html.rglob("*") if path.is_file())
    return sorted(name for name in names if not name.startswith(SKIPPED) and name != MANIFEST)


def manifest(files: list[str], title: str) -> bytes:
    """The SCORM 1.2 ``imsmanifest.xml`` for a book holding ``files``."""
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(
        f"{{{IMSCP}}}manifest",
        {"identifier": "transition-numerique", "version": "1.0", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
    )
    metadata = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(root, f"{{{IMSCP}}}organizations", default="formation")
    organization = ET.SubElement(organizations, f"{{{IMSCP}}}organization", identifier="formation")
    ET.SubElement(organization, f"{{{IMSCP}}}title").text = title
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    pages = {launch_page(chapter) for chapter in chapters.COURSE}
    for chapter in chapters.COURSE:
        item = ET.SubElement(
            organization,
            f"{{{IMSCP}}}item",
            identifier=f"chapitre-{chapter.id}",
            identifierref=f"sco-{chapter.id}",
            isvisible="true",
            parameters=f"?sco={chapter.id}",
        )
        ET.SubElement(item, f"{{{IMSCP}}}title").text = chapter.heading
        mastery = chapters.mastery_score(chapter.id)
        if mastery is not None:
            ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(mastery)
        resource = ET.SubElement(
            resources,
            f"{{{IMSCP}}}resource",
            {
                "identifier": f"sco-{chapter.id}",
                "type": "webcontent",
                f"{{{ADLCP}}}scormtype": "sco",
                "href": launch_page(chapter),
            },
        )
        ET.SubElement(resource, f"{{{IMSCP}}}file", href=launch_page(chapter))
        ET.SubElement(resource, f"{{{IMSCP}}}dependency", identifierref="livre")
    shared = ET.SubElement(
        resources,
        f"{{{IMSCP}}}resource",
        {"identifier": "livre", "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"},
    )
    for name in files:
        if name not in pages:
            ET.SubElement(shared, f"{{{IMSCP}}}file", href=name)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def package(html: Path) -> bytes:
    """The SCORM 1.2 zip of the built book in ``html``."""
    if not (html / "index.html").is_file():
        raise PackageError(f"{html} n’est pas un livre construit (pas d’index.html) : lancez make book")
    files = book_files(html)
    missing = [launch_page(chapter) for chapter in chapters.COURSE if launch_page(chapter) not in files]
    if missing:
        raise PackageError(f"pages absentes du livre construit : {', '.join(missing)}")
    entries = [(MANIFEST, manifest(files, course_title()))]
    entries += [(name, (html / name).read_bytes()) for name in files]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, _FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` next to ``path``, then rename it onto ``path``: never half a zip."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, 0o644)  # mkstemp's 0600 would hide the package from the web server's user
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    """``python -m transition_numerique scorm``: package the built trainee edition."""
    parser = argparse.ArgumentParser(
        prog="python -m transition_numerique scorm",
        description="Met le livre construit (édition stagiaire) en paquet SCORM 1.2 pour Moodle.",
    )
    parser.add_argument("--livre", type=Path, default=DEFAULT_BOOK, help="le livre construit (make book)")
    parser.add_argument("--sortie", type=Path, default=DEFAULT_ZIP, help="le fichier zip à écrire")
    args = parser.parse_args(argv)
    try:
        data = package(args.livre)
    except PackageError as error:
        print(error, file=sys.stderr)
        return 1
    write_bytes_atomic(args.sortie, data)
    print(f"paquet SCORM 1.2 écrit : {args.sortie}", file=sys.stderr)
    return 0
