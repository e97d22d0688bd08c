"""Which language to write to someone in when they have not chosen one on a page (mails sent by the system)."""

from django.conf import settings

# Countries whose organizations are written to in German; everyone else in the default language (English).
GERMAN_SPEAKING = {"DE", "AT", "CH", "LI"}


def language_of_country(country: str) -> str:
    return "de" if country.upper() in GERMAN_SPEAKING else settings.LANGUAGE_CODE
