"""Database placement: network shares and synced folders are recognised and warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services.placement import LOCAL, NETWORK, SYNCED, classify, placement_warning

MOUNTS = [
    ("/", "ext4"),
    ("/proc", "proc"),
    ("/mnt/share", "cifs"),
    ("/mnt/nfs", "nfs4"),
    ("/home/clerk/remote", "fuse.sshfs"),
    ("/home/clerk/rclone", "fuse.rclone"),
    ("/var/lib/lxcfs", "fuse.lxcfs"),
    ("/tmp", "tmpfs"),
    ("/mnt/share/local disk", "ext4"),  # a local disk mounted inside the share: the longest wins
]


def linux(path: str) -> str:
    return classify(path, platform="linux", mounts=MOUNTS).kind


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/clerk/innotrack.db", LOCAL),
        ("/tmp/x/innotrack.db", LOCAL),
        ("/mnt/share/科技局/innotrack.db", NETWORK),
        ("/mnt/nfs/innotrack.db", NETWORK),
        ("/home/clerk/remote/innotrack.db", NETWORK),
        ("/home/clerk/rclone/innotrack.db", NETWORK),
        ("/var/lib/lxcfs/innotrack.db", LOCAL),
        ("/mnt/share/local disk/innotrack.db", LOCAL),
        ("/mnt/shared/innotrack.db", LOCAL),  # a prefix of a mount point is not inside it
        ("/home/clerk/Dropbox/数据/innotrack.db", SYNCED),
        ("/home/clerk/OneDrive - 淄博市科技局/innotrack.db", SYNCED),
        ("/home/clerk/坚果云/innotrack.db", SYNCED),
        ("/home/clerk/OneDriveBackup/innotrack.db", LOCAL),  # not the OneDrive folder itself
        ("/home/clerk/OneDrive.db", LOCAL),  # the file's own name does not count
    ],
)
def test_linux_paths(path: str, kind: str) -> None:
    assert linux(path) == kind


def test_mount_points_with_spaces_are_unescaped(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text("server:/x /mnt/a\\040b nfs rw 0 0\n/dev/vda / ext4 rw 0 0\n", encoding="utf-8")
    from desktop.services import placement

    table = placement._read_mounts(str(mounts))
    assert ("/mnt/a b", "nfs") in table
    assert classify("/mnt/a b/db.db", platform="linux", mounts=table).kind == NETWORK


@pytest.mark.parametrize(
    ("path", "kind", "where"),
    [
        (r"\\server\share\科技局\innotrack.db", NETWORK, r"\\server\share"),
        ("//server/share/innotrack.db", NETWORK, r"\\server\share"),
        (r"\\?\UNC\server\share\innotrack.db", NETWORK, r"\\server\share"),
        (r"Z:\数据\innotrack.db", NETWORK, "网络驱动器 Z:"),
        (r"C:\Users\张三\AppData\Local\InnoTrack\innotrack.db", LOCAL, ""),
        (r"\\?\C:\Users\张三\innotrack.db", LOCAL, ""),
        (r"C:\Users\张三\OneDrive\文档\innotrack.db", SYNCED, "OneDrive"),
        (r"D:\同步\OneDrive - 淄博市科技局\innotrack.db", SYNCED, "OneDrive"),
        (r"D:\Dropbox (Personal)\innotrack.db", SYNCED, "Dropbox"),
        (r"D:\Google Drive\innotrack.db", SYNCED, "Google Drive"),
        (r"C:\Users\张三\iCloudDrive\innotrack.db", SYNCED, "iCloud Drive"),
        (r"D:\我的坚果云\innotrack.db", SYNCED, "坚果云"),
        (r"D:\Nutstore\innotrack.db", SYNCED, "坚果云"),
        (r"D:\百度网盘同步\innotrack.db", SYNCED, "百度网盘"),
        (r"E:\工作文档\innotrack.db", SYNCED, "OneDrive"),  # %OneDrive% points here (known-folder move)
    ],
)
def test_windows_paths(path: str, kind: str, where: str) -> None:
    drives = {"Z:\\": 4, "C:\\": 3, "D:\\": 3, "E:\\": 3}
    placement = classify(path, platform="win32", drive_type=drives.__getitem__,
                         environ={"OneDrive": r"E:\工作文档"})
    assert (placement.kind, placement.where) == (kind, where)


def test_warning_text_names_the_file_the_place_and_what_to_do() -> None:
    network = placement_warning(r"\\server\share\科技局.db",
                                classify(r"\\server\share\科技局.db", platform="win32", drive_type=lambda _r: 3))
    assert network is not None and "“科技局.db”" in network and r"\\server\share" in network
    assert "网络" in network and "本机磁盘" in network and "备份" in network
    synced = placement_warning("/home/clerk/Dropbox/a.db", classify("/home/clerk/Dropbox/a.db", platform="linux", mounts=MOUNTS))
    assert synced is not None and "Dropbox 同步文件夹" in synced and "“a.db”" in synced
    assert placement_warning("/home/clerk/a.db", classify("/home/clerk/a.db", platform="linux", mounts=MOUNTS)) is None


def test_this_computer_tmp_is_local(tmp_path: Path) -> None:
    """With the real mount table of the test machine, a temp folder is not a risky place."""
    assert placement_warning(tmp_path / "x.db") is None


def test_workspace_exposes_the_warning_for_the_window(tmp_path: Path) -> None:
    from desktop.services.workspace import Workspace

    synced = Workspace.open(tmp_path / "OneDrive" / "innotrack.db")
    local = Workspace.open(tmp_path / "本机" / "innotrack.db")
    try:
        warning = synced.placement_warning()
        assert warning is not None and "OneDrive 同步文件夹" in warning and "“innotrack.db”" in warning
        assert local.placement_warning() is None
    finally:
        synced.close()
        local.close()
