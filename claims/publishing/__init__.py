"""Everything that leaves Claimdesk: ClaimReview JSON-LD, the claim ledger, CSV.

Only published data may leave through the public formats: a verdict is public
when its status is PUBLISHED, and a SUPERSEDED verdict is public only as the
"before" of a published correction.
"""
