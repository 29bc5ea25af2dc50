# The commands run here are PostgreSQL's own programs with arguments made here, never input (S603).
# ruff: noqa: S603
"""A real PostgreSQL primary with a streaming replica beside it, for the tests of the read replica (core/routers.py).

The machine's own server is shared and may hold large databases, so a base backup of it is out of the question:
the tests start a small primary cluster of their own (initdb, pg_ctl) on a free port in a temporary directory, take
a base backup of it with `pg_basebackup -R` (which writes the standby's connection settings), start that as a hot
standby on another free port and wait until it is in recovery. `stop()` stops both and removes the directory.

initdb refuses to run as root (as CI does), so the PostgreSQL programs then run as the `postgres` user through
`runuser`, in a directory that user owns. The binaries are found with `pg_config --bindir`, or in
/usr/lib/postgresql/<version>/bin (Debian's packages), or on PATH.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgresql_bindir() -> Path | None:
    """The directory of initdb, pg_ctl and pg_basebackup, or None if they are not installed."""
    candidates: list[str] = []
    if pg_config := shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            candidates.append(subprocess.check_output([pg_config, "--bindir"], text=True).strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if initdb := shutil.which("initdb"):
        candidates.append(str(Path(initdb).parent))
    for candidate in candidates:
        if all((Path(candidate) / name).exists() for name in ("initdb", "pg_ctl", "pg_basebackup")):
            return Path(candidate)
    return None


class StreamingReplica:
    """A primary and its streaming replica, each on its own port on 127.0.0.1, trust authentication, user
    `postgres`."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.directory = Path(tempfile.mkdtemp(prefix="synpunkt-replica-"))
        self.primary_port = _free_port()
        self.replica_port = _free_port()
        self.started: list[Path] = []

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout, cwd=self.directory)

    def _start(self, data: Path, port: int) -> None:
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB "
            "-c max_connections=40 -c autovacuum=off"
        )
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.directory / f"{data.name}.log"),
                  "-w", "-t", "60", "start")  # fmt: skip
        self.started.append(data)

    def start(self) -> "StreamingReplica":
        try:
            if self.as_root:
                shutil.chown(self.directory, user="postgres", group="postgres")
            primary = self.directory / "primary"
            replica = self.directory / "replica"
            # initdb's pg_hba.conf lets local users connect, and replicate, over 127.0.0.1 with --auth=trust.
            self._run("initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                      "--locale=C.UTF-8")  # fmt: skip
            self._start(primary, self.primary_port)
            self._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
                      "-D", str(replica), "-R", "-X", "stream", "-c", "fast")  # fmt: skip
            self._start(replica, self.replica_port)
            self.wait_in_recovery()
        except BaseException:
            self.stop()
            raise
        return self

    def url(self, port: int, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    def primary_url(self, database: str = "postgres") -> str:
        return self.url(self.primary_port, database)

    def replica_url(self, database: str = "postgres") -> str:
        return self.url(self.replica_port, database)

    def wait_in_recovery(self, timeout: float = 60) -> None:
        """Until the replica answers and is in recovery (a hot standby following the primary)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.replica_url(), connect_timeout=5) as conn:
                    row = conn.execute("SELECT pg_is_in_recovery()").fetchone()
                    if row and row[0]:
                        return
            except psycopg.OperationalError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("The replica did not come up in recovery.")
            time.sleep(0.2)

    def create_database(self, name: str) -> None:
        """Create a database on the primary and wait until the replica has it too."""
        with psycopg.connect(self.primary_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        deadline = time.monotonic() + 60
        while True:
            with psycopg.connect(self.replica_url()) as conn:
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                    return
            if time.monotonic() > deadline:
                raise TimeoutError(f"The replica did not receive the database {name}.")
            time.sleep(0.2)

    def stop(self) -> None:
        for data in reversed(self.started):
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                self._run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "-t", "60", "stop")
        self.started = []
        shutil.rmtree(self.directory, ignore_errors=True)
