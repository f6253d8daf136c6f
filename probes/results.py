"""What a probe found: one Attempt per request or scenario, and the table that sums them up."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

CATEGORIES = ("SSRF", "XSS", "Access control", "Authentication", "Bad input", "Faults")


@dataclass
class Attempt:
    category: str
    request: str  # what was sent: "POST /articles/new/ url=http://10.0.0.1/"
    held: bool
    detail: str = ""  # what came back, for a failure


def table(attempts: list[Attempt]) -> str:
    """Return the category → attempts / held table, then every attempt that did not hold."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for attempt in attempts:
        counts[attempt.category][0] += 1
        counts[attempt.category][1] += attempt.held
    order = [c for c in CATEGORIES if c in counts] + sorted(set(counts) - set(CATEGORIES))
    width = max([len("category"), *map(len, order)])
    lines = [f"{'category':<{width}}  attempts  held", f"{'-' * width}  --------  ----"]
    for name in order:
        total, held = counts[name]
        lines.append(f"{name:<{width}}  {total:>8}  {held:>4}")
    total = sum(c[0] for c in counts.values())
    held = sum(c[1] for c in counts.values())
    lines.append(f"{'all':<{width}}  {total:>8}  {held:>4}")
    scenarios = [a for a in attempts if a.category == "Faults"]
    if scenarios:  # few, and each measured: always shown
        lines.append("")
        lines.append("Fault scenarios:")
        lines.extend(f"- {'held' if a.held else 'NOT HELD'}: {a.request}: {a.detail}" for a in scenarios)
    failed = [a for a in attempts if not a.held]
    if failed:
        lines.append("")
        lines.append("Not held:")
        lines.extend(f"- [{a.category}] {a.request}: {a.detail}" for a in failed)
    return "\n".join(lines)
