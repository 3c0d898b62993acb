"""Entry point of the frozen build (PyInstaller runs this file as ``__main__``).

The windowed Windows executable has no console: ``sys.stdout``/``sys.stderr`` are None
there, and a ``print`` (argparse's --version, a CLI error line) would raise. They are
pointed at the null device instead; the console executable innotrack-cli.exe keeps its
console for the command line.
"""

from __future__ import annotations

import os
import sys


def _ensure_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    _ensure_streams()
    from desktop.__main__ import main

    sys.exit(main())
