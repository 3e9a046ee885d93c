"""BLAKE2b without OpenSSL's start-up: ``hashlib`` loads libcrypto to list its algorithms."""

from __future__ import annotations

try:  # CPython's own BLAKE2, the very class hashlib.blake2b names
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another interpreter, or a build without it
    from hashlib import blake2b

__all__ = ["blake2b"]
