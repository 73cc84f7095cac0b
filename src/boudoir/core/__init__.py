"""Use cases: sessions, accounts, rooms, messaging, relations. Imports ``boudoir.domain`` only
(and well-kept libraries such as argon2-cffi); sees ports, never a transport or a database."""
