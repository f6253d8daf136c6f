"""Intake: what arrives from outside.

Articles — submit and retry (stored, then enqueued after commit), the submission form and the
capped upload handler — and the form for importing published fact-checks (ClaimReview), whose
matching lives in claims/matching/known_reviews.py.
"""
