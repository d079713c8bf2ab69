"""How much memory the computer has free, from what the standard library offers.

psutil is not a dependency: Linux's /proc/meminfo, Windows' GlobalMemoryStatusEx and POSIX
sysconf answer the question; where none does, the answer is None and callers skip the check.
"""

from __future__ import annotations

import os
import sys


def available_memory() -> int | None:
    """Bytes of memory that a new allocation can use without swapping, or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    if sys.platform == "win32":
        return _windows_available()
    try:
        pages = os.sysconf("SC_AVPHYS_PAGES")
        page_size = os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None  # macOS has no SC_AVPHYS_PAGES
    if pages <= 0 or page_size <= 0:
        return None
    return int(pages) * int(page_size)


def _windows_available() -> int | None:
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong),
            ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return None
    return int(status.ullAvailPhys)


def peak_memory() -> int | None:
    """The peak resident memory of this process image in bytes (Linux VmHWM), or None.

    Not `resource.getrusage().ru_maxrss`: Linux carries that over from the parent through
    fork and exec, so a child of a large process would start "at" the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def release_free_memory() -> None:
    """Hand memory freed inside the process back to the system, where the C library keeps it.

    glibc's malloc keeps freed blocks of a few megabytes for reuse (its threshold for giving
    them back grows with the blocks freed), so after a phase that made and dropped many
    such arrays (counting n-grams a chunk at a time) the process holds much more than it
    uses, and the next phase's peak lands on top of it. `malloc_trim` gives it back. Only
    glibc has it; elsewhere this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    global _malloc_trim
    if _malloc_trim is None:
        import ctypes
        import ctypes.util

        try:
            _malloc_trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim: object = None
