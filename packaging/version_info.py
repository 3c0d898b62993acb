"""Product metadata of the build: version from the package, names, and the Windows
version resource (VSVersionInfo text, the format PyInstaller's ``version=`` file takes).

Plain Python without PyInstaller, so build.py, the spec and the tests share it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRODUCT_NAME = "创新型城市建设指标任务填报系统"
EXE_NAME = "InnoTrack"
COMPANY = "××市科学技术局"  # placeholder: the bureau that deploys the program fills in its name
COPYRIGHT = "© ××市科学技术局"
DESCRIPTION = "InnoTrack 创新型城市建设指标任务填报系统"


def package_version() -> str:
    """``desktop.__version__`` read from the source text (no import, works in a bare build env)."""
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if match is None:
        raise RuntimeError("desktop/__init__.py has no __version__")
    return match.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Four numbers for the Windows file version: 0.1.0 → (0, 1, 0, 0); suffixes such as
    ``rc1`` or ``.dev3`` are dropped (Windows wants numbers only)."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not numbers:
        raise ValueError(f"no version numbers in {version!r}")
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def version_file_text(version: str | None = None) -> str:
    """The VSVersionInfo text for the Windows executable (Explorer's 详细信息 tab)."""
    version = version or package_version()
    nums = version_tuple(version)
    dotted = ".".join(str(n) for n in nums)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": dotted,
        "InternalName": EXE_NAME,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{EXE_NAME}.exe",
        "ProductName": PRODUCT_NAME,
        "ProductVersion": version,
    }
    string_structs = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 0x0804 = Chinese (PRC), 1200 = Unicode code page.
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={nums!r},
    prodvers={nums!r},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '080404b0',
        [
          {string_structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""
