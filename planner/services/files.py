"""Writing files so that a crash, a full disk or a second writer never leaves half a file.

Both ways write a temp file in the target's folder, flush and fsync it, then give it its name in
one step, and fsync the folder so the name lasts too:

- ``atomic_write`` replaces the target (the data file, its backup, an exported .ics);
- ``write_new`` never replaces anything: it links the temp file to the first free name
  (``stem.md``, ``stem-2.md`` ...), for drafts.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from planner.i18n import N_, _

# Where hard links cannot be made (some network and FAT file systems).
_NO_LINKS = (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS)

# Reasons about the disk rather than the file name the path, so a person knows which disk to free.
_REASONS = {
    errno.ENOSPC: N_("no space left on the disk holding {path}"),
    errno.EDQUOT: N_("your disk quota is used up on the disk holding {path}"),
    errno.EROFS: N_("{path} is on a read-only file system"),
    errno.EIO: N_("input/output error on the disk holding {path}"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("it is a symbolic link, or a loop of them"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOENT: N_("it does not exist"),
}


def os_reason(exc: OSError, path: str | os.PathLike) -> str:
    """Why an operation on ``path`` failed, in words: "no space left on the disk holding PATH"."""
    template = _REASONS.get(exc.errno) if exc.errno is not None else None
    if template is not None:
        return _(template).format(path=path)
    if isinstance(exc, NotRegularFile):
        return exc.strerror
    if exc.errno:
        return os.strerror(exc.errno).lower()
    return str(exc) or type(exc).__name__


def fsync_folder(folder: Path) -> None:
    """Make a new or renamed name in ``folder`` durable (POSIX; Windows cannot open a folder and
    NTFS journals the rename itself)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _keep_mode_and_owner(fd: int, temp: Path, original: Path) -> None:
    """Give the new file the original's mode, and its owner and group where the system lets us
    (root may; anyone may keep their own uid and a group they are in)."""
    try:
        info = os.stat(original)
    except FileNotFoundError:
        return
    if not hasattr(os, "fchown"):  # pragma: no cover - Windows: no owners to keep
        os.chmod(temp, info.st_mode & 0o7777)
        return
    if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except OSError:
            try:
                os.fchown(fd, -1, info.st_gid)  # at least the group, when we are in it
            except OSError:
                pass
    os.fchmod(fd, info.st_mode & 0o7777)  # after chown, which may clear set-id bits


def _write_temp(folder: Path, name: str, payload: bytes, mode_from: Path | None = None) -> Path:
    temp = folder / f".{name}.{os.urandom(4).hex()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            if mode_from is not None:
                _keep_mode_and_owner(fd, temp, mode_from)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def atomic_write(target: Path, payload: bytes) -> None:
    """Replace ``target`` by ``payload`` so that a crash leaves the old or the new file, whole.

    On any error the temp file is removed and the error propagates; ``target`` is untouched
    unless the final folder fsync fails (the caller then decides whether to put the old bytes back).
    """
    temp = _write_temp(target.parent, target.name, payload, mode_from=target)
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)


_KINDS = (
    (stat.S_ISDIR, N_("a folder")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
    (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
    (stat.S_ISSOCK, N_("a socket")),
    (stat.S_ISLNK, N_("a symbolic link")),
    (stat.S_ISREG, N_("a regular file")),
)


def file_kind(mode: int) -> str:
    """What a file is, from its ``st_mode``: "a FIFO (named pipe)", in the interface language."""
    for test, kind in _KINDS:
        if test(mode):
            return _(kind)
    return _("not a regular file")


class NotRegularFile(OSError):
    """A path that is a folder, a FIFO, a device or a socket where a file was expected."""

    def __init__(self, path: str | os.PathLike, mode: int) -> None:
        self.mode = mode
        self.kind = file_kind(mode)
        super().__init__(errno.EINVAL, _("it is {kind}, not a regular file").format(kind=self.kind), str(path))


class FileTooBig(OSError):
    """A file larger than the most a reader takes; ``size`` when ``stat`` knew it."""

    def __init__(self, path: str | os.PathLike, size: int | None) -> None:
        self.size = size
        super().__init__(errno.EFBIG, os.strerror(errno.EFBIG), str(path))


def read_regular(path: str | os.PathLike, limit: int | None = None) -> bytes:
    """The bytes of ``path``, which must be a regular file (also behind a symbolic link):
    NotRegularFile for a folder, a FIFO, a device or a socket, found out on the opened file, without
    waiting for a FIFO's writer. With ``limit``: FileTooBig past that many bytes, whatever ``stat``
    said (at most ``limit`` + 1 bytes are read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP, errno.ENODEV):  # a socket, an absent device
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                raise NotRegularFile(path, mode) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, info.st_mode)
        if limit is not None and info.st_size > limit:
            raise FileTooBig(path, info.st_size)
        chunks = []
        size = 0
        most = None if limit is None else limit + 1
        while most is None or size < most:
            chunk = os.read(fd, 1 << 20 if most is None else min(1 << 20, most - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if limit is not None and size > limit:
            raise FileTooBig(path, None)
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_read_only(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a file made read-only (no write permission for anyone: even root, who
    may write anything, leaves it alone), or one we may not write. False when it does not exist."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not mode & 0o222 or not os.access(path, os.W_OK)


def write_new(folder: Path, stem: str, suffix: str, payload: bytes) -> Path:
    """Write ``payload`` under the first free name ``stem{suffix}``, ``stem-2{suffix}`` ... in
    ``folder`` and return it. Never replaces a file: a hard link fails rather than overwrite."""
    temp = _write_temp(folder, stem + suffix, payload)
    try:
        number = 1
        while True:
            target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
            number += 1
            try:
                os.link(temp, target)
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in _NO_LINKS:
                    raise
                if target.exists():  # no hard links here: check, then rename
                    continue
                os.replace(temp, target)
            break
        try:
            fsync_folder(folder)
        except OSError:
            pass  # the file is whole and named; only its durability across a power cut is less sure
        return target
    finally:
        temp.unlink(missing_ok=True)
