"""File modes of what the service writes besides uploads (those follow FILE_UPLOAD_PERMISSIONS in settings).

The SQLite database (and its -wal and -shm companions) holds NIK, NPWP and bank account numbers: it is made
readable by the service's own user only (0600) whenever a connection opens, whatever the umask was when
SQLite created it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DATABASE_MODE = 0o600


def restrict_sqlite_files(sender=None, connection=None, **kwargs) -> None:
    if connection is None or connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in (Path(name), Path(name + "-wal"), Path(name + "-shm")):
        try:
            if stat.S_IMODE(path.stat().st_mode) != DATABASE_MODE:
                os.chmod(path, DATABASE_MODE)
        except (FileNotFoundError, PermissionError):
            continue
