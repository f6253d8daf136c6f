"""Recall-first candidate retrieval: BM25 (bm25s) over stems and numbers. No Django import.

A published fact-check, or a stored claim, is indexed by the terms `terms(text)` gives: the
Snowball stems of its content words and its figures as written ("4120", "3p2"), so
inflections ("raising"/"raised") and figures retrieve what exact words miss.
`Index(texts).search(query, k)` returns the k best documents; the pair scorer judges them.
"""

from __future__ import annotations

import logging

import bm25s
import numpy as np

from .wording import LINK, stems

# bm25s logs its progress bars and index building at INFO.
logging.getLogger("bm25s").setLevel(logging.WARNING)


def terms(text: str) -> list[str]:
    """Return the index terms of a wording: its stems and figures (a post's trailer names its author: kept)."""
    return list(stems(LINK.sub(" ", text or "")))


class Index:
    """A BM25 index over a fixed list of texts (rebuilt when the texts change)."""

    def __init__(self, texts: list[str]):
        self.size = len(texts)
        self.bm25 = bm25s.BM25()
        corpus = [terms(t) or [""] for t in texts]
        if corpus:
            self.bm25.index(corpus, show_progress=False)
        self.vocabulary = self.bm25.vocab_dict if corpus else {}

    def scores(self, query: str) -> np.ndarray:
        """Return every document's BM25 score for the query."""
        wanted = [t for t in terms(query) if t in self.vocabulary]
        if not wanted or not self.size:
            return np.zeros(self.size)
        return self.bm25.get_scores(wanted)

    def search(self, query: str, k: int = 50) -> list[tuple[int, float]]:
        """Return the (document position, score) of the k best-scoring documents with any shared term."""
        scores = self.scores(query)
        if not len(scores):
            return []
        k = min(k, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        ranked = sorted(best, key=lambda i: (-scores[i], i))
        return [(int(i), float(scores[i])) for i in ranked if scores[i] > 0]
