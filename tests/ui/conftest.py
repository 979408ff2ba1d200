"""Fixtures of this folder: the demo calendar the screens are tried on, and the real servers the
sync tests run against."""

import pytest

from support.servers import ics_server, memory_keyring, radicale  # noqa: F401 - fixtures
from support.ui import open_demo


@pytest.fixture
def demo(tmp_path):
    """The demo calendar in a data file of the test's own; drafts go to the test's folder."""
    store = open_demo(tmp_path / "planner.json")
    store.save_settings(store.settings().with_changes(drafts_dir=str(tmp_path / "drafts")))
    yield store
    store.close()
