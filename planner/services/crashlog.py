"""The log an unexpected failure leaves: the traceback, in a file of its own in the state folder.

Named by the time to the microsecond and created exclusively, so that crashes in the same second
(or in parallel) never share or overwrite a file.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path


def write_crash_log() -> Path | None:
    """Write the exception being handled to a new file; its path, or None if it cannot be written."""
    from planner import __version__
    from planner.resources import state_dir

    try:
        folder = state_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        for attempt in range(100):
            path = folder / (f"crash-{stamp}.log" if attempt == 0 else f"crash-{stamp}-{attempt}.log")
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(f"planner {__version__}\n{traceback.format_exc()}")
            return path
    except OSError:
        return None
    return None
