"""Neo4j stopped during a load and started again: clean 503s, no hang, recovery without an app restart.

The test has a Neo4j of its own (the suite's shared server must stay up for the other tests), loaded
with a small generated scenario. The real app is served by waitress on loopback; logged-in
investigators read over HTTP (search, a case page, graph expansion, candidates) while the server
process is stopped (SIGTERM, as `tracegraph db stop` does) and started again in the same home.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from flask import Flask
from waitress import create_server

from graphmodel.config import Settings, load_settings
from graphmodel.migrate import schema_statements
from graphmodel.server import start_server, stop_server
from graphmodel.store import Store
from ingest.run import IngestRequest, run_ingest
from scenarios import generate_scenario
from throwaway_servers import free_port, local_env
from web import accounts, create_app, localstore, viewkeeper
from web.db import QUERY_TIMEOUT_SECONDS
from web.errors import MESSAGES

pytestmark = pytest.mark.neo4j

AGENCY = "DEMO"
PERSONS = 40
SEED = 20261129
PASSWORD = "correct horse battery"
CLIENTS = 4
# The app's documented default (TRACEGRAPH_WEB_DB_RETRY_SECONDS), set here so the environment cannot change it.
DB_RETRY_SECONDS = 2.0
# The driver retries a failed query until DB_RETRY_SECONDS have passed, sleeping 1 s then 2 s (+-20 %)
# between tries; the last try may wait for a connection up to the acquisition timeout (10 s, store.py).
# A 503 therefore comes within:
UNAVAILABLE_BOUND_SECONDS = DB_RETRY_SECONDS + 2.4 + 10.0
# A request whose last try reaches a server that is still warming up then runs its query, which the
# server cuts off at the app's query timeout.
REQUEST_BOUND_SECONDS = UNAVAILABLE_BOUND_SECONDS + QUERY_TIMEOUT_SECONDS
# Once Neo4j answers again, the next try of a waiting request succeeds; its first queries are slow
# (plans not cached, JIT cold: 7-9 s each on two cores), which is why this is not one or two seconds.
RECOVERY_BOUND_SECONDS = 15.0
# How long the clients read before the stop, with Neo4j gone (twice a 503's ~3 s, so every client
# has a request wholly inside), and after the first success.
STEADY_SECONDS = 2.0
DOWN_SECONDS = 6.0
AFTER_SECONDS = 4.0
# Far past REQUEST_BOUND_SECONDS: a request that hangs is recorded as such, it does not block the test.
HTTP_TIMEOUT_SECONDS = 90.0


@dataclass(frozen=True)
class Outcome:
    """One request as a client saw it, on the test's monotonic clock."""

    client: str
    path: str
    started: float
    ended: float
    status: int
    clean: bool
    detail: str

    @property
    def seconds(self) -> float:
        return self.ended - self.started


@dataclass(frozen=True)
class Outage:
    """When the server was told to stop, had stopped, was told to start and answered again."""

    stopping: float
    stopped: float
    restarting: float
    reachable: float

    def describe(self, outcomes: list[Outcome]) -> str:
        """The run as a timeline relative to the stop, for a failure message."""
        lines = [f"stopped {self.stopped - self.stopping:.1f}  restarting {self.restarting - self.stopping:.1f}  "
                 f"reachable {self.reachable - self.stopping:.1f}"]
        lines += [f"{o.started - self.stopping:7.2f} {o.seconds:6.2f} {o.client} {o.status} "
                  f"{o.path[:40]} {o.detail[:60]}"
                  for o in sorted(outcomes, key=lambda o: o.started) if o.ended > self.stopping - 0.5]
        return "\n".join(lines)


class NoRedirect(HTTPRedirectHandler):
    """Redirects come back as they are: a login answers 302, and that is what is checked."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Investigator:
    """A browser stand-in: its own cookie jar (session and CSRF cookie), no redirects followed."""

    def __init__(self, base_url: str, username: str) -> None:
        self.base_url = base_url
        self.username = username
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirect())

    def fetch(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        data = urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(Request(self.base_url + path, data=data), timeout=HTTP_TIMEOUT_SECONDS) as response:
                return response.status, response.read().decode("utf-8", errors="replace")
        except HTTPError as error:
            with error:
                return error.code, error.read().decode("utf-8", errors="replace")

    def log_in(self) -> None:
        status, page = self.fetch("/login")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert status == 200 and token, page[:300]
        status, _ = self.fetch("/login", {"username": self.username, "password": PASSWORD,
                                          "csrf_token": token.group(1)})
        assert status == 302, f"login of {self.username} answered {status}"

    def read(self, path: str) -> Outcome:
        started = time.monotonic()
        try:
            status, body = self.fetch(path)
        except OSError as error:  # a reset, a refused connection or a hang past HTTP_TIMEOUT_SECONDS
            return Outcome(self.username, path, started, time.monotonic(), 0, False, repr(error))
        clean, detail = judge(path, status, body)
        return Outcome(self.username, path, started, time.monotonic(), status, clean, detail)


def judge(path: str, status: int, body: str) -> tuple[bool, str]:
    """A success, or the app's own 503: JSON `database_unavailable` for the API, the error page otherwise."""
    if status == 200:
        return True, "ok"
    if "Traceback" in body:
        return False, f"{status} with a traceback"
    if status == 503 and path.startswith("/api/"):
        try:
            answer = json.loads(body)
        except ValueError:
            return False, f"503 that is not JSON: {body[:120]!r}"
        return answer == {"error": "database_unavailable", "message": MESSAGES[503]}, f"503 {answer}"
    if status == 503:
        return "<h1>Database unavailable</h1>" in body and MESSAGES[503] in body, "503 page"
    return False, f"{status}: {body[:160]!r}"


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    report_uid: str
    report_element_id: str
    person_name: str


@pytest.fixture(scope="module")
def dedicated_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    """A small server of its own with the scenario loaded; stopped at the end whatever happens."""
    env = {**local_env(tmp_path_factory.mktemp("restart-neo4j"), free_port()),
           "TRACEGRAPH_NEO4J_HEAP": "512m", "TRACEGRAPH_NEO4J_PAGECACHE": "256m"}
    settings = load_settings(env)
    try:
        start_server(settings)
        folder = tmp_path_factory.mktemp("restart-scenario")
        generate_scenario(PERSONS, SEED, folder, AGENCY)
        with Store(settings) as store:
            store.run_schema(schema_statements())
            run_ingest(IngestRequest(format="interchange", path=folder, agency=AGENCY,
                                     rejects_dir=tmp_path_factory.mktemp("restart-rejects")),
                       store_factory=lambda: store)
            row = store.read(
                "MATCH (r:Report)-[:REPORTED_MISSING]->(p:Person) WHERE p.full_name IS NOT NULL "
                "AND EXISTS { (r)--() } RETURN r.uid AS uid, elementId(r) AS id, p.full_name AS name "
                "ORDER BY r.uid LIMIT 1")[0]
        yield Loaded(settings, row["uid"], row["id"], row["name"])
    finally:
        stop_server(settings)


@pytest.fixture(scope="module")
def live_app(dedicated_neo4j: Loaded, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app under waitress, a thread per client and two spare, with one investigator per client."""
    home = tmp_path_factory.mktemp("restart-web")
    connection = localstore.connect(home / "web.sqlite3")
    for number in range(CLIENTS):
        accounts.add_user(connection, f"inv{number}", PASSWORD, "investigator", AGENCY, dna_cleared=True)
    connection.close()
    app: Flask = create_app({"LOCAL_DATABASE": home / "web.sqlite3", "SECRET_KEY_FILE": home / "key",
                             "NEO4J_SETTINGS": dedicated_neo4j.settings, "DB_RETRY_SECONDS": DB_RETRY_SECONDS})
    port = free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=CLIENTS + 2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        viewkeeper.stop(app, timeout=30)
        if store := app.extensions.get("tracegraph.store"):
            store.close()


def reading_paths(loaded: Loaded) -> list[str]:
    uid = quote(loaded.report_uid, safe=":")
    return [f"/api/search?q={quote(loaded.person_name)}", f"/cases/{uid}",
            f"/api/graph/expand?id={quote(loaded.report_element_id, safe=':')}", f"/api/cases/{uid}/candidates"]


def keep_reading(client: Investigator, paths: list[str], first: int, stop: threading.Event,
                 outcomes: list[Outcome]) -> None:
    turn = first
    while not stop.is_set():
        outcomes.append(client.read(paths[turn % len(paths)]))
        turn += 1


def first_success_after(outcomes: list[Outcome], moment: float) -> float | None:
    """When the first request started after `moment` came back 200."""
    return min((o.ended for o in outcomes if o.status == 200 and o.started > moment), default=None)


def settled(outcomes: list[Outcome], stopped: float, paths: list[str]) -> bool:
    """Recovered, then every read answered twice more and AFTER_SECONDS passed."""
    recovered = first_success_after(outcomes, stopped)
    if recovered is None or time.monotonic() < recovered + AFTER_SECONDS:
        return False
    later = [o.path for o in outcomes if o.started >= recovered]
    return all(later.count(path) >= 2 for path in paths)


def stop_and_start(settings: Settings, outcomes: list[Outcome], paths: list[str]) -> Outage:
    """Stop the server under load, leave it down, start it in the same home, wait for the app to settle."""
    time.sleep(STEADY_SECONDS)
    stopping = time.monotonic()
    assert stop_server(settings), "the dedicated Neo4j was not running"
    stopped = time.monotonic()
    time.sleep(DOWN_SECONDS)
    restarting = time.monotonic()
    started_now, status = start_server(settings)
    reachable = time.monotonic()
    assert started_now and status.version
    deadline = reachable + RECOVERY_BOUND_SECONDS + REQUEST_BOUND_SECONDS + AFTER_SECONDS
    while time.monotonic() < deadline and not settled(list(outcomes), stopped, paths):
        time.sleep(0.2)
    return Outage(stopping, stopped, restarting, reachable)


def test_neo4j_stopped_and_started_under_load(dedicated_neo4j: Loaded, live_app: str) -> None:
    paths = reading_paths(dedicated_neo4j)
    clients = [Investigator(live_app, f"inv{number}") for number in range(CLIENTS)]
    for client in clients:
        client.log_in()
    # The reads really reach the graph: the person is found, the case and its neighbours are there.
    search, case, expand, candidates = (clients[0].fetch(path) for path in paths)
    assert search[0] == 200 and dedicated_neo4j.person_name in search[1]
    assert case[0] == 200 and dedicated_neo4j.report_uid in case[1]
    assert expand[0] == 200 and json.loads(expand[1])["elements"]["nodes"]
    assert candidates[0] == 200 and "candidates" in json.loads(candidates[1])

    outcomes: list[Outcome] = []
    stop = threading.Event()
    threads = [threading.Thread(target=keep_reading, args=(client, paths, number, stop, outcomes), daemon=True)
               for number, client in enumerate(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        outage = stop_and_start(dedicated_neo4j.settings, outcomes, paths)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=HTTP_TIMEOUT_SECONDS + 5)
    assert not any(thread.is_alive() for thread in threads), "a client is still waiting for an answer"
    timeline = outage.describe(outcomes)

    unclean = [o for o in outcomes if not o.clean]
    assert not unclean, f"answers that are neither 200 nor the app's 503: {unclean[:5]}\n{timeline}"
    slowest = max(outcomes, key=lambda o: o.seconds)
    assert slowest.seconds <= REQUEST_BOUND_SECONDS, f"a request took {slowest.seconds:.1f} s\n{timeline}"
    unavailable = [o for o in outcomes if o.status == 503]
    slowest_503 = max(o.seconds for o in unavailable) if unavailable else 0.0
    assert slowest_503 <= UNAVAILABLE_BOUND_SECONDS, f"a 503 took {slowest_503:.1f} s\n{timeline}"

    steady = [o for o in outcomes if o.ended < outage.stopping]
    assert len(steady) >= 2 * CLIENTS and all(o.status == 200 for o in steady), timeline
    # With the server process gone, every request is refused cleanly, pages and API alike, every client.
    down = [o for o in outcomes if o.started >= outage.stopped and o.ended <= outage.restarting]
    assert down and all(o.status == 503 for o in down), timeline
    assert {o.path.startswith("/api/") for o in unavailable} == {True, False}, timeline
    assert {o.client for o in unavailable} == {client.username for client in clients}, timeline

    recovered = first_success_after(outcomes, outage.stopped)
    assert recovered is not None, f"no request succeeded after Neo4j was started again\n{timeline}"
    recovery = recovered - outage.reachable
    assert recovery <= RECOVERY_BOUND_SECONDS, f"first 200 {recovery:.1f} s after Neo4j answered\n{timeline}"
    after = [o for o in outcomes if o.started >= recovered]
    assert all(sum(o.path == path for o in after) >= 2 for path in paths), f"too few reads after recovery\n{timeline}"
    assert all(o.status == 200 for o in after), f"a request failed after recovery\n{timeline}"

    during = [o for o in outcomes if o.ended > outage.stopping and o.started < recovered]
    print(f"\n{len(outcomes)} requests; {len(during)} during the outage ({len(unavailable)} x 503, "
          f"{sum(o.status == 200 for o in during)} x 200), slowest {max(o.seconds for o in during):.2f} s, "
          f"slowest 503 {slowest_503:.2f} s; stop took {outage.stopped - outage.stopping:.1f} s, "
          f"start {outage.reachable - outage.restarting:.1f} s; first 200 {recovery:+.2f} s after Neo4j "
          f"answered; {len(after)} requests after recovery, all 200; load ran {time.monotonic() - began:.1f} s")
