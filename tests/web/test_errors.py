"""Bad requests get a clear error with the right status; Neo4j down gives 503 and the app recovers."""

from __future__ import annotations

import socket
import threading

from graphmodel.config import load_settings
from web import create_app


def test_unknown_ids_are_404(graph, client_for):
    client = client_for("inv")
    for path in ("/cases/AAA:NOPE", "/entity/Remains/AAA:NOPE", "/entity/Bogus/x", "/entity/Delivery/x",
                 "/nowhere", "/api/layouts/999999"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Traceback" not in response.get_data(as_text=True)
    api = client.get("/api/cases/AAA:NOPE")
    assert api.status_code == 404 and api.get_json() == {
        "error": "not_found", "message": "There is no such page or record, or it is not shared with your agency."}
    assert client.get("/api/nowhere").get_json()["error"] == "not_found"
    page = client.get("/cases/AAA:NOPE").get_data(as_text=True)
    assert "Not found" in page and "<html" in page


def test_malformed_parameters_are_400(graph, client_for):
    client = client_for("inv")
    for path in ("/api/graph/expand?id=bad%20id!", "/api/graph/expand?id=4:x:1&page=minus",
                 "/api/graph/expand?id=4:x:1&size=5000", "/api/graph/expand?id=4:x:1&types=NOT_A_TYPE",
                 "/api/graph/paths?from=4:x:1", "/api/graph/case?report=AAA:R1", "/api/search?q=" + "x" * 500,
                 "/entity/Voyage/AAA:V1?page=-1"):
        response = client.get(path)
        assert response.status_code == 400, path
        if path.startswith("/api/"):
            assert response.get_json()["error"] == "bad_request" and response.get_json()["message"]
    body = client.post("/api/review", data="not json", headers={"X-CSRFToken": client.csrf,
                                                                 "Content-Type": "application/json"})
    assert body.status_code == 400
    assert client.delete("/api/search").status_code == 405


def test_oversized_input_is_413(graph, client_for):
    client = client_for("inv")
    huge = {"report_uid": "AAA:R1", "nodes": [{"id": "4:x:1", "key": "k" * 190, "x": 1, "y": 1}] * 8000}
    response = client.post("/api/layouts", json=huge, headers={"X-CSRFToken": client.csrf})
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BoltRelay:
    """A TCP relay on loopback in front of the test Neo4j, to take "the database" away and back."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = closed_port()
        self.listener: socket.socket | None = None
        self.connections: list[socket.socket] = []

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self) -> None:
        if self.listener:
            try:
                self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
            except OSError:
                pass
            self.listener.close()
            self.listener = None
        for connection in self.connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()
        self.connections.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


def test_neo4j_down_is_503_and_the_app_recovers_by_itself(web_home, neo4j_env, neo4j_settings, _session_store):
    from conftest import login
    relay = BoltRelay(neo4j_settings.port)
    # bolt:// (no routing), so every connection goes through the relay.
    settings = load_settings({**neo4j_env, "NEO4J_URI": f"bolt://127.0.0.1:{relay.port}"})
    app = create_app({"LOCAL_DATABASE": web_home / "web.sqlite3", "SECRET_KEY_FILE": web_home / "key",
                      "NEO4J_SETTINGS": settings, "DB_RETRY_SECONDS": 0.5, "VIEWS_REFRESH_SECONDS": 0})
    client = login(app.test_client(), "inv")
    try:
        page = client.get("/cases/AAA:R1")
        assert page.status_code == 503 and "Database unavailable" in page.get_data(as_text=True)
        api = client.get("/api/search?q=Ali")
        assert api.status_code == 503 and api.get_json()["error"] == "database_unavailable"
        assert client.get("/api/me").status_code == 200  # logins and the user store do not need Neo4j
        relay.start()
        assert client.get("/api/search?q=Ali").status_code == 200
        relay.stop()
        assert client.get("/api/search?q=Ali").status_code == 503
        relay.start()
        assert client.get("/api/search?q=Ali").status_code == 200
    finally:
        relay.stop()
        app.extensions["tracegraph.store"].close()
