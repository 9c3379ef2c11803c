"""Quantities as a rep reads them, the same on the desk and in every export."""

from __future__ import annotations

KB = 1024
MB = 1024 * 1024


def file_size(n: int) -> str:
    """A file size a rep can read: ``812 bytes``, ``14.2 KB``, ``3.1 MB``."""
    if n < KB:
        return f"{n} bytes"
    if n < MB:
        return f"{n / KB:.1f} KB"
    return f"{n / MB:.1f} MB"


def letters(index: int) -> str:
    """The ``index``-th label (from 0) of A … Z, AA, AB …, counted as spreadsheet columns are."""
    label = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        label = chr(ord("A") + rest) + label
    return label
