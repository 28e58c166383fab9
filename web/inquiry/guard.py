"""The inquiry's limits, per app: how often one address may post, file and guess, and how many
inquiries everyone together may file. A refused request gets a page in the family's language
with status 429 (or 503 when everyone together is over the limit) and a Retry-After header.

- any form sent: 60 a minute and 300 in ten minutes per address;
- filing: the per-address windows of TRACEGRAPH_INQUIRY_PER_ADDRESS (5 an hour, 20 a day), and
  beyond two in an hour each next one waits twice as long as the one before (from a minute);
  TRACEGRAPH_INQUIRY_GLOBAL for everyone together;
- looking up a status: 10 wrong tries in ten minutes (50 a day) per address, and 10 an hour per
  number typed, whether or not an inquiry has that number; a refusal looks the same either way.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, render_template

from inquiries import ledger
from inquiries.limits import Backoff, SlidingLimit, Verdict, Window
from inquiries.receipt import canonical_number

from ..db import get_local
from . import i18n

KEY = "tracegraph.inquiry.guard"


class Guard:
    def __init__(self, per_address: tuple[tuple[int, float], ...], overall: tuple[tuple[int, float], ...]) -> None:
        self.posts = SlidingLimit((Window(60, 60), Window(300, 600)))
        self.filings = SlidingLimit(tuple(Window(count, seconds) for count, seconds in per_address))
        self.backoff = Backoff(free=2, first_wait=60.0, seconds=3600.0)
        self.overall = SlidingLimit(tuple(Window(count, seconds) for count, seconds in overall))
        self.guesses = SlidingLimit((Window(10, 600), Window(50, 86400)))
        self.per_number = SlidingLimit((Window(10, 3600),))

    def any_post(self, address: str) -> Any:
        return _refusal(self.posts.check(address))

    def submission(self, address: str) -> Any:
        for verdict in (self.filings.check(address, record=False), self.backoff.check(address)):
            if not verdict.allowed:
                return _refusal(verdict)
        if not (everyone := self.overall.check("everyone")).allowed:
            return _refusal(everyone, status=503)
        self.filings.check(address)
        return None

    def look_up(self, address: str, number: str, secret: str) -> tuple[ledger.Inquiry | None, Any]:
        """The inquiry when number and secret match, or a refusal when this address or this number
        has guessed too often. A wrong guess counts against both."""
        typed = canonical_number(number)
        for limit, key in ((self.guesses, address), (self.per_number, typed)):
            verdict = limit.check(key, record=False)
            if not verdict.allowed:
                return None, _refusal(verdict)
        inquiry = ledger.with_secret(get_local(), number, secret)
        if inquiry is None:
            self.guesses.add(address)
            self.per_number.add(typed)
        return inquiry, None


def guard_for(app: Flask) -> Guard:
    guard = app.extensions.get(KEY)
    if guard is None:
        settings = app.config["INQUIRY"]
        guard = app.extensions[KEY] = Guard(settings.per_address, settings.overall)
    return guard


def _refusal(verdict: Verdict, status: int = 429) -> Any:
    if verdict.allowed:
        return None
    language = g.language
    minutes = max(1, (verdict.retry_after + 59) // 60)
    message = (language.gettext("Many families are writing to us right now. What you wrote is kept: please try again in %(minutes)s minutes.", minutes=minutes)
               if status == 503 else
               language.gettext("Too many tries from this connection. Please wait %(minutes)s minutes and try again; what you wrote is kept.", minutes=minutes))
    html = render_template("inquiry/error.html", lang=language.code, dir=language.direction,
                           languages=i18n.languages(),
                           _=language.gettext, message=message, here="/inquiry/")
    return html, status, {"Retry-After": str(verdict.retry_after)}
