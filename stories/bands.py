"""Agenda for Change pay bands: the one list, in order, and the one way a range of them is
written ("Band 7 to 8a")."""

from django.db import models


class Band(models.TextChoices):
    """Agenda for Change pay bands, in order."""

    BAND_2 = "2", "Band 2"
    BAND_3 = "3", "Band 3"
    BAND_4 = "4", "Band 4"
    BAND_5 = "5", "Band 5"
    BAND_6 = "6", "Band 6"
    BAND_7 = "7", "Band 7"
    BAND_8A = "8a", "Band 8a"
    BAND_8B = "8b", "Band 8b"
    BAND_8C = "8c", "Band 8c"
    BAND_8D = "8d", "Band 8d"
    BAND_9 = "9", "Band 9"
    VSM = "vsm", "Very senior manager or executive"
    NOT_ON_AFC = "not-afc", "Not on Agenda for Change"


def band_range(lowest: str, highest: str) -> str:
    """ "Band 7", "Band 7 to 8a", or "" when neither end is known."""
    labels = dict(Band.choices)
    if lowest and highest and lowest != highest:
        return f"{labels[lowest]} to {labels[highest].removeprefix('Band ')}"
    return labels.get(lowest or highest, "")
