"""Filing inquiries through the app as a family's browser would, for the inquiry tests."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from graphmodel.config import InquirySettings
from web import create_app

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
STEPS = ("consent", "person", "description", "journey", "travellers", "you")
# A relative of the crafted graph's report AAA:R1 (Mohammed Ali, born 1990, left Zuwara in May 2016).
MOHAMMED = {
    "consent_scope": "partners", "consent": "yes",
    "family_name": "Ali", "given_names": "Mohammed", "other_names": "Mohamed Aly", "father_name": "Hassan",
    "mother_name": "Fatima", "sex": "M", "date_of_birth_year": "1990", "nationality": "Syria",
    "languages": "Arabic", "height_cm": "176", "hair_colour": "black", "distinguishing_marks": "scar on the left hand",
    "clothing": "red jacket", "route": "Central Mediterranean", "departure_place": "Zuwara",
    "departure_date_year": "2016", "departure_date_month": "5", "departure_date_day": "24",
    "vessel": "blue wooden boat", "last_contact_date_year": "2016", "last_contact_date_month": "5",
    "last_contact_date_day": "23", "last_contact_place": "Zuwara", "last_contact_how": "phone call",
    "circumstances": "He called the night before the boat left.",
    "traveller_1_name": "Youssef Ali", "traveller_1_relationship": "first_cousin",
    "reporter_family_name": "Ali", "reporter_given_names": "Fatima", "relationship": "mother",
    "phone": "+963 944 123 456", "contact_country": "Syria", "reference_sample": "yes",
}


@dataclass
class Receipt:
    number: str
    secret: str
    html: str


def inquiry_app(web_home, store, **settings: object) -> Flask:
    """An app sharing the staff accounts of the web tests, with inquiry settings for tests."""
    chosen = {"min_seconds": 0.0, **settings}
    return create_app({"LOCAL_DATABASE": web_home / "web.sqlite3", "SECRET_KEY_FILE": web_home / "key",
                       "STORE": store, "INQUIRY": InquirySettings(**chosen), "VIEWS_REFRESH_SECONDS": 0})  # type: ignore[arg-type]


def family(app: Flask, address: str = "203.0.113.7") -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def csrf_of(client: FlaskClient, path: str = "/inquiry/new/consent", lang: str | None = None) -> str:
    page = client.get(path + (f"?lang={lang}" if lang else ""))
    return CSRF.search(page.get_data(as_text=True)).group(1)  # type: ignore[union-attr]


def file(client: FlaskClient, answers: dict[str, str], lang: str = "en") -> Receipt:
    token = csrf_of(client, lang=lang)
    for step in STEPS:
        response = client.post(f"/inquiry/new/{step}", data={"csrf": token, "go": "next", **answers})
        assert response.status_code == 302, (step, response.status_code, response.get_data(as_text=True)[:2000])
    response = client.post("/inquiry/new/send", data={"csrf": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, (response.status_code, html[:2000])
    number = re.search(r'id="number" dir="ltr">([^<]+)<', html).group(1)  # type: ignore[union-attr]
    secret = re.search(r'id="secret" dir="ltr">([^<]+)<', html).group(1)  # type: ignore[union-attr]
    return Receipt(number, secret, html)


def status(client: FlaskClient, number: str, secret: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client, "/inquiry/status")
    return client.post("/inquiry/status", data={"csrf": token, "number": number, "secret": secret})
