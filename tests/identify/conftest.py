"""Fixtures of the identification tests."""

from __future__ import annotations

import sys
from pathlib import Path

# tests/identify has no __init__.py (it would shadow the `identify` package), so its helpers are
# put on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))
