"""The pipeline: what the worker runs on an article — fetch, extract, and bring its claims in line with the text.

It never imports `claims.tasks`: tasks call the pipeline, not the other way round.
"""
