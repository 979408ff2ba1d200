"""The command line speaks the locale's language (LANG, LC_ALL, LC_MESSAGES: da* is Danish), or the
``language`` setting once the data file is open; its JSON is the same in every language.

The subprocess tests run ``python -m planner`` as a shell would, so the language comes from the
environment exactly as for a user.
"""

from __future__ import annotations

import json

import pytest

DANISH = {"LANG": "da_DK.UTF-8"}
ENGLISH = {"LANG": "C"}


@pytest.fixture
def demo_db(run_planner, tmp_path):
    db = tmp_path / "demo.json"
    result = run_planner("--db", str(db), "--today", "2026-12-01", "demo", env=ENGLISH)
    assert result.returncode == 0, result.stderr
    return db


def test_agenda_in_danish_under_a_danish_locale_and_english_under_c(run_planner, demo_db):
    danish = run_planner("--db", str(demo_db), "--today", "2026-12-01", "agenda", env=DANISH)
    assert danish.returncode == 0, danish.stderr
    first, second = danish.stdout.splitlines()[:2]
    assert first == "Uge 49 · man 30. nov – søn 6. dec 2026 · Europe/Copenhagen"
    assert second == "19 t 30 min i møder (grænse 20 t) · fokus 13 t · 2 overbookede dage"
    for words in ("! 2 overbookede dage: tirs og ons", "tirs 1. dec  OVERBOOKET  6 t 30 min, 6 møder  (i dag)",
                  "! 3 møder i træk 09.00-11.30", "[hos kunden, 35 min transport hver vej]",
                  "! dobbeltbooket 14.30-15.00: Acme Logistics / Nordlys Energi A/S"):
        assert words in danish.stdout
    english = run_planner("--db", str(demo_db), "--today", "2026-12-01", "agenda", env=ENGLISH)
    assert english.stdout.splitlines()[0] == "Week 2026-W49 · Mon 30 Nov – Sun 6 Dec 2026 · Europe/Copenhagen"
    assert "OVERLOADED" in english.stdout and "OVERBOOKET" not in english.stdout


def test_lc_all_wins_over_lang(run_planner, demo_db):
    result = run_planner("--db", str(demo_db), "--today", "2026-12-01", "agenda",
                         env={"LANG": "C", "LC_ALL": "da_DK.UTF-8"})
    assert result.stdout.startswith("Uge 49")


def test_markdown_agenda_follows_the_language(run_planner, demo_db):
    result = run_planner("--db", str(demo_db), "--today", "2026-12-01", "agenda", "--format", "markdown",
                         env=DANISH)
    assert result.stdout.startswith("# Uge 49 · man 30. nov – søn 6. dec 2026")
    assert "| tid | kunde | titel | sted og markeringer | id |" in result.stdout


@pytest.mark.parametrize("command", [("agenda", "--format", "json"),
                                     ("advise", "PREFIX", "--reason", "workload", "--format", "json")])
def test_json_is_the_same_in_every_language(run_planner, demo_db, command):
    """JSON is for scripts: its keys, values and sentences are English whatever LANG says."""
    if "PREFIX" in command:
        agenda = json.loads(run_planner("--db", str(demo_db), "--today", "2026-12-01", "agenda", "--format", "json",
                                        env=ENGLISH).stdout)
        command = tuple(agenda["days"][1]["meetings"][2]["id"][:8] if part == "PREFIX" else part for part in command)
    args = ("--db", str(demo_db), "--today", "2026-12-01", *command)
    danish, english = run_planner(*args, env=DANISH), run_planner(*args, env=ENGLISH)
    assert danish.returncode == english.returncode == 0, danish.stderr
    assert json.loads(danish.stdout) == json.loads(english.stdout)
    assert "grænse" not in danish.stdout and "OVERBOOKET" not in danish.stdout


@pytest.mark.parametrize(
    ("args", "danish"),
    [
        (("agenda", "--week", "nope"), 'planner: fejl: »nope« er ikke en uge: skriv den som 2026-W49'),
        (("add", "--client", "Acme", "--title", "Status", "--start", "31/2 14:00", "--duration", "30"),
         'planner: fejl: »31/2« er ikke en dato: februar har ingen dag 31; skriv fx 1/12 14:00'),
        (("add", "--client", "Acme", "--title", "Status", "--start", "25:00", "--duration", "30"),
         'planner: fejl: »25:00« er ikke et klokkeslæt: time 25 findes ikke'),
        (("advise", "zzzz", "--reason", "workload"),
         "planner: fejl: intet møde har et id, der begynder med »zzzz«"),
        (("settings", "set", "busy_minutes", "lots"), 'planner: fejl: Travl over: »lots« er ikke en længde'),
        (("export-ics", "--week", "2026-W49", "--out", "."), "planner: fejl: . er en mappe; angiv et filnavn"),
        (("--bogus",), "planner: fejl: ukendte argumenter: --bogus"),
        (("agenda", "--format", "pdf"), "planner agenda: fejl: argument --format: ugyldigt valg: 'pdf' (vælg mellem"),
    ],
)
def test_error_lines_are_danish(run_planner, demo_db, args, danish):
    result = run_planner("--db", str(demo_db), "--today", "2026-12-01", *args, env=DANISH)
    assert result.returncode in (1, 2)
    assert danish in result.stderr
    assert "Traceback" not in result.stderr
    english = run_planner("--db", str(demo_db), "--today", "2026-12-01", *args, env=ENGLISH)
    assert ": error: " in english.stderr and "fejl" not in english.stderr


def test_a_missing_data_file_is_said_in_danish(run_planner, tmp_path):
    result = run_planner("--db", str(tmp_path / "none.json"), "agenda", env=DANISH)
    assert result.returncode == 1
    assert "findes ikke endnu: tilføj et møde, kør `planner demo`, eller brug --db STI" in result.stderr


def test_help_and_usage_follow_the_locale(run_planner):
    danish = run_planner("--help", env=DANISH)
    assert danish.stdout.startswith("brug: planner")
    assert "vis denne hjælp, og afslut" in danish.stdout
    assert "udskriv en uge med hver dags belastning" in danish.stdout
    english = run_planner("--help", env=ENGLISH)
    assert english.stdout.startswith("usage: planner")
    assert "show this help message and exit" in english.stdout


def test_the_setting_wins_over_the_locale(run_planner, demo_db):
    result = run_planner("--db", str(demo_db), "settings", "set", "language", "da", env=ENGLISH)
    assert result.returncode == 0, result.stderr
    agenda = run_planner("--db", str(demo_db), "--today", "2026-12-01", "agenda", env=ENGLISH)
    assert agenda.stdout.startswith("Uge 49")
    run_planner("--db", str(demo_db), "settings", "set", "language", "en", env=DANISH)
    agenda = run_planner("--db", str(demo_db), "--today", "2026-12-01", "agenda", env=DANISH)
    assert agenda.stdout.startswith("Week 2026-W49")
    run_planner("--db", str(demo_db), "settings", "set", "language", "auto", env=ENGLISH)
    agenda = run_planner("--db", str(demo_db), "--today", "2026-12-01", "agenda", env=DANISH)
    assert agenda.stdout.startswith("Uge 49")


def test_a_bad_language_setting_is_refused_in_words(cli):
    cli("demo")
    result = cli("settings", "set", "language", "fr")
    assert result.code == 1
    assert "planner: error: Language: use auto (from the locale), en or da" in result.err


def test_the_demo_is_danish_when_the_language_is(run_planner, tmp_path):
    db = tmp_path / "dansk.json"
    run_planner("--db", str(db), "--today", "2026-12-01", "demo", env=DANISH)
    result = run_planner("--db", str(db), "--today", "2026-12-01", "agenda", "--format", "json", env=ENGLISH)
    titles = {m["title"] for day in json.loads(result.stdout)["days"] for m in day["meetings"]}
    assert {"Ugentlig status", "Ugentligt statusmøde", "Kontogennemgang 4. kvartal", "Kvartalets nøgletal"} <= titles
    assert not {"Weekly status", "Weekly sync", "Account review Q4", "Quarterly KPIs"} & titles
