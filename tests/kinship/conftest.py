"""Kinship tests need no database: plain values and made-up loci (see textbook.py)."""

from __future__ import annotations

import sys
from pathlib import Path

# The helper modules next to these tests (textbook.py, brute_force.py).
sys.path.insert(0, str(Path(__file__).parent))
