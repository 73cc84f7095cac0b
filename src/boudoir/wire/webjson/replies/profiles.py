"""The browser protocol's shapes for the kink list, a comparison and partner search
(docs/http-api.md, "Profiles, kinks and partner search").

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.kinks import KinkList
from boudoir.domain.replies.profiles import (
    AdSent,
    AdsListed,
    KinksShown,
    PartnersFound,
    ProfileCompared,
    ProfileImageRemoved,
    ProfileReplies,
)
from boudoir.wire.webjson.ad_json import ad_json


def kinks_json(kinks: KinkList) -> dict[str, object]:
    return {
        "version": kinks.version,
        "categories": [
            {
                "id": category.id,
                "name": category.name,
                "kinks": [
                    {"id": k.id, "name": k.name, "description": k.description}
                    for k in category.kinks
                ],
            }
            for category in kinks.categories
        ],
    }


def fields(reply: ProfileReplies) -> dict[str, object] | None:
    match reply:
        case KinksShown(kinks):
            return kinks_json(kinks)
        case ProfileCompared(name, as_, rows):
            return {
                "name": name,
                "as": as_,
                "rows": [
                    {
                        "kink": row.kink,
                        "name": row.name,
                        "mine": row.mine.value if row.mine else None,
                        "theirs": row.theirs.value if row.theirs else None,
                        "verdict": row.verdict.value,
                    }
                    for row in rows
                ],
            }
        case PartnersFound(_as, results):
            return {
                "results": [
                    {
                        "name": found.name,
                        "score": found.score,
                        "status": found.status.value if found.status else None,
                        "shared": list(found.shared),
                        "short_description": found.short_description,
                        "species": found.species,
                        "gender": found.gender,
                    }
                    for found in results
                ]
            }
        case ProfileImageRemoved():
            return None
        case AdSent(event):
            return {"id": event.id}
        case AdsListed(_room, ads):
            return {"ads": [ad_json(ad) for ad in ads]}
        case _:
            assert_never(reply)
