"""The planner database file: an atomic, crash-safe TinyDB storage and its file format.

The file is one UTF-8 JSON object::

    {"schema_version":2,
    "clients":{
    "<uuid>":{"name":"[VIP] Ærø & Co","tier":"key",...}},
    "settings":{
    "user":{...}},
    "drafts":{},
    "meetings":{
    "<uuid>":{"client_id":"<uuid>","title":"Statusmøde","start":"2026-12-01T14:00:00+01:00",
              "end":"2026-12-01T15:30:00+01:00","tz":"Europe/Copenhagen","location":"client-site"}},
    "checksum":"crc32:8d1f0c2a"}

Every table is a TinyDB table whose document ids are our own UUIDs; one document a line, so the
file reads and diffs well. Meetings leave out fields at their schema-1 default (MEETING_DEFAULTS).
The document shapes are checked (``check_document``) before anything is written, so the planner
never writes a file it cannot read back, and when a file is read: the clients, settings and drafts
always, the meetings unless the last line's checksum shows the file is exactly as planner wrote it
(checking 5,000 meetings costs more than parsing them). A file whose checksum does not match (a
hand edit, or a damaged disk) is checked entry by entry and opened with a warning that says so
(``warnings``); its ``.bak`` is then never replaced by it, so the last good copy survives.

Only a regular file is read (not a FIFO or a device, which could block or never end). A file the
user made read-only (no write permission for anyone, or none for us) is never replaced:
``StoreReadOnly``. Every save keeps the file's mode, and its owner and group where the system
lets us. The storage works on the path it is given; the store resolves a symbolic link first, so
the link stays a link and the file it points to is the one written.

Writing is atomic: the whole state is serialised, written to a temp file in the same folder,
flushed and fsynced, moved over the old file with ``os.replace`` and the folder is fsynced. A crash
at any moment leaves either the old or the new file, never a mix; stray temp files are removed the
next time the file is opened for writing. TinyDB asks the storage for the whole state on every
query, so the parsed state is kept in memory after the first read (we hold the file's lock, so
nobody else changes it); writes still go straight to disk.

Reading a week does not parse every meeting: in a file that is exactly as planner wrote it (the
checksum matches) the meetings table is the last block, one meeting a line, so it is kept as bytes
until something needs all of it (``_Tables``), and ``scan_meetings`` parses only the lines whose
dates come near the week asked for. On 5,000 meetings that is most of ``planner agenda``'s time.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from planner.formats import number
from planner.i18n import _
from planner.services.errors import StoreError, StoreReadOnly
from planner.services.files import NotRegularFile, atomic_write, is_read_only, os_reason, read_regular
from planner.services.schema import SCHEMA_VERSION, TABLES, check_document, migrate_v0, migrate_v1


class StrIdTable(Table):
    """A TinyDB table whose document ids are our own UUID strings."""

    document_id_class = str


class PlannerDB(TinyDB):
    table_class = StrIdTable


# The last line of a file we wrote: `,"checksum":"crc32:<crc of everything before it>"}`.
_CHECKSUM_MARK = b',\n"checksum":"crc32:'


def _written_by_us(raw: bytes) -> bool:
    """Whether ``raw`` ends with a checksum line that matches the rest: then the file is exactly
    as planner wrote it, and planner checks every entry before writing it. A hand-edited file
    fails this and gets every entry checked on reading."""
    cut = raw.rfind(_CHECKSUM_MARK)
    if cut < 0:
        return False
    tail = raw[cut + len(_CHECKSUM_MARK) :]
    return tail == b'%08x"}\n' % zlib.crc32(memoryview(raw)[:cut])  # no copy of the file


def _temp_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(re.escape(f".{target.name}.") + r"[0-9a-f]{8}\.tmp\Z")


# In a file we wrote, the meetings block starts so and runs up to the checksum line.
_MEETINGS_BLOCK = b',\n"meetings":{\n'
_MEETING_LINE = re.compile(rb'"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}":\{"client_id":')
_LONGEST_KEY = "meetings_longest_days"
_START_KEY = b'"start":"'
_END_KEY = b'"end":"'


def _split_meetings(raw: bytes) -> tuple[bytes, bytes] | None:
    """For a file we wrote (checksum already verified): the file without its meetings block, as a
    JSON object, and the block's lines (``"<id>":{...}`` joined by ``,\n``). None if the file is
    not laid out that way (an older layout, or no meetings): then it is parsed whole."""
    cut = raw.rfind(_CHECKSUM_MARK)
    start = raw.rfind(_MEETINGS_BLOCK, 0, cut)
    if cut < 0 or start < 0 or raw[cut - 1 : cut] != b"}":
        return None
    block = raw[start + len(_MEETINGS_BLOCK) : cut - 1]
    # Only meeting lines may follow: no table opens on a line of its own ("name":{ and a line
    # break), and the last line is a meeting. Otherwise another table follows (an earlier layout),
    # and the file is parsed whole. (Searching for "{\n" is fast: line breaks are rare.)
    if b"{\n" in block or not _MEETING_LINE.match(block, block.rfind(b"\n") + 1):
        return None
    return raw[:start] + b"}", block


def _parse_lines(lines: bytes) -> dict[str, dict]:
    return json.loads(b"{" + lines + b"}")


_LONG_NUMBER = re.compile(rb'"([^"\\]{1,40})":\s*-?\d{1000,}')


def _too_long(raw: bytes) -> str:
    """Where a number too long for Python to read is (JSON has no limit; Python's is 4,300 digits)."""
    found = _LONG_NUMBER.search(raw)
    if found is None:
        return _("it holds a number too long to read")
    line = raw.count(b"\n", 0, found.start()) + 1
    field = found.group(1).decode("utf-8", "replace")
    digits = len(found.group(0)) - len(found.group(1)) - 3
    return _("its '{field}' on line {line} is a number of {digits} digits").format(
        field=field, line=line, digits=number(digits))



def _by_start(item: tuple[str, dict]) -> str:
    return item[1].get("start", "")


def _longest_days(docs) -> int:
    """The most days any meeting spans, from its start date to its end date as written."""
    longest = 0
    for doc in docs:
        start, end = doc.get("start", ""), doc.get("end", "")
        if start[:10] != end[:10]:
            try:
                days = (date.fromisoformat(end[:10]) - date.fromisoformat(start[:10])).days
            except ValueError:
                continue
            longest = max(longest, days)
    return longest


def _start_date(block: bytes, line_start: int) -> bytes:
    i = block.find(_START_KEY, line_start) + len(_START_KEY)
    return block[i : i + 10]


def _first_line_starting(block: bytes, key: bytes) -> int:
    """The offset of the first line whose start date is ``key`` or later, in a block whose lines
    are in start order (binary search on the bytes: no splitting into lines)."""
    lo, hi = 0, len(block)  # lo is always a line start; the answer lies in [lo, hi]
    while lo < hi:
        mid = (lo + hi) // 2
        line = block.rfind(b"\n", lo, mid) + 1 or lo
        if _start_date(block, line) < key:
            after = block.find(b"\n", line)
            lo = len(block) if after < 0 else after + 1
        else:
            hi = line
    return lo


class _Tables(dict):
    """The tables of a file, with the meetings table parsed only when something asks for it.

    TinyDB reaches a table as ``tables[name]``, which calls ``__missing__`` for the one not parsed
    yet. Until then ``raw_meetings`` holds its lines, which ``serialize`` writes back unchanged.
    """

    __slots__ = ("raw_meetings", "longest_days")

    def __init__(self, tables: dict[str, dict], raw_meetings: bytes | None, longest_days: int | None) -> None:
        super().__init__(tables)
        self.raw_meetings = raw_meetings
        # How many days the longest meeting spans (end date - start date), written with the file:
        # with the lines in start order it bounds how far back a week's meetings can start.
        self.longest_days = longest_days

    def __missing__(self, name: str) -> dict[str, dict]:
        if name != "meetings" or self.raw_meetings is None:
            raise KeyError(name)
        table = _parse_lines(self.raw_meetings)
        self.raw_meetings = None
        self["meetings"] = table
        return table


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file (see the module docstring)."""

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        # What is on disk: its bytes and (parsed) the state TinyDB works on.
        self._disk_bytes: bytes | None = None
        self._data: dict[str, dict] = {}
        self._good_bytes: bytes | None = None  # the file as read at open, for the .bak copy
        self._backed_up = False
        self._batch_depth = 0
        self._dirty = False
        self.generation = 0  # bumped on every change of the in-memory state
        self.on_change: Callable[[], None] | None = None
        self.migrated_from: int | None = None
        self.checksum_mismatch = False  # the file has a checksum line that does not match
        self.warnings: list[str] = []  # what a person should know about the file as it was read
        self._load()

    # -- reading --------------------------------------------------------------------------------

    def _read_only_error(self) -> StoreReadOnly:
        return StoreReadOnly(_("cannot save: {path} is read-only").format(path=self.path))

    def _damaged(self, what: str) -> StoreError:
        if self.backup_path.is_file():
            text = _("cannot read {path}: {what}; restore it from {backup}, or move it away to start fresh "
                     "(it was left as it is)")
        else:
            text = _("cannot read {path}: {what}; move it away to start fresh (it was left as it is)")
        return StoreError(text.format(path=self.path, what=what, backup=self.backup_path))

    def _load(self) -> None:
        if not self.read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(_("cannot create the folder {folder}: {reason}").format(
                    folder=self.path.parent, reason=os_reason(exc, self.path.parent))) from None
            self._remove_stray_temp_files()
        try:
            raw = read_regular(self.path)
        except FileNotFoundError:
            self._data = {name: {} for name in TABLES}
            if not self.read_only:
                self._disk_bytes = b""  # nothing to roll back to but an empty store
                self._commit()
            return
        except NotRegularFile as exc:
            raise StoreError(_("cannot read {path}: it is {kind}; give the path of a file").format(
                path=self.path, kind=exc.kind)) from None
        except OSError as exc:
            raise StoreError(_("cannot read {path}: {reason}").format(
                path=self.path, reason=os_reason(exc, self.path))) from None
        if not self.read_only and is_read_only(self.path):
            raise self._read_only_error()
        data = self._parse(raw)
        if self.checksum_mismatch:
            self.warnings.append(_(
                "{path} was changed outside planner (its checksum does not match): every entry was "
                "checked and it reads fine; if you did not edit it, compare it with {backup}, which "
                "planner keeps as it is").format(path=self.path, backup=self.backup_path))
        self._disk_bytes = raw
        self._good_bytes = raw
        self._data = data
        if self.migrated_from is not None and not self.read_only:
            self._commit()

    def _parse(self, raw: bytes) -> dict[str, dict]:
        if not raw or raw.isspace():  # (strip() would copy the whole file)
            raise self._damaged(_("the file is empty"))
        # A file we wrote (its checksum matches) is valid UTF-8, so only the part parsed now is
        # decoded; the meetings block is decoded line by line as it is parsed.
        lazy = _split_meetings(raw) if _written_by_us(raw) else None
        raw_meetings = None
        try:
            text = (lazy[0] if lazy is not None else raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self._damaged(_("it is not UTF-8 text (byte {n})").format(n=exc.start)) from None
        if lazy is not None:
            raw_meetings = lazy[1]
        data = self._json(text, raw)
        checksum = data.pop("checksum", None)
        longest_days = data.pop(_LONGEST_KEY, None)
        trusted = lazy is not None or (checksum is not None and _written_by_us(raw))
        self.checksum_mismatch = checksum is not None and not trusted
        version = data.pop("schema_version", None)
        if version is None:
            try:
                data = migrate_v0(data)
            except ValueError as exc:
                raise self._damaged(_("it looks like an old planner file but {why}").format(why=exc)) from None
            self.migrated_from = 0
            version = 1
        elif type(version) is not int or version < 1:
            raise self._damaged(_("its schema_version {version} is not a version number").format(version=repr(version)))
        elif version > SCHEMA_VERSION:
            raise StoreError(_(
                "cannot read {path}: it was written by a newer planner (schema {version}; this "
                "one reads up to {latest}); upgrade planner to open it (it was left as it is)").format(
                path=self.path, version=version, latest=SCHEMA_VERSION))
        if version == 1:  # schema 2 is schema 1 with another language default; same layout
            data = migrate_v1(data)
            if self.migrated_from is None:
                self.migrated_from = 1
        self._check_tables(data, trusted)
        if raw_meetings is not None and "meetings" not in data:
            ordered = {name: data.pop(name, {}) for name in TABLES if name != "meetings"}
            ordered.update(data)  # tables this version does not know are kept as they are
            if type(longest_days) is not int or longest_days < 0:
                longest_days = None  # not written by this layout: scan every line
            return _Tables(ordered, raw_meetings, longest_days)
        if raw_meetings is not None:  # not a layout to read lazily after all: parse it whole
            data["meetings"] = _parse_lines(raw_meetings)
        for name in TABLES:
            data.setdefault(name, {})
        return data

    def _json(self, text: str, raw: bytes) -> dict:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise self._damaged(_("it is not valid JSON ({why} at line {line} column {column})").format(
                why=exc.msg.removesuffix(" at"), line=exc.lineno, column=exc.colno)) from None
        except RecursionError:
            raise self._damaged(_("it is not valid JSON (nested too deeply)")) from None
        except ValueError:  # Python reads integers of at most 4,300 digits
            raise self._damaged(_too_long(raw)) from None
        if type(data) is not dict:
            raise self._damaged(_("it holds no planner data (not a JSON object)"))
        return data

    def _check_tables(self, data: dict, trusted: bool) -> None:
        """Every entry of every table; in a file we wrote (``trusted``) only the small tables."""
        for name, table in data.items():
            if type(table) is not dict:
                raise self._damaged(_("the '{name}' table is not a JSON object").format(name=name))
            if trusted and name == "meetings":
                continue  # every entry was checked before it was written
            for key, doc in table.items():
                if (why := check_document(name, doc)) is not None:
                    raise self._damaged(_("{table} entry {key}: {why}").format(table=name, key=key, why=why))

    def scan_meetings(self, near: Callable[[dict], bool], first: str, last: str) -> list[tuple[str, dict]] | None:
        """Meeting documents for which ``near`` holds, parsing only the lines whose start date is
        at most ``last`` and end date at least ``first`` (ISO dates; ``near`` must imply that).
        None once the meetings table is parsed: ask TinyDB then."""
        data = self._data
        block = data.raw_meetings if isinstance(data, _Tables) else None
        if block is None:
            return None
        hi, lo = last.encode(), first.encode()
        pos = 0
        if data.longest_days is not None:
            # Lines are in start order: skip, by bisection, those that start too early to reach lo.
            earliest = (date.fromisoformat(first) - timedelta(days=data.longest_days)).isoformat()
            pos = _first_line_starting(block, earliest.encode())
        lines = []
        size = len(block)
        while pos < size:
            end = block.find(b"\n", pos)
            end = size if end < 0 else end
            line = block[pos:end]
            pos = end + 1
            i = line.find(_START_KEY) + len(_START_KEY)
            j = line.find(_END_KEY) + len(_END_KEY)
            start_date = line[i : i + 10]
            if data.longest_days is not None and start_date > hi:
                break  # in start order: nothing later can start in time
            if start_date > hi or line[j : j + 10] < lo:
                continue
            lines.append(line.rstrip(b","))
        if not lines:
            return []
        # One parse for every line kept (a parse a line costs twice as much on a few hundred).
        return [(doc_id, doc) for doc_id, doc in _parse_lines(b",".join(lines)).items() if near(doc)]

    def meetings_with_prefix(self, prefix: str) -> list[tuple[str, dict]] | None:
        """Meeting documents whose id starts with ``prefix`` (lower-case hex and hyphens), parsing
        only their lines; None once the meetings table is parsed (ask TinyDB then)."""
        data = self._data
        block = data.raw_meetings if isinstance(data, _Tables) else None
        if block is None:
            return None
        found = []
        key = ('"' + prefix).encode()
        at = 0 if block.startswith(key) else block.find(b"\n" + key) + 1
        while at > 0 or (at == 0 and block.startswith(key)):
            end = block.find(b"\n", at)
            line = block[at:] if end < 0 else block[at:end]
            found.extend(_parse_lines(line.rstrip(b",")).items())
            if end < 0:
                break
            nxt = block.find(b"\n" + key, end)
            if nxt < 0:
                break
            at = nxt + 1
        return found

    def read(self) -> dict[str, dict]:
        return self._data

    # -- writing --------------------------------------------------------------------------------

    def write(self, data: dict[str, dict]) -> None:
        self._data = data
        self.generation += 1
        if self.read_only:
            self.rollback()
            raise StoreError(_("{path} is open read-only (--read-only); nothing was saved").format(path=self.path))
        if self._batch_depth:
            self._dirty = True
            return
        self._commit()

    @staticmethod
    def serialize(data: dict[str, dict]) -> bytes:
        """The file's bytes for ``data``: one document a line, then the checksum line."""
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        raw_meetings = data.raw_meetings if isinstance(data, _Tables) else None
        names = [name for name in data if name != "meetings"]
        if raw_meetings is not None or "meetings" in data:
            names.append("meetings")  # last: see _split_meetings
        parts = [f'{{"schema_version":{SCHEMA_VERSION}']
        for name in names:
            if name == "meetings" and raw_meetings is not None:
                if data.longest_days is not None:
                    parts.append(f'"{_LONGEST_KEY}":{data.longest_days}')
                parts.append(f'"meetings":{{\n{raw_meetings.decode("utf-8")}}}')
                continue
            table = data[name]
            items = table.items()
            if name == "meetings" and table:
                # In start order, with the longest span, so a week can be found by bisection.
                items = sorted(items, key=_by_start)
                parts.append(f'"{_LONGEST_KEY}":{_longest_days(table.values())}')
            docs = ",\n".join(f"{dumps(str(key))}:{dumps(doc)}" for key, doc in items)
            parts.append(f"{dumps(name)}:{{\n{docs}}}" if docs else f"{dumps(name)}:{{}}")
        body = ",\n".join(parts).encode("utf-8")
        return body + b'%s%08x"}\n' % (_CHECKSUM_MARK, zlib.crc32(body))

    def _commit(self) -> None:
        """Write the in-memory state to disk; on failure roll it back to what is on disk."""
        try:
            payload = self.serialize(self._data)
        except (TypeError, ValueError) as exc:
            self.rollback()
            raise StoreError(_("could not save to {path}: {why}; nothing was changed").format(
                path=self.path, why=exc)) from None
        if self._disk_bytes and is_read_only(self.path):
            self.rollback()
            raise self._read_only_error()
        try:
            if not self._backed_up and self._good_bytes is not None:
                # A file that does not match its checksum never replaces the last good copy.
                if not (self.checksum_mismatch and self.backup_path.exists()):
                    atomic_write(self.backup_path, self._good_bytes)
            self._backed_up = True
            self._replace(payload)
        except OSError as exc:
            self.rollback()
            reason = os_reason(exc, self.path.parent)
            raise StoreError(_("could not save to {path}: {why}; nothing was changed").format(
                path=self.path, why=reason)) from None
        except BaseException:
            self.rollback()
            raise
        self._disk_bytes = payload

    def _replace(self, payload: bytes) -> None:
        try:
            atomic_write(self.path, payload)
        except OSError:
            if self._disk_bytes is not None and self.path.is_file() and self.path.read_bytes() == payload:
                # Only the folder fsync failed: the new file is in place. Put the old one back.
                try:
                    if self._disk_bytes:
                        atomic_write(self.path, self._disk_bytes)
                    else:
                        self.path.unlink()
                except OSError:
                    pass
            raise

    def rollback(self) -> None:
        """Forget unsaved changes: the in-memory state becomes what is on disk again."""
        self._dirty = False
        if self._disk_bytes:
            self._data = self._parse(self._disk_bytes)
        else:
            self._data = {name: {} for name in TABLES}
        self.generation += 1
        if self.on_change is not None:
            self.on_change()

    # -- batches --------------------------------------------------------------------------------

    def begin(self) -> None:
        self._batch_depth += 1

    def end(self, ok: bool) -> None:
        self._batch_depth -= 1
        if not ok:
            if self._dirty:
                self.rollback()
            return
        if self._batch_depth == 0 and self._dirty:
            self._dirty = False
            self._commit()

    # -- housekeeping ---------------------------------------------------------------------------

    def _remove_stray_temp_files(self) -> None:
        patterns = (_temp_pattern(self.path), _temp_pattern(self.backup_path))
        try:
            names = os.listdir(self.path.parent)
        except OSError:
            return
        for name in names:
            if any(p.match(name) for p in patterns):
                try:
                    os.unlink(self.path.parent / name)
                except OSError:
                    pass

    def close(self) -> None:
        pass
