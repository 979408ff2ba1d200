"""Pulling: what changed on the server, merged into planner the way the .ics import merges.

Only what changed is fetched: the server's sync token says what changed since the last sync;
without one (an expired token, a server without tokens) every ETag is listed and only events
whose ETag differs are fetched, in batches. A first sync takes the whole calendar in one request. The fetched events go through
the import's merge in one go, so your own edits in planner are kept, series expand and overrides
apply as in ``planner import``.

Where both sides changed the same field of a meeting, the server's version is taken into the sync
state and your value stays in planner, named as a conflict: it is not pushed until you re-apply it
or drop it. An event deleted on the server goes from planner too, unless you had changed it: then
it stays, as a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from planner.domain.models import Meeting, source_key
from planner.services.sync import adapter
from planner.services.sync.state import CalendarConfig, Conflict, Item, SyncState, conflicts, save_conflict, save_state

if TYPE_CHECKING:
    from planner.services.store import Store
    from planner.services.sync.remote import Fetched

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class SyncReport:
    """What one calendar's sync did (or, in a dry run, would do)."""

    calendar: str
    kind: str
    dry_run: bool = False
    first: bool = False
    pulled_new: int = 0
    pulled_updated: int = 0
    pulled_removed: int = 0
    pushed_changed: int = 0
    pushed_new: int = 0
    pushed_deleted: int = 0
    unchanged: bool = False  # nothing changed on the server
    local_only: int = 0  # changes made in planner to a read-only calendar's meetings
    conflicts: list[Conflict] = field(default_factory=list)  # found in this sync
    pending: int = 0  # conflicts waiting for you, this sync's included
    warnings: list[str] = field(default_factory=list)


_FOLD = re.compile(r"\r?\n[ \t]")
_UID = re.compile(r"^UID(?:;[^:\r\n]*)?:([^\r\n]*)", re.M | re.I)
_START = re.compile(r"^DTSTART(?:;[^:\r\n]*)?:(\d{4})(\d\d)(\d\d)", re.M | re.I)
_REPEATS = re.compile(r"^(?:RRULE|RDATE)[;:]", re.M | re.I)


def peek(fetched: Fetched) -> Item:
    """The sync state's item for a fetched event: UID, first start date, whether it repeats."""
    text = _FOLD.sub("", fetched.text)
    uid = _UID.search(text)
    start = _START.search(text)
    return Item(fetched.href, fetched.etag, uid.group(1).strip() if uid else "",
                "-".join(start.groups()) if start else "", bool(_REPEATS.search(text)))


def window_end(today: date) -> str:
    return (today + timedelta(weeks=adapter.DEFAULT_WEEKS_AHEAD)).isoformat()


def catch_up(state: SyncState, today: date, skip: set[str]) -> list[str]:
    """Events not in planner because they lay beyond the import window, which has since moved
    far enough to take them in."""
    end = window_end(today)
    if not state.window_end or end <= state.window_end:
        return []
    return [item.href for item in state.items.values()
            if not item.keys and item.href not in skip and item.start < end
            and (item.recurring or item.start >= state.window_end)]


def meetings_of(store: Store, calendar: CalendarConfig) -> dict[str, list[Meeting]]:
    """This calendar's meetings in planner, by UID."""
    return snapshot(store, calendar)[0]


def snapshot(store: Store, calendar: CalendarConfig) -> tuple[dict[str, list[Meeting]], list[Meeting]]:
    """In one pass over the meetings: this calendar's by UID, and those made in planner (no
    calendar source). Reading every meeting is the costly part of a sync that found little."""
    found: dict[str, list[Meeting]] = {}
    made_here: list[Meeting] = []
    for meeting in store.meetings():
        if meeting.source is None:
            made_here.append(meeting)
        elif adapter.calendar_of(meeting) == calendar.name:
            found.setdefault(meeting.source.uid, []).append(meeting)
    return found, made_here


def me_of(store: Store, calendar: CalendarConfig) -> list[str]:
    """Your addresses: the email in the settings, and the account's user name if it is one."""
    found = [store.settings().email.strip().lower()]
    if "@" in calendar.user:
        found.append(calendar.user.strip().lower())
    return [f for f in found if f]


def stamp(now: datetime) -> str:
    """A moment as the sync state and its conflicts record it: UTC, to the second."""
    return now.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def merge(store: Store, calendar: CalendarConfig, state: SyncState, fetched: list[Fetched], deleted: set[str],
          report: SyncReport, *, today: date, now: datetime, dry_run: bool):
    """Take the fetched events and the server's deletions into planner and the sync state (one
    atomic write; nothing in a dry run). The snapshot of planner's meetings afterwards (None if
    nothing was taken in)."""
    if not fetched and not deleted:
        return None
    generation, warned = store.generation, len(report.warnings)
    # A few changes: look their meetings up by source; many (a first sync): read every meeting once.
    few = bool(state.items) and len(fetched) + len(deleted) <= max(50, len(state.items) // 20)
    local = _known_meetings(store, state, {f.href for f in fetched} | deleted) if few else meetings_of(store, calendar)
    pending = {c.uid: c for c in conflicts(store, calendar.id)}
    items = [peek(f) for f in fetched]
    server_text = {item.uid: f.text for item, f in zip(items, fetched)}
    plan = None
    if fetched:
        plan = adapter.preview_text("\n".join(f.text for f in fetched), calendar.name, store, store.settings(),
                                    today=today, me=me_of(store, calendar), by_source=few)
        report.pulled_new = len(plan.new)
        report.pulled_updated = len([c for c in plan.updated if c.changed])
        report.warnings.extend(plan.warnings)
    found = _conflicts_in(calendar, state, plan, items, local, server_text, now)
    gone: list[Meeting] = []
    for href in sorted(deleted):
        item = state.items.get(href)
        if item is None:
            continue
        mine = [m for m in local.get(item.uid, ()) if adapter.changed_fields(m)]
        if mine:
            found.append(Conflict(calendar.id, item.uid, "deleted-there", mine[0].title,
                                  sorted({f for m in mine for f in adapter.changed_fields(m)}), "", href, stamp(now)))
        else:
            gone.extend(local.get(item.uid, ()))
    report.pulled_removed = len(gone)
    for conflict in found:
        old = pending.get(conflict.uid)
        if old is not None:
            conflict.id = old.id  # one conflict per event: the newest server version
    report.conflicts = found
    report.pending = len({c.uid for c in found} | set(pending))
    if dry_run:
        return None
    with store.batch():
        if store.generation != generation:
            # Planner changed while this was worked out (you, in the app, while the sync's thread
            # ran): work it out again, holding the store now, so that change is merged, not lost.
            del report.warnings[warned:]
            return merge(store, calendar, state, fetched, deleted, report, today=today, now=now, dry_run=dry_run)
        if plan is not None:
            adapter.commit(plan, store)
        for meeting in gone:
            store.delete_meeting(meeting.id)
        for conflict in found:
            save_conflict(store, conflict)
        for href in deleted:
            state.items.pop(href, None)
        after = None if few else snapshot(store, calendar)
        for item in items:
            item.keys = _keys_after(store, state, item, plan) if few else sorted(
                m.source.recurrence_id or "" for m in after[0].get(item.uid, ()))
            state.items[item.href] = item
        save_state(store, state)
    return after


def _known_meetings(store: Store, state: SyncState, hrefs: set[str]) -> dict[str, list[Meeting]]:
    """The meetings of the events at ``hrefs`` as the sync state knows them, by UID (without a
    pass over every meeting)."""
    found: dict[str, list[Meeting]] = {}
    for item in (state.items[h] for h in hrefs if h in state.items):
        for key in item.keys:
            meeting = store.meeting_by_source(source_key(item.uid, key))
            if meeting is not None:
                found.setdefault(item.uid, []).append(meeting)
    return found


def _keys_after(store: Store, state: SyncState, item: Item, plan) -> list[str]:
    """The occurrences of ``item`` in planner after the merge: those the plan wrote, and those
    known before that are still there."""
    keys = {m.source.recurrence_id or "" for m in
            (plan.new + [c.meeting for c in plan.updated] if plan is not None else [])
            if m.source is not None and m.source.uid == item.uid}
    old = state.items.get(item.href)
    for key in old.keys if old is not None else ():
        if store.meeting_by_source(source_key(item.uid, key)) is not None:
            keys.add(key)
    return sorted(keys)


def _conflicts_in(calendar: CalendarConfig, state: SyncState, plan, items: list[Item],
                  local: dict[str, list[Meeting]], server_text: dict[str, str], now: datetime) -> list[Conflict]:
    """Both sides changed: fields you changed that the server changed too (the import keeps
    yours), and events deleted in planner that the server changed (the server's come back)."""
    kept: dict[str, set[str]] = {}
    titles: dict[str, str] = {}
    if plan is not None:
        for change in plan.updated:
            if change.kept and change.meeting.source is not None:
                kept.setdefault(change.meeting.source.uid, set()).update(change.kept)
                titles[change.meeting.source.uid] = change.meeting.title
    found = [Conflict(calendar.id, uid, "changed", titles[uid], sorted(fields), server_text.get(uid, ""),
                      "", stamp(now)) for uid, fields in sorted(kept.items())]
    before = state.by_uid()
    for item in items:
        old = before.get(item.uid)
        if old is None or item.uid in kept:
            continue
        present = {m.source.recurrence_id or "" for m in local.get(item.uid, ()) if m.source is not None}
        if any(key not in present for key in old.keys):
            found.append(Conflict(calendar.id, item.uid, "deleted-here", "", [], server_text.get(item.uid, ""),
                                  item.href, stamp(now)))
    for conflict in found:
        conflict.href = conflict.href or next((i.href for i in items if i.uid == conflict.uid), "")
        if not conflict.title:
            conflict.title = _title(server_text.get(conflict.uid, ""))
    return found


def _title(text: str) -> str:
    found = re.search(r"^SUMMARY(?:;[^:\r\n]*)?:([^\r\n]*)", _FOLD.sub("", text), re.M | re.I)
    return found.group(1).replace("\\,", ",").replace("\\;", ";").strip() if found else ""
