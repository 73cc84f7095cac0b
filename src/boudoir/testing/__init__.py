"""Fakes and a client harness for tests. May import core, domain and the in-memory pieces."""
