"""Words for replies about profiles (NickServ ``PROFILE``, ``SEARCH``, ``COMPARE``), as
notices.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.matching import Verdict
from boudoir.domain.replies.profiles import (
    AdSent,
    AdsListed,
    KinksShown,
    PartnersFound,
    ProfileCompared,
    ProfileImageRemoved,
    ProfileReplies,
)

MAX_COMPARE_LINES = 30
"""Rows of a comparison in notices; limits and conflicts come first, so they are never cut."""

VERDICT_WORDS = {
    Verdict.LIMIT: "LIMIT",
    Verdict.CONFLICT: "conflict",
    Verdict.MATCH: "match",
    Verdict.MAYBE: "maybe",
    Verdict.NEITHER: "-",
}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def service_text(reply: ProfileReplies) -> str:
    match reply:
        case KinksShown(kinks):
            lines = [f"The kink list (version {kinks.version}), {len(kinks)} entries:"]
            lines += [f"{c.name}: " + ", ".join(k.name for k in c.kinks) for c in kinks.categories]
            return "\n".join(lines)
        case ProfileCompared(name, as_, rows):
            if not rows:
                return f"Nothing to compare between {as_} and {name}."
            lines = [f"{as_} compared with {name} (yours / theirs):"]
            for row in rows[:MAX_COMPARE_LINES]:
                mine = row.mine.value if row.mine else "-"
                theirs = row.theirs.value if row.theirs else "-"
                lines.append(f"[{VERDICT_WORDS[row.verdict]}] {row.name}: {mine} / {theirs}")
            if len(rows) > MAX_COMPARE_LINES:
                lines.append(
                    f"... and {len(rows) - MAX_COMPARE_LINES} more (the browser shows all)."
                )
            return "\n".join(lines)
        case PartnersFound(as_, results):
            if not results:
                return f"No findable character matches {as_} right now."
            lines = [f"Partners for {as_}, best first:"]
            for found in results:
                about = ", ".join(x for x in (found.species, found.gender) if x)
                status = found.status.value if found.status else "offline"
                shared = f"; both love {', '.join(found.shared)}" if found.shared else ""
                line = f"{found.name} ({status}) score {found.score:g}"
                line += f" [{_one_line(about)}]" if about else ""
                line += f": {_one_line(found.short_description)}" if found.short_description else ""
                lines.append(line + shared)
            return "\n".join(lines)
        case ProfileImageRemoved(name):
            return f"The image of {name} is removed."
        case AdSent():
            return "Your ad is posted."
        case AdsListed(room, ads):
            if not ads:
                return f"No ads in {room} that reached you."
            return "\n".join(f"[AD] {ad.poster.name}: {_one_line(ad.text)}" for ad in ads)
        case _:
            assert_never(reply)
