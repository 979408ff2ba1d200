"""Merging a calendar into the store: what is new, what changed, what the user changed, what is gone.

Re-import: Meeting.imported holds which calendar a meeting came from and a short hash of each value
the import wrote. On the next import a value is taken from the calendar only if the meeting still
holds what the last import wrote; a value the user changed in the app is kept. An unchanged event
costs nothing; future meetings of this calendar that the file no longer has are reported, and
removed only when asked to. The organizer (and what our own export adds: travel, lead, topic) is
taken from the calendar as it is.

One import creates at most IMPORT_LIMIT meetings: the events after that are not read, the plan
says how many, and nothing is reported missing (the file was not read to its end).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.domain.errors import PlannerError
from planner.domain.limits import check_year
from planner.domain.timeutil import zone
from planner.domain.models import Meeting, Settings, Status
from planner.domain.text import clean_line
from planner.i18n import _, ngettext
from planner.services.ics.clients import ClientChooser
from planner.services.ics.events import Bad, Context, Item, single
from planner.services.ics.reader import decode, read_calendar_bytes
from planner.services.ics.records import Change, ImportPlan, ImportResult, Skip
from planner.services.ics.scanner import RawEvent, Scanned, first, peek_uid, properties, scan, unescape
from planner.services.ics.series import SeriesReader

if TYPE_CHECKING:
    from planner.services.store import Store

DEFAULT_WEEKS_BACK = 8
DEFAULT_WEEKS_AHEAD = 52
MAX_WEEKS = 520
IMPORT_LIMIT = 50_000

# Values of a meeting the import writes, and so fingerprints (Meeting.imported).
TRACKED = ("title", "start", "end", "all_day", "location", "client_id", "status", "notes")


# --------------------------------------------------------------------------------------------
# Fingerprints (Meeting.imported)


def _value_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


_DIGEST_CHARS = 8


def _digest(value: Any) -> str:
    data = _value_text(value).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=_DIGEST_CHARS // 2).hexdigest()


def fingerprint(values: dict[str, Any]) -> dict[str, str]:
    return {name: _digest(values[name]) for name in TRACKED}


def read_imported(meeting: Meeting) -> tuple[str, dict[str, str]]:
    """(calendar, field -> digest) of what the last import wrote; ("", {}) if unknown.

    Meeting.imported is "1;<a digest of each TRACKED field, in order>;<calendar name>": short,
    because a 5,000-meeting database carries one for each meeting."""
    version, _sep, rest = meeting.imported.partition(";")
    digests, _sep, calendar = rest.partition(";")
    if version != "1" or len(digests) != _DIGEST_CHARS * len(TRACKED):
        return "", {}
    return calendar, {
        name: digests[i * _DIGEST_CHARS : (i + 1) * _DIGEST_CHARS] for i, name in enumerate(TRACKED)
    }


def imported_text(calendar: str, hashes: dict[str, str]) -> str:
    """What ``Meeting.imported`` holds for a meeting in step with ``calendar``: the format
    version, a digest of each TRACKED field as it came (``fingerprint``) and the calendar's name."""
    return "1;" + "".join(hashes[name] for name in TRACKED) + ";" + calendar


def user_changed(meeting: Meeting) -> list[str]:
    """The fields of an imported meeting the user has changed since the last import."""
    _cal, hashes = read_imported(meeting)
    if not hashes:
        return []
    return [name for name in TRACKED if name in hashes and _digest(getattr(meeting, name)) != hashes[name]]


# --------------------------------------------------------------------------------------------
# Preview


def preview(
    path: str | Path,
    store: Store,
    settings: Settings | None = None,
    *,
    today: date | None = None,
    weeks_back: int = DEFAULT_WEEKS_BACK,
    weeks_ahead: int = DEFAULT_WEEKS_AHEAD,
    remove_missing: bool = False,
    me: Sequence[str] = (),
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Read ``path`` and work out what importing it would change. Writes nothing.

    ``me``: your email addresses, to recognise invitations you declined (``Settings.email`` and a
    Google export's calendar name, when it is an email address, are taken as yours too).
    Raises PlannerError when the file cannot be imported at all."""
    path = Path(path).expanduser()
    settings = settings if settings is not None else store.settings()
    _check_window(weeks_back, weeks_ahead, today)
    text, notes = decode(read_calendar_bytes(path), path)
    plan = preview_text(text, path, store, settings, today=today, weeks_back=weeks_back, weeks_ahead=weeks_ahead,
                        remove_missing=remove_missing, me=me, limit=limit, progress=progress)
    plan.warnings[:0] = notes
    return plan


def preview_text(
    text: str,
    source_name: str | Path,
    store: Store,
    settings: Settings | None = None,
    *,
    today: date | None = None,
    weeks_back: int = DEFAULT_WEEKS_BACK,
    weeks_ahead: int = DEFAULT_WEEKS_AHEAD,
    remove_missing: bool = False,
    me: Sequence[str] = (),
    calendar: str | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    by_source: bool = False,
) -> ImportPlan:
    """Work out what importing calendar ``text`` (not read from a file: a calendar server's events,
    one VCALENDAR or several one after the other) would change. Writes nothing.

    ``source_name`` names it in messages (``plan.path``). ``calendar`` is the name its meetings are
    recorded under (re-importing the same calendar updates them, and reports the ones it no longer
    has); by default the text's X-WR-CALNAME, else the source name's stem. ``limit``: the most
    meetings it creates (IMPORT_LIMIT unless given). ``progress(done, total)``: how many of the
    text's events have been read, now and then (about every 1%) and at the end. ``by_source``:
    look the text's events up among planner's meetings one by one (``Store.meeting_by_source``)
    instead of reading every meeting, for a few events (a sync's changes); ``plan.missing`` is then
    not worked out (a sync learns of deletions from the server)."""
    settings = settings if settings is not None else store.settings()
    _check_window(weeks_back, weeks_ahead, today)
    limit = IMPORT_LIMIT if limit is None else limit
    if today is None:
        today = datetime.now(zone(settings.timezone)).date()
    scanned = scan(text, source_name)
    return plan_from_scan(scanned, Path(source_name), store, settings, today=today, weeks_back=weeks_back,
                          weeks_ahead=weeks_ahead, remove_missing=remove_missing, me=me, calendar=calendar,
                          limit=limit, progress=progress, by_source=by_source)


def _check_window(weeks_back: int, weeks_ahead: int, today: date | None) -> None:
    for name, weeks in ((_("weeks back"), weeks_back), (_("weeks ahead"), weeks_ahead)):
        if not 0 <= weeks <= MAX_WEEKS:
            raise PlannerError(_("{name} must be between 0 and {most}, not {weeks}").format(
                name=name, most=MAX_WEEKS, weeks=weeks))
    if today is not None:
        check_year(today - timedelta(weeks=weeks_back), _("the import window's start"))
        check_year(today + timedelta(weeks=weeks_ahead), _("the import window's end"))


class _Reading:
    """The file's events as items, one at a time, and how many events were read so far."""

    def __init__(self, ctx: Context, scanned: Scanned, plan: ImportPlan) -> None:
        self.ctx = ctx
        self.scanned = scanned
        self.plan = plan
        self.read = 0
        self.singles: list[tuple[RawEvent, dict, str]] = []
        self.series: dict[str, list[RawEvent]] = {}
        self._sort()

    def _sort(self) -> None:
        """Events by UID: single ones, and series (RRULE/RDATE) with their moved occurrences."""
        recurring_uids: set[str] = set()
        parsed: list[tuple[RawEvent, dict, str]] = []
        nameless = 0
        for event in self.scanned.events:
            uid = ""
            title = ""
            try:
                if event.broken:
                    raise Bad(event.broken)
                props = properties(event)
                uid = clean_line(unescape(first(props, "UID")))
                title = clean_line(unescape(first(props, "SUMMARY")))
                if not uid:
                    nameless += 1
                    seed = "|".join((first(props, "DTSTART"), title, str(event.line)))
                    uid = "no-uid-" + hashlib.blake2b(seed.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
                if "RRULE" in props or "RDATE" in props:
                    recurring_uids.add(uid)
                parsed.append((event, props, uid))
            except Bad as exc:
                self.read += 1
                self.plan.skipped.append(Skip(uid or clean_line(peek_uid(event)), event.line, title, "broken", str(exc)))
        for event, props, uid in parsed:
            if uid in recurring_uids:
                self.series.setdefault(uid, []).append(event)
            else:
                self.singles.append((event, props, uid))
        if nameless:
            self.plan.warnings.append(ngettext(
                "{count} event has no UID: re-importing it may not recognise it",
                "{count} events have no UID: re-importing them may not recognise them", nameless,
            ).format(count=nameless))

    def items(self) -> Iterator[Item]:
        for event, props, uid in self.singles:
            self.read += 1
            try:
                item = single(self.ctx, event, props, uid)
            except Bad as exc:
                title = clean_line(unescape(first(props, "SUMMARY")))
                self.plan.skipped.append(Skip(uid, event.line, title, "broken", str(exc)))
                continue
            yield item
        if self.series:
            reader = SeriesReader(self.ctx, self.scanned, self.series, self.plan.skipped, self.plan.warnings)
            for uid, events in self.series.items():
                self.read += len(events)
                yield from reader.expand(uid, events)


class _BySource:
    """planner's meetings by ``Source.key``, each looked up when asked for (see ``by_source``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str) -> Meeting | None:
        return self.store.meeting_by_source(key)


def plan_from_scan(scanned: Scanned, path: Path, store: Store, settings: Settings, *, today: date,
                   weeks_back: int, weeks_ahead: int, remove_missing: bool, me: Sequence[str],
                   calendar: str | None = None, limit: int = IMPORT_LIMIT,
                   progress: Callable[[int, int], None] | None = None, by_source: bool = False) -> ImportPlan:
    """The plan for a scanned calendar (see ``preview_text``)."""
    tz = zone(settings.timezone)
    window_start = today - timedelta(weeks=weeks_back)
    window_end = today + timedelta(weeks=weeks_ahead)
    window = (datetime.combine(window_start, time(0), tz), datetime.combine(window_end, time(0), tz))
    name = calendar or clean_line(unescape(scanned.header.get("X-WR-CALNAME", ""))) or path.stem
    plan = ImportPlan(path, name, window_start, window_end, remove_missing, limit=limit)
    plan.events = len(scanned.events)
    clients = store.clients()
    ctx = Context(settings, scanned, me, window)
    existing: dict[str, Meeting] | _BySource = _BySource(store) if by_source else {
        meeting.source.key: meeting for meeting in store.meetings() if meeting.source is not None}
    plan.clients = {c.id: c.name for c in clients}
    chooser = ClientChooser(clients, plan.clients)
    reading = _Reading(ctx, scanned, plan)
    seen = _merge(plan, ctx, reading, existing, chooser, progress)
    plan.new_clients = chooser.created
    if plan.over_limit:
        plan.warnings.append(plan.limit_warning())
    elif isinstance(existing, dict):
        _missing(plan, existing, seen, datetime.combine(today, time(0), tz), window[1])
    plan.new.sort(key=lambda m: m.start)
    plan.updated.sort(key=lambda c: c.meeting.start)
    plan.skipped.sort(key=lambda s: s.line)
    _warnings(plan, ctx, settings, scanned)
    return plan


def _merge(plan: ImportPlan, ctx: Context, reading: _Reading, existing: dict[str, Meeting] | _BySource,
           chooser: ClientChooser, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Each item against the store: new, updated, unchanged or skipped. Returns the keys seen."""
    seen: dict[str, int] = {}
    step, told = max(1, plan.events // 100), -1
    for item in reading.items():
        if progress is not None and reading.read - told >= step:
            told = reading.read
            progress(told, plan.events)
        key = item.key.key
        if key in seen:
            plan.skipped.append(Skip(item.key.uid, item.line, item.values["title"], "duplicate", _(
                "the same event (UID and RECURRENCE-ID) as the one on line {line}").format(line=seen[key])))
            continue
        old = existing.get(key)
        if old is None and len(plan.new) >= plan.limit and item.skip is None and ctx.in_window(item.values):
            plan.over_limit = plan.events - reading.read + 1
            break
        seen[key] = item.line
        if item.skip is not None:
            if old is None or old.status is Status.CANCELLED:
                plan.skipped.append(Skip(item.key.uid, item.line, item.values["title"], *item.skip))
                continue
            item.values["status"] = Status.CANCELLED
        if old is None and not ctx.in_window(item.values):
            plan.outside_window += 1
            continue
        item.values["client_id"] = chooser.choose(item.client_name, item.emails, item.values["title"])
        hashes = fingerprint(item.values)
        if old is None:
            plan.new.append(Meeting(source=item.key, imported=imported_text(plan.calendar, hashes),
                                    **item.values, **item.extra))
            continue
        old_calendar, old_hashes = read_imported(old)
        if (old_hashes == hashes and old_calendar == plan.calendar
                and all(getattr(old, k) == v for k, v in item.extra.items())):
            plan.unchanged += 1
            continue
        plan.updated.append(_change(plan, old, old_hashes, hashes, item, chooser))
    if progress is not None:
        progress(plan.events, plan.events)
    return seen


def _change(plan: ImportPlan, old: Meeting, old_hashes: dict[str, str], hashes: dict[str, str], item: Item,
            chooser: ClientChooser) -> Change:
    """The update of a meeting imported before: the calendar's changes, except where you changed it."""
    changes: dict[str, Any] = {}
    changed: list[str] = []
    kept: list[str] = []
    unassigned = chooser.unassigned
    for name in TRACKED:
        current = _digest(getattr(old, name))
        if old_hashes:
            if hashes[name] == old_hashes.get(name):
                continue  # the calendar did not change it
            if current != old_hashes.get(name):
                if current != hashes[name]:
                    kept.append(name)  # you changed it: yours wins
                continue
        else:
            # No record of the last import: the calendar wins, except status and client once set.
            if current == hashes[name]:
                continue
            if name == "status" and old.status is not Status.PLANNED:
                kept.append(name)
                continue
            if name == "client_id" and unassigned is not None and old.client_id != unassigned.id:
                kept.append(name)
                continue
        changes[name] = item.values[name]
        changed.append(name)
    for name, value in item.extra.items():
        if getattr(old, name) != value:
            changes[name] = value
            changed.append(name)
    meeting = old.with_changes(**changes, imported=imported_text(plan.calendar, hashes))
    if meeting.end < meeting.start:
        # The calendar moved the start past an end you had changed: take the calendar's times.
        meeting = meeting.with_changes(start=item.values["start"], end=item.values["end"])
        kept = [k for k in kept if k not in ("start", "end")]
    # With nothing changed or kept, only the record of the import changed (say a new calendar
    # name): it is saved quietly.
    return Change(old, meeting, changed, kept)


def _missing(plan: ImportPlan, existing: dict[str, Meeting], seen: dict[str, int], first_future: datetime,
             window_end: datetime) -> None:
    """Future meetings of this calendar that the file no longer has."""
    for key, meeting in existing.items():
        if key in seen or not (first_future <= meeting.start < window_end):
            continue
        calendar, _hashes = read_imported(meeting)
        if calendar == plan.calendar:
            plan.missing.append(meeting)
    plan.missing.sort(key=lambda m: m.start)


def _warnings(plan: ImportPlan, ctx: Context, settings: Settings, scanned: Scanned) -> None:
    if ctx.floating:
        if ctx.x_wr_tz is not None:
            zone_name = getattr(ctx.x_wr_tz, "key", str(ctx.x_wr_tz))
            text = _("{count} time(s) have no time zone (floating): read as {zone}, the calendar's time zone "
                     "(X-WR-TIMEZONE)")
        else:
            zone_name = settings.timezone
            text = _("{count} time(s) have no time zone (floating): read as {zone}, your time zone")
        plan.warnings.append(text.format(count=ctx.floating, zone=zone_name))
    for tzid, count in sorted(ctx.unknown.items()):
        if count:
            text = _("unknown time zone {tzid!r} in {count} time(s): read as {zone}, your time zone; check those "
                     "meetings")
        else:
            text = _("unknown time zone {tzid!r} (X-WR-TIMEZONE) ignored")
        plan.warnings.append(text.format(tzid=tzid[:80], count=count, zone=settings.timezone))
    plan.warnings.extend(ctx.zones.notes)
    ignored = {k: v for k, v in scanned.others.items() if k != "VTIMEZONE"}
    if ignored:
        what = ", ".join(f"{count} {name}" for name, count in sorted(ignored.items()))
        plan.warnings.append(_("not events, so not imported: {what}").format(what=what))
    if scanned.stray:
        plan.warnings.append(_("{count} line(s) outside the calendar were ignored").format(count=scanned.stray))


# --------------------------------------------------------------------------------------------
# Commit


def commit(plan: ImportPlan, store: Store) -> ImportResult:
    """Apply a preview in one atomic write: everything or, on any error, nothing."""
    removed = plan.removed
    meetings = plan.new + [change.meeting for change in plan.updated]
    with store.batch():
        for client in plan.new_clients:
            store.save_client(client)
        store.save_meetings(meetings)  # one table update, not one per meeting
        for meeting in removed:
            store.delete_meeting(meeting.id)
    return ImportResult(len(plan.new), len([c for c in plan.updated if c.changed or c.kept]), len(removed),
                        len(plan.new_clients))
