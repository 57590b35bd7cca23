"""Small measured speed-ups shared by the loading paths."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold the cyclic garbage collector while building many small acyclic objects.

    Loading ten thousand processes allocates a few hundred thousand frozen
    values that never form cycles, yet each allocation burst triggers a
    collection that walks them all again: measured on the benchmark database,
    load plus rules went from about 440 ms to 345 ms with collection paused.
    Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
