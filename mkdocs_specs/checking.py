"""Checking a site's pages: through a cache of what was checked before, and over worker
processes when many pages are left to check.

The plugin keeps one `PageCache` across serve rebuilds and `mkdocs-specs check` keeps one on
disk between runs, so both parse only the pages edited since; `check_sources` is the whole
pipeline they share, from pages to a linked `Catalog`.
"""

from __future__ import annotations

import gc
import hashlib
import os
import secrets
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from . import stored
from .catalog import (
    Catalog,
    Checked,
    Settings,
    Source,
    build_catalog,
    check_page,
    document_kind,
    select_pages,
)
from .discovery import Classifier


@dataclass(slots=True)
class _Entry:
    stamp: tuple[int, int] | None
    """(mtime_ns, size) of the file when it was read; `None` for a page held in memory."""
    read_at: int
    """When it was read (`time.time_ns()`)."""
    digest: bytes
    display_path: str
    checked: Checked | None
    """`None`: the page is not a spec, PRD or ADR."""


_RACY_NS = 2_000_000_000
"""A file modified this close to being read may change again within its timestamp's
resolution (FAT keeps two seconds) and keep its size: it is compared by content."""


def _is_fresh(entry: _Entry | None, source: Source) -> bool:
    """Whether `entry` still holds for the file, by its modification time and size alone."""
    if entry is None or entry.display_path != source.display_path:
        return False
    stamp = _stamp(source.disk_path)
    return stamp is not None and stamp == entry.stamp and stamp[0] + _RACY_NS < entry.read_at


def _read_entry(
    source: Source, settings: Settings, classifier: Classifier, previous: _Entry | None
) -> tuple[_Entry, bool]:
    """Read and hash the page, and check it unless `previous` has the same content; also say
    whether it was parsed. Raises `OSError` for a file that cannot be read."""
    stamp = _stamp(source.disk_path)  # before reading: an edit in between shows next time
    read_at = time.time_ns()
    kind, data = document_kind(source, classifier)
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data or b""
    if source.seen is not None:
        raw += source.seen.key()
    # SHA-256: where the processor has SHA instructions (x86 and ARM of recent years), twice
    # as fast as BLAKE2 on a page; the cache only compares it with the previous digest.
    digest = hashlib.sha256(raw).digest()[:16]
    if (
        previous is not None
        and previous.digest == digest
        and previous.display_path == source.display_path
    ):
        return _Entry(stamp, read_at, digest, source.display_path, previous.checked), False
    checked = None
    if kind is not None and data is not None:
        checked = check_page(source, data, kind, settings)
    return _Entry(stamp, read_at, digest, source.display_path, checked), checked is not None


def _stamp(path: str | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


class PageCache:
    """Checked pages keyed by path, content digest and settings.

    The plugin keeps one across serve rebuilds, and `mkdocs-specs check` keeps one on disk
    between runs (`load`, `save`): only the pages edited since are read and parsed again. A
    file whose modification time and size are unchanged is not even read, unless it was
    modified within two seconds of being read: an edit in that window could keep both (the
    "racily clean" files of git's index), so such a file is compared by content until it has
    aged.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._settings: Settings | None = None
        self._settings_key: str | None = None
        self._generation = ""
        """Names the settings the saved shards were checked with: others are ignored."""
        self._dirty: set[int] = set()
        """Shards whose pages were read again or dropped since `load`: what `save` writes."""
        self.parses = 0
        """How many pages were parsed (not served from the cache): what tests assert on."""

    def check_all(
        self, pages: Sequence[Source], settings: Settings, classifier: Classifier, workers: int
    ) -> list[Checked]:
        """Every page checked, from the cache where unchanged; pages that are no document, or
        cannot be read (a dangling symlink: MkDocs reports it), are left out."""
        self._use(settings)
        previous = self._entries
        stale = [source for source in pages if not _is_fresh(previous.get(source.src_path), source)]
        if workers > 1 and len(stale) >= PARALLEL_MIN_PAGES and _can_fork():
            read = _read_in_workers(stale, settings, classifier, previous, workers)
        else:
            read = _read_pages(stale, settings, classifier, previous)
        reread = dict(zip((source.src_path for source in stale), read, strict=True))
        entries: dict[str, _Entry] = {}
        for source in pages:
            if source.src_path in reread:
                entry, parsed = reread[source.src_path]
                self.parses += parsed
            else:
                entry = previous[source.src_path]
            if entry is not None:
                entries[source.src_path] = entry
        self._dirty.update(_shard(path) for path in reread)
        self._dirty.update(_shard(path) for path in previous.keys() - entries.keys())
        self._entries = entries  # pages gone from the site are forgotten
        return [entry.checked for entry in entries.values() if entry.checked is not None]

    def _use(self, settings: Settings) -> None:
        """Forget every page when the settings changed: each may now be judged differently."""
        if settings is self._settings:
            return
        key = stored.settings_fingerprint(settings.cache_key())
        if key != self._settings_key:
            self._entries, self._generation = {}, secrets.token_hex(8)
            self._dirty = set(range(_SHARDS))
        self._settings, self._settings_key = settings, key

    @classmethod
    def load(cls, folder: str, key: bytes) -> PageCache:
        """The cache a previous run saved in `folder` and signed with `key`; an empty one when
        there is none, or it was written by another version of this package or of Python.
        Files that do not verify are ignored: their pages are parsed again."""
        cache = cls()
        meta = stored.read_meta(folder, key)
        if meta is None:
            return cache
        generation, fingerprint = meta
        entries: dict[str, _Entry] = {}
        for shard in range(_SHARDS):
            for page in stored.read_shard(folder, shard, key, generation, fingerprint):
                path, stamp, read_at, digest, display_path, checked = page
                entries[path] = _Entry(stamp, read_at, digest, display_path, checked)
        cache._generation, cache._settings_key, cache._entries = generation, fingerprint, entries
        return cache

    def save(self, folder: str, key: bytes) -> None:
        """Write the shards that changed since `load`, for the next run; failing to is no error.

        Pages are spread over `_SHARDS` files by path, so that a run after one edit rewrites
        one small file, not the results of the whole site.
        """
        if not self._dirty or self._settings_key is None:
            return
        changed: dict[int, list[stored.Page]] = {shard: [] for shard in self._dirty}
        for path, entry in self._entries.items():
            shard = _shard(path)
            if shard in changed:
                page = (path, entry.stamp, entry.read_at, entry.digest, entry.display_path)
                changed[shard].append((*page, entry.checked))
        try:
            os.makedirs(folder, exist_ok=True)
            for shard, pages in changed.items():
                stored.write_shard(folder, shard, key, self._generation, self._settings_key, pages)
            stored.write_meta(folder, key, self._generation, self._settings_key)
        except OSError:
            return
        self._dirty.clear()


_SHARDS = 32


def _shard(src_path: str) -> int:
    return zlib.crc32(src_path.encode("utf-8", "surrogatepass")) % _SHARDS


_Read = tuple[_Entry | None, bool]


def _read_pages(
    pages: Sequence[Source], settings: Settings, classifier: Classifier, previous: dict[str, _Entry]
) -> list[_Read]:
    """`_read_entry` of each page; `None` for a page that cannot be read."""
    read: list[_Read] = []
    for source in pages:
        try:
            read.append(_read_entry(source, settings, classifier, previous.get(source.src_path)))
        except OSError:
            read.append((None, False))
    return read


PARALLEL_MIN_PAGES = 500
"""Below this many pages, starting worker processes costs more than it saves: a pool costs
about 30 ms, and each page sent back about a tenth of what checking it costs."""
_SLICE_PAGES = 250


def usable_cores() -> int:
    """The cores this process may run on: a container or `taskset` may allow fewer than the
    machine has, and a worker per core it cannot use only competes for the others."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def check_sources(
    sources: Iterable[Source],
    settings: Settings,
    cache: PageCache | None = None,
    workers: int = 1,
) -> Catalog:
    """The whole pipeline for one run: classify, parse and check each page, then link them.

    Pages unchanged since `cache` saw them are not parsed again. With `workers` > 1 (a build,
    or the command line, on a large site) the pages to parse are spread over forked worker
    processes; the linking that needs every document stays in this one.
    """
    with no_cyclic_gc():
        _, checked, warnings = check_pages(sources, settings, cache, workers)
        return build_catalog(checked, settings, warnings)


def check_pages(
    sources: Iterable[Source],
    settings: Settings,
    cache: PageCache | None = None,
    workers: int = 1,
) -> tuple[list[Source], list[Checked], list[str]]:
    """`check_sources` before the linking: the pages that may be documents, each document judged
    on its own, and the warnings about the configuration. The plugin keeps them to link again
    once other plugins have shown it some pages as their readers see them."""
    pages, warnings = select_pages(sources, settings)
    classifier = Classifier(settings.globs)
    with no_cyclic_gc():
        checked = (cache or PageCache()).check_all(pages, settings, classifier, workers)
    return pages, checked, warnings


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector: documents form no cycles, and a full pass over the objects
    alive costs a third of a large check, two thirds of loading its cache (10,000 specs), and
    over 100 ms when it falls inside a serve rebuild's `on_files` (1,000 specs). Collections
    resume once the work is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _can_fork() -> bool:
    import multiprocessing  # here: a check of a few pages, or a cached one, forks nothing

    return "fork" in multiprocessing.get_all_start_methods()


_job: tuple[Sequence[Source], Settings, Classifier, dict[str, _Entry]] | None = None
"""What forked workers inherit: sources hold closures that could not be sent to them."""


def _read_slice(bounds: tuple[int, int]) -> list[_Read]:
    assert _job is not None
    pages, settings, classifier, previous = _job
    return _read_pages(pages[bounds[0] : bounds[1]], settings, classifier, previous)


def _read_in_workers(
    pages: Sequence[Source],
    settings: Settings,
    classifier: Classifier,
    previous: dict[str, _Entry],
    workers: int,
) -> list[_Read]:
    """Read the pages over `workers` processes, this one included.

    This process takes every `workers`-th page rather than wait for the others: on two cores,
    two children and this one unpickling their results competed for the CPU. Taking pages
    spread over the site, not its first part, gives it as many long specs as each child.

    A few slices per child even out slow pages, and none is longer than `_SLICE_PAGES`: once a
    child has checked its last slice, pickling it there and unpickling it here is all that is
    left to wait for (a quarter of a second for a quarter of 5,000 pages).
    """
    import multiprocessing

    global _job
    elsewhere = [position for position in range(len(pages)) if position % workers]
    others = [pages[position] for position in elsewhere]
    step = min(-(-len(others) // ((workers - 1) * 4)), _SLICE_PAGES)
    slices = [(start, start + step) for start in range(0, len(others), step)]
    _job = (others, settings, classifier, previous)  # set before the children fork
    try:
        try:
            pool = multiprocessing.get_context("fork").Pool(workers - 1)
        except OSError:  # no processes to be had (a sandbox, a limit): all of it in this one
            return _read_pages(pages, settings, classifier, previous)
        with pool:
            children = pool.map_async(_read_slice, slices)
            read = _read_pages(pages[::workers], settings, classifier, previous)
            read_elsewhere = children.get()
    finally:
        _job = None
    merged: list[_Read] = [(None, False)] * len(pages)
    merged[::workers] = read
    results = (result for part in read_elsewhere for result in part)
    for position, result in zip(elsewhere, results, strict=True):
        merged[position] = result
    return merged
