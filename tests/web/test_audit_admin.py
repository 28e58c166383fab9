"""The audit page narrowed by a date range, with details in words; the admin chooses a user's
agency from the agencies known."""

from __future__ import annotations

import csv
import io

import pytest

from web import accounts

pytestmark = pytest.mark.both_stores


def test_the_audit_page_filters_by_dates_and_reads_as_words(graph, client_for, web_db):
    analyst = client_for("ana")
    analyst.post("/api/console", json={"query": "MATCH (r:Report {uid: $uid}) RETURN r", "params": {"uid": "AAA:R1"}},
                 headers={"X-CSRFToken": analyst.csrf})
    admin = client_for("adm")
    today = admin.get("/api/admin/audit?action=query&user=ana").get_json()["entries"][0]["at"][:10]
    page = admin.get("/admin/audit", query_string={"action": "query", "user": "ana", "since": today,
                                                   "until": today}).get_data(as_text=True)
    row = page.split('<table class="list" id="audit">')[1]
    # The run's detail as labelled fields, the query as code; no JSON punctuation around them.
    assert "<dt>query</dt>" in row and "<code>MATCH (r:Report {uid: $uid}) RETURN r</code>" in row
    assert "<dt>rows</dt><dd>1</dd>" in row and '{&#34;rows&#34;' not in row and '"rows":' not in row
    # Days before today hold no run of this test: the range leaves today's out.
    earlier = admin.get("/api/admin/audit", query_string={"action": "query", "user": "ana", "since": "2001-01-01",
                                                          "until": "2001-12-31"}).get_json()["entries"]
    assert earlier == []
    within = admin.get("/api/admin/audit", query_string={"action": "query", "user": "ana", "since": today}).get_json()
    assert within["entries"] and all(e["at"][:10] >= today for e in within["entries"])
    exported = admin.get("/admin/audit.csv", query_string={"since": "2001-01-01", "until": "2001-12-31"})
    assert list(csv.reader(io.StringIO(exported.get_data(as_text=True))))[1:] == []
    for bad in ({"since": "yesterday"}, {"since": "2026-02-30"}, {"since": "2026-03-02", "until": "2026-03-01"}):
        assert admin.get("/admin/audit", query_string=bad).status_code == 400, bad


def test_the_agency_is_chosen_from_the_known_ones(graph, client_for, web_db):
    graph.write("MERGE (:Agency {code: 'IOM'}) MERGE (:Agency {code: 'MORGUE-LAMP'})")
    admin = client_for("adm")
    page = admin.get("/admin/users").get_data(as_text=True)
    options = page.split('id="agency-select"')[1].split("</select>")[0]
    # Agencies that delivered records and agencies users already have.
    for code in ("IOM", "MORGUE-LAMP", "AAA", "BBB"):
        assert f'value="{code}"' in options, code

    def add(username: str, **fields: str):
        return admin.post("/admin/users", data={"action": "add", "username": username, "password": "0123456789ab",
                                                "role": "liaison", "csrf_token": admin.csrf, **fields},
                          follow_redirects=True)

    assert "Done: add" in add("iom-liaison", agency="IOM").get_data(as_text=True)
    assert accounts.get_user(web_db, "iom-liaison").agency == "IOM"
    refused = add("typo-user", agency="IMO").get_data(as_text=True)
    assert "choose the agency from the list" in refused and accounts.get_user(web_db, "typo-user") is None
    # A new agency is named on purpose, with its code in the field for it.
    assert "Done: add" in add("unhcr-first", agency="__new__", new_agency="unhcr").get_data(as_text=True)
    assert accounts.get_user(web_db, "unhcr-first").agency == "UNHCR"
