"""The pipeline: what the worker runs on an article — fetch, extract, and bring its claims in line with the text.

Also the excerpt checks (`excerpts`, `excerpt_checks`): a citation's excerpt searched in its
source's text, run when evidence is cited and again by the worker after each fetch of the source.

It never imports `claims.tasks`: tasks call the pipeline, not the other way round.
"""
