"""Every command's arguments, fuzzed: whatever a person (or a script) types, planner answers with a
result, a one-line error (exit 1) or a usage message (exit 2), never a traceback or the
"something unexpected" path, and never a control character on the terminal."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from planner.cli.parser import COMMANDS

HOSTILE = [
    "", " ", "0", "-1", "1e400", "nan", "inf", "99999999999999999999", "9999-12-31", "0001-01-01",
    "9999-12-31 23:59", "2026-13-45", "2026-W00", "2026-W99", "9999-W52", "1/12", "mon 25:99", "tomorrow",
    "[VIP] Ærø & Co", "\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b[2J\x1b]0;evil\x07", "a\r\nb", "\x00", "‮evil",
    "../../etc/passwd", "/dev/zero", "-", "--", "x" * 300, "1h30", "45m", "phone", "video", "sick",
    "workload", "client-site", "key", "da", "en", "md", "eml", "json",
]
OPTIONS = {
    "agenda": ["--week", "--date", "--format"],
    "add": ["--client", "--title", "--start", "--end", "--duration", "--location", "--travel", "--lead",
            "--topic", "--notes"],
    "clients": ["add", "list", "--tier", "--share", "--contact", "--email", "--domain", "--lang", "--notes"],
    "settings": ["show", "set", "name", "email", "busy_minutes", "work_days", "timezone", "slot_window_days"],
    "import": ["--dry-run", "--weeks-back", "--weeks-ahead", "--me"],
    "export-ics": ["--week", "--out", "--force"],
    "advise": ["--reason", "--topic", "--colleague", "--format"],
    "draft": ["--strategy", "--lang", "--format", "--minutes", "--summary", "--by", "--talking-points"],
    "apply": ["--strategy", "--minutes", "--start", "--colleague", "--by", "--reason"],
    "lighten": ["--date", "--week", "--target", "--reason", "--format"],
    "demo": ["--force"],
}
GLOBAL = ["--today", "--now", "--read-only"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(
    command=st.sampled_from(sorted(COMMANDS)),
    words=st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), max_size=6),
    picks=st.lists(st.integers(0, 30), max_size=6),
    global_option=st.sampled_from([None, *GLOBAL]),
)
def test_no_argument_takes_the_crash_path(cli, command, words, picks, global_option):
    args = []
    if global_option is not None:
        args += [global_option] + ([words[0]] if words and global_option != "--read-only" else [])
    args.append(command)
    options = OPTIONS.get(command, [])
    for pick, word in zip(picks, words):
        if options:
            args.append(options[pick % len(options)])
        args.append(word)
    if command in ("add", "clients", "settings", "apply", "draft", "advise", "lighten"):
        cli("demo")  # a file to work on, so the commands get past "does not exist yet"
    result = cli(*args, today=None) if global_option in ("--today", "--now") else cli(*args)
    assert result.code in (0, 1, 2), result
    assert "something unexpected" not in result.err, result
    assert "Traceback" not in result.err, result
    assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err, result
