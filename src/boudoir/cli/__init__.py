"""The ``boudoir`` command: ``serve``, ``init``, ``migrate``, ``account ...``, ``character ...``,
``invite ...``, ``moderation ...``, ``automod ...``.

Every command takes ``--config``, ``--data-dir`` and ``--database-url``; ``serve`` also takes
the listener flags. Settings are loaded once per command (``settings.load_settings``): flags,
then ``BOUDOIR_*`` variables, then the TOML file.

Commands work while a server runs on the same data: every change is committed at once, so an
account created here can log in right away, and the server notices changes to logged-in
accounts (an erase ends their sessions) within ``account_sync_seconds``.

Errors: an expected failure (a domain error, a database that cannot be opened, a port in use)
is one red line on standard error and exit status 1; a bad flag is click's usage error, exit
status 2. Heavy modules (storage, the web server, rich) are imported only by the commands that
use them.

One module per group of commands: ``server.py`` (serve, migrate, init), ``accounts.py``
(account, character), ``invitations.py``, ``moderation.py``, ``automod.py``; what they share
is in ``options.py``. This module makes the ``boudoir`` group (the console entry point) and
adds them. Imports click and ``boudoir.cli``.
"""

from __future__ import annotations

import click

from boudoir import __version__
from boudoir.cli.accounts import account, character
from boudoir.cli.automod import automod
from boudoir.cli.invitations import invite
from boudoir.cli.moderation import moderation
from boudoir.cli.server import init, migrate, serve

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="boudoir")
def main() -> None:
    """Boudoir: a consent-first chat server for text roleplay between consenting adults."""


for _command in (serve, migrate, init, account, character, invite, moderation, automod):
    main.add_command(_command)
