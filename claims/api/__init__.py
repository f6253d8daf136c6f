"""The read-only JSON API's own parts: per-user tokens, their form, and the serialisers."""
