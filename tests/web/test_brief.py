"""Case briefs: each audience and language, the PDF's text and pages, the chain attachment, the audit.

PDF pages are rendered to PNG in test-artifacts/briefs/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import crafted_graph
from conftest import ARTIFACTS, PASSWORD
from web import accounts, auditlog, localstore

SHOTS = ARTIFACTS / "briefs"
GENOTYPES = ("15,16", "17,18", "15,17", "17,19", "17/19", "17/18", "D3S1358", "S-REF1")
OTHER_AGENCY_ONLY = ("SECRET-9", "Zainab", "BBB:R9", "BBB:B9")
OTHER_FAMILY = ("AAA:R2", "محمد علي")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not Path("/usr/bin/chromium").exists(),
                                   reason="poppler-utils and chromium are needed")


@pytest.fixture(scope="module")
def cleared_liaison(app) -> str:
    connection = localstore.connect(app.config["LOCAL_DATABASE"])
    if accounts.get_user(connection, "lia-dna") is None:
        accounts.add_user(connection, "lia-dna", PASSWORD, "liaison", "AAA", dna_cleared=True)
    connection.close()
    return "lia-dna"


def pdf_text(pdf: bytes, name: str) -> str:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.pdf"
    path.write_bytes(pdf)
    for old in SHOTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(SHOTS / name)], check=True, timeout=60)
    assert list(SHOTS.glob(f"{name}-*.png")), "no page was rendered"
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    # Table cells wrap; the facts are checked on the text with its line breaks folded.
    return " ".join(BIDI_CONTROLS.sub("", text).split())


def test_family_page_in_english_says_what_is_established(graph, client_for):
    page = client_for("lia").get("/briefs/AAA:R1?audience=family&lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for fact in ("Mohammed Ali", "Zuwara", "Blue Star", "Fatima Ali", "CN-17-2016", "What is being examined",
                 "No identification is confirmed", "fits very strongly", "A strong possibility",
                 "June 2, 2016", "What you can do", "Give a reference DNA sample", "Who to contact", "<svg"):
        assert fact in html, fact
    # nothing technical: no probability, band, likelihood ratio or source file
    body = html.split('<article class="brief-doc')[1]
    for jargon in ("99.9 %", "Band", "likelihood", "reports.csv", "speaks against"):
        assert jargon not in body, jargon
    for secret in GENOTYPES + OTHER_AGENCY_ONLY + OTHER_FAMILY:
        assert secret not in html, secret
    assert re.search(r"TG-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", html)


@pytest.mark.parametrize("lang, phrase, direction", [
    ("en", "Information for the family", "ltr"),
    ("es", "Información para la familia", "ltr"),
    ("ar", "معلومات للعائلة", "rtl"),
    ("sq", "Informacion për familjen", "ltr"),
    ("bs", "Informacije za porodicu", "ltr"),
])
def test_family_brief_in_each_language(graph, client_for, lang, phrase, direction):
    response = client_for("lia").get(f"/briefs/AAA:R1?audience=family&lang={lang}&format=html")
    assert response.headers["Content-Disposition"].startswith("attachment")
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert phrase in html and "Mohammed Ali" in html
    assert "https://" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_every_language_translates_the_brief_text():
    from briefs import i18n, words

    english = words.fixed_phrases()
    # the same word in the language as in English
    same = {"es": set(), "ar": set(), "sq": set(), "bs": {"status"}}
    for lang in ("es", "ar", "sq", "bs"):
        with i18n.language(lang):
            translated = words.fixed_phrases()
            sentence = words.evidence_sentence("dna", 6.2)
        untranslated = [k for k, v in translated.items()
                        if v == english[k] and k not in {"lr", "locus"} | same[lang]]
        assert not untranslated, (lang, untranslated)
        assert sentence != "DNA comparison with the family's reference samples: extremely strong support."
    assert i18n.direction("ar") == "rtl"


def test_reference_is_stable_and_depends_on_audience_and_language(graph, client_for):
    client = client_for("lia")
    first = client.get("/briefs/AAA:R1?audience=family&lang=en").headers["X-Brief-Reference"]
    again = client.get("/briefs/AAA:R1?audience=family&lang=en").headers["X-Brief-Reference"]
    spanish = client.get("/briefs/AAA:R1?audience=family&lang=es").headers["X-Brief-Reference"]
    authority = client.get("/briefs/AAA:R1?audience=authority&lang=en").headers["X-Brief-Reference"]
    assert first == again and len({first, spanish, authority}) == 3
    graph.delete_everything()
    crafted_graph.load(graph)  # the same data loaded again: new element ids, the same reference
    assert client.get("/briefs/AAA:R1?audience=family&lang=en").headers["X-Brief-Reference"] == first
    graph.write("MATCH (r:Remains {uid: 'BBB:B1'}) SET r.burial_date = '2016-06-11'")
    assert client.get("/briefs/AAA:R1?audience=authority&lang=en").headers["X-Brief-Reference"] != authority
    graph.write("MATCH (r:Remains {uid: 'BBB:B1'}) SET r.recovery_date = '2016-06-01'")  # the family reads it
    assert client.get("/briefs/AAA:R1?audience=family&lang=en").headers["X-Brief-Reference"] != first


def test_authority_brief_without_clearance_has_no_genotypes(graph, client_for):
    html = client_for("lia").get("/briefs/AAA:R1?audience=authority").get_data(as_text=True)
    assert "shown only to DNA-cleared staff" in html
    assert "1 more report(s) not shared with your agency" in html and "report AAA:R2" in html
    for secret in GENOTYPES + OTHER_AGENCY_ONLY:
        assert secret not in html, secret


def test_bad_options_and_unshared_reports(graph, client_for):
    client = client_for("lia")
    assert client.get("/briefs/AAA:R1?lang=xx").status_code == 400
    assert client.get("/briefs/AAA:R1?audience=press").status_code == 400
    assert client.get("/briefs/AAA:R1?format=docx").status_code == 400
    assert client.get("/briefs/BBB:R9").status_code == 404
    assert client.get("/briefs/AAA:R1?format=chain&candidate=AAA:R3->BBB:B9").status_code == 404
    assert client_for("inv").get("/briefs/AAA:R1").status_code == 403


def test_pdf_without_chromium_says_so(app, graph, client_for, monkeypatch):
    monkeypatch.setitem(app.config, "CHROMIUM", Path("/nonexistent/chromium"))
    response = client_for("lia").get("/briefs/AAA:R1?format=pdf")
    assert response.status_code == 503
    assert "Chromium is not installed at /nonexistent/chromium" in response.get_data(as_text=True)


def test_interactive_chain_is_standalone(graph, client_for):
    response = client_for("lia").get("/briefs/AAA:R1?format=chain&candidate=AAA:R1->BBB:B1")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    page = response.get_data(as_text=True)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.IGNORECASE)
    assert "vis.Network" in page and "new vis.DataSet" in page
    assert "CN-17-2016" in page and "Blue Star" in page
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "chain-AAA_R1-BBB_B1.html").write_text(page, encoding="utf-8")


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_family_pdf(graph, client_for, cleared_liaison, lang):
    # A DNA-cleared reader still gets no genotype in a family brief.
    response = client_for(cleared_liaison).get(f"/briefs/AAA:R1?audience=family&lang={lang}&format=pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, f"family-{lang}")
    for fact in ("Mohammed Ali", "Zuwara", "Blue Star", "Fatima Ali", "CN-17-2016",
                 response.headers["X-Brief-Reference"]):
        assert fact in text, (lang, fact)
    assert re.search(r"\b1\s*(of|de|من)\s*\d", text), "no page numbers"
    for secret in GENOTYPES + OTHER_AGENCY_ONLY + OTHER_FAMILY + ("reports.csv", "%"):
        assert secret not in text, (lang, secret)


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_authority_pdf_with_dna_table(graph, client_for, cleared_liaison, lang):
    response = client_for(cleared_liaison).get(f"/briefs/AAA:R1?audience=authority&lang={lang}&format=pdf")
    text = pdf_text(response.data, f"authority-{lang}")
    for fact in ("Mohammed Ali", "CN-17-2016", "vWA", "17/19", "mother passes 17", "same voyage",
                 "AAA:R2", "remainss.csv", "2016-05-27"):
        assert fact in text, (lang, fact)
    for secret in OTHER_AGENCY_ONLY:
        assert secret not in text, (lang, secret)


def test_every_brief_is_audited(graph, client_for):
    client_for("lia").get("/briefs/AAA:R1?audience=authority&lang=es&format=html")
    entries = client_for("adm").get("/api/admin/audit?action=export_brief&user=lia").get_json()["entries"]
    latest = entries[0]
    assert latest["target"] == "Report|AAA:R1"
    assert re.fullmatch(r"html authority es TG-[0-9A-F-]{14}", latest["detail"])


@needs_poppler
def test_cli_brief_writes_pdf_and_audits(graph, cli_env, tracegraph_command, tmp_path):
    out = tmp_path / "brief.pdf"
    result = subprocess.run([*tracegraph_command, "brief", "AAA:R1", "--audience", "family", "--lang", "es",
                             "--format", "pdf", "--agency", "AAA", "--out", str(out)],
                            env=cli_env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = pdf_text(out.read_bytes(), "cli-family-es")
    assert "Información para la familia" in text and "Mohammed Ali" in text
    reference = re.search(r"TG-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", result.stdout).group(0)
    assert reference in text
    connection = localstore.connect(Path(cli_env["TRACEGRAPH_HOME"]) / "web.sqlite3", create=False)
    row = auditlog.entries(connection, limit=1)[0]
    connection.close()
    assert row.username.startswith("cli:") and row.action == "export_brief"
    assert row.target == "Report|AAA:R1" and reference in row.detail
    missing = subprocess.run([*tracegraph_command, "brief", "NOPE", "--out", str(tmp_path / "x.html")],
                             env=cli_env, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "Error:" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed")
def test_brief_page_in_a_browser_keeps_the_csp(graph, app):
    import socket
    import threading

    from playwright.sync_api import sync_playwright
    from waitress import create_server

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    problems: list[str] = []
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(f"http://127.0.0.1:{port}/login")
            page.fill("input[name=username]", "lia")
            page.fill("input[name=password]", PASSWORD)
            page.click("#login-form button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"http://127.0.0.1:{port}/briefs/AAA:R1?audience=family&lang=ar")
            assert page.locator("article.brief-doc[dir=rtl]").count() == 1
            assert page.locator("svg.chain").count() >= 1
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "page-family-ar.png"), full_page=True)
            browser.close()
    finally:
        server.close()
    assert problems == [], problems
