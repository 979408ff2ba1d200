"""`planner settings`: show every setting, set one with the settings screen's checks."""

from __future__ import annotations

import email
from email import policy


def test_show_lists_every_setting(cli):
    result = cli("settings")
    assert result.code == 0, result.err
    keys = [line.split()[0] for line in result.out.splitlines()]
    assert {"name", "email", "signature", "timezone", "work_days", "busy_minutes", "slot_window_days"} <= set(keys)


def test_set_checks_like_the_settings_screen(cli):
    assert cli("settings", "set", "name", "Karen Juhl").code == 0
    assert cli("settings", "set", "email", "karen@holm.dk").code == 0
    result = cli("settings", "set", "work_end", "08:00")
    assert result.code == 1 and result.err == "planner: error: Work must end after it starts (e.g. 09:00 to 17:00).\n"
    result = cli("settings", "set", "slot_window_days", "1000000")
    assert result.code == 1 and "out of range; it can be 1 to 60" in result.err
    result = cli("settings", "set", "timezone", "Mars/Olympus")
    assert result.code == 1 and 'unknown time zone "Mars/Olympus"' in result.err
    result = cli("settings", "set", "email", "not an address")
    assert result.code == 1 and "does not look like an email address" in result.err
    shown = {line.split()[0]: line.split(None, 1)[1] if len(line.split()) > 1 else "" for line in cli("settings").out.splitlines()}
    assert shown["name"] == "Karen Juhl" and shown["email"] == "karen@holm.dk" and shown["work_end"] == "17:00"


def test_how_often_the_app_syncs(cli, db_path):
    from planner.services.store import Store

    with Store.open(db_path) as store:
        assert store.settings().sync_minutes == 15  # the default, also for a file from before the setting
    assert cli("settings", "set", "sync_minutes", "30").out == (
        "Sync every is now 30m (the app syncs your calendars every 30 min)\n")
    assert cli("settings", "set", "sync_minutes", "1h").code == 0
    off = cli("settings", "set", "sync_minutes", "0")  # off: only when asked
    assert off.code == 0 and off.out == "Sync every is now 0m (off: the app syncs only when you ask it to)\n"
    result = cli("settings", "set", "sync_minutes", "2d")
    assert result.code == 1 and "not a length" in result.err
    result = cli("settings", "set", "sync_minutes", "25h")
    assert result.code == 1 and "out of range; it can be 0 min to 24 h" in result.err
    with Store.open(db_path) as store:
        assert store.settings().sync_minutes == 0


def test_an_unknown_setting_is_a_usage_error(cli):
    result = cli("settings", "set", "colour", "red")
    assert result.code == 2 and "invalid choice: 'colour'" in result.err


def test_a_draft_as_an_email_carries_your_name_and_address(cli, tmp_path):
    cli("demo")
    cli("settings", "set", "email", "anna@holm.dk")
    out = tmp_path / "out"
    data = cli("agenda", "--week", "2026-W49", "--format", "json").out
    import json

    review = next(m["id"] for d in json.loads(data)["days"] for m in d["meetings"] if m["title"] == "Statusmøde")
    result = cli("--today", "2026-11-30", "draft", review[:8], "--strategy", "phone", "--format", "eml",
                 "--out", str(out), today=None)
    assert result.code == 0, result.err
    path = out / result.out.strip().split("/")[-1]
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["From"] == "Anna Holm <anna@holm.dk>" and message["X-Unsent"] == "1"
    assert "soren@aeroeco.dk" in message["To"]
    plain = message.get_body(("plain",)).get_content()
    assert "Hej Søren" in plain and "\\" not in plain


def test_an_email_draft_without_its_update_names_summary(cli, db_path):
    cli("clients", "add", "Kaffe", "--flexible")
    cli("add", "--client", "Kaffe", "--title", "Status", "--start", "2026-12-07 10:00", "--duration", "60")
    line = next(line for line in cli("agenda", "--week", "2026-W50").out.splitlines() if "Kaffe: Status" in line)
    meeting = line.split()[-1]
    result = cli("draft", meeting, "--strategy", "email")
    assert result.code == 1 and "--summary TEXT" in result.err
    result = cli("draft", meeting, "--strategy", "email", "--summary", "- labels approved\n- samples Friday")
    assert result.code == 0, result.err


def test_work_days_by_name_in_either_language(cli, db_path):
    """Work days read weekday names as typed dates do (planner.domain.dates): short or whole, English
    or Danish; a name that is no day is refused."""
    from planner.services.store import Store

    assert cli("settings", "set", "work_days", "monday, tues,ons,Torsdag").code == 0
    with Store.open(db_path) as store:
        assert store.settings().work_days == (0, 1, 2, 3)
    bad = cli("settings", "set", "work_days", "mon,xyz")
    assert bad.code == 1 and '"xyz" is not a day' in bad.err
