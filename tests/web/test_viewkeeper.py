"""The web app's view keeper: it brings the analysts' views up to date by itself after a write made
elsewhere, and `stop` ends its thread."""

from __future__ import annotations

import time

from graphmodel.journal import touched
from web import create_app, viewkeeper


def test_the_keeper_catches_the_views_up_and_stops(graph, sync_views, analyst_views, web_database, web_home):
    sync_views()
    # A write made elsewhere, journalled as a load or a match in another process journals it.
    graph.write_batches("UNWIND $rows AS row MATCH (r:Report {uid: row.uid}) SET r.status = row.status",
                        [{"uid": "AAA:R2", "status": "found_alive"}],
                        touched=lambda batch: [touched("Report", row["uid"]) for row in batch])
    views = {view.name: analyst_views.store(view) for view in analyst_views.known()}

    def statuses() -> dict[str, list[str]]:
        query = "MATCH (r:Report {uid: $uid}) RETURN r.status AS status"
        return {name: [row["status"] for row in store.read(query, {"uid": "AAA:R2"})] for name, store in views.items()}

    assert all(found == ["believed_missing"] for found in statuses().values())
    app = create_app({"LOCAL_DATABASE": web_database, "SECRET_KEY_FILE": web_home / "key", "STORE": graph,
                      "VIEWS": analyst_views, "VIEWS_REFRESH_SECONDS": 0.2})
    keeper = app.extensions[viewkeeper.KEY]
    try:
        deadline = time.monotonic() + 120
        while any(found != ["found_alive"] for found in statuses().values()) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert all(found == ["found_alive"] for found in statuses().values()), statuses()
        assert keeper.thread.is_alive()
    finally:
        viewkeeper.stop(app, timeout=60)
    assert not keeper.thread.is_alive()
    assert viewkeeper.KEY not in app.extensions
