"""Automod through the browser socket, IRC and the HTTP API, over one world."""
