"""How a desk works together (issue 15): comments and @mentions, follows, notifications, My work,
tags, saved searches, due dates and priority, and the per-claim checklist.

Writes go through the service functions here; every change a person makes to a claim is
recorded with `claims.events.event_record`, and notifications fan out from those events.
"""
