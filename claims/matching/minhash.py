"""MinHash band keys: claims sharing most content words, and articles sharing most shingles, share a key.

32-bit universal hashing (a*x + b mod a 32-bit prime) so that (a*x + b) fits in an
unsigned 64-bit integer: benchmarks/matching.py computes the same keys with numpy.
No Django import.
"""

from __future__ import annotations

import hashlib
import random
from functools import lru_cache

from .wording import content_words, normalise

PRIME = 4294967291  # the largest prime below 2**32
MASK64 = (1 << 64) - 1
MIX = 0x9E3779B97F4A7C15


@lru_cache(maxsize=8)
def _permutations(count: int, seed: int) -> tuple[tuple[int, int], ...]:
    rng = random.Random(seed)
    return tuple((rng.randrange(1, PRIME), rng.randrange(0, PRIME)) for _ in range(count))


def feature_hash(feature: str) -> int:
    """Return a stable 32-bit hash of one feature (a word stem or a shingle)."""
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=4).digest(), "big")


def minhash(hashes: list[int] | set[int], *, count: int, seed: int) -> list[int]:
    """Return the MinHash signature (one minimum per permutation) of a set of feature hashes."""
    if not hashes:
        return []
    return [min((a * x + b) % PRIME for x in hashes) for a, b in _permutations(count, seed)]


def band_key(band: int, values) -> int:
    """Return the key of one band: its number (high bits) and a 32-bit mix of its MinHash values."""
    h = 0
    for value in values:
        h = ((h ^ int(value)) * MIX) & MASK64
    return (band << 32) | (h >> 32)


def key_strings(keys: list[int]) -> list[str]:
    """Return band keys as short hex strings, for JSON lists (articles, known reviews)."""
    return [f"{key:010x}" for key in keys]


def band_keys(signature: list[int], *, bands: int, rows: int) -> list[int]:
    """Return one short key per band of a signature; two sets sharing a key are candidates."""
    if len(signature) < bands * rows:
        return []
    return [band_key(band, signature[band * rows : (band + 1) * rows]) for band in range(bands)]


# A band of 3 MinHash rows matches with probability J**3 (J: Jaccard of the content-word
# sets); 24 bands find a rewrite at J=0.5 with probability 0.96 while two unrelated claims
# sharing one common word (J~0.05) meet in fewer than 1 in 300 cases.
CLAIM_BANDS, CLAIM_ROWS, CLAIM_SEED = 24, 3, 1
ARTICLE_BANDS, ARTICLE_ROWS, ARTICLE_SEED = 20, 2, 2


def claim_features(text: str) -> set[int]:
    """Return the hashed content-word stems of a claim (numbers included)."""
    return {feature_hash(w) for w in content_words(text)}


def claim_keys(text: str) -> list[int]:
    """Return a claim's MinHash band keys: claims sharing most content words share a key."""
    signature = minhash(claim_features(text), count=CLAIM_BANDS * CLAIM_ROWS, seed=CLAIM_SEED)
    return band_keys(signature, bands=CLAIM_BANDS, rows=CLAIM_ROWS)


def shingles(text: str, size: int = 5) -> set[str]:
    """Return the word shingles of an article's text."""
    words = normalise(text).split()
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def article_keys(text: str) -> list[str]:
    """Return an article's MinHash band keys over word 5-shingles (copies share most keys)."""
    hashes = {feature_hash(s) for s in shingles(text)}
    signature = minhash(hashes, count=ARTICLE_BANDS * ARTICLE_ROWS, seed=ARTICLE_SEED)
    return key_strings(band_keys(signature, bands=ARTICLE_BANDS, rows=ARTICLE_ROWS))


def containment(a: set, b: set) -> float:
    """Return the share of the smaller set found in the other (0 for an empty set)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def article_similarity(a: str, b: str) -> float:
    """Return how much of the shorter article's word 5-shingles the other contains."""
    return round(containment(shingles(a), shingles(b)), 3)
