"""The bus between nodes: ``codec`` turns cluster messages into bytes and back, ``redis``
carries them over Redis pub/sub and keeps each node's heartbeat.

A node alone uses ``core.cluster.LocalBus`` and never imports this package. Imports
``boudoir.core.cluster``, ``boudoir.domain``, msgspec and redis-py.
"""
