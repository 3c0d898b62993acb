"""`innotrack` and `python -m desktop`: the window without a sub-command, else the command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from desktop.cli import build_parser, main as cli_main

    parsed = build_parser().parse_args(args)
    if parsed.command is None:
        from desktop.app import run_gui

        return run_gui(parsed.db)
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
