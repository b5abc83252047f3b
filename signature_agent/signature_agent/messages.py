"""User-facing texts of the agent in Czech and English.

The two messages the advisor and client know from the signing application are
kept word for word: the refusal of a signature and the pad initialisation error.
"""

LANGUAGES = ("cs", "en")
DEFAULT_LANGUAGE = "cs"

MESSAGES = {
    "signature_invalid": {
        "cs": "Podpis není platný. Podepište se znovu, prosím.",
        "en": "The signature is not valid. Please sign again.",
    },
    "no_pad": {
        "cs": "Chyba při inicializaci Signpadu. Zkontrolujte připojení Signpadu k počítači.",
        "en": "Error initialising the Signpad. Check the connection of the Signpad to the computer.",
    },
    "cancelled": {
        "cs": "Podepisování bylo zrušeno.",
        "en": "Signing was cancelled.",
    },
    "timeout": {
        "cs": "Čas na podpis vypršel. Spusťte podepisování znovu.",
        "en": "The time for signing ran out. Start signing again.",
    },
    "internal_error": {
        "cs": "Podpis se nepodařilo zpracovat. Spusťte podepisování znovu.",
        "en": "The signature could not be processed. Start signing again.",
    },
}

# Texts drawn on the pad's own screen.
SCREEN_TEXTS = {
    "cs": {"title": "Podepište se, prosím", "sign": "Podepsat", "clear": "Smazat", "cancel": "Zrušit"},
    "en": {"title": "Please sign", "sign": "Sign", "clear": "Clear", "cancel": "Cancel"},
}

ROLE_LABELS = {
    "cs": {"client": "klient", "insured": "pojištěný", "advisor": "poradce",
           "policyholder": "pojistník", "legal_representative": "zákonný zástupce"},
    "en": {"client": "client", "insured": "insured person", "advisor": "advisor",
           "policyholder": "policyholder", "legal_representative": "legal representative"},
}


def normalise_language(language):
    """Return a supported language code, falling back to Czech."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def message(code, language):
    """The text for ``code`` in ``language`` (Czech when the language is unknown)."""
    return MESSAGES[code][normalise_language(language)]


def screen_text(key, language):
    return SCREEN_TEXTS[normalise_language(language)][key]


def role_label(role, language):
    return ROLE_LABELS[normalise_language(language)].get(role, role)
