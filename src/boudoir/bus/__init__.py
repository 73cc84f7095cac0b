"""Bus implementations: the in-process ``MemoryBus`` (default) and, later, a Redis bus for
deployments of several nodes. Imports ``boudoir.core.ports``, ``boudoir.domain`` and the standard
library (plus the Redis client for the Redis bus)."""
