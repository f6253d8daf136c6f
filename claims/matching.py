"""Same-claim and near-duplicate logic.

Pure part (no database, tested on its own):
    normalise(text)          the wording after case, quote, punctuation and space normalisation
    facts_of(text)           numbers, dates, negation and named entities of a claim
    disagreement(a, b)       why two claims cannot be the same statement (or "" when they may be)
    trigram_similarity(a, b) the pg_trgm similarity, computed the same way in Python
    compare(a, b)            a Match: "same" (link), "similar" (suggest) or "different", with score
    claim_keys(text)         MinHash band keys (integers) of a claim's content words
    article_keys(text)       MinHash band keys (hex strings) of an article's word 5-shingles
    document_matches(docs)   the cross-document pairs `extract_claims --json` reports

Retrieval at scale does not compare a new claim with every stored claim: each
claim stores 24 MinHash band keys (`ClaimBand`, one B-tree-indexed integer per
row), so the candidates are the claims sharing at least one band key with the new
one -- 24 index probes -- which are then ranked by pg_trgm `similarity()` (in
Python on SQLite) and judged by `compare()`.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .extraction import checkworthiness, features

# A new appearance links automatically when its wording is the same after normalisation;
# similar wording at or above this trigram similarity is suggested to a reviewer.
SUGGEST_AT = 0.45
# A suggestion whose facts agree and whose wording scores at least this is a confident match:
# `extract_claims --json` reports it in `matches`. In the app it stays a suggestion: only the
# same wording links without a reviewer. Chosen on tests/extraction_dev (README, "Matching rewrites").
CONFIDENT_AT = 0.55
# ... or the two restate the same distinctive figure or dated day and share at least this share
# of the shorter wording's content words ("held its main rate at 5.25%" / "kept its benchmark rate at 5.25%").
ANCHORED_OVERLAP = 0.55
# Near-duplicate articles: share of the shorter article's word 5-shingles found in the
# other at or above this (a syndicated copy with its own menus and trailer still counts).
DUPLICATE_AT = 0.6

QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " ", "–": "-", "—": "-"})
# "U.S." and "US", "U.N." and "UN" are the same word.
ABBREVIATION = re.compile(r"\b((?:[a-z]\.){2,})", re.I)
POSSESSIVE = re.compile(r"(?<=\w)'s\b", re.I)
# Names that different outlets write differently for the same country or body.
ENTITY_ALIASES = {
    "american": "us",
    "americans": "us",
    "america": "us",
    "united states": "us",
    "usa": "us",
    "u s": "us",
    "british": "uk",
    "britain": "uk",
    "united kingdom": "uk",
    "peruvian": "peru",
    "mexican": "mexico",
    "united nations": "un",
}

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your
    yours yourself said says say told according reported reports report week day days last first new
    one ones thing things""".split()
)
# Negations are kept as facts, never dropped as stop words.
NEGATION_WORDS = frozenset("not no never none nobody nothing neither nor without cannot".split())
SENTENCE_START_WORDS = STOPWORDS | frozenset(
    "although though however meanwhile yet still even despite while since last next".split()
)
ENTITY = re.compile(r"\b([A-Z][\w'’.-]*(?:\s+(?:of|de|la|del|the|and|&)?\s*[A-Z][\w'’.-]*)*)")
MONTH_NAMES = frozenset(features.MONTHS) | {m[:3] for m in features.MONTHS} | {"sept"}
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Endings of English adjectives, verbs and abstract nouns: "Annual", "Dissenting", "Rising" opening a
# sentence are capitalised words, not names.
COMMON_ENDINGS = re.compile(r"(?:ing|ed|ly|ous|ive|tion|sion|ment|ness|ity|ual|ial|ional|ers)$")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Return lower-case English words of the check-worthiness model's vocabulary (no proper nouns)."""
    return frozenset(g for g in checkworthiness.model().vocabulary if " " not in g and g.isalpha())


def is_common_word(word: str) -> bool:
    """Tell whether a capitalised word opening a sentence is an ordinary word rather than a name."""
    return word in SENTENCE_START_WORDS or word in common_words() or bool(COMMON_ENDINGS.search(word))


def normalise(text: str) -> str:
    """Return text after Unicode, case, quote, abbreviation, punctuation and space normalisation."""
    text = unicodedata.normalize("NFKC", text or "").translate(QUOTES)
    text = ABBREVIATION.sub(lambda m: m[1].replace(".", "") + " ", text)
    text = POSSESSIVE.sub("", text).lower()
    return re.sub(r"[\W_]+", " ", text).strip()


def fingerprint(text: str) -> str:
    """Return the SHA-256 of the normalised wording: equal fingerprints link automatically."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


# --- Facts that must agree -------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    numbers: frozenset[float]
    dates: frozenset[str]
    negated: bool
    entities: frozenset[str]
    words: frozenset[str]  # every normalised word, to tell "omitted" from "replaced"


@lru_cache(maxsize=4096)  # the same stored claims come up as candidates again and again
def facts_of(text: str) -> Facts:
    """Return the numbers, dates, negation and named entities a claim states."""
    text = unicodedata.normalize("NFKC", text or "").translate(QUOTES)
    dates = features.dates_in(text)
    numbers = set(features.numbers_in(text))
    # Day numbers of named dates are dates, not quantities ("June 1" is compared as a date).
    # Dates come as YYYY-MM-DD, MM-DD, YYYY-MM or YYYY (see extraction.features.dates_in).
    for date in dates:
        parts = date.split("-")
        if len(parts[0]) == 4:  # a year leads: YYYY, YYYY-MM or YYYY-MM-DD
            numbers.discard(float(int(parts[0])))
            if len(parts) == 3:
                numbers.discard(float(int(parts[2])))
        elif len(parts) == 2:  # MM-DD
            numbers.discard(float(int(parts[1])))
    entities = set()
    for sentence in re.split(r"(?<=[.!?:;])\s+|[“”\"(]", text):
        for m in ENTITY.finditer(sentence):
            words = [w for w in normalise(m[1]).split() if w]
            if not words:
                continue
            # The first word of a sentence is capitalised anyway.
            if m.start() == len(sentence) - len(sentence.lstrip()) and len(words) == 1 and is_common_word(words[0]):
                continue
            name = " ".join(w for w in words if w not in STOPWORDS)
            name = " ".join(w for w in name.split() if w not in features.NUMBER_WORDS)
            if not name or name in MONTH_NAMES or name in WEEKDAYS or name.isdigit():
                continue
            entities.add(ENTITY_ALIASES.get(name, name))
    return Facts(
        numbers=frozenset(numbers),
        dates=frozenset(dates),
        negated=count_negations(text) % 2 == 1,
        entities=frozenset(entities),
        words=frozenset(ENTITY_ALIASES.get(w, w) for w in normalise(text).split()),
    )


def count_negations(text: str) -> int:
    """Return how many negations a sentence contains ("not", "never", "n't" ...)."""
    return len(features.NEGATION.findall(text))


def _numbers_agree(a: frozenset[float], b: frozenset[float]) -> bool:
    if a == b:
        return True
    # A rewrite may leave out a figure ("from 6.9% in April") but must restate at least one,
    # and may not carry a figure of its own: 700 and 7,000 never agree.
    small, large = sorted((a, b), key=len)
    return bool(small) and small < large


def _dates_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    if a == b:
        return True
    # "June 1" and "2023-06-01" agree when the year is only given on one side.
    return {d[-5:] for d in a} == {d[-5:] for d in b} and len(a) == len(b)


def _entity_missing(name: str, words: frozenset[str]) -> bool:
    return not any(part in words for part in name.split())


def disagreement(a: Facts, b: Facts) -> str:
    """Return why two claims cannot state the same fact, or "" when their facts agree.

    Numbers must be the same, or one wording's numbers a non-empty part of the other's (a
    rewrite leaves out a comparison figure). Dates and negation must be the same. Named entities may be omitted by
    one wording (a rewrite drops "Mexican President"), but an entity on each side
    that the other never mentions means they are about different people or places.
    """
    if not _numbers_agree(a.numbers, b.numbers):
        return "different numbers"
    if not _dates_agree(a.dates, b.dates):
        return "different dates"
    if a.negated != b.negated:
        return "one is negated"
    only_a = [e for e in a.entities if _entity_missing(e, b.words)]
    only_b = [e for e in b.entities if _entity_missing(e, a.words)]
    if only_a and only_b:
        return "different names"
    return ""


# --- Similarity ------------------------------------------------------------------


@lru_cache(maxsize=4096)
def trigrams(text: str) -> frozenset[str]:
    """Return the trigram set pg_trgm's show_trgm() builds (words padded, lower case)."""
    grams = set()
    for word in re.findall(r"[^\W_]+", (text or "").lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(a: str, b: str) -> float:
    """Return pg_trgm's similarity(a, b): shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


ALIAS_WORDS = frozenset(ENTITY_ALIASES.values())


def content_words(text: str) -> list[str]:
    """Return the words that carry a claim's meaning: no stop words, aliases unified, 5-letter stems."""
    words = (ENTITY_ALIASES.get(w, w) for w in normalise(text).split())
    return [w[:5] for w in words if w not in STOPWORDS and (len(w) > 2 or w.isdigit() or w in ALIAS_WORDS)]


def word_overlap(a: str, b: str) -> float:
    """Return the share of the shorter claim's content words found in the other."""
    wa, wb = set(content_words(a)), set(content_words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def wording_score(a: str, b: str) -> float:
    """Return how close two wordings are, 0..1.

    The pg_trgm similarity; when most content words are shared, the mean of that
    and trigram containment (so a claim quoted inside a longer sentence scores).
    """
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    shared = len(ta & tb)
    similarity = shared / len(ta | tb)
    if word_overlap(a, b) >= 0.6:
        similarity = max(similarity, (similarity + shared / min(len(ta), len(tb))) / 2)
    return round(similarity, 3)


@dataclass(frozen=True)
class Match:
    verdict: str  # "same" (link automatically), "similar" (suggest) or "different"
    similarity: float
    reason: str = ""
    confident: bool = False  # a suggestion very likely stating the same fact

    @property
    def likely(self) -> bool:
        """Tell whether the pair is linked, or a confident suggestion (what `extract_claims --json` reports)."""
        return self.verdict == "same" or (self.verdict == "similar" and self.confident)

    @property
    def linked(self) -> bool:
        return self.verdict == "same"

    @property
    def suggested(self) -> bool:
        return self.verdict == "similar"


def _distinctive(number: float) -> bool:
    # Small whole numbers ("two years", "voted 7 to 4") are too common to tie two claims together.
    return number != int(number) or number >= 13


def shared_anchor(a: Facts, b: Facts) -> bool:
    """Tell whether two claims restate a distinctive figure or a dated day (month and day)."""
    return any(_distinctive(n) for n in a.numbers & b.numbers) or bool(_days(a.dates) & _days(b.dates))


def _days(dates: frozenset[str]) -> set[str]:
    # MM-DD of the dates naming a day (YYYY-MM-DD or MM-DD; not YYYY or YYYY-MM).
    return {d[-5:] for d in dates if len(d) in (5, 10)}


def compare(a: str, b: str, *, facts_a: Facts | None = None, facts_b: Facts | None = None) -> Match:
    """Judge whether two wordings state the same claim.

    Same normalised wording links; otherwise the facts must agree and the wording
    must be close (trigram similarity, or most content words shared) to suggest.
    A suggestion is confident when the wording is closer still (CONFIDENT_AT), or
    when both restate the same distinctive figure or day with most content words shared.
    """
    if normalise(a) == normalise(b):
        return Match("same", 1.0)
    facts_a, facts_b = facts_a or facts_of(a), facts_b or facts_of(b)
    reason = disagreement(facts_a, facts_b)
    if reason:
        return Match("different", round(trigram_similarity(a, b), 3), reason)
    score = wording_score(a, b)
    if score >= CONFIDENT_AT or (shared_anchor(facts_a, facts_b) and word_overlap(a, b) >= ANCHORED_OVERLAP):
        return Match("similar", score, confident=True)
    if score >= SUGGEST_AT:
        return Match("similar", score)
    return Match("different", score, "wording too far apart")


# --- MinHash band keys -----------------------------------------------------------
# 32-bit universal hashing (a*x + b mod a 32-bit prime) so that (a*x + b) fits in an
# unsigned 64-bit integer: benchmarks/matching.py computes the same keys with numpy.

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


def jaccard(a: set, b: set) -> float:
    """Return |a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a and b else 0.0


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


# --- Documents without a database (extract_claims --json) ---------------------------


def document_matches(documents: list[list[str]], *, include_suggestions: bool = False) -> list[dict]:
    """Return the cross-document claim pairs the matcher is confident state the same fact, as score.py reads them.

    Same wording and confident suggestions (facts agree, see compare()); with
    include_suggestions every suggestion a reviewer would see. `documents` holds each
    document's claim texts in order. A claim is paired with its best match in each
    other document, so a repeated sentence does not multiply pairs.
    """
    facts = [[facts_of(t) for t in claims] for claims in documents]
    out = []
    for da in range(len(documents)):
        for db in range(da + 1, len(documents)):
            for ia, text_a in enumerate(documents[da]):
                best: tuple[float, int] | None = None
                for ib, text_b in enumerate(documents[db]):
                    match = compare(text_a, text_b, facts_a=facts[da][ia], facts_b=facts[db][ib])
                    if match.likely or (include_suggestions and match.suggested):
                        if best is None or match.similarity > best[0]:
                            best = (match.similarity, ib)
                if best is not None:
                    out.append({"a": [da, ia], "b": [db, best[1]], "similarity": best[0]})
    return out


# === Database side ===================================================================
# Retrieval and decisions on stored claims. Write-side functions follow the
# `<entity>_<action>` keyword-only style of claims/services.py.

from datetime import date as _date  # noqa: E402

from django.db import IntegrityError, connections, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from .models import Appearance, Article, Claim, ClaimBand, ClaimLink, KnownReview, Verdict  # noqa: E402

CANDIDATE_LIMIT = 20
RANK_LIMIT = 300  # claims sharing the most band keys that are ranked by similarity
PYTHON_SCAN_LIMIT = 5_000  # SQLite: at most this many key-sharing candidates are ranked in Python


def is_postgres(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


def claim_candidates(
    *,
    text: str,
    keys: list[int] | None = None,
    exclude: list[int] | tuple = (),
    limit: int = CANDIDATE_LIMIT,
    using: str = "default",
) -> list[tuple[Claim, float]]:
    """Return stored claims that may state the same fact as `text`, most similar first.

    Candidates share a MinHash band key (ClaimBand B-tree), ranked by pg_trgm
    similarity() on PostgreSQL, by the same similarity computed in Python on SQLite.
    """
    keys = claim_keys(text) if keys is None else keys
    if not keys:
        return []
    # The claims sharing the most band keys first; a common wording can share one key
    # with thousands of claims, and only the best few hundred are worth ranking.
    sharing = (
        ClaimBand.objects.using(using)
        .filter(key__in=keys)
        .values("claim_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-claim_id")
        .values("claim_id")[:RANK_LIMIT]
    )
    claims = Claim.objects.using(using).filter(pk__in=sharing, merged_into__isnull=True).exclude(pk__in=list(exclude))
    if is_postgres(using):
        from django.contrib.postgres.search import TrigramSimilarity

        rows = claims.annotate(similarity=TrigramSimilarity("text", text)).order_by("-similarity", "id")[:limit]
        return [(c, round(c.similarity, 3)) for c in rows]
    found = [(c, round(trigram_similarity(text, c.text), 3)) for c in claims.order_by("-id")[:PYTHON_SCAN_LIMIT]]
    found.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return found[:limit]


def claims_candidates(
    *, queries: list[tuple[int, str]], limit: int = CANDIDATE_LIMIT, using: str = "default"
) -> dict[int, list[tuple[Claim, float]]]:
    """Return, for each (claim id, wording), the stored claims that may state the same fact, most similar first.

    The same retrieval as claim_candidates() (each claim itself excluded), for all of an
    article's new claims in two queries on PostgreSQL instead of one ranking query per claim:
    per claim, the RANK_LIMIT claims sharing the most band keys, ranked by similarity().
    """
    out: dict[int, list[tuple[Claim, float]]] = {pk: [] for pk, _ in queries}
    if not is_postgres(using):
        for pk, text in queries:
            out[pk] = claim_candidates(text=text, exclude=[pk], limit=limit, using=using)
        return out
    key_rows = [(pk, key) for pk, text in queries for key in set(claim_keys(text))]
    if not key_rows:
        return out
    sql = f"""
        WITH wanted(query_id, key) AS (SELECT * FROM unnest(%s::bigint[], %s::bigint[])),
        wording(query_id, text) AS (SELECT * FROM unnest(%s::bigint[], %s::text[])),
        sharing AS (
            SELECT w.query_id, b.claim_id,
                   row_number() OVER (PARTITION BY w.query_id ORDER BY count(*) DESC, b.claim_id DESC) AS rank
            FROM wanted w JOIN {ClaimBand._meta.db_table} b ON b.key = w.key
            WHERE b.key = ANY(%s::bigint[])  -- lets the planner probe the key index
            GROUP BY w.query_id, b.claim_id
        ),
        ranked AS (
            SELECT s.query_id, c.id, similarity(c.text, q.text) AS similarity,
                   row_number() OVER (PARTITION BY s.query_id ORDER BY similarity(c.text, q.text) DESC, c.id) AS place
            FROM sharing s
            JOIN {Claim._meta.db_table} c ON c.id = s.claim_id
            JOIN wording q ON q.query_id = s.query_id
            WHERE s.rank <= %s AND c.merged_into_id IS NULL AND c.id <> s.query_id
        )
        SELECT query_id, id, similarity FROM ranked WHERE place <= %s ORDER BY query_id, place
    """
    params = [
        [pk for pk, _ in key_rows],
        [key for _, key in key_rows],
        [pk for pk, _ in queries],
        [text for _, text in queries],
        sorted({key for _, key in key_rows}),
        RANK_LIMIT,
        limit,
    ]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    claims = Claim.objects.using(using).in_bulk({claim_id for _, claim_id, _ in rows})
    for query_id, claim_id, similarity in rows:
        out[query_id].append((claims[claim_id], round(similarity, 3)))
    return out


def claim_store_bands(claim: Claim) -> None:
    """Store the band keys of a claim's wording so later claims can find it."""
    ClaimBand.objects.filter(claim=claim).delete()
    ClaimBand.objects.bulk_create([ClaimBand(claim=claim, key=key) for key in set(claim_keys(claim.text))])


def claims_store_bands(*, claims: list[Claim]) -> None:
    """Store the band keys of newly created claims (no bands stored yet) in one insert."""
    ClaimBand.objects.bulk_create(
        [ClaimBand(claim=claim, key=key) for claim in claims for key in set(claim_keys(claim.text))]
    )


def _lock_key(fp: str) -> int:
    return int(fp[:15], 16)


def _lock_fingerprint(fp: str) -> None:
    """Serialise concurrent extractions that create a claim with the same wording (PostgreSQL)."""
    if is_postgres():
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(fp)])


def lock_wordings(fingerprints) -> None:
    """Take the wording locks of a whole article at once, in one global order (PostgreSQL).

    Two workers extracting articles that share sentences in a different order would
    otherwise each hold one lock and wait for the other's (a deadlock). Advisory
    transaction locks are re-entrant, so the per-claim lock taken later is free.
    """
    if not is_postgres():
        return
    with connections["default"].cursor() as cursor:
        for key in sorted({_lock_key(fp) for fp in fingerprints}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def claim_survivor_of(claim: Claim) -> Claim:
    """Follow merges to the claim that now carries the statement."""
    seen = set()
    while claim.merged_into_id and claim.pk not in seen:
        seen.add(claim.pk)
        claim = Claim.objects.get(pk=claim.merged_into_id)
    return claim


def claim_for_wording(*, text: str, fp: str | None = None) -> Claim | None:
    """Return the stored claim with the same normalised wording (following merges), if any."""
    fp = fp or fingerprint(text)
    _lock_fingerprint(fp)
    claim = Claim.objects.filter(fingerprint=fp).order_by("merged_into_id", "created_at", "id").first()
    return claim_survivor_of(claim) if claim else None


def claims_for_wordings(*, fingerprints) -> dict[str, Claim]:
    """Return the stored claim of each normalised wording (following merges), as claim_for_wording() does.

    One query for an article's wordings; the caller holds their locks (lock_wordings).
    """
    found: dict[str, Claim] = {}
    for claim in Claim.objects.filter(fingerprint__in=set(fingerprints)).order_by("merged_into_id", "created_at", "id"):
        found.setdefault(claim.fingerprint, claim)
    return {fp: claim_survivor_of(claim) for fp, claim in found.items()}


def published_verdict(claim: Claim) -> Verdict | None:
    """Return the claim's current published verdict, if any."""
    return (
        claim.verdicts.filter(status=Verdict.Status.PUBLISHED)
        .select_related("rating")
        .order_by("-published_at", "-id")
        .first()
    )


def _rejected_pairs(fingerprints) -> set[tuple[str, str]]:
    """Return the (fingerprint, fingerprint) pairs, both ways round, a reviewer rejected among these wordings."""
    fingerprints = list(set(fingerprints))
    pairs = set()
    for a, b in (
        ClaimLink.objects.filter(status=ClaimLink.Status.REJECTED)
        .filter(Q(claim_fingerprint__in=fingerprints) | Q(other_fingerprint__in=fingerprints))
        .values_list("claim_fingerprint", "other_fingerprint")
    ):
        pairs.update({(a, b), (b, a)})
    return pairs


def claim_suggest(*, claim: Claim) -> list[ClaimLink]:
    """Store suggestions linking a claim to similar stored claims whose facts agree.

    Pairs a reviewer rejected (by claim or by wording) are never suggested again.
    """
    return claims_suggest(claims=[claim])


def claims_suggest(*, claims: list[Claim]) -> list[ClaimLink]:
    """Store suggestions for several claims at once (an article's new claims); return the links made.

    The same decisions as claim_suggest() per claim, in order, with candidates retrieved,
    rejected pairs read and links stored in a handful of queries instead of several per claim.
    """
    if not claims:
        return []
    candidates = claims_candidates(queries=[(claim.pk, claim.text) for claim in claims])
    wanted: dict[tuple[int, int], tuple[Claim, Claim, float]] = {}
    for claim in claims:
        facts = facts_of(claim.text)
        for other, _similarity in candidates[claim.pk]:
            match = compare(claim.text, other.text, facts_a=facts)
            if not match.suggested:
                continue
            low, high = sorted([claim, other], key=lambda c: c.pk)
            # The first decision on a pair stands, as with get_or_create one claim at a time.
            wanted.setdefault((low.pk, high.pk), (low, high, match.similarity))
    if not wanted:
        return []
    rejected = _rejected_pairs(fp for low, high, _ in wanted.values() for fp in (low.fingerprint, high.fingerprint))
    wanted = {
        pair: value for pair, value in wanted.items() if (value[0].fingerprint, value[1].fingerprint) not in rejected
    }
    lows = {low for low, _ in wanted}
    existing = set(
        ClaimLink.objects.filter(claim_id__in=lows, other_id__in={high for _, high in wanted}).values_list(
            "claim_id", "other_id"
        )
    )
    new = [
        ClaimLink(
            claim=low,
            other=high,
            similarity=similarity,
            claim_fingerprint=low.fingerprint,
            other_fingerprint=high.fingerprint,
        )
        for pair, (low, high, similarity) in wanted.items()
        if pair not in existing
    ]
    try:
        with transaction.atomic():
            return ClaimLink.objects.bulk_create(new)
    except IntegrityError:
        # Another worker stored one of these pairs meanwhile: take them one at a time.
        made = []
        for link in new:
            link, created = ClaimLink.objects.get_or_create(
                claim=link.claim,
                other=link.other,
                defaults={
                    "similarity": link.similarity,
                    "claim_fingerprint": link.claim_fingerprint,
                    "other_fingerprint": link.other_fingerprint,
                },
            )
            if created:
                made.append(link)
        return made


def claim_links(claim: Claim, *, status: str = ClaimLink.Status.SUGGESTED) -> list[tuple[ClaimLink, Claim]]:
    """Return (link, other claim) pairs of one status for a claim, best first; merged partners hidden."""
    return claim_links_by_status(claim, statuses=[status])[status]


def claim_links_by_status(claim: Claim, *, statuses: list[str]) -> dict[str, list[tuple[ClaimLink, Claim]]]:
    """Return a claim's (link, other claim) pairs for several statuses in one query, best first.

    Suggestions whose partner has since been merged away are hidden.
    """
    links = (
        ClaimLink.objects.filter(Q(claim=claim) | Q(other=claim), status__in=statuses)
        .select_related("claim", "other", "claim__article", "other__article", "decided_by")
        .order_by("-similarity", "id")
    )
    out: dict[str, list[tuple[ClaimLink, Claim]]] = {status: [] for status in statuses}
    for link in links:
        partner = link.partner_of(claim)
        if link.status == ClaimLink.Status.SUGGESTED and partner.merged_into_id:
            continue
        out[link.status].append((link, partner))
    return out


def _has_work(claim: Claim) -> tuple:
    return (
        claim.verdicts.filter(status=Verdict.Status.PUBLISHED).exists(),
        claim.verdicts.exists(),
        claim.citations.count(),
        claim.status != Claim.Status.NEW,
        -claim.pk,
    )


def claim_recount(claim_ids) -> None:
    """Recompute appearance_count and anchor_lost of claims from their appearances."""
    counted = [
        Claim(pk=row["pk"], appearance_count=row["n"], anchor_lost=row["lost"] > 0)
        for row in Claim.objects.filter(pk__in=list(claim_ids))
        .annotate(n=Count("appearances"), lost=Count("appearances", filter=Q(appearances__anchor_lost=True)))
        .values("pk", "n", "lost")
    ]
    Claim.objects.bulk_update(counted, ["appearance_count", "anchor_lost"])


def claim_merge(*, claim: Claim, into: Claim, actor, link: ClaimLink | None = None) -> Claim:
    """Merge `claim` into `into`: its appearances, evidence and verdicts move; it keeps its timeline.

    The merged claim is dismissed as a duplicate and points at the survivor, so
    later extractions of its wording link to the survivor.
    """
    from .services import event_record

    if claim.pk == into.pk:
        raise ValueError("A claim cannot be merged into itself.")
    into = claim_survivor_of(into)
    if into.pk == claim.pk or claim.merged_into_id:
        raise ValueError("That claim is already merged.")
    # A published fact-check keeps its claim (and public page): merge the other way round.
    if published_verdict(claim):
        if published_verdict(into):
            raise ValueError(
                f"Claims {claim.pk} and {into.pk} both have a published verdict; correct one of them instead."
            )
        raise ValueError(f"Claim {claim.pk} has a published verdict: merge claim {into.pk} into it instead.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        into = Claim.objects.select_for_update().get(pk=into.pk)
        moved = {
            "appearances": claim.appearances.update(claim=into),
            "citations": claim.citations.update(claim=into),
            "verdicts": claim.verdicts.update(claim=into),
        }
        Claim.objects.filter(merged_into=claim).update(merged_into=into)
        before = {"status": claim.status}
        claim.merged_into = into
        claim.status = Claim.Status.DISMISSED
        claim.dismiss_reason = Claim.DismissReason.DUPLICATE
        claim.version += 1
        claim.save(update_fields=["merged_into", "status", "dismiss_reason", "version", "updated_at"])
        into.version += 1
        into.save(update_fields=["version", "updated_at"])
        claim_recount([claim.pk, into.pk])
        if link is not None:
            ClaimLink.objects.filter(pk=link.pk).update(
                status=ClaimLink.Status.CONFIRMED, decided_by=actor, decided_at=timezone.now()
            )
        event_record(
            action="claim_merged",
            actor=actor,
            claim=claim,
            summary=f"Merged into claim {into.pk}" + (" (confirmed suggestion)" if link else ""),
            before=before,
            after={"status": claim.status, "merged_into": into.pk, **moved},
        )
        event_record(
            action="claim_merged_in",
            actor=actor,
            claim=into,
            summary=f"Claim {claim.pk} merged into this claim ({moved['appearances']} appearance"
            f"{'s' if moved['appearances'] != 1 else ''})",
            after={"merged": claim.pk, **moved},
        )
    into.refresh_from_db()
    return into


def claim_link_confirm(*, link: ClaimLink, actor) -> Claim:
    """Confirm a suggestion: the two claims are one; merge into the one carrying more work."""
    a, b = link.claim, link.other
    keep, drop = (a, b) if _has_work(a) >= _has_work(b) else (b, a)
    return claim_merge(claim=drop, into=keep, actor=actor, link=link)


def claim_link_reject(*, link: ClaimLink, actor) -> ClaimLink:
    """Reject a suggestion; the pair (and the same two wordings) is never suggested again."""
    from .services import event_record

    with transaction.atomic():
        link.status = ClaimLink.Status.REJECTED
        link.decided_by = actor
        link.decided_at = timezone.now()
        link.save(update_fields=["status", "decided_by", "decided_at"])
        for claim, other in ((link.claim, link.other), (link.other, link.claim)):
            event_record(
                action="claim_link_rejected",
                actor=actor,
                claim=claim,
                summary=f"Not the same claim as claim {other.pk} (suggestion rejected, "
                f"similarity {link.similarity:.2f})",
                after={"other": other.pk, "similarity": link.similarity},
            )
    return link


def claim_split(*, claim: Claim, appearance: Appearance, actor) -> Claim:
    """Move one appearance out of a claim into a new claim of its own; return the new claim.

    The two are remembered as different (a rejected link), so they are not suggested again.
    """
    from .services import event_record

    if appearance.claim_id != claim.pk:
        raise ValueError("That appearance belongs to another claim.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.appearances.count() < 2:
            raise ValueError("A claim with a single appearance cannot be split.")
        new = Claim.objects.create(
            text=appearance.text,
            speaker=appearance.speaker,
            kind=appearance.kind,
            score=appearance.score,
            numbers=features.numbers_in(appearance.text),
            dates=features.dates_in(appearance.text),
            article=appearance.article,
            article_created_at=appearance.article.created_at,
            fingerprint=fingerprint(appearance.text),
            slug=claim.slug,
        )
        claim_store_bands(new)
        Appearance.objects.filter(pk=appearance.pk).update(claim=new)
        claim.version += 1
        claim.save(update_fields=["version", "updated_at"])
        claim_recount([claim.pk, new.pk])
        low, high = sorted([claim, new], key=lambda c: c.pk)
        ClaimLink.objects.update_or_create(
            claim=low,
            other=high,
            defaults={
                "similarity": compare(claim.text, new.text).similarity,
                "status": ClaimLink.Status.REJECTED,
                "claim_fingerprint": low.fingerprint,
                "other_fingerprint": high.fingerprint,
                "decided_by": actor,
                "decided_at": timezone.now(),
            },
        )
        where = appearance.article.display_title
        event_record(
            action="claim_split",
            actor=actor,
            claim=claim,
            summary=f"Appearance in “{where}” split off into claim {new.pk}",
            after={"appearance": appearance.pk, "new_claim": new.pk},
        )
        event_record(
            action="claim_split_from",
            actor=actor,
            claim=new,
            summary=f"Split off from claim {claim.pk}",
            after={"from": claim.pk},
        )
    new.refresh_from_db()
    return new


# --- Near-duplicate articles ------------------------------------------------------------


def article_find_duplicate(*, article: Article) -> tuple[Article | None, float]:
    """Store the article's band keys and return the earlier article it nearly copies (with similarity)."""
    keys = article_keys(article.text)
    article.match_keys = keys
    earlier = Article.objects.exclude(pk=article.pk).filter(created_at__lte=article.created_at).exclude(text="")
    if not keys:
        return None, 0.0
    if is_postgres():
        candidates = list(earlier.filter(match_keys__has_any_keys=keys).only("pk", "text", "created_at")[:50])
    else:
        wanted = set(keys)
        candidates = [
            a
            for a in earlier.only("pk", "text", "match_keys", "created_at").order_by("-id")[:5000]
            if wanted.intersection(a.match_keys or ())
        ]
    mine = shingles(article.text)
    best: tuple[float, Article] | None = None
    for other in candidates:
        similarity = round(containment(mine, shingles(other.text)), 3)
        if similarity >= DUPLICATE_AT and (best is None or similarity > best[0]):
            best = (similarity, other)
    return (best[1], best[0]) if best else (None, 0.0)


# --- Known (published) fact-checks ---------------------------------------------------------


def compare_review(claim_text: str, reviewed: str, *, facts: Facts | None = None) -> Match:
    """Judge whether a published fact-check's claimReviewed is the claim (it is often shorter)."""
    reason = disagreement(facts or facts_of(claim_text), facts_of(reviewed))
    similarity = trigram_similarity(claim_text, reviewed)
    overlap = word_overlap(claim_text, reviewed)
    score = round(max(similarity, 0.9 * overlap if overlap >= 0.6 else 0.0), 3)
    if reason:
        return Match("different", score, reason)
    if normalise(claim_text) == normalise(reviewed):
        return Match("same", 1.0)
    return Match("similar", score) if score >= SUGGEST_AT else Match("different", score, "wording too far apart")


def claim_known_reviews(claim: Claim, *, limit: int = 5) -> list[tuple[KnownReview, float]]:
    """Return published fact-checks (imported ClaimReview) that match the claim, best first."""
    keys = key_strings(claim_keys(claim.text))
    reviews = KnownReview.objects.all()
    if is_postgres():
        from django.contrib.postgres.search import TrigramWordSimilarity
        from django.db.models import F, Value

        # word_similarity(claimReviewed, claim): the short review wording inside the longer claim.
        candidates = (
            list(
                reviews.annotate(ws=TrigramWordSimilarity(F("claim_reviewed"), Value(claim.text)))
                .filter(Q(match_keys__has_any_keys=keys) | Q(ws__gte=0.4))
                .order_by("-ws")[:50]
            )
            if keys
            else []
        )
    else:
        wanted = set(keys)
        candidates = [
            r
            for r in reviews.order_by("-id")[:5000]
            if wanted.intersection(r.match_keys or ()) or word_overlap(claim.text, r.claim_reviewed) >= 0.6
        ]
    facts = facts_of(claim.text)
    found = []
    for review in candidates:
        match = compare_review(claim.text, review.claim_reviewed, facts=facts)
        if match.verdict != "different":
            found.append((review, match.similarity))
    found.sort(key=lambda pair: (-pair[1], -(pair[0].date_published or _date.min).toordinal()))
    return found[:limit]
