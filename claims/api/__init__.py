"""The read-only JSON API's own parts: per-user tokens and their form."""
