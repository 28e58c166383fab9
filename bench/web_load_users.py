"""The locust users that `bench/web_load.py` runs: logged-in investigators on a mix of reads.

Each simulated user logs in once with its own account, then loops over the calls an investigator
makes while working a case: a name search, the case page, its candidates, and an expansion of the
report's node in the graph canvas. Which reports come from the sample file the driver wrote.

Every call is recorded (start, name, milliseconds, status, error) and written to the file named by
TRACEGRAPH_LOAD_RECORD when locust quits, with the time each user finished logging in, so the driver
computes exact percentiles over the calls made once every user was at work.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

SAMPLE = json.loads(open(os.environ["TRACEGRAPH_LOAD_SAMPLE"], encoding="utf-8").read())
THINK = float(os.environ.get("TRACEGRAPH_LOAD_THINK", "1"))
ACCOUNTS = itertools.cycle(SAMPLE["accounts"])
TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')
CALLS: list[tuple[float, str, float, int, str]] = []
LOGGED_IN: list[float] = []


@events.request.add_listener
def record(name, response_time, response, exception, start_time, **_details) -> None:
    status = getattr(response, "status_code", 0) or 0
    CALLS.append((start_time, name, response_time, status, "" if exception is None else str(exception)[:200]))


@events.quitting.add_listener
def save(**_details) -> None:
    with open(os.environ["TRACEGRAPH_LOAD_RECORD"], "w", encoding="utf-8") as handle:
        json.dump({"calls": CALLS, "logged_in": LOGGED_IN}, handle)


class Investigator(FastHttpUser):
    # locust's lighter client (geventhttpclient): the load generator shares the cores it measures
    wait_time = between(THINK * 0.5, THINK * 1.5) if THINK > 0 else between(0, 0)

    def on_start(self) -> None:
        self.random = random.Random()
        page = self.client.get("/login", name="login page")
        token = TOKEN.search(page.text).group(1)
        account = next(ACCOUNTS)
        with self.client.post("/login", name="login", allow_redirects=False, catch_response=True,
                              data={"username": account, "password": SAMPLE["password"], "csrf_token": token}) as reply:
            if reply.status_code != 302:
                reply.failure(f"login refused: {reply.status_code}")
        LOGGED_IN.append(time.time())

    def report(self) -> dict:
        return self.random.choice(SAMPLE["reports"])

    @task(3)
    def search(self) -> None:
        self.client.get("/api/search?" + urlencode({"q": self.report()["name"]}), name="search")

    @task(2)
    def case_page(self) -> None:
        self.client.get(f"/cases/{self.report()['uid']}", name="case page")

    @task(2)
    def candidates(self) -> None:
        self.client.get(f"/api/cases/{self.report()['uid']}/candidates", name="candidates")

    @task(2)
    def expand(self) -> None:
        self.client.get("/api/graph/expand?" + urlencode({"id": self.report()["id"]}), name="graph expand")
