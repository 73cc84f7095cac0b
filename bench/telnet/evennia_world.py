# mypy: disable-error-code="import-not-found"
"""Make the benchmark's world in an Evennia game directory: rooms and accounts, before any clock.

Run by Evennia's own interpreter (its virtualenv, not Boudoir's), with the server stopped:

    <evennia-venv>/bin/python bench/telnet/evennia_world.py GAME_DIR ACCOUNTS ROOMS PASSWORD

Creates rooms ``room1`` ... and accounts ``u0001`` ... (each with its character, as
``AUTO_CREATE_CHARACTER_WITH_ACCOUNT`` does at ``create``). Account *n*'s character is stored
away the way Evennia stores a logged-out character (no location, ``prelogout_location`` its
room), so it appears in room ``(n - 1) % ROOMS`` at login, as a ``connect`` to a character
left there would. Imports the standard library, Django and Evennia (outside Boudoir's venv).
"""

from __future__ import annotations

import os
import sys


def main(game_dir: str, accounts: int, rooms: int, password: str) -> None:
    os.chdir(game_dir)
    sys.path.insert(0, game_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "server.conf.settings")
    import django

    django.setup()
    import evennia

    evennia._init()
    from django.conf import settings
    from evennia import DefaultAccount
    from evennia.utils import create

    made = [
        create.create_object(settings.BASE_ROOM_TYPECLASS, key=f"room{number + 1}")
        for number in range(rooms)
    ]
    for number in range(1, accounts + 1):
        account, errors = DefaultAccount.create(
            username=f"u{number:04d}", password=password, ip="127.0.0.1"
        )
        if errors or account is None:
            raise SystemExit(f"u{number:04d}: {errors}")
        character = account.characters.all()[0]
        room = made[(number - 1) % rooms]
        character.home = room
        character.location = None
        character.db.prelogout_location = room
    print(f"evennia world: {rooms} rooms, {accounts} accounts")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
