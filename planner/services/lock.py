"""The data file's lock: ``<file>.lock``, holding the pid of the planner that writes the file.

The lock file is opened without following a symbolic link (``O_NOFOLLOW``) and must be a regular
file with no other name: a link or a hard link planted at ``<file>.lock`` is refused with a
message, never followed, truncated or written. An error writing the pid (a full disk) is a
StoreError naming the lock file and the reason, and the lock is let go.
"""

from __future__ import annotations

import os
import stat
from errno import EACCES, EAGAIN, ELOOP, EWOULDBLOCK
from pathlib import Path
from typing import Any

from planner.services.errors import StoreError, StoreLocked
from planner.services.files import file_kind, os_reason
from planner.i18n import _


class PidLock:
    """An exclusive, non-blocking lock on ``<file>.lock`` that records the holder's pid.

    On POSIX this is ``fcntl.flock`` on the lock file (the same lock the ``filelock`` package's
    ``UnixFileLock`` takes, so the two exclude each other), used directly because importing
    ``filelock`` costs more than the whole of ``planner agenda``'s start-up budget. The kernel
    drops the lock when the process dies, so a crash never leaves a stale lock behind. Elsewhere
    ``filelock.FileLock`` with timeout 0 is used.
    """

    def __init__(self, path: Path, db_path: Path) -> None:
        self.path = path
        self.db_path = db_path
        self._fd: int | None = None
        self._other: Any = None

    def _locked(self, pid: int | None) -> StoreLocked:
        if pid:
            why = _("{path} is in use by another planner (pid {pid})").format(path=self.db_path, pid=pid)
        else:
            why = _("{path} is in use by another planner").format(path=self.db_path)
        advice = _("close it, or open read-only with --read-only")
        return StoreLocked(f"{why}; {advice}", why=why)

    def _refused(self, why: str, kind: str = "") -> StoreError:
        """``why`` a sentence about the lock file {lock} (a {kind} of file)."""
        return StoreError(why.format(db=self.db_path, lock=self.path, kind=kind))

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self.path, flags | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            if exc.errno == ELOOP:
                raise self._refused(_("cannot lock {db}: its lock file {lock} is a symbolic link, which planner "
                                      "does not follow; remove it and try again")) from None
            if os.path.lexists(self.path) and not os.path.isfile(self.path):
                raise self._refused(_("cannot lock {db}: its lock file {lock} is {kind}; remove it and try again"),
                                    file_kind(os.lstat(self.path).st_mode)) from None
            raise StoreError(_("cannot lock {db}: {reason} ({lock})").format(
                db=self.db_path, reason=os_reason(exc, self.path), lock=self.path)) from None
        info = os.fstat(fd)
        why, kind = "", ""
        if not stat.S_ISREG(info.st_mode):
            why = _("cannot lock {db}: its lock file {lock} is {kind}, not a regular file; remove it and try again")
            kind = file_kind(info.st_mode)
        elif info.st_nlink != 1:
            why = _("cannot lock {db}: its lock file {lock} has another name (a hard link), so writing it would "
                    "change another file; remove it and try again")
        if why:
            os.close(fd)
            raise self._refused(why, kind)
        return fd

    def acquire(self) -> None:
        if os.name != "posix":
            from filelock import FileLock, Timeout

            lock = FileLock(self.path, timeout=0)
            try:
                lock.acquire()
            except Timeout:
                raise self._locked(None) from None
            self._other = lock
            return
        import fcntl

        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            try:
                if exc.errno in (EACCES, EAGAIN, EWOULDBLOCK):
                    raise self._locked(self._read_pid(fd)) from None
                raise StoreError(_("cannot lock {db}: {reason}").format(
                    db=self.db_path, reason=os_reason(exc, self.path))) from None
            finally:
                os.close(fd)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError as exc:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise StoreError(_("cannot lock {db}: writing {lock} failed: {reason}; nothing was changed").format(
                db=self.db_path, lock=self.path, reason=os_reason(exc, self.path.parent))) from None
        self._fd = fd

    @staticmethod
    def _read_pid(fd: int) -> int | None:
        import time as _time

        for _attempt in range(20):  # the holder writes its pid right after it gets the lock
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            if text.isdigit():
                return int(text)
            _time.sleep(0.005)
        return None

    def release(self) -> None:
        if self._fd is not None:
            import fcntl

            fd, self._fd = self._fd, None
            try:
                try:
                    os.ftruncate(fd, 0)
                except OSError:
                    pass  # the pid stays behind: harmless, the next holder writes its own
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        if self._other is not None:
            self._other.release()
            self._other = None
