"""One calendar's sync: pull, then push; and settling a conflict.

Offline first: planner works on its own data file, and a sync is only ever a catch-up. A sync
that fails (the server is down, the password is refused) raises PlannerError before it has
changed anything it could not finish: what was pulled is saved in one write, each push is
recorded as the server takes it, and what has not gone yet goes at the next sync. The failure is
kept with the calendar (``last_error``) for the app to show.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from planner.domain.errors import PlannerError
from planner.domain.models import source_key
from planner.i18n import _
from planner.services.sync import adapter
from planner.services.sync.credentials import password_for
from planner.services.sync.pull import (
    Progress,
    SyncReport,
    catch_up,
    me_of,
    meetings_of,
    merge,
    peek,
    snapshot,
    stamp,
    window_end,
)
from planner.services.sync.push import local_changes, outgoing, push
from planner.services.sync.remote import CalDAV, fetch_subscription
from planner.services.sync.state import (
    CALDAV,
    CalendarConfig,
    Conflict,
    conflicts,
    delete_conflict,
    load_state,
    save_state,
)

if TYPE_CHECKING:
    from planner.services.store import Store


def sync_calendar(store: Store, calendar: CalendarConfig, *, today: date, now: datetime, dry_run: bool = False,
                  progress: Progress | None = None) -> SyncReport:
    """Pull what changed on the server, then push what changed in planner."""
    report = SyncReport(calendar.name, calendar.kind, dry_run=dry_run)
    state = load_state(store, calendar.id)
    report.first = not state.last_sync
    try:
        password = password_for(calendar.user, calendar.collection or calendar.url, calendar.password_command)
        if calendar.kind == CALDAV:
            saved = _sync_caldav(store, calendar, state, report, password, today=today, now=now, progress=progress)
        else:
            saved = _sync_subscription(store, calendar, state, report, password, today=today, now=now)
    except PlannerError as exc:
        if not dry_run and not store.read_only:
            state = load_state(store, calendar.id)
            state.last_error = str(exc)
            save_state(store, state)
        raise
    if not dry_run and not saved:
        _done(state, state.token, today=today, now=now)
        save_state(store, state)
    report.pending = len(conflicts(store, calendar.id)) if not dry_run else report.pending
    return report


def _done(state, token: str, *, today: date, now: datetime) -> None:
    """The state as it will be once this sync has gone through (saved with what it takes in, so
    that a sync is one write of the data file when it can be)."""
    state.token = token
    state.last_sync = stamp(now)
    state.last_error = ""
    state.window_end = window_end(today)


def _sync_caldav(store: Store, calendar: CalendarConfig, state, report: SyncReport, password: str | None, *,
                 today: date, now: datetime, progress: Progress | None) -> bool:
    """Whether the state was saved as it ends (else the caller saves it)."""
    conn = CalDAV(calendar.collection, calendar.user, password)
    try:
        # While the server answers, find what changed here (reading the meetings is most of a
        # quiet sync's own work); the merge then refreshes only the events it touched.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            job = pool.submit(_what_changed, conn, state, today, progress)
            before = snapshot(store, calendar) if state.items else None
            fields = {} if before is None else {
                m.id: adapter.changed_fields(m) for meetings in before[0].values() for m in meetings}
            listing, fetched, deleted = job.result()
        report.unchanged = not fetched and not deleted
        touched = {peek(f).uid for f in fetched} | {state.items[h].uid for h in deleted if h in state.items}
        if not report.dry_run:
            _done(state, listing.token, today=today, now=now)
        known = merge(store, calendar, state, fetched, deleted, report, today=today, now=now, dry_run=report.dry_run)
        merged = bool(fetched or deleted)  # then the merge saved the state (with what _done set)
        if known is None and before is not None:
            known = _refresh(store, state, before, touched)
        for uid in touched:
            for meeting in (before[0].get(uid, ()) if before is not None else ()):
                fields.pop(meeting.id, None)
        out = outgoing(store, calendar, state, today=today, known=known, fields=fields)
        if not calendar.writable:
            report.local_only = local_changes(store, calendar)
        elif report.dry_run:
            report.pushed_changed = sum(len(t.changes) for t in out.todo)
            report.pushed_deleted = sum(len(t.deleted) for t in out.todo)
            report.pushed_new = len(out.new)
        else:
            if progress is not None and out.count:
                progress("push", 0, out.count)
            if out.count:
                push(conn, store, calendar, state, out, report, today=today, now=now)
                return True
        # A quiet sync saved nothing yet: the caller records its time and clears the last trouble.
        return merged
    finally:
        conn.close()


def _refresh(store: Store, state, before, touched: set[str]):
    """The snapshot taken before the merge, with the events the merge touched read again."""
    local = dict(before[0])
    by_uid = state.by_uid()
    for uid in touched:
        item = by_uid.get(uid)
        if item is None:
            local.pop(uid, None)
            continue
        found = (store.meeting_by_source(source_key(uid, key)) for key in item.keys)
        local[uid] = [m for m in found if m is not None]
    return local, before[1]


def _what_changed(conn: CalDAV, state, today: date, progress: Progress | None):
    """(listing, fetched events, hrefs deleted on the server) since the last sync."""
    if not state.items and not state.token:
        # A first sync: the whole calendar in one request.
        if progress is not None:
            progress("fetch-all", 0, 0)
        listing, fetched = conn.everything()
        if progress is not None:
            progress("fetch", len(fetched), len(fetched))
        return listing, fetched, set()
    if progress is not None:
        progress("list", 0, 0)
    listing = conn.changes(state.token)
    deleted = set(listing.deleted)
    if listing.full:
        deleted |= set(state.items) - set(listing.etags)
    deleted &= set(state.items)
    wanted = [href for href, etag in listing.etags.items()
              if href not in state.items or not etag or state.items[href].etag != etag]
    wanted += catch_up(state, today, set(wanted) | deleted)
    step = None if progress is None else (lambda done, total: progress("fetch", done, total))
    return listing, conn.fetch(wanted, step), deleted


def _sync_subscription(store: Store, calendar: CalendarConfig, state, report: SyncReport, password: str | None, *,
                       today: date, now: datetime) -> bool:
    """An .ics subscription: the whole calendar each time it changed (read-only)."""
    got = fetch_subscription(calendar.collection or calendar.url, state.etag, calendar.user, password)
    report.local_only = local_changes(store, calendar)
    if not got.changed:
        report.unchanged = True
        return False
    plan = adapter.preview_text(got.text, calendar.name, store, store.settings(), today=today,
                                me=me_of(store, calendar), remove_missing=True)
    # Gone from the calendar: gone from planner, unless you changed it (then it is yours now).
    plan.missing[:] = [m for m in plan.missing if not adapter.changed_fields(m)]
    report.pulled_new = len(plan.new)
    report.pulled_updated = len([c for c in plan.updated if c.changed])
    report.pulled_removed = len(plan.missing)
    report.warnings.extend(plan.warnings)
    if report.dry_run:
        return False
    with store.batch():
        adapter.commit(plan, store)
        state.etag = got.etag
        _done(state, "", today=today, now=now)
        save_state(store, state)
    return True


# -- conflicts --------------------------------------------------------------------------------------


def resolve(store: Store, calendar: CalendarConfig, conflict: Conflict, *, keep_mine: bool, today: date) -> None:
    """Settle a conflict. ``keep_mine``: your change goes to the server at the next sync (a
    deletion made in planner is made again); otherwise the server's version is taken."""
    local = meetings_of(store, calendar).get(conflict.uid, [])
    with store.batch():
        delete_conflict(store, conflict)
        if keep_mine:
            if conflict.reason == "deleted-here":
                for meeting in local:
                    store.delete_meeting(meeting.id)
            elif conflict.reason == "deleted-there":
                # Gone from the server: your version goes back as a new event.
                store.save_meetings(m.with_changes(source=None, imported="") for m in local)
            return
        if conflict.reason == "deleted-there":
            for meeting in local:
                store.delete_meeting(meeting.id)
            return
        if not conflict.server:
            raise PlannerError(_("the server's version of {title!r} was not kept; sync again first").format(
                title=conflict.title))
        # Recorded as in step, the server's values then count as changes made there, and win.
        store.save_meetings(adapter.mark_synced(m, calendar.name) for m in local)
        plan = adapter.preview_text(conflict.server, calendar.name, store, store.settings(), today=today,
                                    me=me_of(store, calendar), by_source=True)  # one event: look it up
        adapter.commit(plan, store)
