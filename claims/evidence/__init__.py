"""Evidence: the source library, uploads and citations, queuing a URL source's fetch, file downloads, and their forms.

The fetch itself runs in the worker (claims/pipeline/sources.py).
"""
