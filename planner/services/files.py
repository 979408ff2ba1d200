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


def _write_temp(folder: Path, name: str, payload: bytes, mode_from: Path | None = None) -> Path:
    temp = folder / f".{name}.{os.urandom(4).hex()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            if mode_from is not None:
                try:
                    os.chmod(temp, os.stat(mode_from).st_mode & 0o7777)
                except FileNotFoundError:
                    pass
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
