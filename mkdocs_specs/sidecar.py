"""Metadata files beside a page (`metadata_files: [kep.yaml, metadata.yaml]`), read as part of
its front matter.

Proposal repositories keep a document's status, authors and dates in a YAML file next to its
`README.md` or `index.md` (Kubernetes' `kep.yaml`). The file is as untrusted as the page: it is
read only when it is a regular file of bounded size, with the safe loader and alias bounds of
front matter, and whatever cannot be read becomes one `front-matter` finding naming the file.
"""

from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass
from typing import Any

from .baseline import MIB
from .model import Document, Field
from .parse import decode_source, front_matter_fields, load_yaml_mapping

SIDECAR_MAX_BYTES = MIB
"""A `kep.yaml` is a few kilobytes; a thousand times that is no metadata file."""


class PageWithSidecar(bytes):
    """A page's bytes followed by its metadata file's: a cache hashes them whole, so an edit to
    either checks the page again. `page` and `sidecar` are the two parts."""

    page: bytes
    sidecar: Sidecar

    def __new__(cls, page: bytes, sidecar: Sidecar) -> PageWithSidecar:
        problem = (sidecar.problem or "").encode("utf-8", "replace")
        joined = super().__new__(cls, b"\0".join((page, sidecar.data, problem)))
        joined.page, joined.sidecar = page, sidecar
        return joined


@dataclass(frozen=True, slots=True)
class Sidecar:
    """What was read of a page's metadata file: its bytes, or why they could not be read."""

    path: str
    """The path findings name it by (beside the page's own display path)."""
    data: bytes = b""
    problem: str | None = None


def read_sidecar(disk_path: str, display_path: str) -> Sidecar:
    """The file at `disk_path`, if it is a regular file of at most `SIDECAR_MAX_BYTES`.

    Opened without blocking and checked on the open handle, so a FIFO or a device put in its
    place (or a symlink to `/dev/zero`) is reported, never waited on or read without end.
    """
    try:
        handle = os.open(disk_path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError as error:
        return Sidecar(display_path, problem=f"cannot be read ({error.strerror or error})")
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return Sidecar(display_path, problem="is not a regular file")
        chunks, size = [], 0
        while size <= SIDECAR_MAX_BYTES and (chunk := os.read(handle, SIDECAR_MAX_BYTES + 1)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        return Sidecar(display_path, problem=f"cannot be read ({error.strerror or error})")
    finally:
        os.close(handle)
    if size > SIDECAR_MAX_BYTES:
        return Sidecar(display_path, problem=f"is larger than {SIDECAR_MAX_BYTES // MIB} MiB")
    return Sidecar(display_path, b"".join(chunks))


def apply_sidecar(doc: Document, sidecar: Sidecar) -> None:
    """Add the metadata file's keys to the document's front matter; the page's own front matter
    wins key by key, so a page can correct what its metadata file says.

    Its values are reported on the page's first line (findings name the page), and a file that
    cannot be read is one `front-matter` problem naming the file and its line.
    """
    mapping: dict[str, Any] = {}
    problem: tuple[int, str] | None = None
    if sidecar.problem is not None:
        problem = (-1, f"the metadata file {sidecar.problem}")
    else:
        text, bad_line = decode_source(sidecar.data)
        if bad_line is not None:
            problem = (bad_line - 1, "the metadata file is not valid UTF-8")
        else:
            mapping, problem = load_yaml_mapping(text, "the metadata file")
    if problem is not None:
        where = f"{sidecar.path}:{problem[0] + 1}" if problem[0] >= 0 else sidecar.path
        doc.parse_problems.append((1, "front-matter", f"{where}: {problem[1]}"))
        return
    fields: dict[str, Field] = front_matter_fields(mapping, [], 0)
    doc.front_matter = {**mapping, **doc.front_matter}
    doc.front_matter_fields = {**fields, **doc.front_matter_fields}


def sidecar_display_path(page_display_path: str, disk_path: str) -> str:
    """The metadata file as findings name it: beside the page, as the page is named."""
    return posixpath.join(posixpath.dirname(page_display_path), os.path.basename(disk_path))
