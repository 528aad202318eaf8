"""Near-duplicate detection for syndicated copies: normalised hashes, shingles, MinHash and LSH bands.

* :func:`content_hash` is the exact identity of an article's content (title and text, normalised so
  that case, punctuation and whitespace do not matter).
* :func:`signature` is a MinHash signature of the text's word 5-shingles, after short byline,
  "Read more", credit and date lines are dropped (:func:`strip_boilerplate`). Each shingle is hashed to
  64 bits with BLAKE2b (stable across processes, unlike ``hash()``), then each of ``num_perm``
  universal hash functions ``(a * x + b) mod (2**61 - 1)``, with parameters drawn once from a fixed
  seed, keeps its minimum. The fraction of equal positions of two signatures (:func:`similarity`)
  estimates the Jaccard similarity of the two shingle sets.
* :func:`band_keys` cuts a signature into bands (LSH): two texts whose similarity is high share at
  least one band key with high probability, so storage indexes band keys and only compares the
  signatures of candidates that share one.

``SAME_STORY_THRESHOLD`` is 0.8: a syndicated copy (the same text under another title, with a
byline, a "Read more" line, different case or punctuation) keeps almost every shingle and scores
above 0.9; two articles written separately about the same summit share few five-word runs and score
below 0.3. With 16 bands of 4 rows, a pair at similarity 0.8 shares a band key with probability
1 - (1 - 0.8**4)**16, above 0.999; a pair at 0.3 with probability about 0.12 (then rejected by the
signature comparison).
"""

from __future__ import annotations

import hashlib
import operator
import re
import struct
import sys
import unicodedata
from collections.abc import Sequence
from typing import Final

__all__ = [
    "NUM_PERM",
    "SAME_STORY_THRESHOLD",
    "band_keys",
    "content_hash",
    "normalize_text",
    "shingles",
    "signature",
    "signature_from_bytes",
    "signature_to_bytes",
    "similarity",
    "strip_boilerplate",
]

SAME_STORY_THRESHOLD: Final = 0.8
NUM_PERM: Final = 64
SHINGLE_SIZE: Final = 5
_MERSENNE: Final = (1 << 61) - 1
_MAX_HASH: Final = (1 << 64) - 1  # the value of every position of an empty text's signature
_SEED: Final = b"briefbot-minhash-v1"  # fixed: signatures stored in the database must stay comparable
_MAX_PERM: Final = 1024


def _seeded(label: str, i: int) -> int:
    digest = hashlib.blake2b(f"{label}:{i}".encode(), digest_size=16, key=_SEED).digest()
    return int.from_bytes(digest, "little")


# (a, b) of the universal hash functions, a in [1, p) and b in [0, p), derived from the seed with
# BLAKE2b (not from ``random``, whose algorithms may change between Python versions).
_PARAMS: Final[tuple[tuple[int, int], ...]] = tuple(
    (1 + _seeded("a", i) % (_MERSENNE - 1), _seeded("b", i) % _MERSENNE) for i in range(_MAX_PERM)
)

_NON_WORD: Final = re.compile(r"[^\w\s]+")
_UNDERSCORE_SPACE: Final = re.compile(r"[_\s]+")


def normalize_text(text: str) -> str:
    """Unicode NFKC, lower case, punctuation removed, whitespace collapsed to single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _NON_WORD.sub(" ", text)
    return _UNDERSCORE_SPACE.sub(" ", text).strip()


def content_hash(title: str, text: str) -> str:
    """SHA-256 hex digest of the normalised title and text (a newline between them)."""
    payload = normalize_text(title or "") + "\n" + normalize_text(text or "")
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hash64(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest(), "little")


_BOILERPLATE_LINE: Final = re.compile(
    r"^\W*(?:(?:by|read more|continue reading|click here|(?:additional )?(?:reporting|writing|editing) by"
    r"|copyright|all rights reserved|share (?:this|on)|subscribe|sign up|follow us"
    r"|this (?:article|story) (?:was )?(?:originally|first)|published|updated|posted|advertisement)\b"
    r"|more:|related:|©|\(c\)|(?:photo|image|picture|video)(?: credit)?\s*:|source\s*:)",
    re.IGNORECASE,
)
_TRAILING_MORE: Final = re.compile(r"(?:read more|continue reading|more\.{3}|\[\.{3}\]|…)\W*$", re.IGNORECASE)
_BOILERPLATE_MAX_WORDS: Final = 12


def strip_boilerplate(text: str) -> str:
    """The text without short byline, "Read more", credit and date lines that syndicated copies add."""
    lines = [
        line
        for line in text.splitlines()
        if not (len(line.split()) <= _BOILERPLATE_MAX_WORDS and _BOILERPLATE_LINE.match(line))
    ]
    return _TRAILING_MORE.sub("", "\n".join(lines).rstrip())


def shingles(text: str, k: int = SHINGLE_SIZE) -> set[int]:
    """64-bit hashes of the word k-shingles of the text (the whole text if it has k words or fewer).

    Boilerplate lines are dropped first (:func:`strip_boilerplate`), then the text is normalised.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    words = normalize_text(strip_boilerplate(text)).split()
    if not words:
        return set()
    if len(words) <= k:
        return {_hash64(" ".join(words))}
    return {_hash64(" ".join(words[i : i + k])) for i in range(len(words) - k + 1)}


def signature(text: str, num_perm: int = NUM_PERM) -> tuple[int, ...]:
    """MinHash signature of ``text``; an empty text gives ``num_perm`` maximal values."""
    if not 1 <= num_perm <= _MAX_PERM:
        raise ValueError(f"num_perm must be between 1 and {_MAX_PERM}")
    values = shingles(text)
    if not values:
        return (_MAX_HASH,) * num_perm
    return _minhash(values, _PARAMS[:num_perm])


def _minhash(values: set[int], params: Sequence[tuple[int, int]]) -> tuple[int, ...]:
    """``min((a * x + b) % p for x in values)`` for each (a, b), computed on all values at once.

    The values are packed into one big integer, one 128-bit field each, so that each step is a
    single big-integer operation in C: ``a * X + b * ONES`` puts ``a * x + b`` (< 2**126) in every
    field; two Mersenne folds ``(y & p) + (y >> 61)`` bring each field below ``p + 32``; a last
    conditional subtraction makes the residue exact; the minimum is read from the bytes. This equals
    the plain definition (the tests check it) and is several times faster than a Python loop.
    """
    n = len(values)
    p = _MERSENNE
    X = int.from_bytes(struct.pack(f"<{2 * n}Q", *[v for x in values for v in (x, 0)]), "little")
    ones = int.from_bytes(struct.pack(f"<{2 * n}Q", *((1, 0) * n)), "little")
    mask_p = ones * p  # p in every field
    mask_67 = ones * ((1 << 67) - 1)  # the bits of a field that a shift by 61 may bring down
    size, low = 16 * n, 0 if sys.byteorder == "little" else 1
    out = []
    for a, b in params:
        y = a * X + b * ones
        y = (y & mask_p) + ((y >> 61) & mask_67)  # each field < 2**66
        y = (y & mask_p) + ((y >> 61) & mask_67)  # each field <= p + 32
        over = ((y + ones) >> 61) & ones  # 1 in the fields that are >= p
        if over:
            y -= over * p
        out.append(min(memoryview(y.to_bytes(size, sys.byteorder)).cast("Q")[low::2]))
    return tuple(out)


def similarity(sig_a: Sequence[int], sig_b: Sequence[int]) -> float:
    """Fraction of positions where the two signatures agree (an estimate of Jaccard similarity).

    The signature of an empty text resembles nothing (0.0), so that texts without words are never
    taken for copies of each other.
    """
    if len(sig_a) != len(sig_b):
        raise ValueError("signatures of different lengths cannot be compared")
    if not sig_a or sig_a[0] == _MAX_HASH or sig_b[0] == _MAX_HASH:
        return 0.0
    return sum(map(operator.eq, sig_a, sig_b)) / len(sig_a)


def band_keys(sig: Sequence[int], bands: int = 16) -> list[str]:
    """One key per LSH band, ``"{band}:{16 hex digits}"``; near-copies share at least one key."""
    if bands < 1 or len(sig) % bands:
        raise ValueError(f"a signature of {len(sig)} values cannot be cut into {bands} bands")
    rows = len(sig) // bands
    keys = []
    for band in range(bands):
        chunk = struct.pack(f"<{rows}Q", *sig[band * rows : (band + 1) * rows])
        keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


def signature_to_bytes(sig: Sequence[int]) -> bytes:
    """Little-endian unsigned 64-bit integers (``'<64Q'`` for the default signature)."""
    return struct.pack(f"<{len(sig)}Q", *sig)


def signature_from_bytes(data: bytes) -> tuple[int, ...]:
    """The inverse of :func:`signature_to_bytes`."""
    if len(data) % 8:
        raise ValueError("a stored signature must be a multiple of 8 bytes long")
    return struct.unpack(f"<{len(data) // 8}Q", data)
