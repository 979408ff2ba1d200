"""Hostile files around the data file (issue 13): a planted lock link, a linked or read-only data
file, an export onto a device or onto the data file itself, a full disk, a bit flip, extreme
numbers. Each is refused or handled with a line naming the path, and nothing is lost."""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import threading
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from planner.domain.errors import PlannerError
from planner.domain.models import Client, Meeting
from planner.services.store import Store, StoreError, StoreLocked, StoreReadOnly
from support import CPH, TODAY

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links, FIFOs and modes are POSIX")


def _fill(path: Path) -> None:
    with Store.open(path) as store:
        client = Client(name="Acme", share=20.0)
        store.save_client(client)
        store.save_meeting(Meeting(client.id, "Statusmøde", datetime(2026, 12, 1, 9, tzinfo=CPH),
                                   datetime(2026, 12, 1, 10, tzinfo=CPH), travel_minutes=30))


def _titles(path: Path) -> list[str]:
    with Store.open(path, read_only=True) as store:
        return [m.title for m in store.meetings()]


# -- the lock -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["symlink", "hard link"])
def test_a_planted_lock_link_is_refused_and_its_target_untouched(db_path, tmp_path, kind):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock = db_path.with_name(db_path.name + ".lock")
    if kind == "symlink":
        lock.symlink_to(victim)
    else:
        os.link(victim, lock)
    with pytest.raises(StoreError) as caught:
        Store.open(db_path)
    assert f"its lock file {lock}" in str(caught.value) and "remove it and try again" in str(caught.value)
    assert ("symbolic link" if kind == "symlink" else "hard link") in str(caught.value)
    assert victim.read_text() == "precious\n"
    assert not db_path.exists()


def test_a_lock_path_that_is_not_a_regular_file_is_refused_without_blocking(db_path):
    os.mkfifo(db_path.with_name(db_path.name + ".lock"))
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(_open_or_error(db_path)), daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "opening the store blocked on a FIFO lock"
    assert isinstance(outcome[0], StoreError) and "is a FIFO (named pipe), not a regular file" in str(outcome[0])


def _open_or_error(path: Path):
    try:
        Store.open(path).close()
    except StoreError as exc:
        return exc
    return None


def test_a_full_disk_while_writing_the_pid_is_a_clear_error(db_path, monkeypatch, cli):
    _fill(db_path)
    before = db_path.read_bytes()

    def full(fd, data, offset):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    result = cli("clients", "add", "Nordlys")
    assert result.code == 1
    lock = db_path.with_name(db_path.name + ".lock")
    assert result.err == (f"planner: error: cannot lock {db_path}: writing {lock} failed: no space left on the "
                          f"disk holding {db_path.parent}; nothing was changed\n")
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    with Store.open(db_path) as store:  # the lock was let go
        assert [c.name for c in store.clients()] == ["Acme"]


# -- a linked data file --------------------------------------------------------------------------------


def test_a_linked_data_file_is_written_through_and_locked_as_one(tmp_path):
    target = tmp_path / "real" / "planner.json"
    target.parent.mkdir()
    _fill(target)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with Store.open(link) as store:
        store.save_client(Client(name="Nordlys"))
        with pytest.raises(StoreLocked):
            Store.open(target)  # the same file under its other name: the same lock
    with Store.open(target) as store:
        with pytest.raises(StoreLocked):
            Store.open(link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    with Store.open(target, read_only=True) as store:
        assert [c.name for c in store.clients()] == ["Acme", "Nordlys"]
    assert not (tmp_path / "link.json.bak").exists() and (target.parent / "planner.json.bak").exists()


# -- a read-only data file ------------------------------------------------------------------------------


def test_a_read_only_data_file_is_never_replaced(db_path, cli):
    _fill(db_path)
    os.chmod(db_path, 0o444)
    before = db_path.read_bytes()
    with pytest.raises(StoreReadOnly, match=f"^cannot save: {db_path} is read-only$"):
        Store.open(db_path)
    result = cli("clients", "add", "Nordlys")
    assert (result.code, result.err) == (1, f"planner: error: cannot save: {db_path} is read-only\n")
    assert cli("agenda", "--week", "2026-W49").code == 0  # reading is fine
    assert db_path.read_bytes() == before and stat.S_IMODE(db_path.stat().st_mode) == 0o444


def test_a_file_made_read_only_while_open_is_not_replaced(db_path):
    _fill(db_path)
    with Store.open(db_path) as store:
        os.chmod(db_path, 0o444)
        before = db_path.read_bytes()
        with pytest.raises(StoreReadOnly, match="is read-only"):
            store.save_client(Client(name="Nordlys"))
        assert [c.name for c in store.clients()] == ["Acme"]  # rolled back
    assert db_path.read_bytes() == before


def test_every_save_keeps_the_mode_and_owner(db_path):
    _fill(db_path)
    os.chmod(db_path, 0o640)
    if os.geteuid() == 0:
        os.chown(db_path, 4321, 4321)
    with Store.open(db_path) as store:
        store.save_client(Client(name="Nordlys"))
    info = db_path.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (4321, 4321)
    assert _titles(db_path) == ["Statusmøde"]


# -- export-ics --out ----------------------------------------------------------------------------------


def _export(store, out: str, *, force: bool = False, stdout=None):
    import io

    from planner.services.ics_export import write_ics

    stdout = stdout or io.StringIO()
    return write_ics("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", out, force=force, data_file=store.path,
                     stdout=stdout, example="2026-W49.ics"), stdout


def test_export_to_standard_output_a_device_and_a_fifo_writes_into_them(store, tmp_path):
    written, stdout = _export(store, "-")
    assert written is None and stdout.getvalue().startswith("BEGIN:VCALENDAR")
    assert _export(store, "/dev/null", force=True)[0] == Path("/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()), daemon=True)  # noqa: SIM115
    reader.start()
    for _ in range(200):  # the reader opens the FIFO in its own time
        try:
            _export(store, str(fifo))
            break
        except PlannerError as exc:
            assert "nothing is reading from" in str(exc)
            threading.Event().wait(0.01)
    reader.join(10)
    assert received == [b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_to_a_fifo_nobody_reads_is_refused_without_blocking(store, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(PlannerError, match=f"nothing is reading from {fifo}"):
        _export(store, str(fifo), force=True)


def test_export_replaces_only_regular_files_and_only_with_force(store, tmp_path):
    existing = tmp_path / "week.ics"
    existing.write_text("old")
    with pytest.raises(PlannerError, match="already exists; pass --force"):
        _export(store, str(existing))
    _export(store, str(existing), force=True)
    assert existing.read_text().startswith("BEGIN:VCALENDAR")
    link = tmp_path / "link.ics"
    link.symlink_to(existing)
    _export(store, str(link), force=True)
    assert link.is_symlink()  # written through the link, which stays
    with pytest.raises(PlannerError, match="is a folder; give a file name such as"):
        _export(store, str(tmp_path), force=True)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock"))
        with pytest.raises(PlannerError, match="is a socket; give a file name such as 2026-W49.ics"):
            _export(store, str(tmp_path / "sock"), force=True)
    finally:
        server.close()


@pytest.mark.parametrize("name", ["", ".bak", ".lock"])
def test_export_onto_the_data_file_under_another_name_is_refused(db_path, tmp_path, name):
    _fill(db_path)
    with Store.open(db_path) as store:
        store.save_client(Client(name="Nordlys"))  # the first change of a session writes the .bak
        own = db_path.with_name(db_path.name + name)
        before = own.read_bytes()
        other = tmp_path / "other"
        other.mkdir()
        os.link(own, other / "hard.ics")
        (other / "soft.ics").symlink_to(own)
        for alias in (other / "hard.ics", other / "soft.ics"):
            with pytest.raises(PlannerError, match="is planner's own data file"):
                _export(store, str(alias), force=True)
        assert own.read_bytes() == before


# -- crash logs ------------------------------------------------------------------------------------------


def test_four_crashes_in_one_second_leave_four_logs(monkeypatch, cli):
    import planner.cli as cli_module
    from planner.resources import state_dir
    from planner.services import crashlog

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 2, 10, 0, 0)

    monkeypatch.setattr(crashlog, "datetime", Frozen)  # four crashes in the same microsecond, even
    monkeypatch.setattr(cli_module, "_dispatch", lambda *a: 1 / 0)
    errors = [cli("agenda").err for _ in range(4)]
    logs = sorted(p.name for p in state_dir().glob("crash-*.log"))
    assert logs == ["crash-20261202-100000-000000-1.log", "crash-20261202-100000-000000-2.log",
                    "crash-20261202-100000-000000-3.log", "crash-20261202-100000-000000.log"]
    assert len({err.rsplit(" ", 1)[-1] for err in errors}) == 4
    assert all("ZeroDivisionError" in (state_dir() / name).read_text() for name in logs)


# -- a bit flip ----------------------------------------------------------------------------------------


def test_a_checksum_mismatch_is_said_and_the_backup_kept(db_path, cli):
    _fill(db_path)
    with Store.open(db_path) as store:  # a second session: the .bak holds the good file
        store.save_client(Client(name="Nordlys"))
    backup = db_path.with_name(db_path.name + ".bak")
    good_backup = backup.read_bytes()
    raw = db_path.read_bytes()
    flipped = raw.replace("Statusmøde".encode(), "Statusmøce".encode())  # one bit of one letter
    assert flipped != raw
    db_path.write_bytes(flipped)
    with Store.open(db_path) as store:
        assert any("its checksum does not match" in w for w in store.warnings)
        store.save_client(Client(name="Bonjour"))
    assert backup.read_bytes() == good_backup  # never replaced by the damaged file
    result = cli("agenda", "--week", "2026-W49")
    assert result.code == 0 and "planner: warning:" not in result.err  # planner wrote it since
    db_path.write_bytes(db_path.read_bytes().replace(b"Bonjour", b"Bonjoux"))
    result = cli("agenda", "--week", "2026-W49")
    assert result.code == 0
    assert result.err.startswith(f"planner: warning: {db_path} was changed outside planner (its checksum does not "
                                 "match)")


# -- extreme values --------------------------------------------------------------------------------------


def _edit(path: Path, table: str, field: str, value: str, *, fix_checksum: bool) -> None:
    """Put ``value`` (JSON text) into the first entry of ``table``, as a hand edit would."""
    data = json.loads(path.read_bytes())
    entry = next(iter(data[table].values()))
    entry[field] = "@@VALUE@@"
    data.pop("checksum", None)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace('"@@VALUE@@"', value)
    body = body[:-1]  # the closing brace: the checksum line ends the object
    if fix_checksum:
        raw = body.encode()
        path.write_bytes(raw + b',\n"checksum":"crc32:%08x"}\n' % zlib.crc32(raw))
    else:
        path.write_bytes(body.encode() + b"}\n")


_EXTREMES = [
    ("meetings", "travel_minutes", "9" * 5000, "its 'travel_minutes' on line 1 is a number of 5,000 digits"),
    ("meetings", "travel_minutes", "1" + "0" * 30, "'travel_minutes' is a number of 31 digits; it must be between 0"),
    ("clients", "share", "1e400", "'share' is inf; it must be between 0 and 100"),
    ("settings", "slot_window_days", "1000000", "'slot_window_days' is 1000000; it must be between 1 and 366"),
    ("settings", "sync_minutes", "-5", "'sync_minutes' is -5; it must be between 0 and 1440"),
    ("settings", "timezone", '"Mars/Olympus_Mons"', "'timezone' is not a known time zone name"),
    ("meetings", "start", '"9999-12-31T23:00:00+00:00"', "is outside the years 1900-2199"),
]


@pytest.mark.parametrize(("table", "field", "value", "message"), _EXTREMES)
def test_extreme_values_are_refused_naming_the_file_and_field(db_path, table, field, value, message):
    _check_refused(db_path, table, field, value, message, fix_checksum=False)


@pytest.mark.parametrize(("table", "field", "value", "message"), [e for e in _EXTREMES if e[0] != "meetings"] + [
    _EXTREMES[0]])
def test_extreme_values_are_refused_even_with_a_matching_checksum(db_path, table, field, value, message):
    """The small tables are checked even in a file planner wrote (the meetings are checked before
    they are written: checking 5,000 of them on every read costs more than parsing them)."""
    _check_refused(db_path, table, field, value, message, fix_checksum=True)


def _check_refused(db_path, table, field, value, message, *, fix_checksum):
    _fill(db_path)
    with Store.open(db_path) as store:
        store.save_settings(store.settings())
    _edit(db_path, table, field, value, fix_checksum=fix_checksum)
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(db_path)
    assert str(caught.value).startswith(f"cannot read {db_path}: ")
    assert message in str(caught.value)
    assert db_path.read_bytes() == before


def test_the_store_refuses_dates_outside_the_years_it_works_with(store):
    client = Client(name="Acme")
    store.save_client(client)
    far = Meeting(client.id, "Far", datetime(2200, 1, 1, 9, tzinfo=CPH), datetime(2200, 1, 1, 10, tzinfo=CPH))
    with pytest.raises(PlannerError, match="cannot save meeting 'Far': 'start' .* is outside the years 1900-2199"):
        store.save_meeting(far)
    assert store.meetings() == []
    assert TODAY.year in range(1900, 2200)


@pytest.mark.parametrize("command", [("agenda",), ("clients", "add", "Acme")], ids=["read", "write"])
def test_a_data_file_that_is_a_fifo_or_a_device_is_refused_without_blocking(tmp_path, run_planner, command):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "a FIFO (named pipe)"), (Path("/dev/zero"), "a character device")):
        result = run_planner("--db", str(path), "--today", TODAY.isoformat(), *command, timeout=30)
        assert result.returncode == 1, result.stderr
        assert result.stderr == f"planner: error: cannot read {path}: it is {kind}; give the path of a file\n"
        assert not Path(f"{path}.lock").exists()  # no lock file made beside a device or a FIFO
