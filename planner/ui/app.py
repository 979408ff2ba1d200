"""The planner app: registers the themes, opens the week view, and keeps what screens share
(the store, today, the settings and clients read from the store, the last delete for undo).

``run_app`` is the entry point the command line calls; tests build ``PlannerApp`` directly.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.screen import Screen
from textual.theme import Theme

from planner.application.undo import UndoRecord
from planner.domain.errors import PlannerError
from planner.domain.models import Client, Meeting, Settings
from planner.services.themes import DEFAULT_THEME, LOAD_VARIABLES, ThemeSpec, load_themes

# Start-up makes many objects that live as long as the app (Textual's modules, the stylesheet,
# the widgets); the cyclic garbage collector would scan them all again and again while the first
# frame is built (about a fifth of the start-up time on the benchmark). So: what exists when the
# app starts is frozen (once per process; it lives on anyway), collection pauses until the first
# frame is painted (as Textual itself does during smooth scrolling), then resumes as normal.
_gc_frozen = False
_gc_paused = False


def _pause_gc_for_start() -> None:
    global _gc_frozen, _gc_paused
    if not _gc_frozen:
        gc.freeze()
        _gc_frozen = True
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def _resume_gc() -> None:
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.enable()


# planner.tcss is the one stylesheet, in two parts: the week (the first frame) above the line
# that starts with _LATER, everything else (dialogs, forms, wizard, drafts, import) below it.
# Textual takes ~10 ms to parse the whole file, two thirds of it for the part below; so the app
# reads the week's part before the first frame and the rest when another screen first opens.
STYLESHEET = Path(__file__).resolve().parent / "planner.tcss"
_LATER = "/* === read when another screen first opens"


def stylesheet_parts(text: str) -> tuple[str, str]:
    """(the week's part, the rest) of the stylesheet's text; the rest keeps its line numbers
    (blank lines in front) so that errors point at the right line of planner.tcss."""
    at = text.find(_LATER)
    if at < 0:
        return text, ""
    first = text[:at]
    return first, "\n" * first.count("\n") + text[at:]


# Where the load colours come from when a theme does not set them (e.g. Textual's own themes).
_LOAD_FALLBACK = {"load-ok": "success", "load-busy": "warning", "load-overloaded": "error"}


def build_theme(spec: ThemeSpec) -> Theme:
    """A Textual Theme from a checked theme file; PlannerError naming the bad colour."""
    where = str(spec.path) if spec.path else spec.name
    for key, value in [*spec.colors.items(), *spec.variables.items()]:
        if key in LOAD_VARIABLES or key in spec.colors:
            try:
                Color.parse(value)
            except ColorParseError as exc:
                raise PlannerError(f'{where}: {key} = "{value}" is not a colour (try "#4f9dde")') from exc
    extra = {}
    if spec.luminosity_spread is not None:
        extra["luminosity_spread"] = spec.luminosity_spread
    if spec.text_alpha is not None:
        extra["text_alpha"] = spec.text_alpha
    return Theme(name=spec.name, dark=spec.dark, variables=dict(spec.variables), **spec.colors, **extra)


class PlannerApp(App[None]):
    """The week planner. ``notice`` is a line shown at start (demo, read-only ...)."""

    CSS_PATH = None  # planner.tcss is read in two parts (see STYLESHEET)
    TITLE = "planner"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-low"), (30, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        # The wizard and the drafts (DESIGN.md §8), on the week view; ? adds them to its help.
        Binding("c", "wizard", "Get out", id="app.wizard"),
        Binding("D", "drafts", "Drafts", id="app.drafts"),
        # Import a calendar (screens/import_screen.py): last, so a narrow footer drops it first.
        Binding("i", "import", "Import", id="import"),
        Binding("question_mark", "week_help", "Help", priority=True, id="app.week-help"),
    ]

    def __init__(self, store, *, today: date | None = None, clock=None, notice: str | None = None,
                 start: date | None = None) -> None:
        super().__init__()
        from planner.application.clock import Clock

        self.store = store
        timezone = store.settings().timezone
        # The app's clock: a fixed moment for tests and --today/--now, else the real time.
        self.clock = clock or (Clock.start_of(today, timezone) if today is not None else Clock.real(timezone))
        self.notice = notice
        self.start = start  # the day the week view opens on (default today)
        from planner.application.undo import last_change

        self.last_deleted: UndoRecord | None = last_change(store)
        self._settings: Settings | None = None
        self._clients: list[Client] | None = None
        self.theme_problems: list[str] = []
        self.planner_themes: list[str] = []
        first, self._stylesheet_rest = stylesheet_parts(STYLESHEET.read_text(encoding="utf-8"))
        self.stylesheet.add_source(first, read_from=(str(STYLESHEET), ""))
        self._register_themes()
        wanted = self.settings.theme or DEFAULT_THEME
        if wanted not in self.available_themes:
            self.theme_problems.append(f'Theme "{wanted}" was not found; using {DEFAULT_THEME}.')
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self._apply_start_theme(wanted)

    def _apply_start_theme(self, name: str) -> None:
        """Choose the theme before the stylesheet is first read.

        Assigning ``self.theme`` here would parse the stylesheet twice at start (once for
        Textual's default theme, then again for ours); setting the reactive quietly, with the
        classes the theme watcher would set, gives the first frame the right colours at once.
        """
        theme = self.get_theme(name)
        self.set_reactive(App.theme, name)
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        classes[f"-theme-{name}"] = True
        classes["-dark-mode"] = theme.dark
        classes["-light-mode"] = not theme.dark
        self.update_classes(classes, update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    # --- themes ---------------------------------------------------------------------------

    def _register_themes(self) -> None:
        specs, problems = load_themes()
        self.theme_problems.extend(problems)
        for spec in specs:
            try:
                theme = build_theme(spec)
            except PlannerError as exc:
                self.theme_problems.append(str(exc))
                continue
            self.register_theme(theme)
            self.planner_themes.append(theme.name)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        theme = self.current_theme
        defaults = {"load-ok": "#46a758", "load-busy": "#e5a50a", "load-overloaded": "#e5484d"}
        for variable, colour in _LOAD_FALLBACK.items():
            value = getattr(theme, colour, None)
            if value:
                defaults[variable] = value
        return defaults

    def _theme_changed(self, theme: Theme) -> None:
        """Remember the chosen theme in the store."""
        settings = self.settings
        if settings.theme == theme.name or self.store.read_only:
            return
        self.write(
            "the theme", lambda: self.store.save_settings(settings.with_changes(theme=theme.name))
        )

    # --- what screens share ---------------------------------------------------------------

    @property
    def today(self) -> date:
        return self.clock.today

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = self.store.settings()
        return self._settings

    @property
    def clients(self) -> list[Client]:
        if self._clients is None:
            self._clients = self.store.clients()
        return self._clients

    def client_names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.clients}

    def client_by_id(self, client_id: str) -> Client | None:
        return next((c for c in self.clients if c.id == client_id), None)

    def reload(self) -> None:
        """Forget what was read from the store (after a change)."""
        self._settings = None
        self._clients = None

    def refuse_read_only(self, what: str) -> bool:
        """True (and a notice) when the store is read-only: ask before a form is filled in."""
        if not self.store.read_only:
            return False
        self.notify(
            f"Read-only: {what} cannot be saved. Close the other planner to make changes.",
            severity="error",
            markup=False,
        )
        return True

    def write(self, what: str, change: Callable[[], object]) -> bool:
        """Run ``change`` against the store in one batch. False (and a notice) if it failed."""
        if self.refuse_read_only(what):
            return False
        try:
            with self.store.batch():
                change()
        except PlannerError as exc:
            self.notify(f"{what} was not saved: {exc}", severity="error", markup=False, timeout=10)
            self.reload()
            return False
        self.reload()
        return True

    # --- the stylesheet's second part ------------------------------------------------------

    def push_screen(self, screen, callback=None, wait_for_dismiss=False, *, mode=None):
        self.read_whole_stylesheet()
        return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)

    def read_whole_stylesheet(self) -> None:
        """Add the part of planner.tcss below the week's (once), and restyle what is shown."""
        rest, self._stylesheet_rest = self._stylesheet_rest, ""
        if rest:
            self.stylesheet.add_source(rest, read_from=(str(STYLESHEET), "after the week"))
            self.stylesheet.parse()
            self.stylesheet.update(self)

    # --- start ------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        from planner.ui.screens.week import WeekScreen

        return WeekScreen()

    def on_load(self) -> None:
        _pause_gc_for_start()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.notice:
            self.notify(self.notice, markup=False, timeout=10)
        for problem in self.theme_problems:
            self.notify(problem, title="Theme", severity="warning", markup=False, timeout=12)

    @on(events.Ready)
    def _after_first_frame(self) -> None:
        """The week is on screen: collect garbage again, and check the message templates (the
        warning may come a moment after the week; reading the templates need not delay it)."""
        _resume_gc()
        from planner.services.templates import check_templates

        problems = check_templates()
        if problems:
            self.notify(
                "\n".join(problems[:3]) + (f"\n(and {len(problems) - 3} more)" if len(problems) > 3 else ""),
                title="Message templates", severity="warning", markup=False, timeout=20,
            )

    # --- the wizard and the drafts (planner/ui/screens/wizard.py, drafts.py) ---------------

    def on_unmount(self) -> None:
        _resume_gc()  # in case the app ends before its first frame

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("wizard", "drafts", "import", "week_help"):
            # Only on the week. (Checked here, not in the wizard's module: the footer asks this while
            # drawing the first frame, and importing the wizard then would delay the week by tens of ms.)
            from planner.ui.screens.week import WeekScreen

            return isinstance(self.screen, WeekScreen)
        return True

    def action_wizard(self) -> None:
        from planner.ui.screens.wizard import open_wizard

        open_wizard(self)

    def action_drafts(self) -> None:
        from planner.ui.screens.drafts import open_drafts

        open_drafts(self)

    def action_import(self) -> None:
        from planner.ui.screens.import_screen import open_import

        open_import(self)

    def action_week_help(self) -> None:
        from planner.ui.screens.help import HelpScreen
        from planner.ui.screens.import_screen import IMPORT_KEY
        from planner.ui.screens.wizard import week_help_rows

        rows = week_help_rows(self.screen)
        at = next((i for i, row in enumerate(rows) if row[0] == "ctrl+p"), len(rows))
        key, _, name, text = IMPORT_KEY
        self.push_screen(HelpScreen([*rows[:at], (key, name, text), *rows[at:]]))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
            from planner.ui.screens.import_screen import IMPORT_KEY
            from planner.ui.screens.week import WeekScreen
            from planner.ui.screens.wizard import WEEK_KEYS

            # ``screen`` is the one the palette was opened on (app.screen is the palette itself).
            if isinstance(screen, WeekScreen):
                for _, action, name, text in [*WEEK_KEYS, IMPORT_KEY]:
                    yield SystemCommand(name, text, partial(self.run_action, action))
        for name in self.planner_themes:
            if name != self.theme:
                yield SystemCommand(
                    f"Theme: {name}", f"Switch to the {name} theme", partial(setattr, self, "theme", name)
                )


def run_app(store, *, clock, notice: str | None = None, start: date | None = None) -> int:
    """Open the week view on ``store`` until the user quits. Textual's exit code: not 0 if the
    app crashed (Textual has printed what happened)."""
    app = PlannerApp(store, clock=clock, notice=notice, start=start)
    app.run()
    return app.return_code or 0
