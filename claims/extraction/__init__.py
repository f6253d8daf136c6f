"""Claim extraction: a pure-Python library (no Django).

from claims.extraction import extract
doc = extract(text_or_html)
for claim in doc.claims:
    assert doc.text[claim.start:claim.end] == claim.text
"""

from .pipeline import Document, ExtractedClaim, extract

__all__ = ["Document", "ExtractedClaim", "extract"]
