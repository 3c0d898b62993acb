"""Is the database on a network share or in a synced folder?

SQLite's locking cannot be trusted on network file systems (SMB, NFS, sshfs …), and sync
clients (OneDrive, Dropbox, 坚果云 …) upload ``.db``, ``-wal`` and ``-shm`` separately or make
conflict copies — both can corrupt years of figures. :func:`classify` says where a path
lies; :func:`placement_warning` gives the Chinese warning the command line prints on stderr
and the window shows in its banner (``None`` for an ordinary local folder).

:func:`classify` is pure given its inputs: the platform, the mount table (Linux:
``/proc/mounts``), a drive-type function (Windows: ``GetDriveTypeW``) and the environment
(Windows: ``%OneDrive%`` …); the defaults read them from this computer.
"""

from __future__ import annotations

import ntpath
import os
import posixpath
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LOCAL = "local"
NETWORK = "network"
SYNCED = "synced"

DRIVE_REMOTE = 4  # GetDriveTypeW: a network (mapped) drive

NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "afs", "ncpfs", "9p", "ceph",
    "glusterfs", "lustre", "gpfs", "davfs", "webdav", "ftpfs", "curlftpfs",
})
# FUSE file systems that are local (everything else mounted through FUSE — sshfs, rclone,
# gvfs, s3fs … — is treated as remote)
LOCAL_FUSE = frozenset({"fuse.lxcfs", "fuse.portal", "fuse.snapfuse", "fuse.squashfuse", "fuse.fuse-overlayfs",
                        "fuse.ntfs-3g", "fuse.bindfs", "fuse.encfs", "fuse.gocryptfs", "fuse.appimaged"})

# folder names of sync clients: (how a path component starts, casefolded) → service name
SYNC_FOLDERS: tuple[tuple[str, str], ...] = (
    ("onedrive", "OneDrive"),  # OneDrive, OneDrive - 单位名称 (work or school)
    ("dropbox", "Dropbox"),  # Dropbox, Dropbox (Personal)
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("我的云端硬盘", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("iclouddrive", "iCloud Drive"),
    ("mobile documents", "iCloud Drive"),  # ~/Library/Mobile Documents on macOS
    ("坚果云", "坚果云"),
    ("nutstore", "坚果云"),
    ("我的坚果云", "坚果云"),
    ("百度网盘同步", "百度网盘"),
    ("baidunetdisk", "百度网盘"),
    ("百度云同步盘", "百度网盘"),
    ("wps云文档", "WPS 云文档"),
    ("wpsdrive", "WPS 云文档"),
    ("阿里云盘", "阿里云盘"),
    ("aliyundrive", "阿里云盘"),
    ("腾讯微云", "腾讯微云"),
    ("weiyun", "腾讯微云"),
    ("synologydrive", "Synology Drive"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("seafile", "Seafile"),
    ("box sync", "Box"),
    ("pcloud drive", "pCloud"),
    ("mega", "MEGA"),
    ("yandex.disk", "Yandex.Disk"),
)
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


@dataclass(frozen=True)
class Placement:
    kind: str  # local | network | synced
    where: str = ""  # the share, mount or sync service

    @property
    def risky(self) -> bool:
        return self.kind != LOCAL


def classify(
    path: Path | str,
    *,
    platform: str | None = None,
    mounts: Sequence[tuple[str, str]] | None = None,
    drive_type: Callable[[str], int] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Placement:
    """Where ``path`` lies: on a network share, in a synced folder, or in a local folder.

    ``mounts`` is (mount point, file-system type) as in /proc/mounts; ``drive_type`` takes a
    drive root such as ``Z:\\`` and returns GetDriveTypeW's number.
    """
    platform = sys.platform if platform is None else platform
    windows = platform.startswith("win")
    text = str(path)
    looks_windows = windows or text.startswith("\\\\") or (len(text) >= 3 and text[1] == ":" and text[0].isalpha())
    if looks_windows:
        text = _strip_long_prefix(text)
        if text.startswith(("\\\\", "//")):
            parts = [p for p in text.replace("/", "\\").split("\\") if p]
            return Placement(NETWORK, "\\\\" + "\\".join(parts[:2]))
        drive, _rest = ntpath.splitdrive(text)
        if windows and drive and len(drive) == 2:
            kind = (drive_type or _drive_type)(drive + "\\")
            if kind == DRIVE_REMOTE:
                return Placement(NETWORK, f"网络驱动器 {drive.upper()}")
        parts = [p for p in ntpath.normpath(text).replace("/", "\\").split("\\") if p]
        synced = _synced(parts) or _under_onedrive(text, environ if environ is not None else os.environ, windows)
        return Placement(SYNCED, synced) if synced else Placement(LOCAL)
    absolute = posixpath.normpath(posixpath.join(os.getcwd(), text) if not text.startswith("/") else text)
    mount = _mount_of(absolute, _read_mounts() if mounts is None else mounts)
    if mount is not None:
        point, fstype = mount
        if fstype in NETWORK_FS or fstype.split(".")[0] in NETWORK_FS or (
            fstype.startswith("fuse.") and fstype not in LOCAL_FUSE
        ):
            return Placement(NETWORK, f"{point}（{fstype}）")
    synced = _synced([p for p in absolute.split("/") if p])
    return Placement(SYNCED, synced) if synced else Placement(LOCAL)


def placement_warning(path: Path | str, placement: Placement | None = None) -> str | None:
    """The Chinese warning for a database at ``path`` on a risky place; None when local."""
    placement = classify(path) if placement is None else placement
    name = Path(str(path).replace("\\", "/")).name or str(path)
    advice = (
        "请把数据库放在本机磁盘上不同步的文件夹中（例如程序默认的位置），"
        "需要分享或留存时用“备份”另存一份副本。"
    )
    if placement.kind == NETWORK:
        return (
            f"警告：数据库文件“{name}”位于网络共享（{placement.where}）上，"
            f"SQLite 在网络文件夹上无法可靠加锁，多人或断网时可能损坏数据。{advice}"
        )
    if placement.kind == SYNCED:
        return (
            f"警告：数据库文件“{name}”位于 {placement.where} 同步文件夹中，"
            f"同步软件可能在写入途中上传或生成冲突副本，导致数据丢失或损坏。{advice}"
        )
    return None


# --- the computer's own facts --------------------------------------------------------------------


def _read_mounts(path: str = "/proc/mounts") -> list[tuple[str, str]]:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        fields = line.split()
        if len(fields) >= 3:
            out.append((_unescape(fields[1]), fields[2]))
    return out


def _unescape(point: str) -> str:
    """/proc/mounts writes a space in a mount point as \\040 (also tab, newline, backslash)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        point = point.replace(code, char)
    return point


def _mount_of(path: str, mounts: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """The mount ``path`` lies on: the longest mount point that is a prefix (the last wins)."""
    best: tuple[str, str] | None = None
    for point, fstype in mounts:
        p = point.rstrip("/") or "/"
        if path == p or path.startswith(p + "/") or p == "/":
            if best is None or len(p) >= len(best[0].rstrip("/") or "/"):
                best = (p, fstype)
    return best


def _drive_type(root: str) -> int:
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))  # type: ignore[attr-defined]
    except Exception:  # not Windows, or the call failed: treat as local
        return 0


def _strip_long_prefix(text: str) -> str:
    if text.startswith("\\\\?\\UNC\\"):
        return "\\\\" + text[8:]
    if text.startswith("\\\\?\\"):
        return text[4:]
    return text


def _synced(parts: Sequence[str]) -> str | None:
    for part in parts[:-1] if len(parts) > 1 else parts:
        folded = part.casefold()
        for start, service in SYNC_FOLDERS:
            if folded == start or (folded.startswith(start) and not folded[len(start) : len(start) + 1].isalnum()):
                return service
    return None


def _under_onedrive(text: str, environ: Mapping[str, str], windows: bool) -> str | None:
    if not windows:
        return None
    target = ntpath.normcase(ntpath.normpath(text))
    for name in ONEDRIVE_VARIABLES:
        root = environ.get(name)
        if root:
            root = ntpath.normcase(ntpath.normpath(root))
            if target == root or target.startswith(root.rstrip("\\") + "\\"):
                return "OneDrive"
    return None


__all__ = ["LOCAL", "NETWORK", "SYNCED", "Placement", "classify", "placement_warning"]
