"""The IRC gateway end to end: a real ``boudoir serve``, real sockets on 127.0.0.1, and IRC
clients (the pydle library, a raw tokeniser client, and a real terminal client)."""
