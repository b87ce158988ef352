"""Limits a user may set in the environment (per-source time, lock timeout, Dask timeout)."""
from __future__ import annotations

import os


def env_number(name: str, default: float) -> float:
    """A limit a user may set in the environment; an unreadable value keeps the default, never crashes."""
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default
