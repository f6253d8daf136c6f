"""Review: claim status, assignment and wording, the verdict life cycle, and their forms."""
