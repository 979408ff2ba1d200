"""The planner database: clients, meetings, settings and drafts in one JSON file, via TinyDB.

``Store.open(path)`` takes the file's lock (``<file>.lock``, holding our pid) so that a second
running planner cannot write; ``read_only=True`` never takes it and refuses every save. The file
itself is written atomically by :mod:`planner.services.storage` (which holds the file format and
the schema migrations); a copy of the last good state is kept next to it as ``<file>.bak``.

Times are stored as ISO 8601 with their UTC offset plus the IANA zone name and come back as aware
datetimes in that zone. Ids are our own UUIDs; a unique prefix is enough to name a meeting.

One store may be used from several threads (the app syncs in a worker thread while the screen
reads): every public method holds the store's lock (a re-entrant ``threading.RLock``) while it runs, and
``batch()`` holds it from start to end, so another thread sees each change and each batch whole
or not at all. Hold no lock of your own that the other thread waits for while inside a batch.

This module imports TinyDB only when a store is opened, so ``resolve_db_path`` and the errors are
cheap to import.
"""

from __future__ import annotations

import os
import re
from _thread import RLock  # the lock threading.RLock() makes, without importing threading (0.5 ms)
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from planner.domain.errors import PlannerError
from planner.i18n import _, ngettext
from planner.domain.timeutil import utc, zone
from planner.domain.models import Client, Draft, Meeting, Settings, source_key

from planner.services.documents import (
    client_from_doc,
    client_to_doc,
    draft_from_doc,
    draft_to_doc,
    meeting_from_doc,
    meeting_to_doc,
    settings_from_doc,
    settings_to_doc,
)
from planner.services.errors import StoreError, StoreLocked, StoreReadOnly
from planner.services.files import file_kind, is_read_only, os_reason
from planner.services.lock import PidLock

if TYPE_CHECKING:
    from planner.services.storage import AtomicJSONStorage

__all__ = ["Store", "StoreError", "StoreLocked", "StoreReadOnly", "resolve_db_path"]


def resolve_db_path(cli_value: str | None) -> Path:
    """The database file to use: ``--db`` wins, then ``PLANNER_DB``, then the default."""
    if cli_value is not None:
        if not cli_value.strip():
            raise PlannerError(_("--db needs the path of a database file"))
        return Path(cli_value).expanduser()
    if env := os.environ.get("PLANNER_DB", "").strip():
        return Path(env).expanduser()
    from planner.resources import default_db_path

    return default_db_path()


def _replace_with(doc: dict[str, Any]):
    def replace(stored: dict[str, Any]) -> None:
        stored.clear()
        stored.update(doc)

    return replace


class _MeetingsNear:
    """A TinyDB condition: meetings whose local dates come near [lo, hi] (ISO date strings).

    A local date differs from the UTC date by at most one day, so comparing the first ten
    characters of the stored ISO strings against the UTC dates widened by a day finds every
    meeting that can overlap; the exact check is done on the few that pass.
    """

    def __init__(self, lo: str, hi: str) -> None:
        self.lo = lo
        self.hi = hi

    def __call__(self, doc: dict[str, Any]) -> bool:
        return doc["start"][:10] <= self.hi and doc["end"][:10] >= self.lo

    def is_cacheable(self) -> bool:
        return False


def _start_key(m: Meeting) -> tuple:
    return (utc(m.start), utc(m.end), m.title.casefold(), m.id)


def _check_kind(path: Path) -> None:
    """StoreError when ``path`` exists and is not a regular file (a folder, a FIFO, a device)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing (it is created) or unreadable (reading says why)
    if not stat.S_ISREG(mode):
        raise StoreError(_("cannot read {path}: it is {kind}; give the path of a file").format(
            path=path, kind=file_kind(mode)))


# -- the store --------------------------------------------------------------------------------------

_F = TypeVar("_F")


def _locked(method: _F) -> _F:
    """The method runs holding the store's lock (see the module docstring)."""

    @wraps(method)
    def locked(self, *args, **kwargs):
        with self._mutex:
            return method(self, *args, **kwargs)

    return locked  # type: ignore[return-value]



_ID_PART = re.compile(r"[0-9a-f-]{1,36}")


class Store:
    """The open database. Use ``Store.open(path)``; close it (or use ``with``) when done."""

    def __init__(self, path: Path, *, read_only: bool, storage: AtomicJSONStorage, db: Any, lock: PidLock | None):
        self.path = path
        self.read_only = read_only
        self._mutex = RLock()
        self._storage = storage
        self._db = db
        self._lock = lock
        self._closed = False
        self._clients = db.table("clients")
        self._meetings = db.table("meetings")
        self._settings = db.table("settings")
        self._drafts = db.table("drafts")
        self._source_index: dict[str, str] | None = None
        self._source_gen = -1
        storage.on_change = self._forget_caches

    @classmethod
    def open(cls, path: str | os.PathLike, *, read_only: bool = False) -> Store:
        """Open the data file (created when missing, unless ``read_only``). A symbolic link is
        followed once, here: the lock, the temp file and the rename all work on the file it points
        to, so the link stays a link and a second planner opening either name is stopped by the same
        lock. A read-only file is refused for writing (StoreReadOnly)."""
        path = Path(path).expanduser()
        real = Path(os.path.realpath(path))
        lock = None
        if not read_only:
            _check_kind(real)  # before a lock file is made beside a device or a FIFO
            if is_read_only(real):
                raise StoreReadOnly(_("cannot save: {path} is read-only").format(path=path))
            try:
                real.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(_("cannot create the folder {folder}: {reason}").format(
                    folder=real.parent, reason=os_reason(exc, real.parent))) from None
            lock = PidLock(real.with_name(real.name + ".lock"), path)
            lock.acquire()
        try:
            from planner.services.storage import AtomicJSONStorage, PlannerDB

            db = PlannerDB(real, storage=AtomicJSONStorage, read_only=read_only)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, read_only=read_only, storage=db.storage, db=db, lock=lock)

    @_locked
    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._db.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    @_locked
    def warnings(self) -> list[str]:
        """What a person should know about the file as it was opened (say, its checksum did not
        match): the command line prints them, the app shows them."""
        return list(self._storage.warnings)

    @property
    @_locked
    def generation(self) -> int:
        """A number that changes whenever what the store holds changes (in this process): work
        read from the store in one thread can tell, holding a batch, whether another thread
        changed it meanwhile."""
        return self._storage.generation

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"<Store {self.path} {mode}>"

    # -- internals ------------------------------------------------------------------------------

    def _writable(self) -> None:
        if self._closed:
            raise StoreError(_("{path} is closed; nothing was saved").format(path=self.path))
        if self.read_only:
            raise StoreError(_("{path} is open read-only (--read-only); nothing was saved").format(path=self.path))

    def _forget_caches(self) -> None:
        for table in (self._clients, self._meetings, self._settings, self._drafts):
            table.clear_cache()
        self._source_index = None

    @staticmethod
    def _check(kind: str, what: str, doc: dict[str, Any]) -> None:
        from planner.services.schema import check_document

        if (why := check_document(kind, doc)) is not None:
            raise PlannerError(_("cannot save {what}: {why}").format(what=what, why=why))

    @staticmethod
    def _put(table: Any, doc_id: str, doc: dict[str, Any]) -> None:
        from tinydb.table import Document

        if table.contains(doc_id=doc_id):
            table.update(_replace_with(doc), doc_ids=[doc_id])
        else:
            table.insert(Document(doc, doc_id=doc_id))

    # -- clients --------------------------------------------------------------------------------

    @_locked
    def clients(self) -> list[Client]:
        found = [client_from_doc(d.doc_id, d) for d in self._clients]
        return sorted(found, key=lambda c: (c.name.casefold(), c.id))

    @_locked
    def client(self, client_id: str) -> Client:
        doc = self._clients.get(doc_id=client_id)
        if doc is None:
            raise PlannerError(_("no client with the id '{id}'; `planner clients` lists them").format(id=client_id))
        return client_from_doc(client_id, doc)

    @_locked
    def client_by_name(self, name: str) -> Client | None:
        wanted = name.strip().casefold()
        for doc in self._clients:
            if doc["name"].strip().casefold() == wanted:
                return client_from_doc(doc.doc_id, doc)
        return None

    @_locked
    def save_client(self, client: Client) -> None:
        self._writable()
        if not client.name.strip():
            raise PlannerError(_("a client needs a name"))
        other = self.client_by_name(client.name)
        if other is not None and other.id != client.id:
            raise PlannerError(_("there is already a client called '{name}'; pick another name").format(name=other.name))
        doc = client_to_doc(client)
        self._check("clients", _("client '{name}'").format(name=client.name), doc)
        self._put(self._clients, client.id, doc)

    @_locked
    def delete_client(self, client_id: str, *, meetings: str = "refuse") -> Client:
        """Delete a client. Its meetings: ``"refuse"`` (the default: an error if it has any),
        ``"delete"`` (deleted with it) or another client's id (moved to that client)."""
        self._writable()
        client = self.client(client_id)
        own = [(d.doc_id, d) for d in self._meetings if d["client_id"] == client_id]
        target: Client | None = None
        if meetings == "refuse":
            if own:
                raise PlannerError(ngettext(
                    "'{name}' has {n} meeting; delete it with the client or move it to another client first",
                    "'{name}' has {n} meetings; delete them with the client or move them to another client first",
                    len(own)).format(name=client.name, n=len(own)))
        elif meetings != "delete":
            if meetings == client_id:
                raise PlannerError(_("cannot move the meetings of '{name}' to '{name}' itself").format(name=client.name))
            target = self.client(meetings)
        with self.batch():
            for doc_id, doc in own:
                if target is None:
                    self._meetings.remove(doc_ids=[doc_id])
                else:
                    moved = dict(doc, client_id=target.id)
                    self._put(self._meetings, doc_id, moved)
            self._clients.remove(doc_ids=[client_id])
        return client

    # -- meetings -------------------------------------------------------------------------------

    @_locked
    def meetings(self) -> list[Meeting]:
        """Every meeting, in start order."""
        return sorted((meeting_from_doc(d.doc_id, d) for d in self._meetings), key=_start_key)

    @_locked
    def meetings_between(self, start: datetime, end: datetime) -> list[Meeting]:
        """Meetings overlapping [start, end), in start order (a zero-length one counts if it
        starts inside)."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("meetings_between needs aware datetimes")
        lo_utc, hi_utc = utc(start), utc(end)
        lo = (lo_utc.date() - timedelta(days=1)).isoformat()
        hi = (hi_utc.date() + timedelta(days=1)).isoformat()
        near = _MeetingsNear(lo, hi)
        docs = self._storage.scan_meetings(near, lo, hi)
        if docs is None:
            docs = [(doc.doc_id, doc) for doc in self._meetings.search(near)]
        found = []
        for doc_id, doc in docs:
            m = meeting_from_doc(doc_id, doc)
            m_start, m_end = utc(m.start), utc(m.end)
            if m_start < hi_utc and (m_end > lo_utc or (m_end == m_start and m_start >= lo_utc)):
                found.append(m)
        found.sort(key=_start_key)
        return found

    @_locked
    def meeting(self, meeting_id: str) -> Meeting:
        doc = self._meetings.get(doc_id=meeting_id)
        if doc is None:
            raise PlannerError(_("no meeting with the id '{id}'; `planner agenda` lists the meetings").format(id=meeting_id))
        return meeting_from_doc(meeting_id, doc)

    @_locked
    def resolve_meeting(self, text: str) -> Meeting:
        """The meeting whose id is ``text`` or starts with it (case and spaces ignored)."""
        prefix = text.strip().lower()
        if not prefix:
            raise PlannerError(_("give a meeting's id (or the first characters of it)"))
        lines = self._storage.meetings_with_prefix(prefix) if _ID_PART.fullmatch(prefix) else None
        if lines is not None:  # read from the file's lines, without parsing every meeting
            found = [meeting_from_doc(doc_id, doc) for doc_id, doc in lines if doc_id.startswith(prefix)]
            exact = [m for m in found if m.id == prefix]
            found = exact or found
        elif (doc := self._meetings.get(doc_id=prefix)) is not None:
            return meeting_from_doc(prefix, doc)
        else:
            found = [meeting_from_doc(d.doc_id, d) for d in self._meetings if d.doc_id.startswith(prefix)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise PlannerError(_("no meeting has an id starting with '{text}'; `planner agenda` shows the ids").format(
                text=text.strip()))
        found.sort(key=_start_key)
        width = max(8, len(prefix) + 4)
        from planner.formats import clock, short_date

        tz = zone(self.settings().timezone)  # the times as the agenda shows them
        shown = ", ".join(f"{m.id[:width]} '{m.title}' ({short_date(m.start.astimezone(tz).date())} {clock(m.start, tz)})"
                          for m in found[:5])
        if len(found) > 5:
            shown = _("{shown} and {n} more").format(shown=shown, n=len(found) - 5)
        raise PlannerError(_("'{text}' matches {n} meetings: {shown}; type more of the id").format(
            text=text.strip(), n=len(found), shown=shown))

    @_locked
    def save_meeting(self, meeting: Meeting) -> None:
        """Insert the meeting, or update the one with its id."""
        self._writable()
        doc = meeting_to_doc(meeting)
        if utc(meeting.end) < utc(meeting.start):
            raise PlannerError(_("meeting '{title}' ends before it starts; check the start and end").format(
                title=meeting.title))
        self._check("meetings", _("meeting '{title}'").format(title=meeting.title), doc)
        self._put(self._meetings, meeting.id, doc)

    @_locked
    def save_meetings(self, meetings: Iterable[Meeting]) -> None:
        """Insert or update many meetings at once (a calendar import).

        TinyDB rebuilds the whole table on every insert, so saving 5,000 meetings one by one costs
        the square of that; this checks each like ``save_meeting`` and updates the table once.
        """
        self._writable()
        docs: dict[str, dict[str, Any]] = {}
        for meeting in meetings:
            if utc(meeting.end) < utc(meeting.start):
                raise PlannerError(_("meeting '{title}' ends before it starts; check the start and end").format(
                    title=meeting.title))
            doc = meeting_to_doc(meeting)
            self._check("meetings", _("meeting '{title}'").format(title=meeting.title), doc)
            docs[meeting.id] = doc
        if docs:
            self._meetings._update_table(lambda table: table.update(docs))

    @_locked
    def delete_meeting(self, meeting_id: str) -> Meeting:
        self._writable()
        meeting = self.meeting(meeting_id)
        self._meetings.remove(doc_ids=[meeting_id])
        return meeting

    @_locked
    def meeting_by_source(self, key: str) -> Meeting | None:
        """The meeting imported from the calendar entry with this ``Source.key``."""
        if self._source_index is None or self._source_gen != self._storage.generation:
            index: dict[str, str] = {}
            for doc in self._meetings:
                source = doc.get("source")
                if source:
                    index[source_key(source["uid"], source.get("recurrence_id"))] = doc.doc_id
            self._source_index = index
            self._source_gen = self._storage.generation
        meeting_id = self._source_index.get(key)
        return None if meeting_id is None else self.meeting(meeting_id)

    # -- settings -------------------------------------------------------------------------------

    @_locked
    def settings(self) -> Settings:
        from planner.services.schema import SETTINGS_DOC_ID

        doc = self._settings.get(doc_id=SETTINGS_DOC_ID)
        return Settings() if doc is None else settings_from_doc(doc)

    @_locked
    def save_settings(self, settings: Settings) -> None:
        from planner.services.schema import SETTINGS_DOC_ID

        self._writable()
        doc = settings_to_doc(settings)
        self._check("settings", _("the settings"), doc)
        self._put(self._settings, SETTINGS_DOC_ID, doc)

    # -- drafts ---------------------------------------------------------------------------------

    @_locked
    def drafts(self) -> list[Draft]:
        """Every draft, newest first (drafts of the same moment: the last saved first)."""
        found = [(utc(draft.created), n, draft) for n, draft in
                 enumerate(draft_from_doc(d.doc_id, d) for d in self._drafts)]
        return [draft for _created, _n, draft in sorted(found, key=lambda t: t[:2], reverse=True)]

    @_locked
    def save_draft(self, draft: Draft) -> None:
        self._writable()
        doc = draft_to_doc(draft)
        self._check("drafts", _("the draft '{subject}'").format(subject=draft.subject), doc)
        self._put(self._drafts, draft.id, doc)

    @_locked
    def delete_draft(self, draft_id: str) -> None:
        self._writable()
        if not self._drafts.contains(doc_id=draft_id):
            raise PlannerError(_("no draft with the id '{id}'").format(id=draft_id))
        self._drafts.remove(doc_ids=[draft_id])

    # -- calendar sync (planner/services/sync) ---------------------------------------------------
    # The calendars, their sync state and pending conflicts, as plain documents: the sync package
    # owns their meaning; the store only checks their shape and writes them with everything else.

    SYNC_TABLES = ("calendars", "sync_state", "sync_conflicts")

    @_locked
    def sync_docs(self, table: str) -> dict[str, dict[str, Any]]:
        """Every document of a sync table, by id (copies: changing them changes nothing)."""
        assert table in self.SYNC_TABLES, table
        return {d.doc_id: dict(d) for d in self._db.table(table)}

    @_locked
    def save_sync_doc(self, table: str, doc_id: str, doc: dict[str, Any]) -> None:
        assert table in self.SYNC_TABLES, table
        self._writable()
        self._check(table, f"the {table} entry {doc_id}", doc)
        self._put(self._db.table(table), doc_id, doc)

    @_locked
    def delete_sync_doc(self, table: str, doc_id: str) -> None:
        assert table in self.SYNC_TABLES, table
        self._writable()
        found = self._db.table(table)
        if found.contains(doc_id=doc_id):
            found.remove(doc_ids=[doc_id])

    # -- batches --------------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[Store]:
        """Saves inside are written once, atomically, at the end; on an exception nothing is
        written and the in-memory state goes back to what is on disk. Nested batches join the
        outermost one. The store's lock is held throughout: other threads wait for the end."""
        with self._mutex:
            self._writable()
            self._storage.begin()
            ok = False
            try:
                yield self
                ok = True
            finally:
                self._storage.end(ok)

    # -- the last change, for undo ------------------------------------------------------------------
    # One entry in the "undo" table: what the last delete or applied change took away, so that undo
    # works in the app after a change made on the command line (or in an earlier session).

    @_locked
    def save_undo(self, description: str, meetings: Iterable[Meeting], clients: Iterable[Client] = (),
                  created: Iterable[str] = ()) -> None:
        self._writable()
        doc = {
            "description": description,
            "meetings": {m.id: meeting_to_doc(m) for m in meetings},
            "clients": {c.id: client_to_doc(c) for c in clients},
            "created": list(created),
        }
        self._put(self._db.table("undo"), "last", doc)

    @_locked
    def last_undo(self) -> tuple[str, list[Meeting], list[Client], list[str]] | None:
        """(description, meetings, clients, created ids) of the last change, or None."""
        doc = self._db.table("undo").get(doc_id="last")
        if not doc:
            return None
        try:
            meetings = [meeting_from_doc(i, d) for i, d in doc.get("meetings", {}).items()]
            clients = [client_from_doc(i, d) for i, d in doc.get("clients", {}).items()]
        except (KeyError, TypeError, ValueError):
            return None  # an entry this version cannot read: nothing to undo
        return str(doc.get("description", "")), meetings, clients, [str(i) for i in doc.get("created", [])]

    @_locked
    def clear_undo(self) -> None:
        self._writable()
        table = self._db.table("undo")
        if table.contains(doc_id="last"):
            table.remove(doc_ids=["last"])
