"""`planner settings [show | set KEY VALUE]`: your name, address, signature, language, time zone,
work days and hours, and every load limit, with the checks the settings screen makes
(planner.application.settings)."""

from __future__ import annotations

from planner.cli.output import say
from planner.i18n import _


def add_arguments(p, name: str) -> None:
    from planner.application.settings import SETTABLE
    from planner.cli.parser import Formatter

    sub = p.add_subparsers(dest="settings_command", metavar="ACTION")
    sub.add_parser("show", help=_("list every setting and its value (the default)"), formatter_class=Formatter)
    setter = sub.add_parser("set", help=_("change one setting"), formatter_class=Formatter)
    setter.add_argument("key", metavar="KEY", choices=SETTABLE, help=_("one of: {keys}").format(keys=", ".join(SETTABLE)))
    setter.add_argument("value", metavar="VALUE")


def read_only(args) -> bool:
    return args.settings_command in (None, "show")


def run(ctx) -> int:
    from planner.application.settings import SETTABLE, label, set_setting, setting_text, sync_note

    if ctx.args.settings_command == "set":
        settings = set_setting(ctx.store, ctx.args.key, ctx.args.value)
        value = setting_text(settings, ctx.args.key) or _("(empty)")
        if ctx.args.key == "sync_minutes":  # what the number means: "0m" alone reads like a bug
            value = f"{value} ({sync_note(settings.sync_minutes)})"
        say(_("{label} is now {value}").format(label=label(ctx.args.key), value=value))
        return 0
    settings = ctx.store.settings()
    width = max(len(key) for key in SETTABLE)
    for key in SETTABLE:
        value = setting_text(settings, key).replace("\n", " / ")
        say(f"{key:<{width}}  {value}")
    return 0
