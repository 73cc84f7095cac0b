"""Telnet benchmark harness: Boudoir's telnet gateway beside Evennia, a Python MU* server.

Run ``python -m bench.telnet --help``; docs/benchmarks.md explains the scenarios and figures.
"""
