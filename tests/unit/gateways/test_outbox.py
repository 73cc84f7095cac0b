"""The outbox and its send-queue limit: a reader keeps up while what waits unsent stays within
the limit, and is too slow past it. A fake transport stands for the socket."""

from __future__ import annotations

from boudoir.gateways.outbox import Outbox, SendQueue


class StuckTransport:
    """A transport whose peer has stopped reading: everything written stays buffered, until
    ``drain`` says the peer took some."""

    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.buffered = 0

    def write(self, data: bytes) -> None:
        self.written.append(data)
        self.buffered += len(data)

    def get_write_buffer_size(self) -> int:
        return self.buffered

    def drain(self, size: int) -> None:
        self.buffered -= size


def test_a_reader_within_the_limit_keeps_up() -> None:
    transport = StuckTransport()
    outbox = Outbox(transport, limit=100)
    assert outbox.send(b"x" * 60)
    assert outbox.send(b"x" * 40), "exactly the limit is still within it"
    assert outbox.unsent == 100
    assert transport.written == [b"x" * 60, b"x" * 40]


def test_a_reader_past_the_limit_is_too_slow_and_its_bytes_are_still_written() -> None:
    transport = StuckTransport()
    outbox = Outbox(transport, limit=100)
    assert outbox.send(b"x" * 100)
    assert not outbox.send(b"y")
    assert transport.written[-1] == b"y", "what was written stays queued before the close"


def test_a_reader_that_reads_on_is_within_the_limit_again() -> None:
    transport = StuckTransport()
    outbox = Outbox(transport, limit=100)
    outbox.send(b"x" * 90)
    transport.drain(90)
    assert outbox.send(b"x" * 90)


def test_a_send_queue_counts_what_its_sender_has_not_taken() -> None:
    queue = SendQueue()
    outbox = Outbox(queue, limit=10)
    assert not queue
    assert outbox.send(b"hello")
    assert outbox.send(b"world")
    assert not outbox.send(b"!"), "11 bytes wait: past the limit"
    assert queue.popleft() == b"hello"
    assert outbox.unsent == 6
    queue.clear()
    assert not queue
    assert outbox.unsent == 0
