"""English dates as this site's English is written (British): day before month, 24-hour clock.

Django's "en" formats are American: 12/07/2026 reads as 12 July in Europe for 7 December. Only
the displayed formats change; what forms accept stays Django's.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
