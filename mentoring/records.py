"""What mentoring's records share: how they name people, including people whose accounts have
been deleted, and the colour of their status tags.

Records outlive accounts: a deleted account's foreign keys become null, and every page then
names that person "Former user". Records of a change also name Pathways when it made the change
itself (an expiry, a withdrawal on acceptance, a failed run).
"""

FORMER_USER = "Former user"


def name_of(user) -> str:
    """The person's full name, or "Former user" once their account has gone."""
    return user.get_full_name() if user is not None else FORMER_USER


class MadeBy:
    """For records of a change with `actor` (a user, null once deleted) and `automatic`."""

    @property
    def by(self) -> str:
        """Who made the change, as a history table shows it."""
        if self.automatic:
            return "Pathways"
        return name_of(self.actor if self.actor_id else None)


class StatusTag:
    """For records with a `status` and `TAG_COLOURS` (status: NHS.UK tag colour): the colour
    of the status tag pages show, grey for any status not named. Templates read `tag_colour`
    rather than compare the status themselves."""

    TAG_COLOURS: dict[str, str] = {}

    @property
    def tag_colour(self) -> str:
        return self.TAG_COLOURS.get(self.status, "grey")
