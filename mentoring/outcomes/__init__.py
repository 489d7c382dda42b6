"""Outcomes: how confident a mentee is in each goal at the start and the end, what changed six
and twelve months after a mentorship ended, and the programme figures built from both."""
