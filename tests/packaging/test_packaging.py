"""The packaging files: version resource, icon, spec, installer script, launcher.

The build itself and the smoke tests against it run in .ci/run (packaging/build.py,
packaging/smoke.py); these checks are the fast part that needs no build.
"""

from __future__ import annotations

import importlib.util
import io
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    sys.path.insert(0, str(PACKAGING))
    try:
        spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(PACKAGING))


def test_version_comes_from_the_package() -> None:
    import desktop

    version_info = load("version_info")
    assert version_info.package_version() == desktop.__version__
    assert version_info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_info.version_tuple("1.2.3rc1") == (1, 2, 3, 1)
    assert version_info.version_tuple("2.0") == (2, 0, 0, 0)


def test_windows_version_resource_parses() -> None:
    """PyInstaller evaluates the text with its VSVersionInfo classes (Windows only, they need
    pywin32); the same evaluation with recording stand-ins checks syntax and content here."""
    version_info = load("version_info")
    text = version_info.version_file_text("1.4.2")
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct"]
    namespace = {n: (lambda n: lambda *a, **k: (n, a, k))(n) for n in names}
    info = eval(text, namespace)  # noqa: S307 - our own generated text, as PyInstaller does
    assert info[0] == "VSVersionInfo"
    ffi = info[2]["ffi"]
    assert ffi[2]["filevers"] == (1, 4, 2, 0) and ffi[2]["prodvers"] == (1, 4, 2, 0)
    table = info[2]["kids"][0][1][0][0]
    strings = {entry[1][0]: entry[1][1] for entry in table[1][1]}
    assert strings["CompanyName"] == "××市科学技术局"
    assert strings["ProductName"] == "创新型城市建设指标任务填报系统"
    assert strings["FileVersion"] == "1.4.2.0" and strings["ProductVersion"] == "1.4.2"
    assert strings["OriginalFilename"] == "InnoTrack.exe"


def test_icon_is_a_multi_size_ico() -> None:
    data = (ROOT / "resources" / "icons" / "innotrack.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = set()
    for i in range(count):
        width, _h, _c, _r, _planes, _bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        sizes.add(width or 256)
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(data)
    assert {16, 32, 48, 256} <= sizes


def test_ico_writer_layout() -> None:
    make_icon = load("make_icon")
    blob = make_icon.ico_bytes({16: b"\x89PNG-a", 256: b"\x89PNG-bb"})
    assert struct.unpack_from("<HHH", blob) == (0, 1, 2)
    assert struct.unpack_from("<BB", blob, 6 + 16) == (0, 0)  # 256 is written as 0
    assert blob.endswith(b"\x89PNG-a\x89PNG-bb")


def test_installer_script() -> None:
    raw = (PACKAGING / "windows" / "innotrack.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup needs the BOM to read the Chinese text"
    text = raw.decode("utf-8-sig")
    for line in ("PrivilegesRequired=lowest", "DefaultDirName={autopf}\\{#AppShortName}",
                 'Name: "{autodesktop}\\{#AppName}"', 'Name: "{group}\\{#AppName}"',
                 "用户指南.pdf", "{uninstallexe}", "SetupIconFile="):
        assert line in text, line
    assert "{userappdata}" not in text and "UninstallDelete" not in text.split("[Setup]")[1].split("[Files]")[0]


def test_spec_prunes_unused_qt_but_keeps_what_the_program_needs() -> None:
    spec = (PACKAGING / "innotrack.spec").read_text(encoding="utf-8")
    for needed in ('"qsvg"', '"qico"', 'console=', 'module_collection_mode={"docx.parts": "pyz+py"}'):
        assert needed in spec
    for dropped in ('"PySide6.QtWebEngineCore"', '"PySide6.Qt3DCore"', '"PySide6.QtMultimedia"',
                    '"PySide6.QtQml"', '"PySide6.QtQuick"', '"numpy"'):
        assert dropped in spec


def test_launcher_gives_a_windowed_exe_usable_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    launcher = load("launcher")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    launcher._ensure_streams()
    assert sys.stdout is not None
    print("InnoTrack 0.1.0")  # what argparse's --version does; must not raise
    sys.stdout.close()


def test_build_extra_declares_pyinstaller() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.lower().startswith("pyinstaller") for dep in project["optional-dependencies"]["build"])
