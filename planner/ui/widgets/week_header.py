"""The line at the top of the week: ISO week, dates, meeting hours against the limit, focus,
overloaded days."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from planner.domain.load import DayStatus, WeekLoad
from planner.formats import duration as format_minutes
from planner.domain.models import Settings
from planner.i18n import _, ngettext
from planner.ui.text import hours, short_date, styled, week_name


class WeekHeader(Widget):
    DEFAULT_CSS = """
    WeekHeader {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.week: WeekLoad | None = None
        self.settings = Settings()
        self.badge = ""

    def show(self, week: WeekLoad, settings: Settings, badge: str = "") -> None:
        self.week, self.settings, self.badge = week, settings, badge
        self.refresh()

    def render(self) -> Content:
        week = self.week
        if week is None:
            return Content("")
        width = self.size.width
        over = week.meeting_minutes > self.settings.week_overload_minutes
        load_style = "bold $load-overloaded" if over else "bold"
        n = week.overloaded_days
        days_style = "bold $load-overloaded" if n else "$text-muted"
        badge = [("  " + self.badge, "bold reverse $warning")] if self.badge else []
        label = (week_name(week.start), "bold $accent")
        if width >= 100:
            span = f"{short_date(week.start)} – {short_date(week.end)} {week.end.year}"
            days = ngettext("{n} overloaded day", "{n} overloaded days", n).format(n=n)
            line = styled(
                _("{week}  {span}   meetings {minutes} of {limit}   focus {focus}   {days}"),
                week=label, span=span, minutes=(format_minutes(week.meeting_minutes), load_style),
                limit=format_minutes(self.settings.week_overload_minutes),
                focus=(format_minutes(week.focus_minutes), "bold"), days=(days, days_style),
            )
            return Content.assemble(line, *badge)
        span = f"{short_date(week.start).split(' ', 1)[1]}–{short_date(week.end).split(' ', 1)[1]}"
        figure = f"{hours(week.meeting_minutes)}/{hours(self.settings.week_overload_minutes)}"
        if week.status is DayStatus.OVERLOADED:
            figure = _("{hours} over").format(hours=figure)
        line = styled(
            _("{week} {span} {hours} focus {focus} {days}"),
            week=label, span=span, hours=(figure, load_style), focus=hours(week.focus_minutes),
            days=(ngettext("{n} overloaded", "{n} overloaded", n).format(n=n), days_style),
        )
        return Content.assemble(line, *badge)
