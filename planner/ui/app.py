"""The planner app: registers the themes, opens the week view, and keeps what screens share
(the store, today, the settings and clients read from the store, the last delete for undo, the
calendar sync and its timer).

``run_app`` is the entry point the command line calls; tests build ``PlannerApp`` directly.
"""

from __future__ import annotations

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
from planner.domain.models import Client, Settings
from planner.i18n import N_, _, activate, choose, language
from planner.services.themes import DEFAULT_THEME, LOAD_VARIABLES, ThemeSpec, load_themes
from planner.ui.actions import bindings, key_display, palette_actions, palette_key

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
                raise PlannerError(_('{where}: {key} = "{value}" is not a colour (try "#4f9dde")').format(
                    where=where, key=key, value=value)) from exc
    extra = {}
    if spec.luminosity_spread is not None:
        extra["luminosity_spread"] = spec.luminosity_spread
    if spec.text_alpha is not None:
        extra["text_alpha"] = spec.text_alpha
    return Theme(name=spec.name, dark=spec.dark, variables=dict(spec.variables), **spec.colors, **extra)


# Textual's own command palette entries, marked for the catalogue (translated where shown).
_TEXTUAL_WORDS = frozenset({
    N_("Theme"), N_("Change the current theme"), N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"), N_("Maximize"),
    N_("Maximize the focused widget"), N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
})


def _textual_words(text: str) -> str:
    return _(text) if text in _TEXTUAL_WORDS else text


class PlannerApp(App[None]):
    """The week planner. ``notice`` is a line shown at start (demo, read-only ...)."""

    CSS_PATH = Path(__file__).parent / "planner.tcss"  # absolute: subclasses live elsewhere
    TITLE = "planner"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-low"), (30, "-tall")]
    BINDINGS = bindings("app")
    COMMAND_PALETTE_BINDING = palette_key()

    def __init__(self, store, *, today: date | None = None, clock=None, notice: str | None = None,
                 start: date | None = None, sync_every: float | None = None, read_only_reason: str = "") -> None:
        super().__init__()
        from planner.application.clock import Clock
        from planner.ui.sync import CalendarSync

        self.store = store
        timezone = store.settings().timezone
        # The app's clock: a fixed moment for tests and --today/--now, else the real time.
        self.clock = clock or (Clock.start_of(today, timezone) if today is not None else Clock.real(timezone))
        self.notice = notice
        # Why a read-only store is read-only when another planner has the file ("" for --read-only).
        self.read_only_reason = read_only_reason
        self.sender_warned = False  # a draft without your name or address says so once a session
        self.start = start  # the day the week view opens on (default today)
        # Syncing with your calendars; ``sync_every`` (seconds) overrides the sync_minutes setting.
        self.calendar_sync = CalendarSync(self, every=sync_every)
        from planner.application.undo import last_change

        self.last_deleted: UndoRecord | None = last_change(store)
        self._settings: Settings | None = None
        self._clients: list[Client] | None = None
        self.theme_problems: list[str] = []
        self.planner_themes: list[str] = []
        activate(choose(self.settings.language))
        self._register_themes()
        wanted = self.settings.theme or DEFAULT_THEME
        if wanted not in self.available_themes:
            self.theme_problems.append(_('Theme "{wanted}" was not found; using {default}.').format(
                wanted=wanted, default=DEFAULT_THEME))
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self.theme = wanted

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
            _("the theme"), lambda: self.store.save_settings(settings.with_changes(theme=theme.name))
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
            _("Read-only: {what} cannot be saved. Close the other planner to make changes.").format(what=what),
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
            self.notify(_("{what} was not saved: {error}").format(what=what, error=exc), severity="error",
                        markup=False, timeout=10)
            self.reload()
            return False
        self.reload()
        return True

    # --- start ------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        from planner.ui.screens.week import WeekScreen

        return WeekScreen()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.calendar_sync.schedule()
        if self.notice:
            self.notify(self.notice, markup=False, timeout=10)
        for problem in self.theme_problems:
            self.notify(problem, title=_("Theme"), severity="warning", markup=False, timeout=12)

    @on(events.Ready)
    def _after_first_frame(self) -> None:
        """The week is on screen: check the message templates (the warning may come a moment
        after the week; reading the templates need not delay it)."""
        from planner.services.templates import check_templates

        problems = check_templates()
        if problems:
            text = "\n".join(problems[:3])
            if len(problems) > 3:
                text += "\n" + _("(and {n} more)").format(n=len(problems) - 3)
            self.notify(text, title=_("Message templates"), severity="warning", markup=False, timeout=20)

    # --- keys ------------------------------------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        return key_display(binding)

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    # --- the interface language ---------------------------------------------------------------

    def speak(self, setting: str, *, notice: str = "") -> None:
        """Switch the interface to the ``language`` setting (or the locale's): the screens built
        in the old language are composed again, so every word shows in the new one at once; then
        ``notice`` (marked with N_, translated once the new language speaks) is shown."""
        code = choose(setting)
        if code != language():
            activate(code)
            for screen in self.screen_stack:  # the week (a dialog reads its words when it opens)
                relabel = getattr(screen, "relabel", None)
                if relabel is not None:
                    self.call_later(relabel)
            self.refresh_bindings()
        if notice:
            self.call_later(lambda: self.notify(_(notice), markup=False))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            # Textual's own commands (Theme, Quit, Keys ...), in the interface language.
            yield SystemCommand(_textual_words(command.title), _textual_words(command.help), command.callback,
                                command.discover)
        # ``screen`` is the one the palette was opened on (app.screen is the palette itself).
        for action in palette_actions(screen.BINDINGS):
            yield SystemCommand(_(action.name), _(action.description), partial(screen.run_action, action.action))
        for name in self.planner_themes:
            if name != self.theme:
                yield SystemCommand(
                    _("Theme: {name}").format(name=name),
                    _("Switch to the {name} theme").format(name=name),
                    partial(setattr, self, "theme", name),
                )


def run_app(store, *, clock, notice: str | None = None, start: date | None = None, read_only_reason: str = "") -> int:
    """Open the week view on ``store`` until the user quits. Textual's exit code: not 0 if the
    app crashed (Textual has printed what happened)."""
    app = PlannerApp(store, clock=clock, notice=notice, start=start, read_only_reason=read_only_reason)
    app.run()
    return app.return_code or 0
