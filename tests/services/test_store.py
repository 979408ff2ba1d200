"""The store: what goes in comes out, files it cannot read are left alone, failed saves change nothing."""

from __future__ import annotations

import errno
import json
import os
import shutil
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.domain.errors import PlannerError
from planner.domain.models import (
    Client,
    Draft,
    Language,
    Location,
    Meeting,
    Settings,
    Source,
    Status,
    Strategy,
    Tier,
    Topic,
)
from planner.services.store import Store, StoreError, resolve_db_path

from support import CPH, FIXTURES
NYC = ZoneInfo("America/New_York")


def at(day: int, hour: int, minute: int = 0, tz=CPH, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=tz)


@pytest.fixture
def client(store) -> Client:
    c = Client(name="[VIP] Ærø & Co", tier=Tier.KEY)
    store.save_client(c)
    return c


def add(store, client, title, start, end, **kw) -> Meeting:
    m = Meeting(client.id, title, start, end, **kw)
    store.save_meeting(m)
    return m


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- round trip -------------------------------------------------------------------------------------


def test_every_field_survives_closing_and_reopening(db_path):
    vip = Client(
        name="[VIP] Ærø & Co",
        tier=Tier.KEY,
        share=27.5,
        contact="Søren Ærøskøbing",
        email="søren@ærø.dk",
        domains=("aeroe.dk", "ærø.dk"),
        language=Language.DA,
        flexible=True,
        notes="Årlig aftale; husk æbleskiver.\nAnden linje med [bold]markup[/bold].",
    )
    imported = Meeting(
        vip.id,
        "Statusmøde på Ærø – Q4",
        # The night Copenhagen leaves summer time: 02:30 happens twice; this is the second one.
        datetime(2026, 10, 25, 2, 30, tzinfo=CPH, fold=1),
        datetime(2026, 10, 25, 4, 0, tzinfo=CPH),
        location=Location.CLIENT_SITE,
        travel_minutes=45,
        lead="Jonas Ørsted",
        topic=Topic.IMPORTANT,
        status=Status.RESCHEDULED,
        source=Source("0f3a@calendar.example", "20261025T023000"),
        notes="Kontrakt & tal – “citat” og 日本語.",
        imported='{"cal":"Arbejde","title":"3f2a"}',
    )
    all_day = Meeting(
        vip.id, "Konference i New York", datetime(2026, 3, 8, tzinfo=NYC), datetime(2026, 3, 9, tzinfo=NYC),
        all_day=True, source=Source("conf@example"),
    )
    # A flight: starts in one zone, ends in another; and one at a fixed offset with no zone name.
    flight = Meeting(vip.id, "Fly", at(2, 10), datetime(2026, 12, 2, 13, tzinfo=NYC), location=Location.PHONE)
    fixed = Meeting(
        vip.id, "Fast forskydning", datetime(2026, 12, 3, 9, 15, 30, 250, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        datetime(2026, 12, 3, 10, tzinfo=timezone.utc), status=Status.CANCELLED,
    )
    settings = Settings(
        name="Lærke Østergård", signature="Venlig hilsen\nLærke", language="da", timezone="America/New_York",
        work_days=(0, 1, 2, 3), work_start=time(8, 30), work_end=time(16, 0), busy_minutes=200, busy_count=4,
        overload_minutes=320, overload_count=6, b2b_gap_minutes=15, b2b_chain=4, focus_block_minutes=90,
        week_overload_minutes=1000, slot_window_days=7, email_minutes=12, theme="planner-light", day_first=False,
        show_weekends=True, drafts_dir="~/Kladder",
    )
    draft = Draft(
        imported.id, Strategy.PHONE, Language.DA, "Kan vi tage det over telefonen?", "Kære Søren\n\n**Ærø** & co",
        datetime(2026, 12, 1, 8, 0, 5, tzinfo=CPH), path="/tmp/kladde.md", kind="client",
    )
    with Store.open(db_path) as store:
        store.save_client(vip)
        for m in (imported, all_day, flight, fixed):
            store.save_meeting(m)
        store.save_settings(settings)
        store.save_draft(draft)

    with Store.open(db_path) as store:
        assert store.clients() == [vip]
        assert store.client(vip.id) == vip
        assert store.meeting(imported.id) == imported
        assert store.meeting(all_day.id) == all_day
        assert store.meeting(flight.id) == flight
        assert store.meeting(fixed.id) == fixed
        assert store.settings() == settings
        assert store.drafts() == [draft]

        got = store.meeting(imported.id)
        assert got.start.tzinfo is CPH and got.start.fold == 1
        assert got.start.utcoffset() == timedelta(hours=1)  # winter time: the second 02:30
        assert got.minutes == 90  # 02:30 CET to 04:00 CET
        assert store.meeting(flight.id).end.tzinfo is NYC
        assert store.meeting(fixed.id).start.utcoffset() == timedelta(hours=5, minutes=30)
        assert store.meeting(all_day.id).start.tzinfo is NYC


def test_file_holds_schema_version_and_times_with_offset_and_zone_name(store, db_path, client):
    m = add(store, client, "Møde", at(1, 14), at(1, 15, 30))
    raw = db_path.read_text(encoding="utf-8")
    assert "[VIP] Ærø & Co" in raw  # UTF-8, not \u escapes
    data = json.loads(raw)
    assert data["schema_version"] == 2
    doc = data["meetings"][m.id]
    assert doc["start"] == "2026-12-01T14:00:00+01:00"
    assert doc["end"] == "2026-12-01T15:30:00+01:00"
    assert doc["tz"] == "Europe/Copenhagen"
    assert doc["client_id"] == client.id


def test_a_missing_file_and_its_folders_are_created_empty(tmp_path):
    path = tmp_path / "deep" / "er" / "planner.json"
    with Store.open(path) as store:
        assert store.clients() == [] and store.meetings() == [] and store.drafts() == []
        assert store.settings() == Settings()
    assert json.loads(path.read_text())["schema_version"] == 2


def test_save_meeting_updates_by_id_and_delete_returns_it(store, client):
    m = add(store, client, "Møde", at(1, 14), at(1, 15), notes="gammel")
    store.save_meeting(m.with_changes(notes="ny", source=None))
    assert store.meeting(m.id).notes == "ny"
    assert len(store.meetings()) == 1
    assert store.delete_meeting(m.id).notes == "ny"
    with pytest.raises(PlannerError, match="no meeting with the id"):
        store.meeting(m.id)


def test_a_meeting_that_ends_before_it_starts_is_refused(store, client):
    with pytest.raises(PlannerError, match="ends before it starts"):
        add(store, client, "Baglæns", at(1, 15), at(1, 14))
    assert store.meetings() == []


# -- queries ----------------------------------------------------------------------------------------


def test_meetings_between_returns_overlapping_meetings_in_start_order(store, client):
    late = add(store, client, "Sent", at(7, 23, 30), at(8, 0, 30))  # crosses the week's end
    early = add(store, client, "Tidligt", at(30, 23, month=11), at(1, 0, 30))  # crosses its start
    inside = add(store, client, "Inde", at(3, 9), at(3, 10))
    # 06:00 in New York is 12:00 in Copenhagen: inside, and sorted by the real instant.
    ny = add(store, client, "New York", datetime(2026, 12, 3, 6, tzinfo=NYC), datetime(2026, 12, 3, 7, tzinfo=NYC))
    add(store, client, "Slutter ved start", at(30, 22, month=11), at(1, 0))
    add(store, client, "Starter ved slut", at(8, 0), at(8, 1))
    add(store, client, "Ugen før", at(20, 9, month=11), at(20, 10, month=11))
    # 2026-12-07 23:30 in Auckland is still the 7th in UTC... and 12:30 in Copenhagen.
    akl = add(store, client, "Auckland", datetime(2026, 12, 8, 0, 30, tzinfo=ZoneInfo("Pacific/Auckland")),
              datetime(2026, 12, 8, 1, 30, tzinfo=ZoneInfo("Pacific/Auckland")))
    week = store.meetings_between(at(1, 0), at(8, 0))
    assert [m.title for m in week] == [early.title, inside.title, ny.title, akl.title, late.title]


def test_a_zero_length_meeting_counts_if_it_starts_inside(store, client):
    add(store, client, "Påmindelse", at(1, 0), at(1, 0))
    add(store, client, "Påmindelse efter", at(8, 0), at(8, 0))
    assert [m.title for m in store.meetings_between(at(1, 0), at(8, 0))] == ["Påmindelse"]


def test_resolve_meeting_by_full_id_or_unique_prefix(store, client):
    a = add(store, client, "Alfa", at(1, 9), at(1, 10))
    assert store.resolve_meeting(a.id) == a
    assert store.resolve_meeting(f"  {a.id[:6].upper()} ") == a


def test_resolve_meeting_lists_up_to_five_candidates_when_ambiguous(store, client):
    for n in range(7):
        store.save_meeting(Meeting(client.id, f"Møde {n}", at(1 + n, 9), at(1 + n, 10), id=f"abc{n}0000-0000-4000-8000-000000000000"))
    with pytest.raises(PlannerError) as caught:
        store.resolve_meeting("abc")
    message = str(caught.value)
    assert message.startswith("'abc' matches 7 meetings: abc00000 'Møde 0' (Tue 1 Dec 09:00)")
    assert "'Møde 4'" in message and "'Møde 5'" not in message
    assert message.endswith("and 2 more; type more of the id")
    assert "\n" not in message


def test_ambiguous_ids_show_times_as_the_agenda_does(store, client):
    # Stored in UTC (as some imports are), shown in the user's zone: 08:00 UTC is 09:00 here.
    for n in range(2):
        start = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)
        store.save_meeting(Meeting(client.id, f"UTC {n}", start, start + timedelta(hours=1),
                                   id=f"fed{n}0000-0000-4000-8000-000000000000"))
    with pytest.raises(PlannerError, match=r"'UTC 0' \(Tue 1 Dec 09:00\)"):
        store.resolve_meeting("fed")


def test_resolve_meeting_says_when_nothing_matches(store, client):
    add(store, client, "Alfa", at(1, 9), at(1, 10), id="11110000-0000-4000-8000-000000000000")
    with pytest.raises(PlannerError, match="no meeting has an id starting with 'ffff'"):
        store.resolve_meeting("ffff")
    with pytest.raises(PlannerError, match="give a meeting's id"):
        store.resolve_meeting("  ")


def test_meeting_by_source_follows_saves_and_deletes(store, client):
    src = Source("uid-1@cal", "20261201T140000")
    m = add(store, client, "Importeret", at(1, 14), at(1, 15), source=src)
    assert store.meeting_by_source(src.key) == m
    assert store.meeting_by_source("uid-1@cal|") is None
    store.save_meeting(m.with_changes(source=Source("uid-2@cal")))
    assert store.meeting_by_source(src.key) is None
    assert store.meeting_by_source("uid-2@cal|").id == m.id
    store.delete_meeting(m.id)
    assert store.meeting_by_source("uid-2@cal|") is None


def test_clients_sorted_by_name_and_found_by_name_case_insensitively(store):
    for name in ("nordlys", "Ærø & Co", "Acme", "bageriet"):
        store.save_client(Client(name=name))
    assert [c.name for c in store.clients()] == ["Acme", "bageriet", "nordlys", "Ærø & Co"]
    assert store.client_by_name("ÆRØ & CO").name == "Ærø & Co"
    assert store.client_by_name("ukendt") is None
    with pytest.raises(PlannerError, match="already a client called 'Acme'"):
        store.save_client(Client(name="acme"))
    with pytest.raises(PlannerError, match="no client with the id"):
        store.client("nope")


def test_delete_client_refuses_deletes_or_moves_its_meetings(store, client):
    other = Client(name="Nordlys")
    store.save_client(other)
    m = add(store, client, "Møde", at(1, 9), at(1, 10))
    with pytest.raises(PlannerError, match=r"'\[VIP\] Ærø & Co' has 1 meeting; delete it"):
        store.delete_client(client.id)
    assert store.client(client.id) == client

    store.delete_client(client.id, meetings=other.id)
    assert store.meeting(m.id).client_id == other.id
    assert [c.name for c in store.clients()] == ["Nordlys"]

    assert store.delete_client(other.id, meetings="delete") == other
    assert store.meetings() == [] and store.clients() == []


def test_drafts_newest_first_and_deleted(store):
    old = Draft("m1", Strategy.EMAIL, Language.EN, "Old", "body", at(1, 9))
    new = Draft("m1", Strategy.DELEGATE, Language.DA, "Ny", "krop", at(1, 9, tz=NYC), kind="briefing")
    store.save_draft(old)
    store.save_draft(new)
    assert store.drafts() == [new, old]
    store.delete_draft(old.id)
    assert store.drafts() == [new]
    with pytest.raises(PlannerError, match="no draft"):
        store.delete_draft(old.id)


# -- batch ------------------------------------------------------------------------------------------


def test_batch_writes_once_at_the_end(store, client, db_path, monkeypatch):
    replaced = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (replaced.append(Path(b).name), real(a, b)))
    with store.batch():
        for n in range(5):
            add(store, client, f"Møde {n}", at(1, 9 + n), at(1, 10 + n))
        assert replaced == []
        assert len(store.meetings()) == 5  # visible inside the batch
    assert replaced == ["planner.json"]
    with Store.open(db_path, read_only=True) as again:
        assert len(again.meetings()) == 5


def test_batch_rolls_back_on_an_exception(store, client, db_path):
    kept = add(store, client, "Beholdt", at(1, 9), at(1, 10))
    before = db_path.read_bytes()
    with pytest.raises(RuntimeError):
        with store.batch():
            add(store, client, "Ny", at(2, 9), at(2, 10))
            store.save_meeting(kept.with_changes(title="Ændret"))
            raise RuntimeError("boom")
    assert store.meetings() == [kept]
    assert db_path.read_bytes() == before


def test_save_meetings_inserts_and_updates_in_one_write(store, client, db_path, monkeypatch):
    first = add(store, client, "Før", at(1, 9), at(1, 10))
    replaced = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (replaced.append(Path(b).name), real(a, b)))
    new = [Meeting(client.id, f"Møde {n}", at(2, 8 + n), at(2, 9 + n)) for n in range(4)]
    store.save_meetings([first.with_changes(title="Efter"), *new])
    assert replaced == ["planner.json"]
    with Store.open(db_path, read_only=True) as again:
        assert [m.title for m in again.meetings()] == ["Efter", "Møde 0", "Møde 1", "Møde 2", "Møde 3"]


def test_save_meetings_refuses_a_bad_one_and_saves_none(store, client, db_path):
    before = db_path.read_bytes()
    good = Meeting(client.id, "God", at(2, 9), at(2, 10))
    bad = Meeting(client.id, "Baglæns", at(2, 11), at(2, 10))
    with pytest.raises(PlannerError, match="ends before it starts"):
        store.save_meetings([good, bad])
    assert store.meetings() == [] and db_path.read_bytes() == before


# -- read-only --------------------------------------------------------------------------------------


def test_read_only_never_locks_and_refuses_every_save(db_path, client, store):
    before = db_path.read_bytes()
    with Store.open(db_path, read_only=True) as viewer:  # alongside the writer holding the lock
        assert viewer.read_only and viewer.clients() == [client]
        saves = [
            lambda: viewer.save_client(Client(name="Ny")),
            lambda: viewer.save_meeting(Meeting(client.id, "x", at(1, 9), at(1, 10))),
            lambda: viewer.save_settings(Settings(name="x")),
            lambda: viewer.save_draft(Draft("m", Strategy.KEEP, Language.EN, "s", "b", at(1, 9))),
            lambda: viewer.delete_client(client.id, meetings="delete"),
            lambda: viewer.batch().__enter__(),
        ]
        for save in saves:
            with pytest.raises(StoreError, match="read-only"):
                save()
        assert viewer.clients() == [client]
    assert db_path.read_bytes() == before


def test_read_only_on_a_missing_file_creates_nothing(tmp_path):
    path = tmp_path / "nothing" / "planner.json"
    with Store.open(path, read_only=True) as store:
        assert store.meetings() == []
    assert not path.parent.exists()


# -- the path ---------------------------------------------------------------------------------------


def test_resolve_db_path_prefers_the_option_then_the_environment_then_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    assert resolve_db_path(None) == tmp_path / "data" / "planner.json"
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "env.json"))
    assert resolve_db_path(None) == tmp_path / "env.json"
    assert resolve_db_path(str(tmp_path / "cli.json")) == tmp_path / "cli.json"
    assert resolve_db_path("~/x.json") == Path.home() / "x.json"
    with pytest.raises(PlannerError, match="--db needs"):
        resolve_db_path("")


# -- unreadable files -------------------------------------------------------------------------------

CORRUPT = {
    "corrupt_empty.json": "the file is empty",
    "corrupt_truncated.json": "it is not valid JSON",
    "corrupt_trailing_garbage.json": "it is not valid JSON (Extra data",
    "corrupt_not_object.json": "not a JSON object",
    "corrupt_not_utf8.json": "it is not UTF-8 text",
    "corrupt_newer_schema.json": "written by a newer planner (schema 3; this one reads up to 2); upgrade planner",
    "corrupt_wrong_types.json": "meetings entry 22222221-2222-4222-8222-222222222222: 'title' has the wrong type",
    "corrupt_bad_time.json": "'start' is not a date and time with a UTC offset",
    "corrupt_table_not_object.json": "the 'clients' table is not a JSON object",
}


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_an_unreadable_file_is_reported_and_left_untouched(tmp_path, name, read_only):
    path = tmp_path / "planner.json"
    shutil.copyfile(FIXTURES / name, path)
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(path, read_only=read_only)
    message = str(caught.value)
    assert message.startswith(f"cannot read {path}: ")
    assert CORRUPT[name] in message
    assert "\n" not in message
    if name != "corrupt_newer_schema.json":
        assert message.endswith("move it away to start fresh (it was left as it is)")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["planner.json"] + (["planner.json.lock"] if not read_only else [])
    if not read_only:  # the lock was given back
        path.write_bytes((FIXTURES / "good.json").read_bytes())
        Store.open(path).close()


def test_the_message_points_at_the_backup_when_there_is_one(tmp_path):
    path = tmp_path / "planner.json"
    shutil.copyfile(FIXTURES / "good.json", path)
    with Store.open(path) as store:
        store.save_settings(Settings(name="Lærke"))
    backup = tmp_path / "planner.json.bak"
    assert backup.read_bytes() == (FIXTURES / "good.json").read_bytes()
    path.write_bytes(b'{"schema_version":1,"clients":{')
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert f"restore it from {backup}, or move it away to start fresh" in str(caught.value)
    shutil.copyfile(backup, path)
    with Store.open(path) as store:
        assert [m.title for m in store.meetings()] == ["Møde 0 på Ærø", "Møde 1 på Ærø", "Møde 2 på Ærø"]


def test_backup_is_written_before_the_first_save_only(tmp_path):
    path = tmp_path / "planner.json"
    shutil.copyfile(FIXTURES / "good.json", path)
    backup = tmp_path / "planner.json.bak"
    with Store.open(path) as store:
        store.meetings()
    assert not backup.exists()  # opening and reading costs no write
    with Store.open(path) as store:
        store.save_settings(Settings(name="én"))
        store.save_settings(Settings(name="to"))
    assert backup.read_bytes() == (FIXTURES / "good.json").read_bytes()
    after_first_session = path.read_bytes()
    with Store.open(path) as store:
        store.save_settings(Settings(name="tre"))
    assert backup.read_bytes() == after_first_session


def test_a_hand_edited_file_is_checked_and_opens(tmp_path):
    path = tmp_path / "planner.json"
    data = json.loads((FIXTURES / "good.json").read_text(encoding="utf-8"))
    data["meetings"]["22222220-2222-4222-8222-222222222222"]["title"] = "Rettet i hånden"
    del data["checksum"]
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    with Store.open(path) as store:
        assert store.resolve_meeting("22222220").title == "Rettet i hånden"


def test_stray_temp_files_from_a_crash_are_removed_at_open(tmp_path):
    path = tmp_path / "planner.json"
    shutil.copyfile(FIXTURES / "good.json", path)
    (tmp_path / ".planner.json.0badf00d.tmp").write_bytes(b'{"half')
    (tmp_path / ".planner.json.bak.12345678.tmp").write_bytes(b"")
    (tmp_path / "notes.tmp").write_text("not ours")
    with Store.open(path, read_only=True):
        assert len(temp_files(tmp_path)) == 3  # a reader never tidies up after a writer
    with Store.open(path):
        assert temp_files(tmp_path) == ["notes.tmp"]


# -- failing writes ---------------------------------------------------------------------------------


def _fail_with(exc: OSError):
    def fail(*args, **kwargs):
        raise exc

    return fail


@pytest.mark.parametrize(
    ("target", "exc", "reason"),
    [
        ("replace", OSError(errno.EXDEV, "Invalid cross-device link"), "invalid cross-device link"),
        ("fsync", OSError(errno.EIO, "Input/output error"), "input/output error on the disk holding {folder}"),
        ("write", OSError(errno.ENOSPC, "No space left on device"), "no space left on the disk holding {folder}"),
    ],
    ids=["os.replace", "os.fsync", "ENOSPC"],
)
def test_a_failed_save_leaves_file_and_store_as_they_were(store, client, db_path, monkeypatch, target, exc, reason):
    kept = add(store, client, "Beholdt", at(1, 9), at(1, 10))
    before = db_path.read_bytes()
    monkeypatch.setattr(os, target, _fail_with(exc))
    with pytest.raises(StoreError) as caught:
        store.save_meeting(kept.with_changes(title="Ændret"))
    with pytest.raises(StoreError):
        add(store, client, "Ny", at(2, 9), at(2, 10))
    monkeypatch.undo()
    reason = reason.format(folder=db_path.parent)
    assert str(caught.value) == f"could not save to {db_path}: {reason}; nothing was changed"
    assert db_path.read_bytes() == before
    assert temp_files(db_path.parent) == []
    assert store.meetings() == [kept]
    assert store.meeting_by_source("x|") is None
    # and the store still works once the disk does
    store.save_meeting(kept.with_changes(title="Ændret bagefter"))
    with Store.open(db_path, read_only=True) as again:
        assert [m.title for m in again.meetings()] == ["Ændret bagefter"]


def test_a_failed_batch_leaves_file_and_store_as_they_were(store, client, db_path, monkeypatch):
    kept = add(store, client, "Beholdt", at(1, 9), at(1, 10))
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="no space left on the disk holding .*; nothing was changed"):
        with store.batch():
            store.save_meeting(kept.with_changes(title="Ændret"))
            add(store, client, "Ny", at(2, 9), at(2, 10))
            monkeypatch.setattr(os, "write", _fail_with(OSError(errno.ENOSPC, "No space left on device")))
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert store.meetings() == [kept]


def test_a_failed_folder_fsync_puts_the_old_file_back(store, client, db_path, monkeypatch):
    kept = add(store, client, "Beholdt", at(1, 9), at(1, 10))
    before = db_path.read_bytes()
    real_fsync = os.fsync
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the first is the temp file, the second the folder
            raise OSError(errno.EIO, "Input/output error")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(StoreError, match="input/output error on the disk holding .*; nothing was changed"):
        store.save_meeting(kept.with_changes(title="Ændret"))
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert store.meetings() == [kept]


# -- migration --------------------------------------------------------------------------------------


def test_a_v0_file_is_migrated_and_the_original_kept_as_backup(tmp_path):
    path = tmp_path / "planner.json"
    shutil.copyfile(FIXTURES / "v0.json", path)
    original = path.read_bytes()
    with Store.open(path) as store:
        clients = {c.name: c for c in store.clients()}
        assert set(clients) == {"[VIP] Ærø & Co", "Fjordbyg ApS", "Nordlys A/S"}
        vip = clients["[VIP] Ærø & Co"]
        assert (vip.tier, vip.share, vip.contact, vip.language) == (Tier.KEY, 30, "Søren Ærø", Language.DA)
        assert vip.domains == ("aeroe.dk",)
        meetings = {m.title: m for m in store.meetings()}
        status = meetings["Statusmøde på Ærø"]
        assert status.client_id == vip.id
        assert status.start == at(1, 14) and status.end == at(1, 15, 30)
        assert status.start.tzinfo is CPH
        assert (status.location, status.travel_minutes, status.topic) == (Location.CLIENT_SITE, 45, Topic.IMPORTANT)
        assert status.notes == "Husk kontrakten – og kaffe til Søren."
        weekly = meetings["Weekly check-in"]
        assert weekly.client_id == clients["Nordlys A/S"].id  # matched case-insensitively
        assert weekly.start.utcoffset() == timedelta(hours=2)  # summer time
        assert (weekly.lead, weekly.status) == ("Jonas", Status.KEPT)
        assert meetings["Tilbud på tagprojekt"].client_id == clients["Fjordbyg ApS"].id  # created
        settings = store.settings()
        assert (settings.name, settings.work_start, settings.language) == ("Lærke Østergård", time(8, 30), Language.DA)
        assert len({m.id for m in meetings.values()}) == 3 and all(len(m.id) == 36 for m in meetings.values())
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2
    assert (tmp_path / "planner.json.bak").read_bytes() == original
    with Store.open(path) as store:  # and it is a plain v1 file from now on
        assert len(store.meetings()) == 3


def test_a_v0_file_opened_read_only_is_migrated_in_memory_only(tmp_path):
    path = tmp_path / "planner.json"
    shutil.copyfile(FIXTURES / "v0.json", path)
    with Store.open(path, read_only=True) as store:
        assert len(store.meetings()) == 3
    assert path.read_bytes() == (FIXTURES / "v0.json").read_bytes()
    assert not (tmp_path / "planner.json.bak").exists()


def test_a_v1_file_follows_the_locale_from_now_on_and_keeps_its_meetings(tmp_path):
    # Schema 1 stored "en" as the default of a setting that changed nothing on screen: it is no
    # choice of English, so the interface now follows the locale ("").
    path = tmp_path / "planner.json"
    shutil.copyfile(FIXTURES / "v1.json", path)
    original = path.read_bytes()
    with Store.open(path) as store:
        assert store.settings().language == ""
        assert store.settings().name == "Lærke Østergård"
        assert store.clients()[0].language == Language.EN  # a client's message language stays
        first, last = datetime(2026, 12, 1, tzinfo=CPH), datetime(2026, 12, 4, tzinfo=CPH)
        assert [m.title for m in store.meetings_between(first, last)] == [
            "Statusmøde 1", "Statusmøde 2", "Statusmøde 3"]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 2 and data["settings"]["user"]["language"] == ""
    assert (tmp_path / "planner.json.bak").read_bytes() == original


def test_a_v1_file_that_chose_danish_keeps_danish(tmp_path):
    path = tmp_path / "planner.json"
    path.write_bytes((FIXTURES / "v1.json").read_bytes().replace(b'"language":"en","timezone"', b'"language":"da","timezone"'))
    with Store.open(path) as store:
        assert store.settings().language == "da"


def test_a_v1_file_opened_read_only_is_migrated_in_memory_only(tmp_path):
    path = tmp_path / "planner.json"
    shutil.copyfile(FIXTURES / "v1.json", path)
    with Store.open(path, read_only=True) as store:
        assert store.settings().language == "" and len(store.meetings()) == 3
    assert path.read_bytes() == (FIXTURES / "v1.json").read_bytes()


def test_a_v0_file_that_cannot_be_migrated_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "planner.json"
    path.write_text('{"meetings": {"1": {"client": "Acme", "title": "x", "start": "i morgen", "end": "x"}}}')
    before = path.read_bytes()
    with pytest.raises(StoreError, match="looks like an old planner file but meeting 1: 'start' is not a date"):
        Store.open(path)
    assert path.read_bytes() == before


# -- reading a week without parsing every meeting ----------------------------------------------------


def _fill(store, client, days=60):
    with store.batch():
        for d in range(days):
            day = datetime(2026, 10, 1, 9, tzinfo=CPH) + timedelta(days=d)
            add(store, client, f"Møde {d} [VIP] \"citat\" \\ æøå", day, day + timedelta(hours=1),
                notes="linje 1\nlinje 2", source=Source(f"uid-{d}") if d % 2 else None)


def test_a_week_is_read_without_parsing_every_meeting(store, client, db_path):
    from planner.services import storage as storage_module

    _fill(store, client)
    store.close()
    with Store.open(db_path, read_only=True) as again:
        lo = datetime(2026, 11, 2, tzinfo=CPH)
        hi = lo + timedelta(days=7)
        parsed = []
        real = storage_module._parse_lines
        storage_module._parse_lines = lambda lines: (parsed.append(lines), real(lines))[1]
        try:
            week = again.meetings_between(lo, hi)
        finally:
            storage_module._parse_lines = real
        assert [m.start.day for m in week] == [2, 3, 4, 5, 6, 7, 8]
        docs_parsed = sum(lines.count(b",\n") + 1 for lines in parsed)
        assert docs_parsed < 15  # the week's lines and their neighbours, not all 60
        # The same answer as from the fully parsed table.
        everything = again.meetings()
        assert week == [m for m in everything if lo <= m.start < hi]


def test_writing_other_tables_keeps_the_unparsed_meetings_intact(store, client, db_path):
    _fill(store, client)
    store.close()
    with Store.open(db_path) as again:
        again.save_settings(Settings(name="Søren"))  # meetings still unparsed
        again.save_client(Client(name="Ny kunde"))
    with Store.open(db_path, read_only=True) as check:
        before = check.meetings()
        assert len(before) == 60 and before[0].notes == "linje 1\nlinje 2"
        assert before[1].source == Source("uid-1")
        assert check.settings().name == "Søren"
    # Meetings are written last, so the next open can again read a week without parsing them all.
    text = db_path.read_text(encoding="utf-8")
    assert text.index('"meetings":{') > text.index('"settings":{')


def test_a_failed_write_rolls_back_to_the_lazy_state(store, client, db_path, monkeypatch):
    _fill(store, client, days=5)
    store.close()
    with Store.open(db_path) as again:
        before = db_path.read_bytes()
        monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "No space left on device")))
        with pytest.raises(StoreError, match="no space left on the disk holding"):
            again.save_client(Client(name="Fylder disken"))
        monkeypatch.undo()
        assert db_path.read_bytes() == before
        assert len(again.meetings_between(datetime(2026, 10, 1, tzinfo=CPH), datetime(2026, 10, 9, tzinfo=CPH))) == 5
        assert [c.name for c in again.clients()] == [client.name]


def test_a_week_read_by_bisection_matches_the_full_table(tmp_path):
    """Property: whatever the meetings (long ones, other zones, same start), the week read from
    the unparsed, start-ordered block equals the week filtered from the fully parsed table."""
    from hypothesis import given, settings as hsettings, strategies as st

    zones = [CPH, ZoneInfo("America/New_York"), ZoneInfo("Pacific/Auckland"), timezone.utc]
    meeting = st.tuples(
        st.integers(0, 20), st.integers(0, 23 * 4), st.integers(1, 60 * 24 * 8), st.sampled_from(zones),
    )

    @hsettings(max_examples=40, deadline=None)
    @given(st.lists(meeting, max_size=30), st.integers(0, 25), st.integers(1, 8))
    def check(specs, window_day, window_days):
        path = tmp_path / "prop.json"
        path.unlink(missing_ok=True)
        base = datetime(2026, 9, 1, tzinfo=CPH)
        with Store.open(path) as store:
            client = Client(name="Ærø")
            store.save_client(client)
            store.save_meetings(
                Meeting(client.id, f"m{n}", (base + timedelta(days=d, minutes=15 * q)).astimezone(tz),
                        (base + timedelta(days=d, minutes=15 * q + length)).astimezone(tz))
                for n, (d, q, length, tz) in enumerate(specs)
            )
        lo = base + timedelta(days=window_day)
        hi = lo + timedelta(days=window_days)
        with Store.open(path, read_only=True) as lazy:
            week = lazy.meetings_between(lo, hi)
            everything = lazy.meetings()
        expected = [m for m in everything if m.start < hi and m.end > lo]
        assert sorted(m.id for m in week) == sorted(m.id for m in expected)

    check()
