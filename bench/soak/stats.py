"""Counting a soak: latency histograms, and the ledger of messages sent and delivered.

Latencies go into histograms of 0.1 ms bins (a dict of bin to count), so ten minutes of
deliveries take a few thousand entries whatever their number, and histograms from several
load generators add up. Imports the standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

BIN_NS = 100_000
"""Latency bin width: 0.1 ms, well under the 100 ms target and the loop's own jitter."""

Histogram = dict[int, int]


def add_into(total: Histogram, more: Mapping[int, int]) -> None:
    for bin_, count in more.items():
        total[bin_] = total.get(bin_, 0) + count


def merged(histograms: Iterable[Mapping[int, int]]) -> Histogram:
    total: Histogram = {}
    for histogram in histograms:
        add_into(total, histogram)
    return total


def quantiles(histogram: Mapping[int, int]) -> dict[str, float | int]:
    """Sample count, p50, p99 and max in milliseconds (each the upper edge of its bin)."""
    samples = sum(histogram.values())
    if not samples:
        return {"samples": 0}
    ordered = sorted(histogram.items())
    figures: dict[str, float | int] = {"samples": samples}
    for label, fraction in (("p50_ms", 0.50), ("p99_ms", 0.99)):
        # The rank of the quantile, 1-based: the smallest bin whose running count reaches it.
        rank = max(1, round(fraction * samples))
        running = 0
        for bin_, count in ordered:
            running += count
            if running >= rank:
                figures[label] = (bin_ + 1) * BIN_NS / 1e6
                break
    figures["max_ms"] = (ordered[-1][0] + 1) * BIN_NS / 1e6
    return figures


class Ledger:
    """Every message sent (key, send stamp, room) and how many members received it.

    A message is expected at every other member of its room as the soak began; a member whose
    connection was cut shows up both as missing deliveries and as a cut connection."""

    def __init__(self, room_sizes: list[int]) -> None:
        self.room_sizes = room_sizes
        self.sent: dict[int, tuple[int, int]] = {}
        self.received: dict[int, int] = {}

    def record_sent(self, messages: Iterable[tuple[int, int, int]]) -> None:
        for key, stamp, room in messages:
            self.sent[key] = (stamp, room)

    def record_received(self, deliveries: Mapping[int, int]) -> None:
        received = self.received
        for key, count in deliveries.items():
            received[key] = received.get(key, 0) + count

    def expected(self, room: int) -> int:
        return self.room_sizes[room] - 1

    def missing(self, sent_before_ns: int | None = None) -> int:
        """Deliveries still missing of the messages sent before ``sent_before_ns`` (all if
        None): later ones may still be on their way."""
        received = self.received
        total = 0
        for key, (stamp, room) in self.sent.items():
            if sent_before_ns is None or stamp < sent_before_ns:
                total += max(0, self.room_sizes[room] - 1 - received.get(key, 0))
        return total

    def extra(self) -> int:
        """Deliveries beyond a message's members, and of messages nobody sent."""
        total = 0
        for key, count in self.received.items():
            sent = self.sent.get(key)
            total += count if sent is None else max(0, count - self.expected(sent[1]))
        return total

    def expected_total(self) -> int:
        return sum(self.expected(room) for _, room in self.sent.values())
