"""Backups of the clerk's database: made automatically, kept in rotation, checked, restored.

Years of figures live in one file on an office PC. A copy is made the first time the
database is opened each day and before every import, restore and migration, always with
SQLite's online backup API (a file copy of an open WAL database can miss committed pages).
Automatic copies are kept for the last 10 days and the last 12 months; the copies taken
before an import or a restore are kept for the last 20 such operations. A restore checks
the chosen file first and keeps the current database as one more copy, so it can be undone.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.backup import backup_file
from desktop.errors import UserError

BACKUP_FOLDER = "backups"
KEEP_DAILY = 10
KEEP_MONTHLY = 12
KEEP_BEFORE = 20

_NAME = re.compile(r"^(?P<stem>.+)\.(?P<kind>daily|before-import|before-restore|before-upgrade|manual)-(?P<stamp>\d{8}-\d{6}(?:-\d{6})?)\.db$")
_KINDS = {
    "daily": "每日自动备份",
    "before-import": "导入前备份",
    "before-restore": "恢复前备份",
    "before-upgrade": "升级前备份",
    "manual": "手动备份",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str  # daily | before-import | before-restore | before-upgrade | manual
    made_at: dt.datetime

    @property
    def label(self) -> str:
        return _KINDS.get(self.kind, self.kind)


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def last_backup_time(db_path: Path) -> dt.datetime | None:
    """When the newest copy in the backups folder beside the database was made."""
    folder = backup_folder(db_path)
    times = [p.stat().st_mtime for p in folder.glob("*.db")] if folder.is_dir() else []
    return dt.datetime.fromtimestamp(max(times)) if times else None


def make_backup(db_path: Path, kind: str, *, now: dt.datetime | None = None) -> Path:
    """A consistent copy of ``db_path`` in its backups folder, named by kind and time."""
    if kind not in _KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = backup_folder(db_path) / f"{db_path.stem}.{kind}-{stamp}.db"
    try:
        return backup_file(db_path, target)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"无法在 {target.parent} 中备份数据库：{exc}。请检查磁盘空间和文件夹权限。") from exc


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The copies of this database in its backups folder, newest first."""
    folder = backup_folder(db_path)
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for path in folder.glob("*.db"):
        match = _NAME.match(path.name)
        if match is None or match["stem"] != db_path.stem:
            continue
        stamp = match["stamp"]
        made = dt.datetime.strptime(stamp[:15], "%Y%m%d-%H%M%S")
        if len(stamp) > 15:
            made = made.replace(microsecond=int(stamp[16:]))
        found.append(BackupInfo(path, match["kind"], made))
    found.sort(key=lambda info: info.made_at, reverse=True)
    return found


def daily_backup(db_path: Path, *, now: dt.datetime | None = None) -> Path | None:
    """The day's automatic copy (None when there already is one, or nothing to copy yet), then pruning."""
    now = now or dt.datetime.now()
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    made = None
    if not any(info.kind == "daily" and info.made_at.date() == now.date() for info in list_backups(db_path)):
        made = make_backup(db_path, "daily", now=now)
    prune(db_path)
    return made


def to_keep(backups: list[BackupInfo]) -> set[Path]:
    """Which copies the rotation keeps: the newest daily copy of each of the last 10 days that
    have one, the newest of each of the last 12 months, the last 20 taken before an
    operation, and every manual copy."""
    keep: set[Path] = set()
    days: dict[dt.date, BackupInfo] = {}
    months: dict[tuple[int, int], BackupInfo] = {}
    before: list[BackupInfo] = []
    for info in backups:  # newest first
        if info.kind == "daily":
            days.setdefault(info.made_at.date(), info)
            months.setdefault((info.made_at.year, info.made_at.month), info)
        elif info.kind == "manual":
            keep.add(info.path)
        else:
            before.append(info)
    keep.update(info.path for _, info in sorted(days.items(), reverse=True)[:KEEP_DAILY])
    keep.update(info.path for _, info in sorted(months.items(), reverse=True)[:KEEP_MONTHLY])
    keep.update(info.path for info in before[:KEEP_BEFORE])
    return keep


def prune(db_path: Path) -> list[Path]:
    """Delete the copies the rotation does not keep; returns what was deleted."""
    backups = list_backups(db_path)
    keep = to_keep(backups)
    removed = []
    for info in backups:
        if info.path not in keep:
            try:
                info.path.unlink()
            except OSError:
                continue  # a copy open elsewhere stays until next time
            removed.append(info.path)
    return removed


def check_backup(path: Path) -> None:
    """Refuse, with the reason, a file that is not a sound InnoTrack database."""
    if not path.is_file():
        raise UserError(f"找不到备份文件 {path}。请检查路径。")
    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise UserError(f"{path} 不是 InnoTrack 数据库文件，未恢复。请选择备份文件夹中的 .db 文件。")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UserError(f"无法打开备份文件 {path}：{exc}。未恢复。") from exc
    try:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        if not {"plan", "alembic_version"} <= tables:
            raise UserError(f"{path} 不是 InnoTrack 数据库（缺少方案表），未恢复。请选择备份文件夹中的 .db 文件。")
        problems = [row[0] for row in conn.execute("pragma integrity_check") if row[0] != "ok"]
        problems += [f"{row[0]} 第 {row[1]} 行引用了不存在的 {row[2]} 记录" for row in conn.execute("pragma foreign_key_check")]
        if problems:
            raise UserError(f"备份文件 {path} 已损坏（{problems[0]}），未恢复。请选择另一个备份。")
        version = conn.execute("select version_num from alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"备份文件 {path} 已损坏（{exc}），未恢复。请选择另一个备份。") from exc
    finally:
        conn.close()
    if version is None or version[0] not in _known_revisions():
        raise UserError(f"备份文件 {path} 来自更新版本的 InnoTrack，本版本无法使用。请先升级 InnoTrack。")


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from db.migrate import MIGRATIONS

    return {script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


def restore_backup(db_path: Path, source: Path) -> Path:
    """Replace the database at ``db_path`` with the copy ``source``; returns the copy of the
    database as it was before. The database must not be open (the caller closes it first);
    an older schema is upgraded by the next ``open_database``."""
    check_backup(source)
    if source.resolve() == db_path.resolve():
        raise UserError("不能用数据库自身恢复。请选择备份文件夹中的某个备份。")
    kept = make_backup(db_path, "before-restore") if db_path.exists() else None
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(db_path))
            try:
                src.backup(dst)  # page by page, in one step: the database is the backup or unchanged
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise UserError(f"恢复失败：{exc}。数据库未改变；恢复前的副本在 {kept}。") from exc
    return kept or db_path


def restore_database(db_path: Path, source: Path) -> Path:
    """``restore_backup`` for a database no window has open, then opened (an older copy is
    upgraded) and the restore written into its audit trail. Returns the copy of what was replaced."""
    from desktop.services.database import open_database
    from desktop.services.instance_lock import InstanceLock
    from desktop.services.os_user import current_user

    lock = InstanceLock(db_path).acquire()  # refused while a window has the database open
    try:
        kept = restore_backup(db_path, source)
        database = open_database(db_path)
        try:
            from db.models import AuditLog

            with database.write() as s:
                s.add(AuditLog(os_user=current_user(), plan_id=None, entity="database", entity_id=None, field=None,
                               old=str(kept), new=str(source), reason=f"从备份恢复：{source.name}"))
        finally:
            database.close()
    finally:
        lock.release()
    return kept
