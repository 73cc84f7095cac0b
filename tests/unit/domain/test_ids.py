"""Identifiers: never repeated, never predictable from one another, not shared with a fork."""

from __future__ import annotations

import os

from boudoir.domain.ids import new_account_id, new_message_id


def test_ids_across_many_batches_of_randomness_are_all_different() -> None:
    ids = [new_message_id() for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    assert all(len(id_) == 24 and int(id_, 16) >= 0 for id_ in ids)


def test_each_kind_carries_its_letter() -> None:
    assert new_account_id().startswith("a")


def test_a_forked_child_does_not_hand_out_its_parents_next_ids() -> None:
    new_message_id()  # the parent holds random bytes for its next ids
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write its next ids and leave at once
        os.close(read)
        os.write(write, " ".join(new_message_id() for _ in range(5)).encode())
        os._exit(0)
    os.close(write)
    child = os.read(read, 4096).decode().split()
    os.close(read)
    os.waitpid(pid, 0)
    parent = [new_message_id() for _ in range(5)]
    assert len(child) == 5
    assert not set(child) & set(parent)
