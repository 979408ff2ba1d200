"""The data file's lock: ``<file>.lock``, holding the pid of the planner that writes the file."""

from __future__ import annotations

import os
from errno import EACCES, EAGAIN, EWOULDBLOCK
from pathlib import Path
from typing import Any

from planner.services.errors import StoreError, StoreLocked


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
        holder = f" (pid {pid})" if pid else ""
        return StoreLocked(
            f"{self.db_path} is in use by another planner{holder}; close it, or open read-only with --read-only"
        )

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

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot lock {self.db_path}: {os.strerror(exc.errno or 0).lower()} ({self.path})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            try:
                if exc.errno in (EACCES, EAGAIN, EWOULDBLOCK):
                    raise self._locked(self._read_pid(fd)) from None
                raise StoreError(f"cannot lock {self.db_path}: {os.strerror(exc.errno or 0).lower()}") from None
            finally:
                os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    @staticmethod
    def _read_pid(fd: int) -> int | None:
        import time as _time

        for _ in range(20):  # the holder writes its pid right after it gets the lock
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
                os.ftruncate(fd, 0)
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        if self._other is not None:
            self._other.release()
            self._other = None
