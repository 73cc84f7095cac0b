"""``python -m boudoir``: the same as the ``boudoir`` command."""

from boudoir.cli import main

if __name__ == "__main__":
    main(prog_name="boudoir")
