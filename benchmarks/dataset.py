"""Generate a newsroom-sized data set (articles, claims, evidence, verdicts, timeline) with COPY.

Text is generated from the vocabulary and templates below, never copied from real articles.
Every appearance's span points at its sentence in the article text, like extracted ones do.

    from benchmarks.dataset import Size, generate
    showcase = generate(size=Size())          # 10k articles, 100k claims (a few minutes at most)
    showcase = generate(size=Size.for_claims(1_000_000))  # 100k articles, 1M claims (`make bench SCALE=1000000`)
    showcase = generate(size=Size.tiny())     # 50 claims, for the smoke test

Rows are written through Django's own database connection (psycopg 3 `cursor.copy`), so the
caller's transaction (a test's, or `transaction.atomic()`) covers them. Columns come from the
models' metadata: a field added later by another migration gets its model default.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import queue
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

GENERATOR_VERSION = "8"
# The queue's full-text benchmark searches this word; templates put it in about a third of claims.
SEARCH_TERM = "budget"
PASSWORD = "bench-passphrase-not-secret"  # users of the throwaway benchmark database only

FIRST = (
    "Amara Bruno Celine Dario Elena Farid Greta Hugo Ines Jonas Kofi Lena Mateo Nadia Oskar Priya "
    "Quentin Rosa Samir Tessa Umar Vera Wim Ximena Yusuf Zofia"
).split()
LAST = (
    "Abara Bellini Castell Dimitrov Eklund Ferreira Gallagher Haddad Ivanova Jansen Kowalski Lindqvist "
    "Moreau Nakamura Okafor Petrov Quiroga Rahman Silva Tanaka Urquhart Varga Whitfield Yilmaz Zeller"
).split()
REGIONS = (
    "the northern province",
    "the capital",
    "Port Meridian",
    "Valdoria",
    "the coastal districts",
    "Eastbrook",
    "the river valley",
    "Lowmarsh",
    "the western region",
    "Caldera City",
    "Brightwater",
    "the mountain districts",
)
TOPICS = (
    "unemployment",
    "inflation",
    "hospital waiting times",
    "school funding",
    "housing starts",
    "violent crime",
    "carbon emissions",
    "electricity prices",
    "public debt",
    "road deaths",
    "vaccination rates",
    "rail ridership",
    "water shortages",
    "tax revenue",
    "average wages",
    "net migration",
    "child poverty",
    "pension spending",
    "broadband coverage",
    "farm subsidies",
)
BODIES = (
    "the government",
    "the city council",
    "the ministry",
    "parliament",
    "the regional assembly",
    "the statistics office",
    "the health authority",
    "the treasury",
)
UP = ("rose", "climbed", "jumped", "increased")
DOWN = ("fell", "dropped", "declined", "shrank")
PERIODS = (
    "last year",
    "since 2019",
    "in the first quarter",
    "over the past decade",
    "since the election",
    "in the last six months",
    "between 2020 and 2024",
)
MONTHS = ("January February March April May June July August September October November December").split()
OUTLETS = (
    "The Daily Lantern",
    "Meridian Post",
    "Northern Courier",
    "Harbour Times",
    "Valdoria Herald",
    "The Civic Ledger",
    "Eastbrook Observer",
    "Riverside Chronicle",
)
PUBLISHERS = (
    "National Statistics Office",
    "Ministry of Finance",
    "Regional Health Authority",
    "Parliamentary Budget Office",
    "Central Bank",
    "Audit Court",
    "Open Data Portal",
)

# (template, kind). Placeholders are filled by _fill(); about a third mention SEARCH_TERM.
CLAIM_TEMPLATES = (
    ("{name} said {topic} in {region} {verb} by {pct} percent {period}.", "quantity"),
    ("According to {Body}, {topic} {verb} to {count} {period}.", "quantity"),
    ("{Body} approved a budget of {money} million for {topic} on {month} {day}, {year}.", "quantity"),
    ("{name} claimed that {count} people were affected by {topic} in {region} {period}.", "quantity"),
    ("The budget for {topic} was cut by {pct} percent, {name} told reporters on {month} {day}.", "quantity"),
    ("{name} announced that {region} has the highest {topic} in the country, at {pct} percent.", "quantity"),
    ("Parliament passed a budget law in {year} that limits {topic} spending to {money} million.", "official"),
    ("Official figures show {topic} in {region} {verb} {pct} percent {period}, the ministry reported.", "quantity"),
    ("{name} stated that the government spent {money} million on {topic} in {year}.", "quantity"),
    ("{name} denied that the court ruled the {topic} programme unconstitutional in {year}.", "legal"),
    ("The ministry signed a decree ordering an audit of {topic} after {name} raised the budget gap.", "official"),
    ("Since {year}, {topic} in {region} {verb} from {count} to {count2} cases a year, {name} said.", "quantity"),
)
FILLER = (
    "Residents of {region} have mixed feelings about the plans.",
    "Critics wonder whether the approach will last?",
    "The debate is expected to continue in the coming weeks.",
    "Many people we spoke to hope for a calmer season.",
    "Local traders described the mood as cautious but steady.",
    "It is a story that has divided neighbours and families alike.",
    "Some observers think the figures should be read with care.",
    "Reporters visited markets, schools and clinics to hear from residents.",
    "The mood at the town hall meeting was tense but polite.",
    "Questions about {topic} came up again and again during the evening.",
    "Several families said they would wait and see what happens next.",
    "The discussion moved on to other matters after a short break.",
)
CLAIM_STATUS_WEIGHTS = (
    ("new", 60),
    ("in_review", 15),
    ("verdict_proposed", 7),
    ("approved", 5),
    ("published", 8),
    ("dismissed", 5),
)


@dataclass(frozen=True)
class Size:
    articles: int = 10_000
    claims: int = 100_000
    sources: int = 2_000
    reviewers: int = 24
    editors: int = 4
    big_article_words: int = 3_000
    big_article_claims: int = 40
    showcase_citations: int = 20
    showcase_events: int = 50
    reuse_share: float = 0.15  # articles that repeat a claim first seen in an earlier article
    seed: int = 8

    @classmethod
    def for_claims(cls, claims: int) -> Size:
        """Return the default mix scaled to this many claims: 10 per article, a source per 50 claims."""
        if claims == cls.claims:
            return cls()
        if claims < 1_000:
            raise ValueError("a benchmark data set needs at least 1,000 claims")
        return cls(articles=claims // 10, claims=claims, sources=max(cls.sources, claims // 50))

    @classmethod
    def tiny(cls) -> Size:
        """Return a size small enough for the test suite (50 claims) that keeps every feature."""
        return cls(
            articles=5, claims=50, sources=25, reviewers=2, editors=1, big_article_words=400, big_article_claims=10
        )

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Showcase:
    """Ids of the rows the benchmark measures pages for."""

    big_article_id: int
    claim_id: int  # 20 citations, a 50-entry timeline
    editor_username: str
    reviewer_usernames: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


class _Text:
    """Sentence factory over the vocabulary above (deterministic for one seed)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names = [f"{f} {surname}" for f in FIRST for surname in LAST]

    def name(self) -> str:
        return self.rng.choice(self.names)

    def claim(self) -> tuple[str, str, str, list[float], list[str]]:
        """Return (sentence, speaker, kind, numbers, dates)."""
        r = self.rng
        template, kind = r.choice(CLAIM_TEMPLATES)
        pct = round(r.uniform(0.5, 60), 1)
        count, count2 = r.randrange(200, 90_000), r.randrange(200, 90_000)
        money, year = r.randrange(5, 900), r.randrange(2012, 2026)
        month, day = r.randrange(12), r.randrange(1, 29)
        speaker = self.name() if "{name}" in template else ""
        body = r.choice(BODIES)
        values = {
            "name": speaker,
            "topic": r.choice(TOPICS),
            "region": r.choice(REGIONS),
            "verb": r.choice(UP + DOWN),
            "pct": pct,
            "count": f"{count:,}",
            "count2": f"{count2:,}",
            "money": money,
            "year": year,
            "month": MONTHS[month],
            "day": day,
            "period": r.choice(PERIODS),
            "Body": body[0].upper() + body[1:] if template.startswith("{Body}") else body,
        }
        text = template.format(**values)
        numbers = [
            float(v)
            for k, v in (
                ("pct", pct),
                ("count", count),
                ("count2", count2),
                ("money", money),
                ("year", year),
                ("day", day),
            )
            if "{" + k + "}" in template
        ]
        dates = [f"{year}-{month + 1:02d}-{day:02d}"] if "{month}" in template else []
        return text, speaker, kind, numbers, dates

    def filler(self) -> str:
        return self.rng.choice(FILLER).format(region=self.rng.choice(REGIONS), topic=self.rng.choice(TOPICS))


@dataclass
class _Article:
    text: str
    spans: list[tuple[int, int]]  # claim spans, in order


def _compose(text: _Text, claim_sentences: list[str], min_words: int) -> _Article:
    """Lay claim sentences out in paragraphs with filler until the article has min_words words."""
    rng = text.rng
    words = sum(len(s.split()) for s in claim_sentences)
    items = [(True, s) for s in claim_sentences]
    while words < min_words or len(items) < len(claim_sentences) * 3 // 2 + 2:
        sentence = text.filler()
        items.append((False, sentence))
        words += len(sentence.split())
    rng.shuffle(items)
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos, in_paragraph, paragraph_len = 0, 0, rng.randrange(2, 5)
    for is_claim, sentence in items:
        if in_paragraph == paragraph_len:
            out.append("\n\n")
            pos += 2
            in_paragraph, paragraph_len = 0, rng.randrange(2, 5)
        elif in_paragraph:
            out.append(" ")
            pos += 1
        if is_claim:
            spans.append((pos, pos + len(sentence)))
        out.append(sentence)
        pos += len(sentence)
        in_paragraph += 1
    return _Article(text="".join(out), spans=spans)


def _json(value):
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def _default(f, now: datetime):
    from django.db import models

    if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
        return now
    value = f.get_default()
    if isinstance(value, enum.Enum):
        value = value.value
    return _json(value)


def copy_rows(cursor, model, rows) -> int:
    """COPY row dicts (keyed by attname) into the model's table; missing fields get their defaults.

    Per row: one dict merge and one itemgetter (both C), JSON encoding only for JSON fields;
    at 1M claims a Python expression per field was a fifth of the generator's CPU.
    """
    from operator import itemgetter

    from django.utils import timezone

    now = timezone.now()
    fields = list(model._meta.concrete_fields)
    defaults = {f.attname: _default(f, now) for f in fields}
    columns = ", ".join(f'"{f.column}"' for f in fields)
    values = itemgetter(*[f.attname for f in fields])
    json_names = [f.attname for f in fields if f.get_internal_type() == "JSONField"]
    n = 0
    with cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            full = {**defaults, **row}
            for name in json_names:
                if name in row:
                    full[name] = _json(row[name])
            copy.write_row(values(full))
            n += 1
    return n


def _next_id(cursor, model) -> int:
    cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
    return cursor.fetchone()[0]


def _sync_sequence(cursor, model) -> None:
    table = model._meta.db_table
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"
    )


def _users(size: Size, rng: random.Random):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User

    from claims.reference import reference_changed
    from claims.roles import EDITOR, REVIEWER

    password = make_password(PASSWORD)  # hashed once, shared: hashing 30 times would cost seconds
    wanted = [("bench-editor", EDITOR)] + [(f"editor{i:02d}", EDITOR) for i in range(1, size.editors + 1)]
    wanted += [(f"reviewer{i:02d}", REVIEWER) for i in range(1, size.reviewers + 1)]
    wanted += [("bench-pipeline", REVIEWER)]
    existing = set(User.objects.filter(username__in=[u for u, _ in wanted]).values_list("username", flat=True))
    new = [
        User(username=u, password=password, first_name=u.split("-")[0].title(), email=f"{u}@example.org")
        for u, _ in wanted
        if u not in existing
    ]
    User.objects.bulk_create(new)
    users = {u.username: u for u in User.objects.filter(username__in=[u for u, _ in wanted])}
    groups = {g.name: g for g in Group.objects.filter(name__in=[EDITOR, REVIEWER])}
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=users[u].pk, group_id=groups[g].pk) for u, g in wanted], ignore_conflicts=True
    )
    reference_changed()  # bulk_create sends no signal: the cached people and groups are out of date
    reviewers = [users[f"reviewer{i:02d}"].pk for i in range(1, size.reviewers + 1)]
    editors = [users["bench-editor"].pk] + [users[f"editor{i:02d}"].pk for i in range(1, size.editors + 1)]
    return users, reviewers, editors


BAND_CHUNK = 50_000  # claims whose band keys are computed and written at a time
# One binary COPY row of claims_claimband: field count, then (length, big-endian value) for id, claim_id and key.
BAND_ROW = [("n", ">i2"), ("l0", ">i4"), ("id", ">i8"), ("l1", ">i4"), ("claim", ">i8"), ("l2", ">i4"), ("key", ">i8")]


def _band_rows(texts: list[str], claim_ids: list[int], band_id: int):
    """Yield the ClaimBand rows (claims.matching.minhash.claim_keys) of the claims as binary COPY bytes.

    The keys are computed with numpy (benchmarks/matching.py's keys_numpy, checked there against
    claim_keys) and laid out in a numpy record array, BAND_CHUNK claims at a time: 24 rows per
    claim, 24M at 1M claims, is too many for a Python call per key. A claim's keys are distinct
    by construction (each band's number is in its key's high bits), which is what claim_keys()
    stores.
    """
    import numpy as np

    from .matching import keys_numpy

    row = np.dtype(BAND_ROW)
    for start in range(0, len(texts), BAND_CHUNK):
        keys = keys_numpy(texts[start : start + BAND_CHUNK])
        per_claim = keys.shape[1]
        out = np.empty(keys.size, dtype=row)
        out["n"], out["l0"], out["l1"], out["l2"] = 3, 8, 8, 8
        out["id"] = np.arange(band_id, band_id + keys.size, dtype=np.int64)
        out["claim"] = np.repeat(np.asarray(claim_ids[start : start + BAND_CHUNK], dtype=np.int64), per_claim)
        out["key"] = keys.reshape(-1)
        yield out.tobytes()
        band_id += keys.size


def _wording_fields(texts: list[str]) -> list[tuple[str, str]]:
    """Return (fingerprint, match_facts as JSON) of each claim's wording."""
    from claims.matching.candidates import facts_to_store
    from claims.matching.similarity import fingerprint

    return [(fingerprint(t), json.dumps(facts_to_store(t), separators=(",", ":"))) for t in texts]


class _Helper:
    """Forked processes computing what depends only on the claims' wording while this one COPYs.

    Composing rows, COPY and index builds keep this process and its PostgreSQL backend busy; the
    fingerprints (regex normalisation + SHA-256), the stored match facts (~270 µs of parsing a
    claim: at 1M claims ~4.5 minutes of CPU, which the claims' COPY waits for) and the MinHash keys
    need nothing but the texts, so they run beside the COPY instead of before it: the facts split
    over one process per core, each sending its slice over a pipe, and the band-key rows from one
    more process, chunk by chunk, over a pipe that a thread here empties as they come, so that
    process never waits for the COPY. Without fork (or with numpy missing) the same functions run
    in this process.
    """

    def __init__(self, texts: list[str], claim_ids: list[int], band_id: int | None):
        import multiprocessing

        self.texts, self.claim_ids, self.band_id = texts, claim_ids, band_id
        self.processes: list = []
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        # The children touch no database connection: they only read texts and write to their pipe.
        workers = max(1, min(os.cpu_count() or 1, 4))
        step = -(-len(texts) // workers)
        self.fact_pipes = []
        for lo in range(0, max(len(texts), 1), step or 1):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=self._facts, args=(send, lo, lo + step), daemon=True)
            process.start()
            send.close()
            self.fact_pipes.append(receive)
            self.processes.append(process)
        self.receive, send = context.Pipe(duplex=False)
        self.band_process = context.Process(target=self._bands, args=(send,), daemon=True)
        self.band_process.start()
        send.close()
        self.processes.append(self.band_process)
        self.items: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        try:
            while chunk := self.receive.recv_bytes():
                self.items.put(chunk)
        except EOFError:  # the helper died: band_chunks() reports its exit status
            pass
        self.items.put(None)

    def _facts(self, send, lo: int, hi: int) -> None:
        send.send(_wording_fields(self.texts[lo:hi]))
        send.close()

    def _bands(self, send) -> None:
        if self.band_id is not None:
            for chunk in _band_rows(self.texts, self.claim_ids, self.band_id):
                send.send_bytes(chunk)
        send.send_bytes(b"")
        send.close()

    def fingerprints(self) -> list[tuple[str, str]]:
        """Return each claim's fingerprint and stored facts (JSON), as the pipeline stores them."""
        if not self.processes:
            return _wording_fields(self.texts)
        values: list[tuple[str, str]] = []
        for pipe in self.fact_pipes:
            try:
                values += pipe.recv()
            except EOFError:
                raise RuntimeError("a fingerprint process failed") from None
        return values

    def band_chunks(self):
        if not self.processes:
            yield from _band_rows(self.texts, self.claim_ids, self.band_id)
            return
        while chunk := self.items.get():
            yield chunk
        for process in self.processes:
            process.join()
        if self.band_process.exitcode:
            raise RuntimeError(f"the band-key process failed with status {self.band_process.exitcode}")


def _copy_bands(cursor, chunks) -> int:
    """COPY ClaimBand rows given as binary COPY chunks (from _band_rows); return how many."""
    from claims.models import ClaimBand

    n = 0
    with cursor.copy(f'COPY "{ClaimBand._meta.db_table}" (id, claim_id, key) FROM STDIN (FORMAT BINARY)') as copy:
        copy.write(b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big"))
        for chunk in chunks:
            copy.write(chunk)
            n += len(chunk) // 38  # bytes per row of BAND_ROW
        copy.write((-1).to_bytes(2, "big", signed=True))
    return n


def _secondary_indexes(cursor, tables: list[str]) -> list[tuple[str, str]]:
    """Return (name, CREATE statement) of the tables' indexes that back no constraint."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        [tables],
    )
    return cursor.fetchall()


def generate(*, size: Size = Size(), log=lambda msg: None) -> Showcase:  # noqa: B008 - frozen dataclass
    """Insert a generated data set of this size (in the caller's transaction) and return its showcase ids."""
    from django.db import DatabaseError, connection, transaction
    from django.utils.text import slugify

    from claims.models import Appearance, Article, Citation, Claim, Event, Rating, Source, Verdict

    rng = random.Random(size.seed)
    words = _Text(rng)
    users, reviewers, editors = _users(size, rng)
    rating_ids = list(Rating.objects.values_list("id", flat=True))
    if not rating_ids:
        raise RuntimeError("The rating scale is empty: run the migrations first")

    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor  # the psycopg 3 cursor underneath
        # Bulk-load like pg_restore: foreign-key triggers off for this transaction (the rows are
        # consistent by construction), secondary indexes dropped and rebuilt once after COPY.
        # Checks deferred by earlier writes of the caller's transaction run now: an index cannot be
        # dropped or built under pending trigger events.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
        # Article text is TOASTed: lz4 compresses it several times faster than the default pglz.
        try:
            with transaction.atomic():  # a savepoint: a server built without lz4 refuses the setting
                cur.execute("SET LOCAL default_toast_compression = 'lz4'")
        except DatabaseError:
            pass
        tables = [m._meta.db_table for m in (Article, Claim, Appearance, Source, Citation, Verdict, Event)]
        tables.append("claims_claimband")
        indexes = _secondary_indexes(cur, tables)
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        article_id0, claim_id0 = _next_id(cur, Article), _next_id(cur, Claim)
        appearance_id, source_id0 = _next_id(cur, Appearance), _next_id(cur, Source)
        citation_id, verdict_id, event_id = _next_id(cur, Citation), _next_id(cur, Verdict), _next_id(cur, Event)

        # How many claims each article gets: the big one first, the rest spread around the mean.
        rest_articles = size.articles - 1
        rest_claims = size.claims - size.big_article_claims
        per_article = [size.big_article_claims]
        base, extra = divmod(rest_claims, rest_articles)
        quotas = [base + (1 if i < extra else 0) for i in range(rest_articles)]
        for i in range(0, rest_articles - 1, 2):  # wobble pairs, keeping the total exact
            d = rng.randrange(0, max(1, base // 2))
            quotas[i] += d
            quotas[i + 1] -= d
        per_article += quotas

        start = datetime(2023, 1, 1, 6, 0, tzinfo=UTC)
        span = timedelta(days=3 * 365)
        articles: list[dict] = []
        claims: list[dict] = []
        appearances: list[dict] = []
        events: list[dict] = []
        claim_texts: list[str] = []
        claim_by_text: dict[str, int] = {}
        showcase_claim = claim_id0
        for a in range(size.articles):
            aid = article_id0 + a
            created = start + span * (a / max(1, size.articles))
            sentences = [words.claim() for _ in range(per_article[a])]
            # Some articles repeat a claim first seen in an earlier article (same wording).
            reused: list[int] = [0] if a in (1, 2) and claims else []  # the showcase claim is in 3 articles
            if claims and rng.random() < size.reuse_share:
                k = rng.randrange(len(claims))
                if k not in reused:
                    reused.append(k)
            texts = [s[0] for s in sentences] + [claim_texts[k] for k in reused]
            rng.shuffle(texts)
            min_words = size.big_article_words if a == 0 else rng.randrange(250, 600)
            composed = _compose(words, texts, min_words)
            by_text = {}
            for s in sentences:
                by_text.setdefault(s[0], []).append(s)
            submitter = rng.choice(reviewers + editors)
            articles.append(
                {
                    "id": aid,
                    "origin": "paste",
                    "raw": composed.text,
                    "raw_format": "text",
                    "text": composed.text,
                    "content_sha256": hashlib.sha256(composed.text.encode()).hexdigest(),
                    "title": f"{rng.choice(TOPICS).capitalize()} in {rng.choice(REGIONS)}: what the figures say",
                    "outlet": rng.choice(OUTLETS),
                    "author": words.name(),
                    "published": (created - timedelta(days=rng.randrange(0, 3))).date(),
                    "status": "ready",
                    "attempts": 1,
                    "enqueued_at": created,
                    "started_at": created,
                    "extracted_at": created + timedelta(seconds=1),
                    "submitted_by_id": submitter,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            events.append(
                {
                    "id": event_id,
                    "article_id": aid,
                    "actor_id": submitter,
                    "action": "article_submitted",
                    "summary": "Submitted (pasted text)",
                    "created_at": created,
                }
            )
            events.append(
                {
                    "id": event_id + 1,
                    "article_id": aid,
                    "action": "article_extracted",
                    "summary": f"{len(composed.spans)} claims extracted",
                    "created_at": created + timedelta(seconds=1),
                }
            )
            event_id += 2
            for position, (s_start, s_end) in enumerate(composed.spans):
                sentence = composed.text[s_start:s_end]
                if by_text.get(sentence):
                    text, speaker, kind, numbers, dates = by_text[sentence].pop()
                    cid = claim_id0 + len(claims)
                    status = rng.choices([s for s, _ in CLAIM_STATUS_WEIGHTS], [w for _, w in CLAIM_STATUS_WEIGHTS])[0]
                    if cid == showcase_claim:
                        status = "in_review"
                    claims.append(
                        {
                            "id": cid,
                            "text": text,
                            "speaker": speaker,
                            "kind": kind,
                            "score": round(rng.uniform(0.5, 1.0), 3),
                            "numbers": numbers,
                            "dates": dates,
                            "article_id": aid,
                            "article_created_at": created,
                            "appearance_count": 1,
                            "fingerprint": "",  # filled in by _Helper, beside the COPY
                            "status": status,
                            "dismiss_reason": "not_checkworthy" if status == "dismissed" else "",
                            "assignee_id": None if status == "new" else rng.choice(reviewers),
                            # A public address is set at first publication, unique (claim_unique_slug).
                            "slug": f"{slugify(text)[:60]}-{cid}" if status == "published" else "",
                            "created_at": created,
                            "updated_at": created,
                        }
                    )
                    claim_by_text.setdefault(text, len(claim_texts))
                    claim_texts.append(text)
                else:  # a reused claim
                    k = claim_by_text[sentence]
                    cid, speaker, kind = claims[k]["id"], claims[k]["speaker"], claims[k]["kind"]
                    claims[k]["appearance_count"] += 1
                appearances.append(
                    {
                        "id": appearance_id,
                        "claim_id": cid,
                        "article_id": aid,
                        "position": position,
                        "start": s_start,
                        "end": s_end,
                        "text": sentence,
                        "speaker": speaker,
                        "speaker_kind": "person" if speaker else "outlet",
                        "score": claims[cid - claim_id0]["score"],
                        "kind": kind,
                        "created_at": created,
                    }
                )
                appearance_id += 1
        log(f"composed {len(articles)} articles, {len(claims)} claims, {len(appearances)} appearances")
        try:
            from claims.models import ClaimBand

            band_id = _next_id(cur, ClaimBand)
        except ImportError:  # no matching index in this version of the models
            band_id = None
        helper = _Helper([c["text"] for c in claims], [c["id"] for c in claims], band_id)

        sources = []
        for s in range(size.sources):
            topic, publisher = rng.choice(TOPICS), rng.choice(PUBLISHERS)
            year = rng.randrange(2012, 2026)
            snapshot = " ".join(words.claim()[0] for _ in range(3))
            sources.append(
                {
                    "id": source_id0 + s,
                    # Unique, as the source library requires.
                    "url": f"https://data.example.org/{slugify(topic)}/{year}/{source_id0 + s}",
                    "title": f"{publisher}: {topic} report {year}",
                    "publisher": publisher,
                    "published": date(year, rng.randrange(1, 13), rng.randrange(1, 29)),
                    "source_type": rng.choice(["report", "dataset", "official", "law", "news"]),
                    "text_snapshot": snapshot,
                    "sha256": hashlib.sha256(snapshot.encode()).hexdigest(),
                    "fetch_status": "ready",
                    "fetched_at": start,
                    "attempts": 1,
                    "created_by_id": rng.choice(reviewers),
                    "created_at": start + span * (s / max(1, size.sources)),
                }
            )

        citations, verdicts = [], []
        for claim in claims:
            status, cid, when = claim["status"], claim["id"], claim["created_at"]
            actor = claim["assignee_id"]
            n_cit = (
                size.showcase_citations
                if cid == showcase_claim
                else (0 if status in ("new", "dismissed") else rng.randrange(1, 4))
            )
            n_events = size.showcase_events if cid == showcase_claim else 0
            for c in range(n_cit):
                citations.append(
                    {
                        "id": citation_id,
                        "claim_id": cid,
                        "source_id": source_id0 + rng.randrange(size.sources),
                        "excerpt": words.claim()[0],
                        "pinpoint": f"p. {rng.randrange(1, 200)}",
                        "stance": rng.choice(["supports", "refutes", "context"]),
                        "note": words.filler(),
                        "created_by_id": actor or rng.choice(reviewers),
                        "created_at": when + timedelta(hours=2, minutes=c),
                    }
                )
                citation_id += 1
            timeline = []
            if status != "new":
                timeline.append(("claim_assigned", f"Assigned to reviewer {actor}", rng.choice(editors)))
            if status == "dismissed":
                timeline.append(("claim_dismissed", "Dismissed: not check-worthy", actor))
            if status in ("verdict_proposed", "approved", "published"):
                rating = rng.choice(rating_ids)
                verdicts.append(
                    {
                        "id": verdict_id,
                        "claim_id": cid,
                        "rating_id": rating,
                        "rationale": " ".join(words.claim()[0] for _ in range(2)),
                        "status": {"verdict_proposed": "proposed"}.get(status, status),
                        "proposed_by_id": actor,
                        "proposed_at": when + timedelta(days=1),
                        "reviewed_by_id": None if status == "verdict_proposed" else rng.choice(editors),
                        "reviewed_at": None if status == "verdict_proposed" else when + timedelta(days=2),
                        "published_at": when + timedelta(days=3) if status == "published" else None,
                    }
                )
                verdict_id += 1
                timeline.append(("verdict_proposed", "Verdict proposed", actor))
                if status != "verdict_proposed":
                    timeline.append(("verdict_approved", "Verdict approved", rng.choice(editors)))
                if status == "published":
                    timeline.append(("verdict_published", "Fact-check published", rng.choice(editors)))
            while len(timeline) < n_events:
                timeline.append(
                    rng.choice(
                        [
                            ("citation_added", "Evidence added", actor),
                            ("claim_edited", "Wording clarified", actor),
                            ("note_added", "Note added for the desk", rng.choice(reviewers)),
                            ("claim_assigned", "Reassigned", rng.choice(editors)),
                        ]
                    )
                )
            for e, (action, summary, who) in enumerate(timeline):
                events.append(
                    {
                        "id": event_id,
                        "claim_id": cid,
                        "actor_id": who,
                        "action": action,
                        "summary": summary,
                        "before": {"status": "new"} if e == 0 else None,
                        "after": {"status": status} if e == 0 else None,
                        "created_at": when + timedelta(hours=1 + e),
                    }
                )
                event_id += 1

        counts = {}

        def claims_fingerprinted():
            for claim, (value, facts) in zip(claims, helper.fingerprints(), strict=True):
                claim["fingerprint"], claim["match_facts"] = value, facts
            return claims

        # Claims after articles, before the rows that point at them: foreign keys are only switched
        # off inside a transaction (SET LOCAL). Their fingerprints come from the helper, computed
        # while the articles were copied.
        for model, rows in (
            (Article, articles),
            (Claim, None),
            (Appearance, appearances),
            (Source, sources),
            (Citation, citations),
            (Verdict, verdicts),
            (Event, events),
        ):
            counts[model._meta.model_name] = copy_rows(cur, model, claims_fingerprinted() if rows is None else rows)
            _sync_sequence(cur, model)
            log(f"copied {counts[model._meta.model_name]:>7} {model._meta.verbose_name_plural}")
        if band_id is not None:  # the matching index: every claim findable by its MinHash band keys
            counts["claimband"] = _copy_bands(cur, helper.band_chunks())
            _sync_sequence(cur, ClaimBand)
            log(f"copied {counts['claimband']:>7} claim band keys")
        for _name, create in indexes:
            cur.execute(create)
        cur.execute("SET LOCAL session_replication_role = DEFAULT")
        cur.execute("SET CONSTRAINTS ALL DEFERRED")  # Django declares its foreign keys INITIALLY DEFERRED
        log(f"rebuilt {len(indexes)} indexes")

    return Showcase(
        big_article_id=article_id0,
        claim_id=showcase_claim,
        editor_username="bench-editor",
        reviewer_usernames=[f"reviewer{i:02d}" for i in range(1, size.reviewers + 1)],
        counts=counts,
    )
