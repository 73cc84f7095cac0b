"""Telnet's words for replies about profiles: the kink list, ``compare``, ``search``.

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
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean

VERDICT_WORDS = {
    Verdict.LIMIT: "HARD LIMIT",
    Verdict.CONFLICT: "conflict",
    Verdict.MATCH: "match",
    Verdict.MAYBE: "maybe",
    Verdict.NEITHER: "",
}


def render(reply: ProfileReplies) -> Told:
    match reply:
        case KinksShown(kinks):
            lines = [f"The kink list (version {kinks.version}):"]
            lines += [
                f"{c.name}: " + ", ".join(k.name for k in c.kinks) + "." for c in kinks.categories
            ]
            return Told("\n".join(lines))
        case ProfileCompared(name, as_, rows):
            if not rows:
                return Told(f"Nothing to compare between {clean(as_)} and {clean(name)}.")
            lines = [f"{clean(as_)} compared with {clean(name)} (yours / theirs):"]
            for row in rows:
                mine = row.mine.value if row.mine else "-"
                theirs = row.theirs.value if row.theirs else "-"
                verdict = VERDICT_WORDS[row.verdict]
                tag = f"  <- {verdict}" if verdict else ""
                lines.append(f"  {clean(row.name)}: {mine} / {theirs}{tag}")
            return Told("\n".join(lines))
        case PartnersFound(as_, results):
            if not results:
                return Told(f"No findable character matches {clean(as_)} right now.")
            lines = [f"Partners for {clean(as_)}, best first:"]
            for found in results:
                about = ", ".join(clean(x) for x in (found.species, found.gender) if x)
                status = found.status.value if found.status else "offline"
                line = f"  {clean(found.name)} ({status}), score {found.score:g}"
                line += f" [{about}]" if about else ""
                if found.short_description:
                    line += ": " + clean(found.short_description)
                if found.shared:
                    line += " (you both love " + ", ".join(clean(s) for s in found.shared) + ")"
                lines.append(line)
            lines.append('Type "+finger <name>" to read a profile, "compare <name>" to compare.')
            return Told("\n".join(lines))
        case ProfileImageRemoved(name):
            return Told(f"The image of {clean(name)} is removed.")
        case AdSent():
            return Told("Your ad is posted.")
        case AdsListed(room, ads):
            if not ads:
                return Told(f"No ads in {clean(room)} have reached you.")
            lines = [f"Ads in {clean(ads[0].room.name)}, oldest first:"]
            lines += [f"[Ad] {clean(ad.poster.name)}: {clean(ad.text)}" for ad in ads]
            return Told("\n".join(lines))
        case _:
            assert_never(reply)
