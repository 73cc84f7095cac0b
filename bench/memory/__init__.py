"""Memory per idle logged-in connection on each gateway (IRC, telnet, WebSocket), one run."""
