"""IRC benchmark harness: Boudoir's IRC gateway beside ngIRCd and InspIRCd.

Run ``python -m bench.irc --help``; docs/benchmarks.md explains the scenarios and figures.
"""
