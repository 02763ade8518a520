"""Backups of the database and the uploaded files, and restore from them.

A backup is a folder with `database.dump` (pg_dump custom format, or a copy of the SQLite file) and
`media.tar.gz` (everything under MEDIA_ROOT)."""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    pass


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} fejlede: {result.stderr.strip()}")


def backup_create(*, target: Path) -> Path:
    """Write a backup of the database and the uploaded files into the folder `target`."""
    target.mkdir(parents=True, exist_ok=False)
    db = settings.DATABASES["default"]
    dump = target / "database.dump"
    if db["ENGINE"].endswith("postgresql"):
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), *_pg_args(db), db["NAME"]], _pg_env(db))
    else:
        with sqlite3.connect(db["NAME"]) as source, sqlite3.connect(dump) as copy:
            source.backup(copy)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            archive.add(media, arcname="media")
    return target


def backup_restore(*, source: Path) -> None:
    """Replace the database and the uploaded files with those of the backup in `source`."""
    dump = source / "database.dump"
    media_archive = source / "media.tar.gz"
    if not dump.exists() or not media_archive.exists():
        raise BackupError(f"{source} er ikke en backup: database.dump eller media.tar.gz mangler.")
    db = settings.DATABASES["default"]
    connections.close_all()
    if db["ENGINE"].endswith("postgresql"):
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                db["NAME"],
                *_pg_args(db),
                str(dump),
            ],
            _pg_env(db),
        )
    else:
        shutil.copyfile(dump, db["NAME"])
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media_archive, "r:gz") as archive:
        archive.extractall(media.parent / "_restore", filter="data")
    restored = media.parent / "_restore" / "media"
    if restored.exists():
        shutil.move(restored, media)
    else:
        media.mkdir()
    shutil.rmtree(media.parent / "_restore", ignore_errors=True)
