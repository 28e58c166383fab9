"""Families filing online inquiries at the same moment, over loopback.

    .venv/bin/python bench/inquiry_load.py --families 100

Serves the app with waitress (16 threads) against the graph the environment points at, users and
inquiries in a throwaway instance folder. Each family is a thread with a cookie jar of its own and
an address of its own (X-Forwarded-For, as behind the proxy in front of the app), and walks the
whole form as a browser without scripts does: the start page, every step fetched and sent, the
review, the send, then the status page with the number and secret of its receipt. All families
start together. The least time between starting and sending an inquiry
(TRACEGRAPH_INQUIRY_MIN_SECONDS, a hold on scripts) is set to 0 here, or every family would wait it.
New inquiries are matched in the background as in production; the run waits until all are.

Prints the errors, the p50/p95/p99 of every request and of the send alone, and each family's whole
filing time.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
STEPS = ("consent", "person", "description", "journey", "travellers", "you")


def answers(n: int) -> dict[str, str]:
    return {
        "consent_scope": "partners", "consent": "yes", "family_name": f"Haddad{n}", "given_names": "Omar",
        "sex": "M", "date_of_birth_year": str(1980 + n % 30), "nationality": "Syria", "languages": "Arabic",
        "clothing": "red jacket", "route": "Central Mediterranean", "departure_place": "Zuwara",
        "departure_date_year": "2016", "departure_date_month": "5", "departure_date_day": str(1 + n % 28),
        "last_contact_how": "phone call", "traveller_1_name": f"Youssef Haddad{n}",
        "traveller_1_relationship": "first_cousin", "reporter_family_name": f"Haddad{n}",
        "reporter_given_names": "Mariam", "relationship": "mother", "phone": f"+963 944 {n:06d}",
        "reference_sample": "yes",
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Family(threading.Thread):
    def __init__(self, n: int, base: str, start: threading.Barrier) -> None:
        super().__init__(daemon=True)
        self.n, self.base, self.start_together = n, base, start
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        self.address = f"10.{n // 62500 % 250}.{n // 250 % 250}.{1 + n % 250}"
        self.timings: list[tuple[str, float]] = []
        self.errors: list[str] = []
        self.whole = 0.0

    def request(self, what: str, path: str, form: dict[str, str] | None = None) -> str:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers={"X-Forwarded-For": self.address})
        began = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                body = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as error:
            body, status = error.read().decode(errors="replace"), error.code
        self.timings.append((what, time.perf_counter() - began))
        if status not in (200, 302):
            raise RuntimeError(f"{what}: {status}")
        return body

    def run(self) -> None:
        self.start_together.wait()
        began = time.perf_counter()
        try:
            self.request("start", "/inquiry/")
            page = self.request("step", "/inquiry/new/consent")
            token = CSRF.search(page).group(1)  # type: ignore[union-attr]
            for step in STEPS:
                if step != "consent":
                    self.request("step", f"/inquiry/new/{step}")
                self.request("step", f"/inquiry/new/{step}", {"csrf": token, "go": "next", **answers(self.n)})
            self.request("step", "/inquiry/new/review")
            receipt = self.request("send", "/inquiry/new/send", {"csrf": token})
            number = re.search(r'id="number" dir="ltr">([^<]+)<', receipt).group(1)  # type: ignore[union-attr]
            secret = re.search(r'id="secret" dir="ltr">([^<]+)<', receipt).group(1)  # type: ignore[union-attr]
            form = self.request("status", "/inquiry/status")
            token = CSRF.search(form).group(1)  # type: ignore[union-attr]
            status = self.request("status", "/inquiry/status", {"csrf": token, "number": number, "secret": secret})
            if 'data-status="received"' not in status:
                raise RuntimeError("the status page did not show the inquiry")
        except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the run
            self.errors.append(f"family {self.n}: {error}")
        self.whole = time.perf_counter() - began


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=100)
    parser.add_argument("--threads", type=int, default=16, help="waitress threads")
    arguments = parser.parse_args()

    import logging

    from waitress import create_server
    from werkzeug.middleware.proxy_fix import ProxyFix

    from graphmodel.config import load_settings
    from web import create_app

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # the queue's depth is what is measured
    settings = load_settings()
    home = Path(tempfile.mkdtemp(prefix="tracegraph-inquiry-bench-"))
    inquiry = type(settings.inquiry)(**{**settings.inquiry.__dict__, "min_seconds": 0.0})
    app = create_app({"LOCAL_DATABASE": home / "web.sqlite3", "SECRET_KEY_FILE": home / "key", "INQUIRY": inquiry})
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)  # type: ignore[method-assign]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # As `tracegraph serve` behind a trusted proxy: waitress passes the forwarded address on.
    server = create_server(app, host="127.0.0.1", port=port, threads=arguments.threads, connection_limit=400,
                           clear_untrusted_proxy_headers=False)
    threading.Thread(target=server.run, daemon=True).start()

    together = threading.Barrier(arguments.families)
    families = [Family(n, f"http://127.0.0.1:{port}", together) for n in range(arguments.families)]
    began = time.perf_counter()
    for family in families:
        family.start()
    for family in families:
        family.join()
    wall = time.perf_counter() - began
    worker = app.extensions.get("tracegraph.inquiry.worker")
    matched = worker.drain(600) if worker is not None else False
    matched_after = time.perf_counter() - began
    server.close()

    errors = [error for family in families for error in family.errors]
    every = [seconds for family in families for _what, seconds in family.timings]
    sends = [seconds for family in families for what, seconds in family.timings if what == "send"]
    wholes = [family.whole for family in families if not family.errors]
    ms = lambda values, share: f"{1000 * percentile(values, share):,.0f} ms"  # noqa: E731
    print(f"{arguments.families} families at once, {len(every)} requests in {wall:.1f} s, {len(errors)} errors")
    print(f"every request: p50 {ms(every, 0.5)}, p95 {ms(every, 0.95)}, p99 {ms(every, 0.99)}")
    if sends:
        print(f"send: p50 {ms(sends, 0.5)}, p95 {ms(sends, 0.95)}, p99 {ms(sends, 0.99)}")
    if wholes:
        print(f"one family's whole filing: p50 {statistics.median(wholes):.1f} s, p95 {percentile(wholes, 0.95):.1f} s")
    print(f"all matched in the background: {'yes' if matched else 'no'}, {matched_after:.1f} s after the start")
    for error in errors[:10]:
        print(error)


if __name__ == "__main__":
    main()
