"""Who is at the keyboard, for the audit trail (the Windows or OS login name)."""

from __future__ import annotations

import getpass


def current_user() -> str:
    try:
        return getpass.getuser() or "未知用户"
    except Exception:  # getpass raises a bare OSError/KeyError when no name is set
        return "未知用户"
