"""Sync in sentences: what a sync did, and the conflicts waiting (shared by the CLI and the app)."""

from __future__ import annotations

from planner.i18n import N_, _, ngettext


def kind_words(calendar, *, long: bool = False) -> str:
    """A calendar (planner.services.sync.state.CalendarConfig) by how it syncs: "two-way" or
    "read-only" ("two-way (CalDAV)" when ``long``)."""
    if calendar.writable:
        return _("two-way (CalDAV)") if long else _("two-way")
    return _("read-only")


def password_words(calendar, clean=str) -> str:
    """Where the calendar's password comes from; ``clean`` makes the command printable."""
    if calendar.password_command:
        return _("password from: {command}").format(command=clean(calendar.password_command))
    if calendar.user:
        return _("password in the system keyring")
    return _("no password")


def describe(report) -> list[str]:
    """A sync report (planner.services.sync.pull.SyncReport) in sentences."""
    name = report.calendar
    lines = []
    counts = dict(new=report.pulled_new, updated=report.pulled_updated, removed=report.pulled_removed,
                  changed=report.pushed_changed, created=report.pushed_new, deleted=report.pushed_deleted)
    busy = any(counts.values())
    if report.dry_run:
        lines.append(_("{name} (dry run, nothing changed): would take {new} new, {updated} updated and {removed} "
                       "removed meetings from the server, and send {changed} changed, {created} new and {deleted} "
                       "deleted").format(name=name, **counts))
    elif not busy:
        lines.append(_("{name}: up to date").format(name=name))
    else:
        lines.append(_("{name}: took {new} new, {updated} updated and {removed} removed meetings from the server; "
                       "sent {changed} changed, {created} new and {deleted} deleted").format(name=name, **counts))
    if report.local_only:
        lines.append(ngettext(
            "{name} is read-only: {n} meeting changed in planner keeps the change in planner only",
            "{name} is read-only: {n} meetings changed in planner keep the change in planner only",
            report.local_only).format(name=name, n=report.local_only))
    for warning in report.warnings:
        lines.append(_("{name}: warning: {warning}").format(name=name, warning=warning))
    return lines


_PHASES = {
    "list": N_("{name}: asking the server what changed"),
    "fetch-all": N_("{name}: fetching the whole calendar (a first sync)"),
    "fetch": N_("{name}: fetching {done} of {total} events"),
    "push": N_("{name}: sending {total} changes"),
}


def progress_line(name: str, phase: str, done: int, total: int) -> str:
    """Where a sync of calendar ``name`` is (the phases of planner.application.calendars.sync)."""
    return _(_PHASES.get(phase, "{name}")).format(name=name, done=done, total=total)


_REASONS = {
    "changed": N_("conflict in {calendar}: {title!r} was changed here and on the server ({fields}); your version "
               "stays here and is not sent"),
    "deleted-there": N_("conflict in {calendar}: {title!r} was deleted on the server but changed here; it stays "
                        "here"),
    "deleted-here": N_("conflict in {calendar}: {title!r} was deleted here but changed on the server; the "
                       "server's version is back"),
}


def conflict_sentence(calendar: str, conflict) -> str:
    """A pending conflict (planner.services.sync.state.Conflict) in a sentence."""
    return _(_REASONS[conflict.reason]).format(calendar=calendar, title=conflict.title,
                                               fields=", ".join(conflict.fields))
