"""What a preview finds: the plan (new, updated, unchanged, skipped, missing) and what a commit did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from planner.domain.models import Client, Meeting
from planner.formats import join
from planner.i18n import N_, _, ngettext


@dataclass(slots=True)
class Skip:
    """An event that was not imported, and why (``line`` is the BEGIN:VEVENT line, 1-based)."""

    uid: str
    line: int
    title: str
    reason: str  # the reason's kind: "cancelled", "declined", "broken", "duplicate", "ignored"
    detail: str  # a sentence a person reads

    def describe(self) -> str:
        if self.uid and self.title:
            what = _("line {line}, UID {uid} ({title})")
        elif self.uid:
            what = _("line {line}, UID {uid}")
        elif self.title:
            what = _("line {line} ({title})")
        else:
            what = _("line {line}")
        return what.format(line=self.line, uid=self.uid, title=self.title) + f": {self.detail}"


def skipped_count(reason: str, n: int, *, described: bool = False) -> str:
    """``3 broken``, ``2 duplicates``: how many events were skipped for one reason; ``described``
    (the import dialog) says a little more: ``3 broken (could not be read)``."""
    if reason == "cancelled":
        text = (ngettext("{n} cancelled in the calendar", "{n} cancelled in the calendar", n) if described
                else ngettext("{n} cancelled", "{n} cancelled", n))
    elif reason == "declined":
        text = (ngettext("{n} invitation you declined", "{n} invitations you declined", n) if described
                else ngettext("{n} declined", "{n} declined", n))
    elif reason == "broken":
        text = (ngettext("{n} broken (could not be read)", "{n} broken (could not be read)", n) if described
                else ngettext("{n} broken", "{n} broken", n))
    elif reason == "duplicate":
        text = ngettext("{n} duplicate", "{n} duplicates", n)
    elif reason == "limit":
        text = ngettext("{n} over the limit", "{n} over the limit", n)
    elif reason == "ignored":
        text = ngettext("{n} ignored", "{n} ignored", n)
    else:
        text = "{n} " + reason
    return text.format(n=n)


_FIELD_WORDS = {
    "title": N_("title"), "start": N_("start"), "end": N_("end"), "all_day": N_("all day"),
    "location": N_("location"), "client_id": N_("client"), "status": N_("status"), "notes": N_("notes"),
}


def field_words(fields: list[str]) -> str:
    """``title, start and notes``: the fields of a meeting an import changed or kept."""
    return join([_(_FIELD_WORDS.get(name, name)) for name in fields])


@dataclass(slots=True)
class Change:
    """An imported meeting the calendar changed. ``meeting`` is what will be saved."""

    old: Meeting
    meeting: Meeting
    changed: list[str]  # fields taken from the calendar
    kept: list[str]  # fields the calendar changed but you had changed first: yours are kept


@dataclass(slots=True)
class ImportPlan:
    path: Path  # the file (or, for text not read from a file, its source's name)
    calendar: str  # the calendar's name (X-WR-CALNAME, else the file name)
    window_start: date
    window_end: date  # exclusive
    remove_missing: bool
    new: list[Meeting] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: list[Meeting] = field(default_factory=list)  # future meetings no longer in the file
    outside_window: int = 0  # single events before or after the window (not imported)
    new_clients: list[Client] = field(default_factory=list)
    clients: dict[str, str] = field(default_factory=dict)  # client id -> name, for showing
    events: int = 0  # VEVENTs in the file
    over_limit: int = 0  # meetings not created because the import reached its limit
    limit: int = 0  # the most meetings one import creates

    @property
    def removed(self) -> list[Meeting]:
        """The meetings commit() deletes."""
        return self.missing if self.remove_missing else []

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.updated or self.removed)

    def skipped_by_reason(self) -> dict[str, list[Skip]]:
        grouped: dict[str, list[Skip]] = {}
        for skip in self.skipped:
            grouped.setdefault(skip.reason, []).append(skip)
        return grouped

    def summary(self) -> str:
        """"12 new, 3 updated, 40 unchanged, 2 skipped" (+ missing / removed)."""
        text = _("{new} new, {updated} updated, {unchanged} unchanged, {skipped} skipped").format(
            new=len(self.new), updated=len(self.updated), unchanged=self.unchanged, skipped=len(self.skipped))
        if self.missing:
            if self.remove_missing:
                more = _("{count} removed")
            else:
                more = _("{count} no longer in the file")
            text += ", " + more.format(count=len(self.missing))
        if self.over_limit:
            text += ", " + _("{count} over the limit").format(count=self.over_limit)
        return text

    def limit_warning(self) -> str:
        """The sentence saying the import reached its limit ("" when it did not)."""
        if not self.over_limit:
            return ""
        return ngettext(
            "{count} more meeting was not imported: one import creates at most {limit} meetings; "
            "import a shorter window (fewer weeks back or ahead)",
            "{count} more meetings were not imported: one import creates at most {limit} meetings; "
            "import a shorter window (fewer weeks back or ahead)",
            self.over_limit,
        ).format(count=self.over_limit, limit=f"{self.limit:,}")


@dataclass(slots=True)
class ImportResult:
    created: int
    updated: int
    removed: int
    clients_created: int
