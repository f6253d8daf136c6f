"""Evidence: the source library, citations, source fetching and snapshots, file downloads, and their forms."""
