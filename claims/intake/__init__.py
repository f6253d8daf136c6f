"""Intake: how articles arrive.

Submit and retry (stored, then enqueued after commit), their forms, and the capped upload handler.
"""
