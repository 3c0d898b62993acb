"""Errors the user can act on.

A ``UserError`` carries a complete Simplified Chinese sentence saying what is wrong and
what to do; the command line prints it as one line and the window shows it in a dialog.
Anything else is a bug and goes to the crash dialog and the log.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input, a refused action or an unusable file — the user's to fix, not ours."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(UserError):
    """A plan, indicator or file the user named does not exist."""
