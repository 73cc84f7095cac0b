"""The browser protocol's shapes for replies about blocks (docs/http-api.md)."""

from __future__ import annotations

from boudoir.domain.replies import Blocked, BlockList, Unblocked
from boudoir.wire.webjson.replies import fields


def test_block_replies_as_json_fields() -> None:
    assert fields(Blocked("Bob")) == {"name": "Bob"}
    assert fields(Unblocked("bob")) is None, "no body: HTTP 204"
    assert fields(BlockList(("Bob", "carol"))) == {"blocks": [{"name": "Bob"}, {"name": "carol"}]}
