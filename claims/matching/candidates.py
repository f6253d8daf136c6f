"""Database reads for matching: candidates sharing band keys, the band rows, wording locks and look-ups."""

from __future__ import annotations

import json
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

from ..models import Article, Claim, ClaimBand, Verdict
from .facts import PARSER_VERSION, Facts, facts_of, facts_record, stored_facts
from .minhash import claim_keys
from .scorer import same_speaker
from .wording import trigram_similarity

CANDIDATE_LIMIT = 20
RANK_LIMIT = 300  # claims sharing the most band keys that are ranked by similarity
# Claims read per band key, the newest first. A common wording's key is shared by thousands of
# stored claims, and reading them all made a new claim's cost grow with the store; reading the
# newest KEY_CAP per key bounds it (24 keys x KEY_CAP rows at most, whatever the store's size).
# A rewrite is found through any of the keys it shares, and rewrites of a story come while it
# is news, so the newest claims of a key are the ones worth comparing.
KEY_CAP = settings.CLAIMDESK_MATCH_KEY_CAP  # 200 unless the environment says otherwise
PLACES_FROM_CHARS = 1_500  # an article's places are the names of its title and its opening


class Candidate(NamedTuple):
    """A stored claim as judging a pair reads it (claim_facts takes it as it takes a Claim)."""

    pk: int
    text: str
    speaker: str
    article_id: int
    fingerprint: str
    match_facts: dict | None


def is_postgres(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


CANDIDATES_SQL = f"""
    WITH wanted(query_id, key) AS (SELECT * FROM unnest(%s::bigint[], %s::bigint[])),
    wording(query_id, text) AS (SELECT * FROM unnest(%s::bigint[], %s::text[])),
    sharing AS (
        SELECT w.query_id, p.claim_id,
               row_number() OVER (PARTITION BY w.query_id ORDER BY count(*) DESC, p.claim_id DESC) AS rank
        FROM wanted w CROSS JOIN LATERAL (
            -- the newest KEY_CAP claims of this key: a backward scan of the (key, claim) index, then stop
            SELECT b.claim_id FROM {ClaimBand._meta.db_table} b
            WHERE b.key = w.key ORDER BY b.claim_id DESC LIMIT %s
        ) p
        GROUP BY w.query_id, p.claim_id
    ),
    ranked AS (
        SELECT s.query_id, c.id, similarity(c.text, q.text) AS similarity,
               row_number() OVER (PARTITION BY s.query_id ORDER BY similarity(c.text, q.text) DESC, c.id) AS place
        FROM sharing s
        JOIN {Claim._meta.db_table} c ON c.id = s.claim_id
        JOIN wording q ON q.query_id = s.query_id
        WHERE s.rank <= %s AND c.merged_into_id IS NULL AND c.id <> s.query_id
    )
    -- the columns matching reads of each kept candidate (not the model's row): 20 a claim at most
    SELECT r.query_id, r.id, r.similarity, c.text, c.speaker, c.article_id, c.fingerprint, c.match_facts
    FROM ranked r JOIN {Claim._meta.db_table} c ON c.id = r.id
    WHERE r.place <= %s ORDER BY r.query_id, r.place
"""


def _sharing_newest(keys) -> RawSQL:
    """Return SQL for the RANK_LIMIT claim ids sharing the most of `keys`, of the newest KEY_CAP claims per key.

    A UNION ALL of one capped index probe per key (the portable form of CANDIDATES_SQL's
    LATERAL join), counted per claim: a subquery of the one candidate query.
    """
    keys = sorted(set(keys))
    table = ClaimBand._meta.db_table
    probe = f"SELECT * FROM (SELECT claim_id FROM {table} WHERE key = %s ORDER BY claim_id DESC LIMIT %s) AS probe"
    probes = " UNION ALL ".join([probe] * len(keys))
    sql = f"SELECT claim_id FROM ({probes}) AS newest GROUP BY claim_id ORDER BY count(*) DESC, claim_id DESC LIMIT %s"
    return RawSQL(sql, [v for key in keys for v in (key, KEY_CAP)] + [RANK_LIMIT])


def _postgres_candidates(
    queries: list[tuple[int, str]], *, limit: int, using: str
) -> dict[int, list[tuple[Candidate, float]]]:
    out: dict[int, list[tuple[Candidate, float]]] = {pk: [] for pk, _ in queries}
    key_rows = [(pk, key) for pk, text in queries for key in sorted(set(claim_keys(text)))]
    if not key_rows:
        return out
    params = [
        [pk for pk, _ in key_rows],
        [key for _, key in key_rows],
        [pk for pk, _ in queries],
        [text for _, text in queries],
        KEY_CAP,
        RANK_LIMIT,
        limit,
    ]
    with connections[using].cursor() as cursor:
        cursor.execute(CANDIDATES_SQL, params)
        rows = cursor.fetchall()
    for query_id, claim_id, similarity, text, speaker, article_id, fp, record in rows:
        # Django reads jsonb as text (JSONField decodes it): a raw cursor gets the text too.
        record = json.loads(record) if isinstance(record, str) else record
        out[query_id].append((Candidate(claim_id, text, speaker, article_id, fp, record), round(similarity, 3)))
    return out


def _as_candidate(claim: Claim) -> Candidate:
    return Candidate(claim.pk, claim.text, claim.speaker, claim.article_id, claim.fingerprint, claim.match_facts)


def claim_candidates(
    *,
    text: str,
    keys: list[int] | None = None,
    exclude: list[int] | tuple = (),
    limit: int = CANDIDATE_LIMIT,
    using: str = "default",
) -> list[tuple[Claim, float]]:
    """Return stored claims that may state the same fact as `text`, most similar first.

    Candidates share a MinHash band key (ClaimBand B-tree; the newest KEY_CAP claims of each
    key), the RANK_LIMIT sharing the most keys ranked by pg_trgm similarity() on PostgreSQL,
    by the same similarity computed in Python on SQLite.
    """
    keys = claim_keys(text) if keys is None else keys
    if not keys:
        return []
    exclude = set(exclude)
    if is_postgres(using) and keys == claim_keys(text):
        # Query id 0 is no claim's id; excluded claims are dropped after ranking.
        found = _postgres_candidates([(0, text)], limit=limit + len(exclude), using=using)[0]
        return _as_models([(c, s) for c, s in found if c.pk not in exclude][:limit], using=using)
    sharing = _sharing_newest(keys)
    claims = Claim.objects.using(using).filter(pk__in=sharing, merged_into__isnull=True).exclude(pk__in=exclude)
    if is_postgres(using):
        from django.contrib.postgres.search import TrigramSimilarity

        rows = claims.annotate(similarity=TrigramSimilarity("text", text)).order_by("-similarity", "id")[:limit]
        return [(c, round(c.similarity, 3)) for c in rows]
    found = [(c, round(trigram_similarity(text, c.text), 3)) for c in claims]
    found.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return found[:limit]


def claims_candidates(
    *, queries: list[tuple[int, str]], limit: int = CANDIDATE_LIMIT, using: str = "default"
) -> dict[int, list[tuple[Claim, float]]]:
    """Return, for each (claim id, wording), the stored claims that may state the same fact, most similar first.

    The same retrieval as claim_candidates() (each claim itself excluded), for all of an
    article's new claims in two queries on PostgreSQL instead of one ranking query per claim:
    per claim, of the newest KEY_CAP claims of each of its band keys the RANK_LIMIT sharing the
    most keys, ranked by similarity().
    """
    if not is_postgres(using):
        return {pk: claim_candidates(text=text, exclude=[pk], limit=limit, using=using) for pk, text in queries}
    found = _postgres_candidates(queries, limit=limit, using=using)
    claims = Claim.objects.using(using).in_bulk({c.pk for rows in found.values() for c, _ in rows})
    return {pk: [(claims[c.pk], s) for c, s in rows] for pk, rows in found.items()}


def claims_candidate_rows(
    *, queries: list[tuple[int, str]], limit: int = CANDIDATE_LIMIT, using: str = "default"
) -> dict[int, list[tuple[Candidate, float]]]:
    """Return claims_candidates()'s candidates as Candidate rows: what judging a pair reads, in one query.

    An article's ~280 candidates as full models (every column, a model instance each) were a
    sixth of the suggestion step's CPU; the candidate statement returns these columns itself.
    """
    if not is_postgres(using):
        return {
            pk: [(_as_candidate(c), s) for c, s in rows]
            for pk, rows in claims_candidates(queries=queries, limit=limit, using=using).items()
        }
    return _postgres_candidates(queries, limit=limit, using=using)


def _as_models(found: list[tuple[Candidate, float]], *, using: str) -> list[tuple[Claim, float]]:
    claims = Claim.objects.using(using).in_bulk({c.pk for c, _ in found})
    return [(claims[c.pk], s) for c, s in found]


def facts_to_store(text: str) -> dict:
    """Return the facts record a new claim of this wording stores (Claim.match_facts)."""
    return facts_record(facts_of(text))


def claim_facts(claim: Claim | Candidate) -> Facts:
    """Return a stored claim's facts: its stored record, parsed again only when missing or stale."""
    return stored_facts(claim.match_facts, claim.text)


def claims_refresh_facts(*, batch: int = 1_000) -> int:
    """Store the facts of every claim whose record is missing or was parsed by other code; return how many.

    After a change to the facts parser every record is stale: matching stays right (a stale
    record is parsed again when read) but costs what it did before records were stored.
    Overwrites only, so running it twice, or beside a worker, is harmless.
    """
    stale = Claim.objects.filter(Q(match_facts__isnull=True) | ~Q(match_facts__v=PARSER_VERSION))
    done, last = 0, 0
    while True:
        rows = list(stale.filter(pk__gt=last).order_by("pk").only("pk", "text")[:batch])
        if not rows:
            return done
        for claim in rows:
            claim.match_facts = facts_to_store(claim.text)
        Claim.objects.bulk_update(rows, ["match_facts"])
        done, last = done + len(rows), rows[-1].pk


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


def lock_wordings(fingerprints) -> None:
    """Take the wording locks of a whole article at once, in one global order (PostgreSQL).

    Two workers extracting articles that share sentences in a different order would
    otherwise each hold one lock and wait for the other's (a deadlock). Advisory
    transaction locks are re-entrant, so the per-claim lock taken later is free.
    """
    if not is_postgres():
        return
    keys = sorted({_lock_key(fp) for fp in fingerprints})
    if not keys:
        return
    # One statement: unnest() yields the array in order and each row's lock is taken before the
    # next row is read, so the locks are still taken one at a time in ascending order.
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(pg_advisory_xact_lock(key)) FROM unnest(%s::bigint[]) AS key", [keys])


def claim_survivor_of(claim: Claim) -> Claim:
    """Follow merges to the claim that now carries the statement."""
    seen = set()
    while claim.merged_into_id and claim.pk not in seen:
        seen.add(claim.pk)
        claim = Claim.objects.get(pk=claim.merged_into_id)
    return claim


def claims_for_wordings(*, fingerprints) -> dict[str, list[Claim]]:
    """Return the stored claims of each normalised wording, oldest first, following merges to the survivors.

    A wording has several claims when the same sentence was told in different stories (see
    wording_context_agrees). A survivor reached through a merge carries the merged claims of that
    wording in `merged_wordings`: a reviewer confirmed that this exact wording, where it was
    first told, states the survivor's claim. One query for an article's wordings; the caller
    holds their locks (lock_wordings).
    """
    found: dict[str, list[Claim]] = {}
    for claim in (
        Claim.objects.filter(fingerprint__in=set(fingerprints))
        .select_related("article")
        .order_by("merged_into_id", "created_at", "id")
    ):
        listed = found.setdefault(claim.fingerprint, [])
        survivor = claim_survivor_of(claim)
        known = next((c for c in listed if c.pk == survivor.pk), None)
        if known is None:
            known = survivor
            known.merged_wordings = []
            listed.append(known)
        if claim.pk != survivor.pk:
            known.merged_wordings.append(claim)
    return found


def same_story(a: Article, b: Article) -> bool:
    """Tell whether two articles tell one story: the same article, or one a near-duplicate of the other."""
    if a.pk == b.pk:
        return True
    roots_a = {a.pk, a.duplicate_of_id} - {None}
    roots_b = {b.pk, b.duplicate_of_id} - {None}
    return bool(roots_a & roots_b)


def article_places(article: Article) -> frozenset[str]:
    """Return the names the article's title and opening mention (its places, people and bodies)."""
    cached = getattr(article, "_places", None)
    if cached is None:
        cached = facts_of(f"{article.title or ''}. {(article.text or '')[:PLACES_FROM_CHARS]}").entities
        article._places = cached
    return cached


def wording_context_agrees(*, claim: Claim, article: Article, speaker: str) -> bool:
    """Tell whether a stored claim's context agrees with a new appearance of the same wording.

    The same story (near-duplicate articles), or the same speaker in a story naming the same
    place, person or body. "Fines for a first offence
    are 100 pounds." in one city's story and in another's is two claims, however alike the words.
    A survivor agrees too where a claim merged into it with this wording agrees (its own article
    and speaker): that wording in that context is the survivor's claim, a reviewer said so, even
    when the survivor's own article or speaker is another one.
    """
    return any(
        _context_agrees(claim=told, article=article, speaker=speaker)
        for told in (claim, *getattr(claim, "merged_wordings", ()))
    )


def _context_agrees(*, claim: Claim, article: Article, speaker: str) -> bool:
    origin = claim.article
    if origin is None or same_story(article, origin):
        return True
    if not same_speaker(claim.speaker, speaker):
        return False
    # A capitalised word opening the sentence ("Fines for a first offence ...") is in both stories
    # because the sentence is: it says nothing about the place or body they are about.
    words = claim.text.split()
    opening = words[0].strip("\"'“‘(").lower() if words else ""
    return bool((article_places(article) & article_places(origin)) - {opening})


def published_verdict(claim: Claim) -> Verdict | None:
    """Return the claim's current published verdict, if any."""
    return (
        claim.verdicts.filter(status=Verdict.Status.PUBLISHED)
        .select_related("rating")
        .order_by("-published_at", "-id")
        .first()
    )
