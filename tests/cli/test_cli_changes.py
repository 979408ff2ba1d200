"""`planner apply` and `planner lighten` as a script or a person uses them."""

from __future__ import annotations

import json

from support import CPH

MONDAY = "2026-11-30"


def meeting_id(cli, title: str) -> str:
    data = json.loads(cli("agenda", "--week", "2026-W49", "--format", "json", today=None).out)
    return next(m["id"] for d in data["days"] for m in d["meetings"] if m["title"] == title)[:8]


def test_apply_a_short_video_call_and_the_agenda_shows_it(cli, db_path):
    cli("demo")
    workshop = meeting_id(cli, "Workshop: ny webshop")
    result = cli("--today", MONDAY, "apply", workshop, "--strategy", "phone", "--by", "video", "--minutes", "45",
                 today=None)
    assert result.code == 0, result.err
    assert result.out.strip() == "Applied: “Workshop: ny webshop” is now a video call of 45 min. Press u in the app to undo it."
    line = next(line for line in cli("agenda", "--week", "2026-W49").out.splitlines() if "Workshop" in line)
    assert "09:00-09:45" in line and "video" in line


def test_apply_refuses_what_does_not_fit_in_one_line(cli):
    cli("demo")
    review = meeting_id(cli, "Account review Q4")  # at our office, not flexible, important
    result = cli("--today", MONDAY, "apply", review, "--strategy", "email", today=None)
    assert result.code == 1
    assert result.err.startswith("planner: error: email does not fit this meeting: email fits a flexible client")
    result = cli("--today", MONDAY, "apply", review, "--strategy", "cancel", today=None)
    assert result.code == 1 and "ill or facing an emergency" in result.err
    result = cli("--today", "2026-12-04", "apply", review, "--strategy", "shorter", today=None)
    assert result.code == 1 and "this meeting ended Thu 3 Dec, 14:30" in result.err


def test_apply_moves_a_meeting_to_a_time_typed_and_refuses_a_clash(cli):
    cli("demo")
    kpis = meeting_id(cli, "Quarterly KPIs")
    result = cli("--today", MONDAY, "apply", kpis, "--strategy", "reschedule", "--reason", "conflict",
                 "--start", "2026-12-03 14:00", today=None)
    assert result.code == 1 and "clashes with “Account review Q4”" in result.err
    result = cli("--today", MONDAY, "apply", kpis, "--strategy", "reschedule", "--reason", "conflict",
                 "--start", "2026-12-04 11:30", today=None)
    assert result.code == 0, result.err
    assert "moved to Fri 4 Dec, 11:30" in result.out


def test_lighten_json_shape_and_apply(cli, db_path):
    cli("demo")
    result = cli("--today", MONDAY, "lighten", "--date", "2026-12-01", "--format", "json", today=None)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert {"scope", "before", "after", "plan", "cost"} <= set(data)
    assert data["scope"] == "2026-12-01"
    assert set(data["before"]) == {"status", "meeting_minutes", "meeting_count", "flags"}
    assert data["before"]["status"] == "overloaded" and data["after"]["status"] != "overloaded"
    item = data["plan"][0]
    assert set(item) == {"meeting", "title", "client", "strategy", "new_minutes", "minutes_freed", "cost", "why"}
    assert data["cost"] == round(sum(i["cost"] for i in data["plan"]), 2)
    result = cli("--today", MONDAY, "lighten", "--date", "2026-12-01", "--apply", today=None)
    assert result.code == 0 and "Applied the plan" in result.out
    again = json.loads(cli("--today", MONDAY, "lighten", "--date", "2026-12-01", "--format", "json", today=None).out)
    assert again["before"]["status"] != "overloaded" and again["plan"] == []


def test_lighten_writes_every_message(cli, tmp_path):
    cli("demo")
    out = tmp_path / "messages"
    result = cli("--today", MONDAY, "lighten", "--date", "2026-12-01", "--out", str(out), today=None)
    assert result.code == 0, result.err
    written = sorted(p.name for p in out.glob("*.md"))
    assert written and all(name.startswith("2026-12-01-") for name in written)


def test_lighten_a_week_says_when_there_is_nothing_to_do(cli):
    cli("demo")
    result = cli("--today", MONDAY, "lighten", "--week", "2026-W49", today=None)
    assert result.code == 0
    assert "Nothing to change" in result.out
