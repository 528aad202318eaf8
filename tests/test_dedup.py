"""Near-duplicate detection: hashes, shingles, MinHash signatures, LSH bands, storage round-trip.

The articles below were written for these tests.
"""

from __future__ import annotations

import random
import time

import pytest

from briefings import dedup
from briefings.dedup import (
    SAME_STORY_THRESHOLD,
    band_keys,
    content_hash,
    normalize_text,
    shingles,
    signature,
    signature_from_bytes,
    signature_to_bytes,
    similarity,
    strip_boilerplate,
)

ORIGINAL = """Defence ministers from more than twenty countries met in Brussels on Thursday to work out \
how a European force could help secure Ukraine once the fighting stops.

The British defence secretary said planners had drawn up options for land, air and sea, and that \
several governments had offered troops, aircraft or ships. Others would help with logistics, \
training and money.

Two Nordic governments asked for a clearer mandate before deciding, while a southern European \
minister repeated that his country would not send soldiers but could pay for demining.

Officials said the next meeting of army chiefs would take place in London in two weeks, and that \
leaders hoped to agree a command structure before the summer."""

SYNDICATED = """By Anna Example, Brussels correspondent

defence ministers from MORE than twenty countries met in Brussels on Thursday -- to work out how a \
European force could help secure Ukraine once the fighting stops!

The British defence secretary said planners had drawn up options for land, air and sea, and that \
several governments had offered troops, aircraft or ships.   Others would help with logistics, \
training and money.

Two Nordic governments asked for a clearer mandate before deciding, while a southern European \
minister repeated that his country would not send soldiers but could pay for demining.

Officials said the next meeting of army chiefs would take place in London in two weeks, and that \
leaders hoped to agree a command structure before the summer.

Read more: https://news.example/europe/defence?utm_source=feed"""

OTHER_REPORT = """Ministers responsible for defence gathered at the alliance's headquarters on \
Thursday, the third such meeting since the spring, with the future mission in Ukraine at the top \
of the agenda.

According to one diplomat, only a small group of countries is prepared to put soldiers on the \
ground, while a larger group will contribute planes, naval vessels, cash or training instead.

London and Paris, which lead the planning, want a headquarters agreed within weeks. Several \
smaller states said they needed parliamentary approval first. Army chiefs meet again soon."""


def test_normalize_text() -> None:
    assert normalize_text("  Hello,\tWORLD!!  It's\n\nfine… ") == "hello world it s fine"
    assert normalize_text("ﬁne ＵＫ") == "fine uk"  # NFKC: ligature and full-width letters
    assert normalize_text("") == ""


def test_content_hash_ignores_whitespace_case_and_punctuation() -> None:
    a = content_hash("Leaders meet in Paris", "The summit opens today.\n\nMore later.")
    b = content_hash("LEADERS meet in   Paris!", "the summit opens today more later")
    assert a == b
    assert len(a) == 64 and int(a, 16) >= 0
    assert a != content_hash("Leaders meet in Rome", "The summit opens today.\n\nMore later.")


def test_shingles() -> None:
    assert len(shingles("one two three four five six seven")) == 3
    assert shingles("one two") == shingles("ONE, two!")  # shorter than k: the whole text
    assert len(shingles("one two")) == 1
    assert shingles("") == set() and shingles(" ... ") == set()
    assert all(0 <= v < 2**64 for v in shingles(ORIGINAL))
    with pytest.raises(ValueError):
        shingles("a b c", k=0)


def test_strip_boilerplate_keeps_content() -> None:
    assert strip_boilerplate(SYNDICATED).lstrip().startswith("defence ministers")
    assert strip_boilerplate("Byzantine rules slow the talks.") == "Byzantine rules slow the talks."
    assert strip_boilerplate("Body text here.\n© 2025 Example News\nPhoto: agency") == "Body text here."
    assert "Read more" not in strip_boilerplate(SYNDICATED)
    long_line = "By the end of the week, ministers from many countries had agreed to send experts to the planning cell."
    assert strip_boilerplate(long_line) == long_line  # a long sentence is content, even if it starts with "By"


def test_identical_texts_have_similarity_one() -> None:
    assert similarity(signature(ORIGINAL), signature(ORIGINAL)) == 1.0


def test_syndicated_copy_is_above_threshold() -> None:
    sim = similarity(signature(ORIGINAL), signature(SYNDICATED))
    assert sim > SAME_STORY_THRESHOLD, sim
    assert content_hash("Ministers plan the force", ORIGINAL) != content_hash("Another title", SYNDICATED)


def test_copy_without_newlines_and_with_trailing_read_more_is_above_threshold() -> None:
    flat = " ".join(ORIGINAL.split()) + " Read more"
    assert similarity(signature(ORIGINAL), signature(flat)) > SAME_STORY_THRESHOLD


def test_copy_with_an_unrecognised_extra_line_is_still_above_threshold() -> None:
    copy = "Anna Example, our correspondent, filed this from the Belgian capital.\n\n" + ORIGINAL
    sim = similarity(signature(ORIGINAL), signature(copy))
    assert SAME_STORY_THRESHOLD < sim < 1.0, sim


def test_different_articles_on_the_same_meeting_are_below_threshold() -> None:
    sim = similarity(signature(ORIGINAL), signature(OTHER_REPORT))
    assert sim < SAME_STORY_THRESHOLD
    assert sim < 0.3, sim


def test_band_keys_of_near_copies_share_a_key() -> None:
    keys_a = band_keys(signature(ORIGINAL))
    keys_b = band_keys(signature(SYNDICATED))
    assert len(keys_a) == 16 and len(set(keys_a)) == 16
    assert set(keys_a) & set(keys_b)
    band, digest = keys_a[3].split(":")
    assert band == "3" and len(digest) == 16 and int(digest, 16) >= 0
    assert len(band_keys(signature(ORIGINAL), bands=8)) == 8
    with pytest.raises(ValueError):
        band_keys(signature(ORIGINAL), bands=7)


def test_signature_is_stable() -> None:
    """A change of the shingle hash, the seed or the parameters would make stored signatures useless."""
    sig = signature("The coalition of the willing met in Paris to plan a force for Ukraine.")
    assert len(sig) == 64
    assert sig[:3] == (167435229677345442, 8547038952965459, 213256747810029281)


def test_signature_matches_the_plain_minhash_definition() -> None:
    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(200)]
    p = 2**61 - 1
    for n_words in (1, 4, 5, 6, 40, 300):
        text = " ".join(rng.choice(vocabulary) for _ in range(n_words))
        values = shingles(text)
        expected = tuple(min((a * x + b) % p for x in values) for a, b in dedup._PARAMS[:64])
        assert signature(text) == expected


def test_fast_path_exact_residue_at_the_edges() -> None:
    p = 2**61 - 1
    a, b = dedup._PARAMS[0]
    zero = (-b * pow(a, -1, p)) % p  # a * zero + b == 0 (mod p): the residue p must become 0
    values = {zero, zero + p, 0, 2**64 - 1, p - 1}
    assert dedup._minhash(values, [(a, b)]) == (min((a * x + b) % p for x in values),)
    assert dedup._minhash({zero}, [(a, b)]) == (0,)


def test_empty_text_signature() -> None:
    sig = signature("")
    assert sig == (2**64 - 1,) * 64
    assert signature("  !!  ") == sig
    assert similarity(sig, sig) == 0.0  # texts without words are never copies of each other
    assert len(signature("", num_perm=32)) == 32


def test_num_perm_and_similarity_errors() -> None:
    assert len(signature(ORIGINAL, num_perm=128)) == 128
    assert signature(ORIGINAL, num_perm=128)[:64] == signature(ORIGINAL)
    with pytest.raises(ValueError):
        signature(ORIGINAL, num_perm=0)
    with pytest.raises(ValueError):
        similarity(signature(ORIGINAL), signature(ORIGINAL, num_perm=32))


def test_signature_bytes_round_trip() -> None:
    for sig in (signature(ORIGINAL), signature("")):
        data = signature_to_bytes(sig)
        assert len(data) == 64 * 8
        assert signature_from_bytes(data) == sig
    with pytest.raises(ValueError):
        signature_from_bytes(b"\x00" * 7)


def test_speed_sanity() -> None:
    rng = random.Random(3)
    vocabulary = ORIGINAL.split() + OTHER_REPORT.split()
    text = " ".join(rng.choice(vocabulary) for _ in range(1000))
    signature(text)
    start = time.perf_counter()
    for _ in range(20):
        signature(text)
    per_call = (time.perf_counter() - start) / 20
    print(f"dedup: signature of 1,000 words in {per_call * 1000:.2f} ms")
    assert per_call < 0.5  # a sanity bound only; the figure above is the one to read
