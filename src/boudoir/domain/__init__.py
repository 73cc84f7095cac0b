"""The rules of the world: entities, value objects, consent, events and errors.

Pure code: imports only the standard library and other ``boudoir.domain`` modules.
"""
