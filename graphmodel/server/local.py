"""Fetch, start, stop and inspect a local Neo4j Community server without Docker.

The server runs from the runtime classpath of `org.neo4j:neo4j` as Maven resolves it, with APOC
core in its plugins folder, bound to loopback only, with authentication on.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from ..config import Settings
from ..errors import ServerError

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
COMPLETE_MARKER = ".complete"

# The JDK 17 module flags Neo4j's own launcher passes: the kernel and Netty reach into NIO internals.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    version: str | None
    edition: str | None
    log_file: Path
    detail: str = ""


def _pid_file(settings: Settings) -> Path:
    return settings.server_dir / "run" / "neo4j.pid"


def _log_file(settings: Settings) -> Path:
    return settings.server_dir / "logs" / "neo4j.log"


def _java(settings: Settings) -> str:
    candidate = settings.java_home / "bin" / "java" if settings.java_home else None
    java = str(candidate) if candidate and candidate.is_file() else shutil.which("java")
    if not java:
        raise ServerError("Java 17 or newer is needed to run Neo4j: install a JDK 17 (e.g. openjdk-17-jdk-headless).")
    return java


def fetch_distribution(settings: Settings, quiet: bool = False) -> Path:
    """Resolve Neo4j and APOC with Maven into the cache, once; return the distribution folder."""
    target = settings.distribution_dir
    if (target / COMPLETE_MARKER).is_file():
        return target
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerError("Maven (mvn) is needed to fetch Neo4j from Maven Central: "
                          "install it (e.g. apt-get install maven).")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="neo4j-fetch-", dir=target.parent))
    try:
        for pom, folder in (("neo4j.pom.xml", "lib"), ("apoc.pom.xml", "apoc")):
            with resources.as_file(resources.files("graphmodel.server").joinpath(pom)) as pom_path:
                command = [mvn, "-B", "-f", str(pom_path), "dependency:copy-dependencies",
                           "-DincludeScope=runtime", f"-DoutputDirectory={staging / folder}"]
                if quiet:
                    command.insert(2, "-q")
                completed = subprocess.run(command, capture_output=quiet, text=True)
            if completed.returncode != 0:
                tail = (completed.stdout or "")[-800:] if quiet else ""
                raise ServerError(f"Maven could not fetch {pom} from Maven Central "
                                  f"(exit {completed.returncode}). {tail}".strip())
        _keep_plugins_not_in_lib(staging / "apoc", staging / "lib", staging / "plugins")
        shutil.rmtree(staging / "apoc")
        (staging / COMPLETE_MARKER).write_text("fetched\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _artifact(jar: Path) -> str:
    """`commons-lang3-3.12.0.jar` -> `commons-lang3`."""
    parts = jar.stem.split("-")
    name = [p for p in parts if not p[:1].isdigit()]
    return "-".join(parts[: len(name)]) if name else jar.stem


def _keep_plugins_not_in_lib(apoc: Path, lib: Path, plugins: Path) -> None:
    """APOC's dependencies that the server already has stay out of plugins: two copies of a class clash."""
    in_lib = {_artifact(jar) for jar in lib.glob("*.jar")}
    plugins.mkdir(parents=True, exist_ok=True)
    for jar in apoc.glob("*.jar"):
        if _artifact(jar) not in in_lib:
            shutil.copy2(jar, plugins / jar.name)


def _read_pid(settings: Settings) -> int | None:
    try:
        pid = int(_pid_file(settings).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _is_our_server(pid, settings) else None


def _is_our_server(pid: int, settings: Settings) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return ENTRY_POINT in cmdline and str(settings.server_dir) in cmdline


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _write_config(settings: Settings, extra: Mapping[str, str] | None = None) -> Path:
    conf_dir = settings.server_dir / "conf"
    conf_dir.mkdir(parents=True, exist_ok=True)
    plugins = settings.distribution_dir / "plugins"
    lines = [
        "server.default_listen_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{settings.port}",
        f"server.bolt.advertised_address=127.0.0.1:{settings.port}",
        "server.http.enabled=false",
        "server.https.enabled=false",
        f"server.memory.heap.initial_size={settings.heap}",
        f"server.memory.heap.max_size={settings.heap}",
        f"server.memory.pagecache.size={settings.pagecache}",
        "dbms.security.auth_enabled=true",
        f"server.directories.plugins={plugins}",
        "dbms.security.procedures.unrestricted=apoc.*",
        "db.transaction.timeout=0s",
        "dbms.usage_report.enabled=false",
    ]
    # Neo4j refuses a setting given twice: an extra setting replaces the default one.
    values = dict(line.split("=", 1) for line in lines)
    values.update(extra or {})
    text = "".join(f"{key}={value}\n" for key, value in values.items())
    (conf_dir / "neo4j.conf").write_text(
        "# Written by `tracegraph db start` from the TRACEGRAPH_* settings; edits are overwritten.\n" + text,
        encoding="utf-8")
    return conf_dir


def _server_env(settings: Settings, conf_dir: Path) -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(settings.server_dir), "NEO4J_CONF": str(conf_dir)}


def _classpath(settings: Settings) -> str:
    dist = settings.distribution_dir
    return f"{dist / 'lib'}/*:{dist / 'plugins'}/*"


def _set_initial_password(settings: Settings, conf_dir: Path) -> None:
    """Before the first start only: Neo4j ignores an initial password once its system database exists."""
    if (settings.server_dir / "data" / "dbms" / "auth.ini").exists() or (
        settings.server_dir / "data" / "databases" / "system").exists():
        return
    password = settings.initial_password or _new_password()
    if len(password) < 8:
        raise ServerError("TRACEGRAPH_NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum).")
    settings.home.mkdir(parents=True, exist_ok=True)
    fd = os.open(settings.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    os.chmod(settings.password_file, 0o600)
    completed = subprocess.run(
        [_java(settings), "-cp", _classpath(settings), ADMIN_TOOL, "dbms", "set-initial-password", password],
        env=_server_env(settings, conf_dir), capture_output=True, text=True,
    )
    if completed.returncode != 0:
        raise ServerError(f"Neo4j could not set its initial password: {completed.stderr.strip()[:400]}")


def _new_password() -> str:
    """A random password; never one starting with '-', which neo4j-admin would read as an option."""
    while (password := secrets.token_urlsafe(24)).startswith("-"):
        pass
    return password


def server_status(settings: Settings) -> ServerStatus:
    """Running or stopped, with the version the server reports when it answers."""
    pid = _read_pid(settings)
    uri = f"bolt://127.0.0.1:{settings.port}"
    if pid is None:
        return ServerStatus(False, None, uri, None, None, _log_file(settings))
    try:
        with GraphDatabase.driver(uri, auth=(settings.user, settings.password or ""),
                                  connection_timeout=3.0) as driver:
            # A plain auto-commit run, not a managed transaction: a status check must not retry.
            with driver.session(database="system") as session:
                row = session.run("CALL dbms.components() YIELD versions, edition "
                                  "RETURN versions[0] AS version, edition").single(strict=True)
        return ServerStatus(True, pid, uri, row["version"], row["edition"], _log_file(settings))
    except AuthError:
        return ServerStatus(True, pid, uri, None, None, _log_file(settings),
                            detail=f"the server refused the stored password ({settings.password_file})")
    except (DriverError, Neo4jError) as error:
        return ServerStatus(True, pid, uri, None, None, _log_file(settings),
                            detail=f"the process runs but Bolt does not answer yet ({error.__class__.__name__})")


def start_server(settings: Settings, wait_seconds: float = 180.0, *,
                 extra_config: Mapping[str, str] | None = None,
                 jvm_flags: Sequence[str] = ()) -> tuple[bool, ServerStatus]:
    """Start the local server in the background; returns (started_now, status). `extra_config`
    adds or replaces settings of its `neo4j.conf`, `jvm_flags` adds JVM options (a garbage
    collector named there replaces G1); the analysts' view servers use both."""
    current = server_status(settings)
    if current.running:
        return False, current
    if not _port_free(settings.port):
        raise ServerError(
            f"Port {settings.port} on 127.0.0.1 is already in use by another program: stop it, "
            "or choose another Bolt port with --port or TRACEGRAPH_NEO4J_PORT.")
    fetch_distribution(settings, quiet=True)
    conf_dir = _write_config(settings, extra_config)
    for folder in ("data", "logs", "run", "import"):
        (settings.server_dir / folder).mkdir(parents=True, exist_ok=True)
    _set_initial_password(settings, conf_dir)
    own_collector = any(flag.startswith("-XX:+Use") and flag.endswith("GC") for flag in jvm_flags)
    flags = [flag for flag in JVM_FLAGS if not (own_collector and flag == "-XX:+UseG1GC")] + list(jvm_flags)
    command = [_java(settings), f"-Xms{settings.heap}", f"-Xmx{settings.heap}", *flags,
               "-cp", _classpath(settings), ENTRY_POINT,
               f"--home-dir={settings.server_dir}", f"--config-dir={conf_dir}"]
    console = open(settings.server_dir / "logs" / "console.log", "ab")
    process = subprocess.Popen(command, env=_server_env(settings, conf_dir), stdout=console,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True, cwd=settings.server_dir)
    console.close()
    _pid_file(settings).write_text(f"{process.pid}\n", encoding="utf-8")
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _pid_file(settings).unlink(missing_ok=True)
            raise ServerError(
                f"Neo4j exited during start-up (exit {process.returncode}): see {_log_file(settings)}"
                f"{_last_error(settings)}")
        status = server_status(settings)
        if status.version:
            return True, status
        time.sleep(0.5)
    raise ServerError(f"Neo4j did not answer on Bolt port {settings.port} within {wait_seconds:.0f} s: "
                      f"see {_log_file(settings)}")


def _last_error(settings: Settings) -> str:
    try:
        lines = _log_file(settings).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    errors = [line for line in lines if " ERROR " in line]
    return f" (last error: {errors[-1].split(' ERROR ', 1)[1][:300]})" if errors else ""


def stop_server(settings: Settings, wait_seconds: float = 60.0) -> bool:
    """Stop the server this instance folder started, and only that one; False when none runs."""
    pid = _read_pid(settings)
    if pid is None:
        _pid_file(settings).unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline and _is_our_server(pid, settings):
        time.sleep(0.25)
    if _is_our_server(pid, settings):
        os.kill(pid, signal.SIGKILL)
    _pid_file(settings).unlink(missing_ok=True)
    return True
