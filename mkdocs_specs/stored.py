"""The on-disk form of the `check` cache: plain JSON, signed, and validated while it is read.

The cache folder is restored in CI and lives where other programs write, so what is read from
it is data, never code, and is trusted only when signed with a key kept elsewhere: a forged or
stale entry could otherwise hide a finding. Anything that does not verify, or does not have
exactly the shape written here, is dropped and its pages are parsed again.

A shard is the hex MAC of its payload, a newline and the payload: a JSON array of a header
(format, code version, generation, settings, shard number) and compact arrays, one per page.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .model import Document, Field, Finding, Kind, Reference, Severity
from .rules import RULES

log = logging.getLogger("mkdocs_specs.cache")

FORMAT = 2
"""Bumped whenever the arrays below change shape."""

KEY_VARIABLE = "MKDOCS_SPECS_CACHE_KEY"
_KEY_SIZE = 32
_MAC_SIZE = 32
_PERSON = b"mkdocs-specs"
_LARGEST = 1 << 63
"""No line, size or time written here reaches it; a larger number is not ours."""

_KINDS = {kind.value: kind for kind in Kind}
_SEVERITIES = {severity.value: severity for severity in Severity}
_SPECS_IGNORE = "specs_ignore"


Page = tuple[str, tuple[int, int] | None, int, bytes, str, tuple[Document, list[Finding]] | None]
"""src_path, (mtime_ns, size) or `None`, read_at, content digest, display_path, checked."""


class Invalid(ValueError):
    """What was read is not what this module writes."""


# ---------------------------------------------------------------------------------------------
# The key


def signing_key() -> bytes | None:
    """The key shards are signed with: `MKDOCS_SPECS_CACHE_KEY` when set (a CI secret), else
    this user's own random key, created on first use; `None` when there is none to be had.

    The user's key lives in the state folder, not the cache folder, so restoring the cache
    (CI's `actions/cache`, a copied home) does not restore the key that makes it trusted.
    """
    secret = os.environ.get(KEY_VARIABLE)
    if secret:
        data = secret.encode("utf-8", "surrogateescape")
        return hashlib.blake2b(data, digest_size=_KEY_SIZE, person=_PERSON).digest()
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    path = os.path.join(base, "mkdocs-specs", "cache-key")
    try:
        if not os.path.exists(path):
            _create_key(path)
        with open(path, "rb") as handle:
            key = handle.read(_KEY_SIZE + 1)
    except OSError as error:
        log.debug("no cache: cannot read or create the key %s: %s", path, error)
        return None
    if len(key) != _KEY_SIZE:
        log.debug("no cache: the key %s is not %d bytes", path, _KEY_SIZE)
        return None
    return key


def _create_key(path: str) -> None:
    """Write a new key readable by this user only; linked into place, so that two first runs at
    once end up with the same one."""
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(_KEY_SIZE))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.remove(temporary)


# ---------------------------------------------------------------------------------------------
# Files


def read_meta(folder: str, key: bytes) -> tuple[str, str] | None:
    """The generation and settings fingerprint the shards in `folder` were saved with; `None`
    when there is no cache of this version of the package there."""
    path = os.path.join(folder, "meta.json")
    meta = _read(path, key)
    if meta is None:
        return None
    if not (
        type(meta) is list
        and len(meta) == 4
        and meta[:2] == [FORMAT, code_version()]
        and all(type(item) is str for item in meta[2:])
    ):
        log.debug("ignoring cache file %s: from another version of mkdocs-specs or Python", path)
        return None
    return meta[2], meta[3]


def write_meta(folder: str, key: bytes, generation: str, fingerprint: str) -> None:
    meta = [FORMAT, code_version(), generation, fingerprint]
    _write(os.path.join(folder, "meta.json"), key, meta)


def read_shard(
    folder: str, shard: int, key: bytes, generation: str, fingerprint: str
) -> list[Page]:
    """The pages of one shard saved with this generation; none when it is missing, saved under
    other settings by a run at the same time, or does not verify: they are parsed again."""
    path = os.path.join(folder, f"{shard:02d}.json")
    saved = _read(path, key)
    if saved is None:
        return []
    header = [FORMAT, code_version(), generation, fingerprint, shard]
    if not (type(saved) is list and len(saved) == 2 and saved[0] == header):
        log.debug("ignoring cache file %s: saved by another run or version", path)
        return []
    try:
        pages, dropped = _pages(saved[1])
    except Invalid as error:
        log.debug("ignoring cache file %s: %s", path, error)
        return []
    if dropped:
        log.debug("ignoring %d malformed entries of cache file %s", dropped, path)
    return pages


def write_shard(
    folder: str, shard: int, key: bytes, generation: str, fingerprint: str, pages: Iterable[Page]
) -> None:
    header = [FORMAT, code_version(), generation, fingerprint, shard]
    stored = [array for page in pages if (array := _encode_page(page)) is not None]
    _write(os.path.join(folder, f"{shard:02d}.json"), key, [header, stored])


def _write(path: str, key: bytes, value: object) -> None:
    """Sign and write whole or not at all: two runs at once leave one's file or the other's."""
    payload = json.dumps(value, separators=(",", ":"), check_circular=False).encode("ascii")
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as handle:
            handle.write(_mac(key, payload) + b"\n" + payload)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def _read(path: str, key: bytes) -> Any:
    """The JSON value of a file `_write` signed with `key`; `None` when it is missing or does
    not verify (a cache made with another key is expected: CI without the secret)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    split = _MAC_SIZE * 2
    mac, payload = data[:split], data[split + 1 :]
    if data[split : split + 1] != b"\n" or not hmac.compare_digest(mac, _mac(key, payload)):
        log.debug("ignoring cache file %s: not signed with this cache key", path)
        return None
    try:
        return json.loads(payload)
    except (ValueError, RecursionError) as error:
        log.debug("ignoring cache file %s: %s", path, error)
        return None


def _mac(key: bytes, payload: bytes) -> bytes:
    """HMAC-SHA-256: in OpenSSL, which uses the processor's SHA instructions where it has them,
    three times faster than Python's own BLAKE2 over the cache of a large site."""
    return hmac.digest(key, payload, "sha256").hex().encode()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Python's version and a digest of this package's modules: a saved cache holds results of
    that code. Contents, not times: an install sets new times, and CI restores caches across
    installs."""
    package = os.path.dirname(__file__)
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            with open(os.path.join(package, name), "rb") as module:
                digest.update(name.encode() + b"\0" + module.read())
    return f"{sys.version_info[0]}.{sys.version_info[1]}:{digest.hexdigest()}"


def settings_fingerprint(value: object) -> str:
    """A digest of `Settings.cache_key()` that is the same in every process (no `repr` of a
    set, whose order changes with the hash seed)."""
    canonical = json.dumps(_canonical(value), separators=(",", ":"))
    return hashlib.blake2b(canonical.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _canonical(value: object) -> object:
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, enum.Enum):
        return _canonical(value.value)
    if isinstance(value, tuple | list):
        return [_canonical(item) for item in value]
    if isinstance(value, frozenset | set):
        return sorted((_canonical(item) for item in value), key=json.dumps)
    if isinstance(value, dict):
        return sorted(([_canonical(k), _canonical(v)] for k, v in value.items()), key=json.dumps)
    if isinstance(value, re.Pattern):
        return ["re", value.pattern, value.flags]
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return [type(value).__name__, *(_canonical(getattr(value, f.name)) for f in fields)]
    raise TypeError(f"no canonical form for {type(value).__name__}")


# ---------------------------------------------------------------------------------------------
# Pages


# A page is stored as `[src_path, mtime_ns, size, read_at, digest, display_path, document]`, the
# document as one array of its values in the order `_checked` reads them, and fields, references
# and findings as arrays too: no key is repeated for every value, and JSON reads them faster.


def _encode_page(page: Page) -> list[object] | None:
    """The page as an array; `None` for a page this format cannot hold exactly (it is then left
    out, and parsed again next time)."""
    src_path, stamp, read_at, digest, display_path, checked = page
    mtime, size = stamp or (None, None)
    if checked is None:
        return [src_path, mtime, size, read_at, digest.hex(), display_path, None]
    doc, findings = checked
    if doc.src_path != src_path or doc.display_path != display_path:
        return None
    if any(finding.path != display_path for finding in findings):
        return None
    stored_doc = [
        doc.kind.value,
        doc.line_count,
        doc.title,
        doc.title_line,
        _encode_fields(doc.fields),
        _encode_fields(doc.front_matter_fields),
        doc.front_matter_end,
        [list(problem) for problem in doc.parse_problems],
        doc.status_section,
        doc.id,
        doc.display_title,
        doc.status,
        doc.owners,
        [value for r in doc.references for value in (r.kind.value, r.target, r.line, r.external)],
        doc.template_name,
        _ignored(doc.front_matter.get(_SPECS_IGNORE)),
        [
            [f.rule, f.severity.value, f.line, f.message, f.hint, f.template, f.key]
            for f in findings
        ],
    ]
    return [src_path, mtime, size, read_at, digest.hex(), display_path, stored_doc]


def _encode_fields(fields: dict[str, Field]) -> list[object]:
    """Six values a field, one after the other; the first is the key the field is filed under,
    `None` when it is the field's own (an alias such as `owners` for `author` is not)."""
    return [
        value
        for name, f in fields.items()
        for value in (
            None if name == f.key else name,
            f.name,
            f.key,
            f.value,
            f.line,
            f.from_front_matter,
        )
    ]


def _ignored(value: object) -> str | list[str] | None:
    """Front matter `specs_ignore` as the catalog reads it (`catalog.apply_policy`): the one key
    of a page's front matter read after the page is checked, kept instead of the whole YAML,
    which may hold dates, sets and anything else JSON has no word for."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, list) and value:
        return [str(rule) for rule in value]
    return None


# Reading: every value is checked for its exact type and range as the objects are built. The
# checks are written out rather than called: a large site has hundreds of thousands of values.


def _pages(items: object) -> tuple[list[Page], int]:
    """The pages of a shard's array, and how many entries did not validate and were dropped."""
    if type(items) is not list:
        raise Invalid("the pages are not a list")
    pages: list[Page] = []
    dropped = 0
    for item in items:
        try:
            pages.append(_page(item))
        except (ValueError, TypeError, KeyError):  # Invalid, or a kind or severity unknown
            dropped += 1
    return pages, dropped


def _page(item: object) -> Page:
    if type(item) is not list or len(item) != 7:
        raise Invalid("not a page")
    src_path, mtime, size, read_at, digest, display_path, stored_doc = item
    if not (
        type(src_path) is str
        and type(display_path) is str
        and type(read_at) is int
        and 0 <= read_at < _LARGEST
        and type(digest) is str
        and len(digest) == 32
    ):
        raise Invalid("not a page")
    stamp = None
    if mtime is not None or size is not None:
        stamp = (_number(mtime), _number(size))
    checked = None if stored_doc is None else _checked(stored_doc, src_path, display_path)
    return src_path, stamp, read_at, bytes.fromhex(digest), display_path, checked


def _checked(item: object, src_path: str, display_path: str) -> tuple[Document, list[Finding]]:
    if type(item) is not list or len(item) != 17:
        raise Invalid("not a document")
    (
        kind,
        line_count,
        title,
        title_line,
        fields,
        front_matter_fields,
        front_matter_end,
        parse_problems,
        status_section,
        doc_id,
        display_title,
        status,
        owners,
        references,
        template_name,
        ignored,
        findings,
    ) = item
    if not (
        type(line_count) is int
        and 0 <= line_count < _LARGEST
        and (title is None or type(title) is str)
        and (title_line is None or (type(title_line) is int and 0 <= title_line < _LARGEST))
        and type(front_matter_end) is int
        and 0 <= front_matter_end < _LARGEST
        and (status_section is None or type(status_section) is str)
        and (doc_id is None or type(doc_id) is str)
        and type(display_title) is str
        and (status is None or type(status) is str)
        and type(owners) is list
        and all(type(owner) is str for owner in owners)
        and (template_name is None or type(template_name) is str)
        and (
            ignored is None
            or type(ignored) is str
            or (type(ignored) is list and all(type(rule) is str for rule in ignored))
        )
        and type(findings) is list
    ):
        raise Invalid("not a document")
    # By position, in the order of `Document`'s fields: half the time of keywords. What
    # `drop_outline` empties, and what linking and judging fill in, starts empty; the fields
    # are checked here and built when first read (`_StoredDocument`).
    _check_fields(fields)
    _check_fields(front_matter_fields)
    doc = _StoredDocument(
        src_path,
        _KINDS[kind],
        line_count,
        display_path,
        title,
        title_line,
        [],
        {},
        _UNREAD,
        {} if ignored is None else {_SPECS_IGNORE: ignored},
        _UNREAD,
        front_matter_end,
        [_problem(problem) for problem in _list(parse_problems)],
        [],
        [],
        status_section,
        doc_id,
        display_title,
        status,
        owners,
        _references(references),
        [],
        [],
        template_name,
    )
    del doc.fields, doc.front_matter_fields
    doc._stored_fields = fields, front_matter_fields
    return doc, [_finding(finding, display_path) for finding in findings]


_UNREAD: dict[str, Field] = {}
"""What a `_StoredDocument` is made with in place of its fields, deleted at once."""


class _StoredDocument(Document):
    """A document read from the cache whose fields are built when first read.

    Linking and the text report read them for few documents (an ADR a spec relies on, a draft
    with findings), and building some 70,000 fields for 10,000 specs was a fifth of loading the
    cache. They were checked as the page was read: building them later cannot fail.
    """

    __slots__ = ("_stored_fields",)
    _stored_fields: tuple[list[Any], list[Any]]
    """The arrays of the fields and front matter fields, as read."""

    def __getattr__(self, name: str) -> Any:
        """Build the fields on the first read of either (only unset attributes come here)."""
        if name not in ("fields", "front_matter_fields"):
            raise AttributeError(name)
        fields, front_matter_fields = self._stored_fields
        self.fields = _fields(fields)
        self.front_matter_fields = _fields(front_matter_fields)
        return getattr(self, name)


def _check_fields(values: object) -> None:
    """That `values` are fields `_fields` can build: six values each (`_encode_fields`)."""
    if type(values) is not list or len(values) % 6:
        raise Invalid("not fields")
    each = iter(values)
    for filed_as, name, key, value, line, from_front_matter in zip(
        each, each, each, each, each, each, strict=True
    ):
        if not (
            type(name) is str
            and type(key) is str
            and type(value) is str
            and type(line) is int
            and 0 <= line < _LARGEST
            and type(from_front_matter) is bool
            and (filed_as is None or type(filed_as) is str)
        ):
            raise Invalid("not a field")


def _fields(values: list[Any]) -> dict[str, Field]:
    each = iter(values)
    return dict(map(_field, zip(each, each, each, each, each, each, strict=True)))


@lru_cache(maxsize=1 << 16)
def _field(item: tuple[Any, ...]) -> tuple[str, Field]:
    """The field six values checked by `_check_fields` hold, and the key it is filed under.
    Cached: fields are immutable, and pages written from one template share many (the same
    status on the same line)."""
    filed_as, name, key, value, line, from_front_matter = item
    return key if filed_as is None else filed_as, Field(name, key, value, line, from_front_matter)


def _problem(item: object) -> tuple[int, str, str]:
    if type(item) is not list or len(item) != 3:
        raise Invalid("not a parse problem")
    line, rule, message = item
    if not (
        type(line) is int and 0 <= line < _LARGEST and type(rule) is str and type(message) is str
    ):
        raise Invalid("not a parse problem")
    return line, rule, message


def _references(values: object) -> list[Reference]:
    if type(values) is not list or len(values) % 4:
        raise Invalid("not references")
    references = []
    each = iter(values)
    for kind, target, line, external in zip(each, each, each, each, strict=True):
        if not (
            type(kind) is str
            and type(target) is str
            and type(line) is int
            and 0 <= line < _LARGEST
            and type(external) is bool
        ):
            raise Invalid("not a reference")
        references.append(Reference(_KINDS[kind], target, line, external))
    return references


def _finding(item: object, path: str) -> Finding:
    if type(item) is not list or len(item) != 7:
        raise Invalid("not a finding")
    rule, severity, line, message, hint, template, key = item
    if not (
        type(rule) is str
        and rule in RULES
        and type(line) is int
        and 0 <= line < _LARGEST
        and type(message) is str
        and (hint is None or type(hint) is str)
        and (template is None or type(template) is str)
        and type(key) is str
    ):
        raise Invalid("not a finding")
    return Finding(rule, _SEVERITIES[severity], path, line, message, hint, template, key=key)


def _list(value: object) -> list[Any]:
    if type(value) is not list:
        raise Invalid("not a list")
    return value


def _number(value: object) -> int:
    if type(value) is not int or not 0 <= value < _LARGEST:
        raise Invalid("not a number")
    return value
