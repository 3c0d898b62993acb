"""`innotrack` and `python -m desktop`: the window without a sub-command, else the command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    plain, window_db = _window_only(args)
    if plain:
        # Start-up time: the plain window start skips building the command-line parser
        # (argparse and the report catalogue, ~15 ms before the first paint).
        from desktop.app import run_gui

        return run_gui(window_db)
    from desktop.cli import build_parser, main as cli_main

    parsed = build_parser().parse_args(args)
    if parsed.command is None:
        from desktop.app import run_gui

        return run_gui(parsed.db)
    return cli_main(args)


def _window_only(args: list[str]) -> tuple[bool, Path | None]:
    """(True, the database) for a plain window start: ``[]``, ``--db X`` or ``--db=X``."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and not args[1].startswith("-"):
        return True, Path(args[1])
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return True, Path(args[0][len("--db="):])
    return False, None


if __name__ == "__main__":
    sys.exit(main())
