"""Run a real Neo4j Community server (5.26 LTS) for development and tests, from Maven Central jars.

Neo4j is not packaged for Debian or PyPI; Maven Central carries every jar of the server (not the
tarball), so :func:`fetch_jars` asks Maven for the standalone assembly's runtime dependencies
(a pinned ``maven-dependency-plugin``) into a cache directory outside the repository
(``$KG_NEO4J_CACHE`` or ``~/.cache/kg/neo4j-<version>``), and :func:`start` runs the server's own
entry point on those jars under a run directory::

    RUN/
      conf/neo4j.conf   # loopback only, HTTP off, small page cache
      data/ logs/ tx/   # the database
      kg-server.json    # pid, port, uri (mode 0600; also holds the password)
      neo4j.env         # export lines for NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD (mode 0600)

The server listens on a free loopback port; :func:`start` returns once Bolt accepts the
credentials, or fails early with the tail of the server's log if the process exits.
:meth:`Neo4jServer.stop` sends SIGTERM and kills only after a timeout.

>>> default_run_dir().name
'neo4j-run'
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NEO4J_VERSION = os.environ.get("KG_NEO4J_VERSION", "5.26.30")
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
USERNAME = "neo4j"
STATE_FILE = "kg-server.json"
ENV_FILE = "neo4j.env"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
 <groupId>local.kg</groupId><artifactId>neo4j-jars</artifactId><version>0</version><packaging>pom</packaging>
 <dependencies><dependency><groupId>org.neo4j.assembly</groupId>
  <artifactId>neo4j-community-standalone</artifactId><version>{version}</version><type>pom</type>
 </dependency></dependencies></project>
"""

# The JVM flags the official `bin/neo4j console` passes.
_JVM_FLAGS = [
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true", "-Dfile.encoding=UTF-8",
]


class ServerError(Exception):
    """The dev server could not be fetched, started or stopped. One line (plus a log tail where useful)."""


def cache_dir(version: str = NEO4J_VERSION) -> Path:
    """Where the jars are kept: ``$KG_NEO4J_CACHE`` or ``~/.cache/kg/neo4j-<version>``."""
    base = os.environ.get("KG_NEO4J_CACHE")
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "kg" / f"neo4j-{version}"


def default_run_dir() -> Path:
    """The run directory of ``kg neo4j start`` when ``--dir`` is not given: ``$KG_NEO4J_DIR`` or
    ``~/.cache/kg/neo4j-run``."""
    base = os.environ.get("KG_NEO4J_DIR")
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "kg" / "neo4j-run"


def java_binary() -> str:
    """The ``java`` to use (``$JAVA_HOME/bin/java`` or ``java`` on PATH); ServerError when missing
    or older than 17."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home and (Path(home) / "bin" / "java").exists() \
        else shutil.which("java")
    if not java:
        raise ServerError("Java not found: Neo4j 5.26 needs Java 17 or 21 "
                          "(apt-get install openjdk-17-jre-headless)")
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ServerError(f"{java}: cannot run Java ({exc})") from None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    major = int(m.group(1)) if m else 0
    if major == 1 and m and m.group(2):
        major = int(m.group(2))
    if major < 17:
        raise ServerError(f"{java}: Java {major or '?'} found; Neo4j 5.26 needs Java 17 or 21")
    return java


def fetch_jars(version: str = NEO4J_VERSION, quiet: bool = True) -> Path:
    """Fetch the server's jars with Maven (once; later calls return the cached ``lib`` directory).

    >>> fetch_jars().name  # doctest: +SKIP
    'lib'
    """
    root = cache_dir(version)
    lib = root / "lib"
    if (lib / ".complete").exists():
        return lib
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerError("Maven (mvn) not found: it fetches the Neo4j jars from Maven Central once "
                          "(apt-get install maven), or point NEO4J_URI at a running server")
    root.mkdir(parents=True, exist_ok=True)
    pom = root / "pom.xml"
    pom.write_text(_POM.format(version=version), encoding="utf-8")
    tmp = Path(tempfile.mkdtemp(prefix="lib-", dir=root))
    cmd = [mvn, "-B", *(["-q"] if quiet else []), "-f", str(pom),
           f"{DEPENDENCY_PLUGIN}:copy-dependencies", "-DincludeScope=runtime", "-DexcludeTypes=pom",
           f"-DoutputDirectory={tmp}"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ServerError("fetching the Neo4j jars with Maven took more than 30 minutes") from None
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        errors = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "ERROR" in ln][:3]
        raise ServerError(f"Maven could not fetch Neo4j {version}: "
                          + (" | ".join(errors) or "see mvn output"))
    if not list(tmp.glob(f"neo4j-{version}.jar")):
        shutil.rmtree(tmp, ignore_errors=True)
        raise ServerError(f"Maven fetched no neo4j-{version}.jar (is {version} a Neo4j release?)")
    (tmp / ".complete").write_text(version + "\n")
    if lib.exists():  # an older incomplete fetch
        shutil.rmtree(lib, ignore_errors=True)
    os.replace(tmp, lib)
    return lib


def argfile_quote(arg: str) -> str:
    r"""One argument for a ``java @argfile``: in double quotes, with backslash, quote and line
    breaks escaped as the launcher reads them back.

    >>> print(argfile_quote('say "hi" \\ bye'))
    "say \"hi\" \\ bye"
    """
    esc = arg.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") \
        .replace("\t", "\\t").replace("\f", "\\f")
    return f'"{esc}"'


def env_lines(env: dict[str, str]) -> str:
    """``export K=V`` lines, each value shell-quoted, so sourcing them (or ``eval``) never runs
    anything a value holds (``$(...)``, backquotes, ``;``).

    >>> print(env_lines({"NEO4J_PASSWORD": "a$(touch x)'b"}), end="")
    export NEO4J_PASSWORD='a$(touch x)'"'"'b'
    """
    return "".join(f"export {k}={shlex.quote(v)}\n" for k, v in env.items())


_SIZE = re.compile(r"^[1-9][0-9]{0,6}[kKmMgG]?$")


def check_size(value: str, what: str) -> str:
    """A JVM memory size (``512m``, ``1g``) or a one-line ServerError naming ``what``.

    >>> check_size("1g", "--heap")
    '1g'
    """
    if not _SIZE.fullmatch(value.strip()):
        shown = "".join(c if c.isprintable() else "?" for c in value[:20])
        raise ServerError(f"{what} {shown!r}: expected a size such as 512m or 2g")
    return value.strip()


def check_settings(port: int | None, heap: str | None, pagecache: str | None = None) -> tuple[str, str]:
    """The heap and page cache sizes to use (arguments, else ``$KG_NEO4J_HEAP`` / ``$KG_NEO4J_PAGECACHE``,
    else 1g / 128m); a one-line ServerError for a port outside 1024-65535 or a size that is not one.

    >>> check_settings(None, None, "256m")
    ('1g', '256m')
    """
    if port is not None and not 1024 <= port <= 65535:
        raise ServerError(f"port {port}: expected a port from 1024 to 65535 (or leave --port out for a free one)")
    heap = check_size(heap or os.environ.get("KG_NEO4J_HEAP", "1g"), "--heap" if heap else "KG_NEO4J_HEAP")
    pagecache = check_size(pagecache or os.environ.get("KG_NEO4J_PAGECACHE", "128m"),
                           "pagecache" if pagecache else "KG_NEO4J_PAGECACHE")
    return heap, pagecache


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


def _configure(run: Path, port: int, pagecache: str, extra: dict[str, str] | None = None) -> None:
    for sub in ("conf", "home", "data", "logs", "run", "import", "plugins", "tx"):
        (run / sub).mkdir(parents=True, exist_ok=True)
    conf = {
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.advertised_address": f"127.0.0.1:{port}",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "server.directories.data": str(run / "data"),
        "server.directories.logs": str(run / "logs"),
        "server.directories.run": str(run / "run"),
        "server.directories.import": str(run / "import"),
        "server.directories.plugins": str(run / "plugins"),
        "server.directories.transaction.logs.root": str(run / "tx"),
        # without this Neo4j takes half the machine's memory for its page cache
        "server.memory.pagecache.size": pagecache,
        "dbms.usage_report.enabled": "false",
        **(extra or {}),
    }
    (run / "conf" / "neo4j.conf").write_text("".join(f"{k}={v}\n" for k, v in conf.items()), encoding="utf-8")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not yet reaped by its parent) is not a running server
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[-1].split()[0] == "Z":
            return False
    return True


def _is_our_server(pid: int, run: Path) -> bool:
    """True when ``pid`` is a Neo4j server started on ``run`` (guards against a reused pid)."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return _pid_alive(pid)  # no /proc: trust the pid
    return ENTRY_POINT in cmd and f"--home-dir={run / 'home'}" in cmd


def log_tail(run: str | os.PathLike[str], lines: int = 15) -> str:
    """The last lines of the server's console log (for error messages)."""
    f = Path(run) / "logs" / "console.log"
    try:
        text = f.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(no log)"
    # Java stack frames say little to a user; the ERROR lines and the "Caused by" chain say why
    keep = [ln for ln in text if ln.strip() and not re.match(r"\s+(at |\.\.\. \d+ more)", ln)]
    return "\n".join(ln[:300] for ln in keep[-lines:])


@dataclass
class Neo4jServer:
    """A started (or found) dev server. ``process`` is set only in the process that started it."""

    run_dir: Path
    port: int
    password: str
    pid: int
    username: str = USERNAME
    process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """The conventional variables for this server."""
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.username, "NEO4J_PASSWORD": self.password}

    def running(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        return _pid_alive(self.pid) and _is_our_server(self.pid, self.run_dir)

    def stop(self, timeout: float = 60.0) -> None:
        """SIGTERM (a clean shutdown), then SIGKILL if it has not exited after ``timeout`` seconds."""
        if self.running():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            if not self._wait_exit(timeout):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                self._wait_exit(15)
        state = self.run_dir / STATE_FILE
        with contextlib.suppress(OSError):
            data = json.loads(state.read_text())
            data["pid"] = None
            _write_private(state, json.dumps(data, indent=1))

    def _wait_exit(self, timeout: float) -> bool:
        if self.process is not None:
            try:
                self.process.wait(timeout)
                return True
            except subprocess.TimeoutExpired:
                return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _pid_alive(self.pid):
                return True
            time.sleep(0.2)
        return not _pid_alive(self.pid)


def _read_state(run: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((run / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def find(run_dir: str | os.PathLike[str] | None = None) -> Neo4jServer | None:
    """The server running on ``run_dir`` (default :func:`default_run_dir`), or None."""
    run = Path(run_dir) if run_dir is not None else default_run_dir()
    run = run.resolve()
    st = _read_state(run)
    if not st or not st.get("pid"):
        return None
    srv = Neo4jServer(run, int(st["port"]), str(st.get("password", "")), int(st["pid"]))
    return srv if srv.running() else None


def _start_failed(run: Path) -> bool:
    """True once the server logged that it failed to start (its JVM can take a while to exit after)."""
    try:
        with open(run / "logs" / "console.log", "rb") as fh:
            return b" ERROR Failed to start Neo4j" in fh.read()
    except OSError:
        return False


def wait_ready(uri: str, username: str, password: str, timeout: float,
               alive: Any = None, run_dir: Path | None = None) -> None:
    """Poll ``verify_connectivity()`` every half second until it succeeds; ServerError on timeout
    or as soon as ``alive()`` says the process has exited."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if (alive is not None and not alive()) or (run_dir is not None and _start_failed(run_dir)):
            tail = log_tail(run_dir) if run_dir else ""
            raise ServerError(f"Neo4j exited during start-up; last lines of its log:\n{tail}")
        try:
            with GraphDatabase.driver(uri, auth=(username, password), connection_timeout=2.0,
                                      max_connection_lifetime=30) as drv:
                drv.verify_connectivity()
            return
        except AuthError:
            raise ServerError(f"Neo4j at {uri} rejected the password (the run directory was initialised "
                              "with another one; use that, or a fresh --dir)") from None
        except (ServiceUnavailable, Neo4jError, OSError) as exc:
            last = type(exc).__name__
        time.sleep(0.5)
    tail = log_tail(run_dir) if run_dir else ""
    raise ServerError(f"Neo4j at {uri} not ready after {timeout:.0f}s ({last}); "
                      f"last lines of its log:\n{tail}")


def start(run_dir: str | os.PathLike[str] | None = None, port: int | None = None,
          password: str | None = None, heap: str | None = None, pagecache: str | None = None,
          timeout: float = 180.0, version: str = NEO4J_VERSION, conf: dict[str, str] | None = None
          ) -> Neo4jServer:
    """Start a dev server on ``run_dir`` (created if needed) and wait until Bolt accepts the password.

    The password is set before the first start (``password`` or a random one); a run directory
    keeps its password across restarts. If a server already runs on ``run_dir`` it is returned.
    ``heap`` (default ``$KG_NEO4J_HEAP`` or 1g) and ``pagecache`` (``$KG_NEO4J_PAGECACHE`` or 128m)
    size the JVM; ``conf`` adds or overrides neo4j.conf settings.

    >>> srv = start(tempfile.mkdtemp())   # doctest: +SKIP
    >>> srv.uri                           # doctest: +SKIP
    'bolt://127.0.0.1:40123'
    """
    run = (Path(run_dir) if run_dir is not None else default_run_dir()).expanduser().resolve()
    existing = find(run)
    if existing is not None:
        if password is not None and password != existing.password:
            raise ServerError(f"{run}: a server already runs here with another password")
        return existing
    if password is not None and len(password) < 8:
        raise ServerError("the Neo4j password must have at least 8 characters")
    heap, pagecache = check_settings(port, heap, pagecache)
    java = java_binary()
    lib = fetch_jars(version)
    run.mkdir(parents=True, exist_ok=True)
    state = _read_state(run) or {}
    initialised = (run / "data" / "dbms").exists()
    if initialised:
        stored = state.get("password")
        if not stored:
            raise ServerError(f"{run}: holds a database whose password kg does not know; use a fresh --dir")
        if password is not None and password != stored:
            raise ServerError(f"{run}: was initialised with another password; use that, or a fresh --dir")
        password = str(stored)
    else:
        password = password or secrets.token_urlsafe(18)
    if port is not None and not _port_free(port):
        raise ServerError(f"port {port} on 127.0.0.1 is in use; pick another --port or leave it out")
    port = port or free_port()
    _configure(run, port, pagecache, conf)
    env = {**os.environ, "NEO4J_HOME": str(run / "home"), "NEO4J_CONF": str(run / "conf")}
    cp = str(lib / "*")
    if not initialised:
        # the password goes in before the first start; the admin tool writes it to data/dbms.
        # It reaches the JVM in an argument file (`java @file`, mode 0600, deleted at once), never
        # on the command line, where `ps` would show it to every user of the machine.
        # "--" ends the options: a password starting with "-" (a random token does, once in 64) is
        # otherwise read as an option and refused
        argfile = run / ".set-password.args"
        _write_private(argfile, " ".join(argfile_quote(a) for a in [
            "-cp", cp, "org.neo4j.cli.AdminTool", "dbms", "set-initial-password", "--", password]) + "\n")
        try:
            proc = subprocess.run([java, f"@{argfile}"], env=env, capture_output=True, text=True, timeout=300)
        finally:
            with contextlib.suppress(OSError):
                argfile.unlink()
        if proc.returncode != 0:
            msg = [ln for ln in (proc.stderr + proc.stdout).splitlines()
                   if ln.strip() and not re.match(r"\s+(at |\.\.\. \d+ more)", ln)]
            last = msg[0][:300] if msg else "no output"
            raise ServerError(f"{run}: could not set the initial password ({last})")
    state = {"version": version, "port": port, "uri": f"bolt://127.0.0.1:{port}", "username": USERNAME,
             "password": password, "pid": None}
    _write_private(run / STATE_FILE, json.dumps(state, indent=1))
    cmd = [java, f"-Xms{heap}", f"-Xmx{heap}", *_JVM_FLAGS, "-cp", cp, ENTRY_POINT,
           f"--home-dir={run / 'home'}", f"--config-dir={run / 'conf'}", "--console-mode"]
    console = run / "logs" / "console.log"
    if console.exists():  # keep the previous run's log, start this one afresh (start-up checks read it)
        os.replace(console, console.with_name("console.log.1"))
    log = open(console, "wb")  # noqa: SIM115 - handed to the child
    try:
        # own session: `kg neo4j start` returns while the server keeps running
        process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   env=env, cwd=run, start_new_session=True)
    finally:
        log.close()
    srv = Neo4jServer(run, port, password, process.pid, process=process)
    state["pid"] = process.pid
    _write_private(run / STATE_FILE, json.dumps(state, indent=1))
    _write_private(run / ENV_FILE, env_lines(srv.env()))
    try:
        wait_ready(srv.uri, USERNAME, password, timeout, alive=srv.running, run_dir=run)
    except BaseException:
        srv.stop(timeout=30)
        raise
    return srv


def stop(run_dir: str | os.PathLike[str] | None = None, timeout: float = 60.0) -> bool:
    """Stop the server running on ``run_dir``; False if none was running."""
    srv = find(run_dir)
    if srv is None:
        return False
    srv.stop(timeout)
    return True


def status(run_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """``{"run_dir", "running", "uri", "pid", "version"}`` for ``run_dir`` (never the password)."""
    run = (Path(run_dir) if run_dir is not None else default_run_dir()).expanduser().resolve()
    st = _read_state(run) or {}
    srv = find(run)
    return {"run_dir": str(run), "running": srv is not None, "uri": st.get("uri"),
            "pid": srv.pid if srv else None, "version": st.get("version")}
