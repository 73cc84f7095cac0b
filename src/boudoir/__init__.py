"""Boudoir: a consent-first, privacy-first server for text roleplay between consenting adults."""

__version__ = "0.1.0"
