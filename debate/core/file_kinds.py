"""What kind of file a path is, in words, from its `stat` mode: the readers, the
writers of `-o` and the store's opening all refuse or treat specially the same
kinds, and name them the same way. Pure: the caller does the `stat`."""

from __future__ import annotations

import stat

_KINDS = (
    (stat.S_ISREG, "a regular file"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind(mode: int) -> str:
    """ "a regular file", "a directory", "a FIFO", "a character device", …"""
    return next((name for test, name in _KINDS if test(mode)), "a special file")
