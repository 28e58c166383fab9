"""The local server's life cycle through the CLI, on its own port and instance folder."""

from __future__ import annotations

import os
import socket
import stat
import subprocess

from throwaway_servers import free_port, local_env


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def test_start_status_stop_cycle(tmp_path, tracegraph_command):
    port = free_port()
    env = {**os.environ, **local_env(tmp_path / "home", port)}
    env.pop("TRACEGRAPH_NEO4J_PASSWORD")  # the first start must generate one
    db = [*tracegraph_command, "db"]
    try:
        started = run([*db, "start"], env)
        assert started.returncode == 0, started.stderr
        assert f"started on bolt://127.0.0.1:{port}" in started.stdout
        assert "5.26." in started.stdout and "community" in started.stdout

        password_file = tmp_path / "home" / "neo4j-password"
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        assert len(password_file.read_text().strip()) >= 24

        again = run([*db, "start"], env)
        assert again.returncode == 0
        assert "already running" in again.stdout

        status = run([*db, "status"], env)
        assert status.stdout.startswith("running: Neo4j 5.26.")
        assert (tmp_path / "home" / "neo4j" / "logs" / "neo4j.log").is_file()
    finally:
        stopped = run([*db, "stop"], env)
    assert stopped.returncode == 0 and "Neo4j stopped." in stopped.stdout
    after = run([*db, "status"], env)
    assert after.stdout.startswith("stopped; logs: ")
    assert "Neo4j was not running." in run([*db, "stop"], env).stdout


def test_port_taken_by_another_program_is_one_clear_sentence(tmp_path, tracegraph_command):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        env = {**os.environ, **local_env(tmp_path / "home", port)}
        result = run([*tracegraph_command, "db", "start"], env)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: Port {port} on 127.0.0.1 is already in use by another program: stop it, "
        "or choose another Bolt port with --port or TRACEGRAPH_NEO4J_PORT.")
    assert "Traceback" not in result.stderr
