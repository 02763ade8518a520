"""The yearly calendar of the steering dialogue: by when each stage of year N's round should be reached.

Year N's dialogue rests on accounting year N−1: vacancies are counted at 1 February, the accounts and
the documentation package (LBF) are due about 31 May, and the dialogue meetings are held in the autumn.
"""

import datetime

# Stage value -> (year offset, month, day). Stage values are those of dialogue.models.Stage.
STAGE_CALENDAR: dict[str, tuple[int, int, int]] = {
    "forberedelse": (0, 2, 1),  # vacant units counted at 1 February
    "dokumentation_modtaget": (0, 5, 31),  # accounts and documentation package about 31 May
    "gennemgaaet": (0, 8, 31),  # the secretariat has reviewed the package before the autumn
    "dialogmoede_afholdt": (0, 11, 30),  # the dialogue meeting in the autumn
    "aftale_udkast": (0, 12, 15),
    "aftale_godkendt": (1, 1, 31),
    "redegoerelse_offentliggjort": (1, 3, 1),
    "opfoelgning": (1, 6, 30),  # follow-up before next year's package
}


def stage_deadlines(year: int) -> dict[str, datetime.date]:
    """Return the date by which each stage of the round of `year` should be reached."""
    return {stage: datetime.date(year + offset, month, day) for stage, (offset, month, day) in STAGE_CALENDAR.items()}
