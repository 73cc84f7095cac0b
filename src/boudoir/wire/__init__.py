"""Sans-I/O protocol machines: bytes in, events out; events in, bytes out.

No sockets, no asyncio, no third-party packages: only the standard library (an import-linter
contract keeps it so). The gateways drive these machines.
"""
