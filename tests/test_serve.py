"""What `make run` starts: granian and a task worker on 127.0.0.1, serving the home page."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_server_and_worker_start_serve_and_stop_together(tmp_path: Path) -> None:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DATA_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for command in (["migrate", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        ["bash", "scripts/serve", "127.0.0.1", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                    csp = response.headers["Content-Security-Policy"]
                break
            except OSError:
                time.sleep(0.2)
        assert "Kỹ năng số cho mọi người" in body
        assert "unsafe-inline" not in csp
        css = body.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css.startswith("/static/core/css/site.") and css != "/static/core/css/site.css"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=2) as response:
            assert response.status == 200
    finally:
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl+C in the terminal does
        try:
            output, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            output, _ = server.communicate()
            raise AssertionError(f"the server did not stop on Ctrl+C:\n{output}") from None
    assert "Starting worker" in output
    worker_pid = int(output.split("task worker pid ")[1].split(")")[0])
    assert not Path(f"/proc/{worker_pid}").exists(), "the task worker outlived the server"
    leftover = subprocess.run(["pgrep", "-f", "--", f"--port {port}"], capture_output=True)
    assert leftover.returncode == 1, "a process of the server is still running"
