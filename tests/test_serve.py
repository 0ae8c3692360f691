"""What `make run` starts: granian and a task worker on 127.0.0.1, serving the home page."""

import subprocess
import urllib.request
from pathlib import Path

from tests.served import served_app


def test_the_server_and_worker_start_serve_and_stop_together(tmp_path: Path) -> None:
    with served_app(tmp_path) as app:
        with urllib.request.urlopen(f"{app.base_url}/", timeout=5) as response:
            body = response.read().decode()
            csp = response.headers["Content-Security-Policy"]
        assert "Kỹ năng số cho mọi người" in body
        assert "unsafe-inline" not in csp
        css = body.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css.startswith("/static/core/css/site.") and css != "/static/core/css/site.css"
        with urllib.request.urlopen(f"{app.base_url}{css}", timeout=5) as response:
            assert response.status == 200
        assert Path(f"/proc/{app.worker_pid}").exists(), "no task worker beside the server"
    assert not Path(f"/proc/{app.worker_pid}").exists(), "the task worker outlived the server"
    leftover = subprocess.run(["pgrep", "-f", "--", f"--port {app.port}"], capture_output=True)
    assert leftover.returncode == 1, "a process of the server is still running"
