"""The web app's session-signing key and confirmation policy. Its settings are part of the one Settings
(graphmodel/config.py)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from graphmodel.config import Settings
from identify.review import ConfirmationPolicy


def secret_key(path: Path) -> str:
    """The instance's session-signing key, generated on first start and readable by its owner only."""
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: when two workers start at once, one writes and the other reads what it wrote.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def confirmation_policy(settings: Settings) -> ConfirmationPolicy:
    """Who may confirm an identification proposed by someone else (TRACEGRAPH_CONFIRM_*), checked
    against the roles that review: a role that cannot review cannot confirm."""
    from .accounts import ROLE_PERMISSIONS
    reviewers = sorted(role for role, granted in ROLE_PERMISSIONS.items() if "review" in granted)
    if not settings.confirm_roles <= set(reviewers):
        raise ValueError(f"TRACEGRAPH_CONFIRM_ROLES must name roles that review ({', '.join(reviewers)}), "
                         f"not {','.join(sorted(settings.confirm_roles))!r}.")
    return ConfirmationPolicy(roles=settings.confirm_roles, same_agency=settings.confirm_same_agency)
