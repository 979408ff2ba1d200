"""A data file written before planner cleaned its input (or edited by hand) can't write to the
terminal: what is read from it is cleaned, for the CLI and the app alike."""

from __future__ import annotations

import json

from planner.services.store import Store
from support import TODAY


def test_control_characters_in_an_old_file_never_come_back_out(cli, db_path):
    cli("add", "--client", "Acme", "--title", "Status", "--start", "2026-12-03 10:00", "--duration", "30")
    raw = db_path.read_text(encoding="utf-8")
    data = json.loads(raw.rsplit(",\n\"checksum\"", 1)[0] + "}")
    [meeting_id] = data["meetings"]
    data["meetings"][meeting_id]["title"] = "\x1b]0;evil\x07Status\r\n\x1b[2J"
    [client_id] = data["clients"]
    data["clients"][client_id]["name"] = "\x1b]52;c;cm0gLXJmIH4=\x07Acme"
    db_path.write_text(json.dumps(data), encoding="utf-8")  # a hand edit: no checksum line
    with Store.open(db_path, read_only=True) as store:
        assert store.meeting(meeting_id).title == "]0;evilStatus [2J"
        assert store.client(client_id).name == "]52;c;cm0gLXJmIH4=Acme"
    for fmt in ("text", "markdown", "json"):
        out = cli("agenda", "--week", "2026-W49", "--format", fmt).out
        assert "\x1b" not in out and "\x07" not in out
