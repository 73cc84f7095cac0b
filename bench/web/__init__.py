"""WebSocket fan-out benchmark: Boudoir's ``boudoir.v1`` socket beside its IRC gateway.

Run ``python -m bench.web --help``; docs/benchmarks.md explains the scenario and figures.
"""
