"""Calendar passwords: from a password command, else the system keyring; never in the data file.

- A password command (``pass show work/caldav``, ``secret-tool lookup ...``, ``op read ...``)
  is run without a shell, with a time limit; the first line it prints is the password.
- Otherwise the system keyring (the ``keyring`` package: Secret Service, macOS Keychain, Windows
  Credential Locker) holds it, under the service ``planner`` and ``<user>@<host>``.
- A machine without a keyring (a server, a container) is told so, with the password command to
  use instead.
"""

from __future__ import annotations

import shlex
import subprocess
from urllib.parse import urlsplit

from planner.domain.errors import PlannerError
from planner.i18n import _

SERVICE = "planner"
COMMAND_TIMEOUT = 30  # seconds: a command that asks for a passphrase gets time to be answered


def keyring_user(user: str, url: str) -> str:
    return f"{user}@{urlsplit(url).hostname or url}"


def run_password_command(command: str) -> str:
    """The first line the command prints; PlannerError if it fails or prints nothing."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise PlannerError(_("the password command {command!r} cannot be read: {why}").format(
            command=command, why=exc)) from None
    if not argv:
        raise PlannerError(_("the password command is empty"))
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise PlannerError(_("the password command {program!r} was not found").format(program=argv[0])) from None
    except subprocess.TimeoutExpired:
        raise PlannerError(_("the password command {command!r} gave no answer in {seconds} s").format(
            command=command, seconds=COMMAND_TIMEOUT)) from None
    except OSError as exc:
        raise PlannerError(_("the password command {command!r} could not run: {why}").format(
            command=command, why=exc.strerror or exc)) from None
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or [""])[-1][:200]
        raise PlannerError(_("the password command {command!r} failed (exit {code}): {said}").format(
            command=command, code=done.returncode, said=said))
    password = (done.stdout.splitlines() or [""])[0]
    if not password:
        raise PlannerError(_("the password command {command!r} printed no password").format(command=command))
    return password


def _keyring():
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def _no_keyring() -> PlannerError:
    return PlannerError(_("this machine has no system keyring to keep the password in; give a password "
                          "command instead, e.g. --password-command \"pass show work/caldav\""))


def store_password(user: str, url: str, password: str) -> None:
    """Keep the password in the system keyring."""
    keyring = _keyring()
    if keyring is None:
        raise _no_keyring()
    try:
        keyring.set_password(SERVICE, keyring_user(user, url), password)
    except Exception as exc:  # noqa: BLE001 - every backend has its own errors
        raise PlannerError(_("the system keyring refused the password ({why}); give a password command "
                             "instead (--password-command)").format(why=exc)) from None


def forget_password(user: str, url: str) -> None:
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(SERVICE, keyring_user(user, url))
    except Exception:  # noqa: BLE001 - nothing stored, or a backend that cannot delete: nothing to do
        pass


def password_for(user: str, url: str, password_command: str) -> str | None:
    """The password for a calendar account: None when no user name is set (a public calendar)."""
    if password_command:
        return run_password_command(password_command)
    if not user:
        return None
    keyring = _keyring()
    if keyring is None:
        raise _no_keyring()
    try:
        password = keyring.get_password(SERVICE, keyring_user(user, url))
    except Exception as exc:  # noqa: BLE001
        raise PlannerError(_("the system keyring could not be read ({why})").format(why=exc)) from None
    if password is None:
        raise PlannerError(_("no password for {user} is in the system keyring; add the calendar again, "
                             "or give a password command").format(user=keyring_user(user, url)))
    return password
