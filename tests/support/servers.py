"""Real servers for the sync tests: Radicale (CalDAV) and a plain web server for .ics subscriptions.

Both run on 127.0.0.1 on a free port, one of each per test process (each xdist worker has its
own), for the whole session: starting Radicale costs about a second. Tests stay apart by making
their own calendar (``radicale.new_calendar()``) and their own .ics path (``ics_server.serve``).

Import the fixtures into a folder's conftest.py: ``from support.servers import radicale, ics_server``.
``memory_keyring`` stands in for the system keyring (a test machine may have none, and a test
must never write to the real one).
"""

from __future__ import annotations

import hashlib
import http.server
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

USERS = {"alice": "wonderland", "bob": "builder"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Radicale:
    root: str  # http://127.0.0.1:PORT/
    folder: Path
    process: subprocess.Popen

    def url(self, user: str = "alice") -> str:
        return f"{self.root}{user}/"

    def client(self, user: str = "alice", timeout: int = 60):
        import caldav

        return caldav.DAVClient(url=self.root, username=user, password=USERS[user], timeout=timeout)

    def new_calendar(self, user: str = "alice", name: str = "Work") -> str:
        """A new, empty calendar collection of ``user``: its URL."""
        cal_id = uuid.uuid4().hex[:12]
        with self.client(user) as client:
            calendar = client.principal().make_calendar(name=name, cal_id=cal_id)
            return str(calendar.url)

    def put(self, calendar_url: str, uid: str, text: str, user: str = "alice") -> str:
        """Write one event (as another program would): its ETag."""
        with self.client(user) as client:
            response = client.put(f"{calendar_url}{uid}.ics", text, {"Content-Type": "text/calendar"})
            assert response.status in (201, 204), response.status
            return response.headers.get("ETag", "")

    def get(self, calendar_url: str, uid: str, user: str = "alice") -> str | None:
        with self.client(user) as client:
            response = client.request(f"{calendar_url}{uid}.ics", "GET", "")
            return None if response.status == 404 else str(response.raw)

    def delete(self, calendar_url: str, uid: str, user: str = "alice") -> None:
        with self.client(user) as client:
            assert client.delete(f"{calendar_url}{uid}.ics").status in (200, 204)

    def write_files(self, calendar_url: str, text: str, user: str = "alice") -> int:
        """Put the events of ``text`` straight into the calendar's folder, one file per UID, as
        another program syncing into Radicale's storage would: thousands in a blink (a PUT of
        thousands of events keeps Radicale busy for minutes). How many went in."""
        path = calendar_url.split("://", 1)[1].split("/", 1)[1].strip("/")
        folder = self.folder / "collections" / "collection-root" / path
        items = split_by_uid(text)
        for name, body in items.items():
            (folder / f"{name}.ics").write_text(body, encoding="utf-8")
        return len(items)

    def upload(self, calendar_url: str, text: str, user: str = "alice") -> None:
        """Replace a whole calendar with ``text`` in one request (Radicale takes a PUT of a
        VCALENDAR on a collection): fast for thousands of events."""
        with self.client(user, timeout=600) as client:
            response = client.put(calendar_url, text, {"Content-Type": "text/calendar"})
            assert response.status in (201, 204), response.status


def split_by_uid(text: str) -> dict[str, str]:
    """One VCALENDAR (every VTIMEZONE, and the VEVENTs of one UID) per UID of ``text``."""
    import hashlib as _hashlib
    import re

    lines = re.sub(r"\r?\n[ \t]", "", text).splitlines()
    zones: list[str] = []
    events: dict[str, list[str]] = {}
    block: list[str] | None = None
    depth = 0
    for line in lines:
        upper = line.upper()
        if block is None:
            if upper in ("BEGIN:VEVENT", "BEGIN:VTIMEZONE"):
                block, depth = [line], 1
            continue
        block.append(line)
        depth += upper.startswith("BEGIN:") - upper.startswith("END:")
        if depth == 0:
            if block[0].upper() == "BEGIN:VTIMEZONE":
                zones.extend(block)
            else:
                uid = next(b[4:] for b in block if b.upper().startswith("UID:"))
                events.setdefault(uid, []).extend(block)
            block = None
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//planner tests//EN", *zones]
    return {_hashlib.sha1(uid.encode()).hexdigest(): "\r\n".join(head + body + ["END:VCALENDAR", ""])
            for uid, body in events.items()}


def start_radicale(folder: Path, *, attempts: int = 3) -> Radicale:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users").write_text("".join(f"{u}:{p}\n" for u, p in USERS.items()))
    for _attempt in range(attempts):
        port = _free_port()
        config = folder / "config"
        config.write_text(
            f"[server]\nhosts = 127.0.0.1:{port}\n"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\n"
            # No pause after a refused login (the client's first request has no password yet).
            "delay = 0\n"
            f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
            "[rights]\ntype = owner_only\n"
            "[logging]\nlevel = warning\n"
        )
        process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                                   stdout=subprocess.DEVNULL, stderr=open(folder / "log", "ab"))  # noqa: SIM115
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if _answers(port):
                return Radicale(f"http://127.0.0.1:{port}/", folder, process)
            time.sleep(0.05)
        process.kill()
        process.wait()
    raise RuntimeError(f"Radicale did not start; see {folder / 'log'}")


@pytest.fixture(scope="session")
def radicale(tmp_path_factory):
    server = start_radicale(tmp_path_factory.mktemp("radicale"))
    yield server
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


class IcsServer:
    """Serves .ics texts at paths, with ETags and 304 Not Modified, as Google or Outlook do."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.requests: list[str] = []
        files, requests = self.files, self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server API
                requests.append(self.path)
                text = files.get(self.path)
                if text is None:
                    self.send_error(404)
                    return
                etag = '"' + hashlib.sha1(text.encode()).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = text.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.root = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, text: str, name: str = "") -> str:
        """Serve ``text`` at a new path: its URL (ending in .ics)."""
        path = f"/{name or uuid.uuid4().hex[:12]}.ics"
        self.files[path] = text
        return self.root + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def ics_server():
    server = IcsServer()
    yield server
    server.close()



class MemoryKeyring(KeyringBackend):
    """A system keyring in memory: what planner keeps in it is in ``kept``."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)
