"""Streaming, bounded decoding of HTTP content codings (gzip, deflate, brotli) for the fetcher (SPEC §7).

What this module guarantees: every decoding step produces at most :data:`CHUNK` bytes of output.
Raw body bytes go in as they arrive and decoded output comes back in bounded pieces, so the caller
can count the decoded size as it grows and stop at its cap: a gzip or brotli bomb is refused after
the cap and is never inflated in full, not even one network read of it. Several codings apply in
the order the ``Content-Encoding`` header lists them; gzip may have several members, and deflate
may be zlib-wrapped or raw (as some servers send it).

Decoding errors are the libraries' own (:class:`zlib.error`, :class:`brotli.error`); an unknown
coding is a :class:`ValueError` from :func:`_decoders`. The fetcher turns them into fetch errors.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import AsyncIterator, Iterator
from typing import Final, Protocol

import brotli

log = logging.getLogger(__name__)

CHUNK: Final = 64 * 1024  # the most decoded output produced from one decoding step


class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...
    def flush(self) -> Iterator[bytes]: ...


class _ZlibDecoder:
    """gzip (several members allowed) or deflate (zlib-wrapped, or raw as some servers send)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._wbits = zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._started and data:
            self._started = True
            if not self._gzip:
                try:  # probe with a throwaway object: is this zlib-wrapped or raw deflate?
                    zlib.decompressobj(zlib.MAX_WBITS).decompress(data[:64], 1)
                except zlib.error:
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        buf = data
        while True:
            out = self._obj.decompress(buf, CHUNK)
            if out:
                yield out
            buf = self._obj.unconsumed_tail
            if self._gzip and self._obj.eof and self._obj.unused_data:
                buf = self._obj.unused_data
                if not buf.startswith(b"\x1f\x8b"):  # trailing junk after the last member
                    return
                self._obj = zlib.decompressobj(self._wbits)  # the next gzip member
                continue
            if not buf and len(out) < CHUNK:
                return

    def flush(self) -> Iterator[bytes]:
        out = self._obj.flush()
        if out:
            yield out


class _BrotliDecoder:
    def __init__(self) -> None:
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._obj.process(data, output_buffer_limit=CHUNK)
        except TypeError:  # brotli < 1.2 has no output limit: feed small slices instead
            for start in range(0, len(data), 256):
                yield self._obj.process(data[start : start + 256])
            return
        yield out
        while not self._obj.can_accept_more_data():
            yield self._obj.process(b"", output_buffer_limit=CHUNK)

    def flush(self) -> Iterator[bytes]:
        return iter(())


def _decoders(content_encoding: str) -> list[_Decoder]:
    """Decoders for a Content-Encoding header, in the order they apply to the raw bytes."""
    result: list[_Decoder] = []
    for token in reversed([t.strip().lower() for t in content_encoding.split(",") if t.strip()]):
        if token in ("gzip", "x-gzip"):
            result.append(_ZlibDecoder(gzip=True))
        elif token == "deflate":
            result.append(_ZlibDecoder(gzip=False))
        elif token == "br":
            result.append(_BrotliDecoder())
        elif token != "identity":
            raise ValueError(f"unsupported content encoding {token!r}")
    return result


def _run(decoders: list[_Decoder], data: bytes, final: bool) -> Iterator[bytes]:
    """Push ``data`` through the chain of decoders, yielding bounded pieces of decoded output."""
    if not decoders:
        if data:
            yield data
        return
    first, rest = decoders[0], decoders[1:]
    for piece in first.feed(data):
        yield from _run(rest, piece, False)
    if final:
        for piece in first.flush():
            yield from _run(rest, piece, False)
        yield from _run(rest, b"", True)


async def _decode_stream(raw: AsyncIterator[bytes], decoders: list[_Decoder]) -> AsyncIterator[bytes]:
    async for chunk in raw:
        for piece in _run(decoders, chunk, False):
            yield piece
    for piece in _run(decoders, b"", True):
        yield piece
