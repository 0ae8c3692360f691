"""Run the platform as `make run` does (scripts/serve: granian and a task worker) for a test or
a benchmark: a fresh SQLite database in a temporary folder, collected static files, a free
127.0.0.1 port, and Ctrl+C at the end."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class ServedApp:
    base_url: str
    port: int
    output: str = ""  # what the server printed, filled in once it has stopped
    worker_pid: int = 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served_app(
    data_dir: Path, *, with_places: bool = False, with_default_pack: bool = False
) -> Iterator[ServedApp]:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DATA_DIR": str(data_dir),
        "STATIC_ROOT": str(data_dir / "static"),
    }
    commands = [["migrate", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"]]
    if with_places:
        commands.append(["load_places"])
    if with_default_pack:  # as `make run` does
        commands.append(["import_pack", "content/default", "--publish"])
    for command in commands:
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    port = _free_port()
    app = ServedApp(base_url=f"http://127.0.0.1:{port}", port=port)
    server = subprocess.Popen(
        ["bash", "scripts/serve", "127.0.0.1", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    first_line = server.stdout.readline() if server.stdout else ""
    app.worker_pid = int(first_line.split("task worker pid ")[1].split(")")[0])
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        yield app
    finally:
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl+C in the terminal does
        try:
            rest, _ = server.communicate(timeout=30)
            app.output = first_line + rest
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            app.output, _ = server.communicate()
            raise AssertionError(f"the server did not stop on Ctrl+C:\n{app.output}") from None
