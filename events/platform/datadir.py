"""The embedded data folder: readable by its owner alone (700, its files 600), and the key
that encrypts its event stores, made on first run so a demo's NHS numbers are never stored in
plain text."""

from __future__ import annotations

import logging
from pathlib import Path

from eventsourcing.cipher import AESCipher

log = logging.getLogger(__name__)
KEY_FILE = "cipher-key"


def secure(folder: Path) -> Path:
    """Make the folder if need be; 700 for it, 600 for every file in it."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        if path.is_file() and path.stat().st_mode & 0o077:
            path.chmod(0o600)
    return folder


def cipher_key(folder: Path) -> str | None:
    """The folder's key, made now if the folder holds no event store yet. None for a store
    written unencrypted before there was a key: it is read as it is (encrypting it in place
    would lose nothing only with a migration nobody has asked for), and said so in the log."""
    path = folder / KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    stores = sorted(folder.glob("*-events.sqlite")) if folder.exists() else []
    if stores:
        log.warning(
            "%s holds event stores written without a cipher key: they stay unencrypted "
            "(set CAREBRIDGE_CIPHER_KEY, or start from an empty folder, to encrypt)",
            folder,
        )
        return None
    secure(folder)
    path.write_text(AESCipher.create_key(32), encoding="utf-8")
    path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
