"""Reading feeds from local files: a path or a ``file:`` URL (SPEC §7).

Local files are only read when the **operator** named them on the command line. Feeds added from
chat, or any URL read from the network, must never reach the local file system; the caller enforces
that rule, this module only tells a local source from a URL and reads it with a size cap, raising
:class:`LocalSourceError` with a short reason.
"""

from __future__ import annotations

import logging
import stat
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from briefings.errors import LocalSourceError

log = logging.getLogger(__name__)


def _short(exc: BaseException) -> str:
    """An exception's first line (or its class name), at most 200 characters; the fetcher uses it too."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def is_local_source(source: str) -> bool:
    """Whether ``source`` names a local file: a ``file:`` URL, or something that is not a URL.

    ``http``/``https`` URLs and other ``scheme:`` URLs (``ftp:``, ``feed:``) are not local; a
    one-letter scheme is a Windows drive (``C:\\feeds\\x.xml``) and counts as a path.
    """
    text = source.strip()
    if not text:
        return False
    scheme = urlsplit(text).scheme.lower()
    if scheme == "file":
        return True
    return not scheme or len(scheme) == 1


def _local_path(source: str) -> Path:
    text = source.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() != "file":
        return Path(text).expanduser()
    if parts.netloc not in ("", "localhost"):
        raise LocalSourceError(source, f"file URL on another host ({parts.netloc}) is not supported")
    return Path(url2pathname(parts.path))


def read_local(source: str, max_bytes: int) -> bytes:
    """Read a local path or ``file:`` URL, at most ``max_bytes``.

    Only call this for a source the **operator** named on the command line: feeds added from chat
    or read from the network must never reach the local file system (SPEC §7). The caller enforces
    that; this function only reads. Raises :class:`LocalSourceError` when the file is missing, not
    a regular file, unreadable or larger than ``max_bytes``.
    """
    path = _local_path(source)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise LocalSourceError(source, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise LocalSourceError(source, "not a regular file")
        if info.st_size > max_bytes:
            raise LocalSourceError(source, f"file is {info.st_size} bytes, over the {max_bytes} byte cap")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise LocalSourceError(source, "no such file") from None
    except PermissionError:
        raise LocalSourceError(source, "permission denied") from None
    except OSError as exc:
        raise LocalSourceError(source, f"cannot read: {exc.strerror or _short(exc)}") from None
    if len(data) > max_bytes:
        raise LocalSourceError(source, f"file is over the {max_bytes} byte cap")
    return data
