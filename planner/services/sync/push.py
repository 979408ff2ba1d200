"""Pushing: what planner changed, written to the server only over the version planner last saw.

"Changed in planner" is found by comparing each meeting with what was last synced (the
fingerprints the import keeps in ``Meeting.imported``), plus meetings made in planner (no calendar
source: they go, with a new UID, to the calendar marked for new meetings) and deletions (an
occurrence in the sync state whose meeting is gone).

Every write carries ``If-Match`` with the ETag of the last sync (new events ``If-None-Match: *``).
A 412, or a server copy that changed since, is a conflict: nothing is overwritten, the server's
version is merged in (as a pull would), and the change made in planner stays, pending and named,
until you re-apply or drop it. What was pushed before a failure (a server going down half-way) is
recorded, so nothing is pushed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from planner.domain.errors import PlannerError
from planner.domain.timeutil import zone
from planner.domain.models import Meeting, Source, Status
from planner.services.sync import adapter
from planner.services.sync.edit import edit_event, new_event
from planner.services.sync.pull import SyncReport, me_of, meetings_of, merge, peek, snapshot, stamp
from planner.services.sync.state import CalendarConfig, Item, SyncState, conflicts, save_state

if TYPE_CHECKING:
    from planner.services.store import Store
    from planner.services.sync.remote import CalDAV


@dataclass(slots=True)
class Todo:
    item: Item
    changes: list[tuple[Meeting, list[str]]]
    deleted: list[str]  # RECURRENCE-ID keys ("" for a single event) deleted in planner


@dataclass(slots=True)
class Outgoing:
    """Everything planner has to push to one calendar."""

    todo: list[Todo] = field(default_factory=list)
    new: list[Meeting] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(t.changes) + len(t.deleted) for t in self.todo) + len(self.new)


def outgoing(store: Store, calendar: CalendarConfig, state: SyncState, *, today: date, known=None,
             fields: dict[str, list[str]] | None = None) -> Outgoing:
    """What planner changed since the last sync (events with a pending conflict wait).
    ``known``: a snapshot of the meetings taken since the last change (pull.snapshot);
    ``fields``: the changed fields of meetings already worked out, by meeting id."""
    fields = fields or {}
    pending = {c.uid for c in conflicts(store, calendar.id)}
    local, made_here = known if known is not None else snapshot(store, calendar)
    out = Outgoing()
    for item in sorted(state.items.values(), key=lambda i: i.href):
        if item.uid in pending:
            continue
        mine = local.get(item.uid, [])
        changes = [(m, changed) for m in mine
                   if (changed := fields[m.id] if m.id in fields else adapter.changed_fields(m))]
        present = {m.source.recurrence_id or "" for m in mine if m.source is not None}
        deleted = [key for key in item.keys if key not in present]
        if changes or deleted:
            out.todo.append(Todo(item, changes, deleted))
    if calendar.default and calendar.writable:
        tz = zone(store.settings().timezone)
        since = datetime.combine(today - timedelta(weeks=adapter.DEFAULT_WEEKS_BACK), time(0), tz)
        out.new = [m for m in made_here if m.status is not Status.CANCELLED and m.end >= since]
    return out


def local_changes(store: Store, calendar: CalendarConfig) -> int:
    """Meetings of a read-only calendar changed in planner (those changes stay in planner)."""
    return sum(1 for meetings in meetings_of(store, calendar).values() for m in meetings
               if adapter.changed_fields(m))


@dataclass(slots=True)
class _Done:
    """What the server took, saved to the data file even if a later request fails."""

    meetings: list[Meeting] = field(default_factory=list)
    refetch: list[str] = field(default_factory=list)  # hrefs whose server copy changed meanwhile


def push(conn: CalDAV, store: Store, calendar: CalendarConfig, state: SyncState, out: Outgoing,
         report: SyncReport, *, today: date, now: datetime) -> None:
    done = _Done()
    names = {c.id: c.name for c in store.clients()}
    me = set(me_of(store, calendar))
    try:
        for todo in out.todo:
            _push_one(conn, calendar, state, todo, done, report, me=me, names=names, now=now)
        settings = store.settings()
        for meeting in out.new:
            uid = f"{meeting.id}@planner"
            href = f"{uid}.ics"
            result = conn.put(href, new_event(meeting, settings, names, now), None)
            synced = adapter.mark_synced(meeting.with_changes(source=Source(uid)), calendar.name)
            done.meetings.append(synced)
            state.items[href] = Item(href, result.etag if result.ok else "", uid,
                                     meeting.start.date().isoformat(), False, [""])
            report.pushed_new += 1
    finally:
        with store.batch():
            store.save_meetings(_as_now(store, done.meetings))
            save_state(store, state)
    if done.refetch:
        # The server's copy changed since the last pull: take it in, as a pull would.
        fetched = [f for f in (conn.get(href) for href in done.refetch) if f is not None]
        merge(store, calendar, state, fetched, set(), report, today=today, now=now, dry_run=False)
        with store.batch():
            pending = {c.uid for c in conflicts(store, calendar.id)}
            local = meetings_of(store, calendar)  # read once, for every event taken in
            for f in fetched:
                _mark_conflict(store, calendar, peek(f).uid, f.text, report, now, pending=pending, local=local)
            save_state(store, state)


def _as_now(store: Store, synced: list[Meeting]) -> list[Meeting]:
    """What the server took, recorded on the meetings as they are now. Planner may have changed
    them while the requests were under way (the app syncs in a thread while you work): a change
    made meanwhile is kept, and goes at the next sync; a meeting deleted meanwhile stays deleted."""
    found = []
    for meeting in synced:
        try:
            current = store.meeting(meeting.id)
        except PlannerError:
            continue
        found.append(current.with_changes(source=meeting.source, imported=meeting.imported))
    return found


def _push_one(conn: CalDAV, calendar: CalendarConfig, state: SyncState, todo: Todo, done: _Done,
              report: SyncReport, *, me: set[str], names: dict[str, str], now: datetime) -> None:
    item = todo.item
    current = conn.get(item.href)
    if current is None:  # deleted on the server since the last pull: the next pull settles it
        return
    if item.etag and current.etag and current.etag != item.etag:
        done.refetch.append(item.href)
        return
    edited = edit_event(current.text, todo.changes, todo.deleted, me=me, client_names=names, now=now)
    etag = item.etag or current.etag
    if edited.text is None:
        if not conn.delete(item.href, etag):
            done.refetch.append(item.href)
            return
        del state.items[item.href]
        report.pushed_deleted += 1
        # A meeting cancelled in planner and removed from the server stays in planner, cancelled.
        done.meetings.extend(m.with_changes(source=None, imported="") for m, _f in todo.changes)
        return
    result = conn.put(item.href, edited.text, etag)
    if not result.ok:
        done.refetch.append(item.href)
        return
    item.etag = result.etag
    gone = set(todo.deleted) | set(edited.removed)
    item.keys = [k for k in item.keys if k not in gone]
    done.meetings.extend(adapter.mark_synced(m, calendar.name) for m, _f in todo.changes)
    report.pushed_changed += len(todo.changes)
    report.pushed_deleted += len(todo.deleted)


def _mark_conflict(store: Store, calendar: CalendarConfig, uid: str, server: str, report: SyncReport,
                   now: datetime, *, pending: set[str], local: dict[str, list[Meeting]]) -> None:
    """A change that met a newer server copy stays pending even where the merge found no field
    changed on both sides: it was not written, and you decide. ``pending``: the UIDs with a
    conflict already (this adds to it); ``local``: this calendar's meetings by UID."""
    from planner.services.sync.state import Conflict, save_conflict

    if uid in pending:
        return
    mine = local.get(uid, [])
    fields = sorted({f for m in mine for f in adapter.changed_fields(m)})
    if not fields:
        return
    conflict = Conflict(calendar.id, uid, "changed", mine[0].title, fields, server, "",
                        stamp(now))
    save_conflict(store, conflict)
    pending.add(uid)
    report.conflicts.append(conflict)
    report.pending += 1
