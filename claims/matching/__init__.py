"""Same-claim and near-duplicate matching: which claims state the same fact, which articles copy each other.

What each module owns (they import one way, top to bottom; `similarity` and `minhash`
import no Django and are tested without a database):

    wording        the wording after normalisation, Snowball stems, trigram similarity
    facts          the facts a claim states and when two claims' facts CONFLICT (the gate)
    retrieval      BM25 (bm25s) over stems and figures: recall-first candidates
    scorer         the learned pair scorer (scorer.json; see MODEL.md)
    rerank         published fact-checks for a claim or post: BM25 candidates reordered by a
                   learned reranker (rerank.json; see MODEL.md)
    similarity     `compare(a, b)` -> Match ("same", "similar", "different") and
                   `compare_review`; `document_matches(docs)`, the pairs `extract_claims --json` reports
    minhash        MinHash band keys of a claim's content words and an article's shingles
    candidates     database reads: stored claims sharing band keys ranked by similarity,
                   the band rows, the wording locks and look-ups by wording
    suggestions    suggestions stored for a reviewer, and the links a claim page shows
    decisions      what a reviewer decides: confirm or reject a suggestion, merge, split
    duplicates     near-duplicate articles (a syndicated copy of an earlier article)
    known_reviews  published fact-checks from elsewhere (ClaimReview import and look-up)

Retrieval at scale does not compare a new claim with every stored claim: each
claim stores 24 MinHash band keys (`ClaimBand`, one B-tree-indexed integer per
row), so the candidates are the claims sharing at least one band key with the new
one -- 24 index probes -- which are then ranked by pg_trgm `similarity()` (in
Python on SQLite) and judged by `compare()`: the fact gate, then the pair scorer.
Published fact-checks are ranked by `rerank.ReviewRanker` (an in-memory index of all known
reviews, rebuilt after an import): BM25 candidates reordered by the reranker, a review whose
facts conflict ranked last and never suggested. `match_known` prints that same ranking.
"""
