"""English: one date format and one date-time format everywhere ("3 Dec 2026", "3 Dec 2026, 14:56")."""

DATE_FORMAT = SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
