"""`make run`'s one process: a new SQLite file migrated, the demo accounts made, the app served, the demo extracted."""

import os
import re
import socket
import subprocess
import sys

import requests

from tests.conftest import ROOT, wait_until


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


def test_setup_demo_serves_a_fresh_sqlite_site_where_the_demo_reviewer_logs_in_and_sees_the_demo_claims(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # What a fresh clone has: no DATABASE_URL (SQLite under VAR_DIR), no REDIS_URL (tasks run in-process).
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(VAR_DIR=str(tmp_path), DEBUG="1")
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "setup_demo", "--migrate", "--serve", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_until(lambda: answers(f"{base}/accounts/login/") or server.poll() is not None, 300)
        assert server.poll() is None, (tmp_path / "server.log").read_text()
        assert (tmp_path / "claimdesk.sqlite3").is_file()

        browser = requests.Session()
        page = browser.get(f"{base}/accounts/login/", timeout=30).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = browser.post(
            f"{base}/accounts/login/",
            data={"csrfmiddlewaretoken": token, "username": "reviewer", "password": "claimdesk-reviewer"},
            headers={"Referer": f"{base}/accounts/login/"},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 302 and response.headers["Location"].endswith("/queue/")

        # The demo articles are extracted in the background while the server answers.
        assert wait_until(lambda: "harbour" in browser.get(f"{base}/queue/", timeout=30).text.lower(), 180), (
            tmp_path / "server.log"
        ).read_text()
        output = (tmp_path / "server.log").read_text()
        assert "username: reviewer" in output and "password: claimdesk-reviewer" in output
    finally:
        server.terminate()
        server.wait(30)
        log.close()
