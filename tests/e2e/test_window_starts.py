"""The real application process opens its window offscreen and under an X server (Xvfb)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def _start(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env, "INNOTRACK_SMOKE_QUIT_MS": "1500", "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(tmp_path / "启动 测试.db")],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_window_opens_offscreen(tmp_path: Path) -> None:
    result = _start(tmp_path, {"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert "窗口已打开：创新型城市建设指标任务填报系统" in result.stdout


def test_window_opens_under_xvfb(tmp_path: Path) -> None:
    xvfb = shutil.which("Xvfb")
    assert xvfb is not None, "Xvfb is installed by .ci/run (apt-get install xvfb)"
    display = f":{os.getpid() % 400 + 100}"
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        assert server.poll() is None, "Xvfb did not start"
        result = _start(tmp_path, {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display})
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    assert "窗口已打开" in result.stdout
