"""Giving memory back to the system after a burst of password hashing (glibc only).

argon2id asks for 19 MiB per hash. glibc serves a block that large with mmap(2) and unmaps it
when freed, but its threshold for doing so is dynamic: once such a block is freed the
threshold rises to its size, and every later argon2 buffer comes from the hashing thread's
malloc arena instead, which keeps the memory after the burst is over. Fixing the threshold
(mallopt(M_MMAP_THRESHOLD), which also turns the dynamic adjustment off) keeps argon2's buffers
out of the arenas; ``malloc_trim`` when the login queue drains hands back what the small
allocations of the burst left free at the top of the heaps.

Elsewhere (musl, macOS) nothing is done: their allocators do not keep arenas this way, and
libc's functions are looked up by name, never assumed. Imports the standard library only.
"""

from __future__ import annotations

import ctypes
import logging
from typing import Final

logger = logging.getLogger("boudoir.memory")

M_MMAP_THRESHOLD: Final = -3
"""malloc.h's parameter number for mallopt."""
MMAP_THRESHOLD_BYTES: Final = 1024 * 1024
"""Blocks from 1 MiB up (argon2's 19 MiB among them) are mapped and unmapped on their own; the
interpreter's own allocations are far smaller and unaffected."""


class AllocatorTuning:
    """glibc's allocator, when the process runs on it."""

    def __init__(self) -> None:
        self._libc: ctypes.CDLL | None = None
        try:
            libc = ctypes.CDLL(None)  # the symbols the process already has: its libc's
        except OSError:
            return
        if all(hasattr(libc, name) for name in ("gnu_get_libc_version", "mallopt", "malloc_trim")):
            self._libc = libc

    @property
    def available(self) -> bool:
        return self._libc is not None

    def map_large_blocks(self) -> bool:
        """Serve large blocks with mmap always; True if the allocator took the setting."""
        if self._libc is None:
            return False
        done = bool(self._libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
        if not done:
            logger.warning("mallopt(M_MMAP_THRESHOLD) was refused; memory may stay after logins")
        return done

    def trim(self) -> None:
        """Return free memory at the top of every arena to the system."""
        if self._libc is not None:
            self._libc.malloc_trim(0)
