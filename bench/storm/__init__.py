"""The login storm: every account reconnects within seconds of a restart.

``python -m bench.storm`` creates the accounts (``bench.irc.servers._create_accounts``) and
browser login tokens for a third of them, starts a fresh ``boudoir serve`` on them (the
restart: nothing verified in memory), logs a few chatters in who keep talking in a room, and
then brings every account in within ``--window`` seconds, one connection each, from its own
loopback address: a third IRC with SASL PLAIN, a third the browser's WebSocket with its login
token, a third telnet with ``connect name password``. It reports the time until all are in,
how many were cut, the chatters' delivery latency during the storm, the server's RSS before,
at its peak and after, its CPU per login, and how busy the rest of the machine was.

Only loopback traffic; the server is our own child process, stopped by its pid. Imports the
standard library, ``bench`` and, to make the accounts and tokens, ``boudoir``.
"""
