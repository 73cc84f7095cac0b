"""Who sees which section of a profile, who is found by partner search, and what an ad shows.

Blocks never reveal themselves: across a block (either way) every section is hidden and the
profile itself is absent (``contact.see_profile``), exactly as for a name nobody has; search
leaves the blocked out as it leaves out those who never asked to be found.
"""

from __future__ import annotations

from boudoir.domain.consent.decisions import Person, Ties
from boudoir.domain.profiles import ProfileSection, ProfileVisibility, SectionAudience


def see_section(viewer: Person, owner: Person, audience: SectionAudience, ties: Ties) -> bool:
    """May ``viewer`` see a section of one of ``owner``'s characters shown to ``audience``?
    The owner always; across a block, nobody; otherwise as the owner chose."""
    if viewer.account_id == owner.account_id:
        return True
    if ties.blocked:
        return False
    if audience is SectionAudience.EVERYONE:
        return True
    if audience is SectionAudience.SHARED_ROOM:
        return ties.share_room
    if audience is SectionAudience.FRIENDS:
        return ties.friend
    return False


def sections_shown(
    viewer: Person, owner: Person, visibility: ProfileVisibility, ties: Ties
) -> frozenset[ProfileSection]:
    """The sections of the profile ``viewer`` may see."""
    return frozenset(
        section
        for section in ProfileSection
        if see_section(viewer, owner, visibility.of(section), ties)
    )


def found_in_search(
    seeker: Person, candidate: Person, *, findable: bool, kinks: SectionAudience, ties: Ties
) -> bool:
    """May ``candidate``'s character appear in ``seeker``'s partner search? Only when it asked
    to be found, no block stands either way, it is not the seeker's own, and the seeker may see
    its kinks (search matches on them: what one may not see cannot be matched on)."""
    if seeker.account_id == candidate.account_id or not findable or ties.blocked:
        return False
    return see_section(seeker, candidate, kinks, ties)


def ad_tags_shown(kinks: SectionAudience) -> bool:
    """Does an ad carry its poster's favourite kinks as tags? An ad goes to everyone in the
    room, so only when the poster shows their kinks to everyone."""
    return kinks is SectionAudience.EVERYONE
