"""Fixtures of this folder: the real servers the sync tests run against."""

from support.servers import ics_server, memory_keyring, radicale  # noqa: F401 - fixtures
