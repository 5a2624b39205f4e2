"""The SCORM 1.2 package (lms/scorm.py) and its runtime in the page (book/_assets/tn/scorm.js).

The zip is checked against the manifest rules Moodle relies on; the pages are run inside a real SCORM
1.2 runtime, scorm-again from npm, which a host page on 127.0.0.1 creates as ``window.API`` before it
opens a chapter's launch page (the manifest's href and parameters) in a frame, as an LMS does.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import io
import json
import re
import threading
import urllib.parse
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import expect

from conftest import OfflinePage
from transition_numerique.course import chapters
from transition_numerique.course.bank import load_bank
from transition_numerique.lms import scorm

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
NS = {"cp": scorm.IMSCP, "adlcp": scorm.ADLCP}
LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src",
           "embed": "src", "link": "href", "object": "data"}  # fmt: skip
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def test_mastery_score_from_the_course_overridden_per_chapter(monkeypatch: pytest.MonkeyPatch) -> None:
    assert chapters.REGISTERED.mastery is not None
    assert chapters.mastery_score("05") == chapters.REGISTERED.mastery
    changed = tuple(c.model_copy(update={"mastery": 90}) if c.id == "05" else c for c in chapters.COURSE)
    monkeypatch.setattr(chapters, "COURSE", changed)
    assert chapters.mastery_score("05") == 90
    assert chapters.mastery_score("04") == chapters.REGISTERED.mastery


# --- the zip ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def package(book_html: Path) -> bytes:
    return scorm.package(book_html)


class _Loads(html.parser.HTMLParser):
    """The URLs an HTML page loads by itself (scripts, styles, images, frames), not the links it shows."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LOADING.get(tag)
        for name, value in attrs:
            if value and (name == wanted or name == "srcset"):
                self.urls.append(value)


@pytest.mark.build
def test_manifest_lists_one_sco_per_chapter_with_every_file(package: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(package))
    names = archive.namelist()
    assert names[0] == "imsmanifest.xml"
    root = ET.fromstring(archive.read("imsmanifest.xml"))
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    (organization,) = root.findall("cp:organizations/cp:organization", NS)
    assert root.find("cp:organizations", NS).get("default") == organization.get("identifier")
    assert organization.findtext("cp:title", namespaces=NS) == scorm.course_title()
    items = organization.findall("cp:item", NS)
    assert [item.findtext("cp:title", namespaces=NS) for item in items] == [
        c.heading for c in chapters.COURSE
    ]
    assert [item.findtext("adlcp:masteryscore", namespaces=NS) for item in items] == [
        str(chapters.mastery_score(c.id)) for c in chapters.COURSE
    ]
    resources = {r.get("identifier"): r for r in root.findall("cp:resources/cp:resource", NS)}
    listed: set[str] = set()
    for item, chapter in zip(items, chapters.COURSE, strict=True):
        resource = resources[item.get("identifierref")]
        assert resource.get(f"{{{scorm.ADLCP}}}scormtype") == "sco"
        assert resource.get("href") == f"notebooks/{chapter.id}-{chapter.slug}.html"
        assert item.get("parameters") == f"?sco={chapter.id}"
        for dependency in resource.findall("cp:dependency", NS):
            assert resources[dependency.get("identifierref")].get(f"{{{scorm.ADLCP}}}scormtype") == "asset"
    scos = [r for r in resources.values() if r.get(f"{{{scorm.ADLCP}}}scormtype") == "sco"]
    assert len(scos) == len(chapters.COURSE)
    for resource in resources.values():
        hrefs = [f.get("href") for f in resource.findall("cp:file", NS)] + [resource.get("href")]
        listed.update(h for h in hrefs if h)
    assert listed <= set(names), sorted(listed - set(names))[:5]  # every referenced file is in the zip
    assert set(names) - listed == {"imsmanifest.xml"}  # and every file of the zip is referenced
    assert "index.html" in names and any(n.startswith("_static/vendor/") for n in names)


@pytest.mark.build
def test_no_page_loads_anything_from_another_host(package: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(package))
    remote: list[str] = []
    pages = [n for n in archive.namelist() if n.endswith(".html")]
    assert len(pages) > len(chapters.COURSE)
    for name in pages:
        parser = _Loads()
        parser.feed(archive.read(name).decode("utf-8"))
        remote += [f"{name}: {url}" for url in parser.urls if REMOTE.match(url)]
    for name in (n for n in archive.namelist() if n.endswith(".css")):
        css = archive.read(name).decode("utf-8", errors="replace")
        remote += [f"{name}: {url}" for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css)]
    assert remote == []


@pytest.mark.build
def test_the_zip_is_deterministic(book_html: Path, package: bytes, tmp_path: Path) -> None:
    assert scorm.package(book_html) == package
    out = tmp_path / "paquet.zip"
    assert scorm.main(["--livre", str(book_html), "--sortie", str(out)]) == 0
    assert out.read_bytes() == package


def test_a_folder_that_is_no_book_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scorm.main(["--livre", str(tmp_path), "--sortie", str(tmp_path / "x.zip")]) == 1
    assert "make book" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


# --- the runtime in the page --------------------------------------------------------------------------

HOST = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>LMS</title>
<script src="/_runtime/scorm12.js"></script>
<script>
  window.API = new Scorm12API({autocommit: false, logLevel: 5});
  window.API.loadFromJSON(JSON.parse(new URLSearchParams(location.search).get("cmi")));
  window.commits = 0;
  window.API.on("LMSCommit", () => { window.commits += 1; });
  window.finished = false;
  window.API.on("LMSFinish", () => { window.finished = true; });
</script></head>
<body><iframe id="sco" style="width:1200px;height:800px"></iframe></body></html>"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/host.html"):
            body = HOST.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == "/_runtime/scorm12.js":
            body = RUNTIME.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@pytest.fixture(scope="module")
def lms(package: bytes, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The unzipped package under /sco/ of a local server that also serves the LMS host page."""
    folder = tmp_path_factory.mktemp("lms")
    zipfile.ZipFile(io.BytesIO(package)).extractall(folder / "sco")
    root = ET.fromstring((folder / "sco" / "imsmanifest.xml").read_bytes())
    launches = {}
    for item in root.findall("cp:organizations/cp:organization/cp:item", NS):
        resource = root.find(f"cp:resources/cp:resource[@identifier='{item.get('identifierref')}']", NS)
        chapter = item.get("identifier").removeprefix("chapitre-")
        launches[chapter] = {
            "url": f"/sco/{resource.get('href')}{item.get('parameters')}",
            "mastery": item.findtext("adlcp:masteryscore", namespaces=NS),
        }
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"base": f"http://127.0.0.1:{server.server_port}", "launches": launches}
    server.shutdown()


@pytest.fixture
def lms_page(browser, lms: dict[str, Any]) -> Iterator[OfflinePage]:
    """conftest's offline page, the local LMS server allowed: every other host is blocked and recorded."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    offline = OfflinePage(page)

    def block(route) -> None:
        offline.blocked.append(route.request.url)
        route.abort()

    context.route(re.compile(rf"^(?!{re.escape(lms['base'])}/|data:|blob:|about:)"), block)
    page.on("console", lambda msg: msg.type == "error" and offline.console_errors.append(msg.text))
    page.on("pageerror", lambda error: offline.console_errors.append(str(error)))
    yield offline
    context.close()


def open_sco(offline, lms: dict[str, Any], chapter: str, cmi: dict[str, Any]):
    """The host page with a runtime started from ``cmi``, the chapter's launch page in its frame."""
    page = offline.page
    launch = lms["launches"][chapter]
    cmi = {"core": {}, **cmi}
    cmi["student_data"] = {"mastery_score": launch["mastery"]}
    page.goto(f"{lms['base']}/host.html?cmi={urllib.parse.quote(json.dumps(cmi))}")
    page.evaluate("url => { document.getElementById('sco').src = url; }", launch["url"])
    frame = page.frame_locator("#sco")
    frame.locator("form.tnq-q").first.wait_for()
    return page, frame


def cmi_of(page) -> dict[str, Any]:
    return page.evaluate("JSON.parse(JSON.stringify(window.API.renderCMIToJSONObject()))")["cmi"]


def answer(form, question, right: bool) -> None:
    """Answer one question of the bank, right or wrong, and check it."""
    if question.type == "numerique":
        value = question.reponse if right else question.reponse + 10 * (question.tolerance + 1)
        form.locator("input").fill(f"{value:g}".replace(".", ","))
    elif question.type == "vrai-faux":
        form.locator("input").nth(0 if question.reponse == right else 1).check()
    else:
        index = next(i for i, c in enumerate(question.choix) if c.correct == right)
        form.locator("input").nth(index).check()
    form.get_by_role("button", name="Vérifier").click()
    form.locator(".tnq-verdict").wait_for()


@pytest.mark.browser
@pytest.mark.build
def test_answers_reach_the_lms_and_come_back(lms_page, lms: dict[str, Any]) -> None:
    bank = load_bank("00")
    mastery = int(lms["launches"]["00"]["mastery"])
    page, frame = open_sco(lms_page, lms, "00", {})
    assert cmi_of(page)["core"]["lesson_status"] == "incomplete"
    forms = frame.locator("form.tnq-q")
    first, *rest = bank.questions
    answer(forms.nth(0), first, right=True)
    cmi = cmi_of(page)
    assert cmi["core"]["lesson_status"] == "incomplete"
    assert cmi["core"]["score"] == {"raw": str(round(100 / len(bank.questions))), "min": "0", "max": "100"}
    for n, question in enumerate(rest, start=1):
        answer(forms.nth(n), question, right=False)
    frame.locator(".tnq").first.get_by_label("4 — Plutôt").first.check()  # one self-assessment statement
    cmi = cmi_of(page)
    raw = round(100 / len(bank.questions))
    assert cmi["core"]["score"]["raw"] == str(raw)
    assert cmi["core"]["lesson_status"] == ("passed" if raw >= mastery else "failed")
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", cmi["core"]["session_time"])
    interactions = {i["id"]: i for i in cmi["interactions"].values()}
    expected_types = {"choix-unique": "choice", "vrai-faux": "true-false", "numerique": "numeric"}
    for question in bank.questions:
        record = interactions[f"00-q-{question.id}"]
        assert record["type"] == expected_types[question.type]
        assert record["result"] == ("correct" if question is first else "wrong")
        assert record["correct_responses"]["0"]["pattern"] != ""
    for question in bank.questions:  # SCORM 1.2 patterns: the right choices' letters, « t » or « f »
        pattern = interactions[f"00-q-{question.id}"]["correct_responses"]["0"]["pattern"]
        if question.type == "vrai-faux":
            assert pattern == ("t" if question.reponse else "f")
        else:
            assert pattern == ",".join("abcdefghij"[i] for i, c in enumerate(question.choix) if c.correct)
    likert = interactions[f"00-a-{bank.autoevaluation[0].id}"]
    assert (likert["type"], likert["student_response"], likert["result"]) == ("likert", "4", "neutral")
    assert page.evaluate("window.commits") > 0
    suspend = cmi["suspend_data"]
    assert json.loads(suspend)["chapters"]["00"]["quiz"][first.id]["correct"] is True
    assert len(suspend) <= 4096

    # The trainee leaves (pagehide: LMSFinish) and comes back: a new runtime from what the LMS stored.
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("window.finished")
    stored = {
        "core": {"lesson_status": cmi["core"]["lesson_status"], "entry": "resume"},
        "suspend_data": suspend,
    }
    page, frame = open_sco(lms_page, lms, "00", stored)
    frame.locator(".tnq-verdict").nth(len(bank.questions) - 1).wait_for()
    assert frame.locator("form.tnq-q").nth(0).locator(".tnq-verdict").inner_text() == "✓Correct"
    assert frame.locator(".tnq").first.get_by_label("4 — Plutôt").first.is_checked()
    assert lms_page.console_errors == [] and lms_page.blocked == []


@pytest.mark.browser
@pytest.mark.build
def test_malformed_suspend_data_is_ignored_with_a_warning(lms_page, lms: dict[str, Any]) -> None:
    warnings: list[str] = []
    lms_page.page.on("console", lambda msg: msg.type == "warning" and warnings.append(msg.text))
    page, frame = open_sco(lms_page, lms, "05", {"suspend_data": '{"schema_version": 1, "chapters": ['})
    assert any("cmi.suspend_data" in text for text in warnings)
    assert frame.locator(".tnq-verdict").count() == 0
    answer(frame.locator("form.tnq-q").nth(0), load_bank("05").questions[0], right=True)
    assert json.loads(cmi_of(page)["suspend_data"])["schema_version"] == 1  # a fresh document replaces it
    assert lms_page.console_errors == []


@pytest.mark.browser
@pytest.mark.build
def test_the_fullest_chapter_fits_in_suspend_data(lms_page, lms: dict[str, Any]) -> None:
    """Every question answered with its longest answer (all options, a long number) and every statement
    rated, for the chapter with the most questions: still within SCORM 1.2's 4 096 characters, dates kept."""
    banks = [load_bank(c.id) for c in chapters.CHAPTERS]
    bank = max(banks, key=lambda b: len(b.questions) + len(b.autoevaluation))
    date = "2026-12-02T10:00:00Z"
    quiz = {}
    for q in bank.questions:
        options = len(getattr(q, "choix", []))
        longest = {"choix-multiple": list(range(options)), "choix-unique": options - 1, "vrai-faux": False}
        reponse: Any = longest.get(q.type, "-1 234 567,891")
        quiz[q.id] = {"reponse": reponse, "correct": False, "date": date}
    ratings = {s.id: {"note": bank.echelle.max, "date": date} for s in bank.autoevaluation}
    doc = {"schema_version": 1, "chapters": {bank.chapitre: {"quiz": quiz, "autoevaluation": ratings}}}
    page, _frame = open_sco(lms_page, lms, bank.chapitre, {})
    text = (
        page.frame_locator("#sco")
        .locator("html")
        .evaluate(
            "(_el, [doc, ch]) => window.transitionNumeriqueScorm.compact(doc, ch)", [doc, bank.chapitre]
        )
    )
    assert len(text) <= 4096
    assert json.loads(text) == doc


@pytest.mark.browser
@pytest.mark.build
def test_the_bilan_keeps_the_satisfaction_questionnaire_in_the_lms(lms_page, lms: dict[str, Any]) -> None:
    page = lms_page.page
    launch = lms["launches"]["09"]
    comment = "Très utile <b>pour</b> l’équipe"

    def open_bilan(cmi: dict[str, Any]):
        page.goto(f"{lms['base']}/host.html?cmi={urllib.parse.quote(json.dumps({'core': {}, **cmi}))}")
        page.evaluate("url => { document.getElementById('sco').src = url; }", launch["url"])
        frame = page.frame_locator("#sco")
        frame.locator("textarea.tnq-libre").first.wait_for()
        return frame

    frame = open_bilan({})
    frame.locator("textarea.tnq-libre").first.fill(comment)
    frame.locator("textarea.tnq-libre").first.blur()  # the comment is kept on change
    page.wait_for_function("() => (window.API.cmi.suspend_data || '').includes('satisfaction')")
    suspend = cmi_of(page)["suspend_data"]
    assert len(suspend) <= 4096
    kept = json.loads(suspend)["satisfaction"]
    assert [entry["commentaire"] for entry in kept.values()] == [comment]

    frame = open_bilan({"core": {"entry": "resume"}, "suspend_data": suspend})
    expect(frame.locator("textarea.tnq-libre").first).to_have_value(comment)  # once the store is read
    assert lms_page.console_errors == [] and lms_page.blocked == []


@pytest.mark.build
def test_the_lms_is_found_before_the_widgets_start(book_html: Path) -> None:
    """The widget host starts the widgets from the page's head: tn/scorm.js must have run by then."""
    page = (book_html / "notebooks" / "05-medias-sociaux.html").read_text(encoding="utf-8")
    sources = re.findall(r'<script[^>]* src="([^"]+)"', page)
    order = [
        next(i for i, src in enumerate(sources) if name in src)
        for name in ("tn/scorm.js", "tn/widget-host.js")
    ]
    assert order == sorted(order)
