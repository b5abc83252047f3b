"""Formats of the identifiers an offer and an advisor carry.

Every function takes the raw text a user typed and returns the normalised
value, or ``None`` when the text is not valid.
"""
import re

_SEPARATORS = re.compile(r"[\s\-./()]")
_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    r"@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_HR_NO = re.compile(r"^9\d{1,14}$")
_ADVISOR_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")
_PPZ_NO = re.compile(r"^\d{4,10}(PPZ|VZ|SZ|DPZ|VZPP)?$")
_CHANGE_CONTRACT_NO = re.compile(r"^7\d{3,14}$")
_BIRTH_NUMBER = re.compile(r"^(\d{6})/?(\d{3,4})$")


def normalize_mobile(value):
    """A mobile number in E.164 form (``+420777123456``) or ``None``.

    Accepts Czech numbers written nationally (``777 123 456``) or with the
    country code (``+420 777 123 456``, ``00420777123456``) — a Czech mobile
    number starts with 6 or 7 — and any other number in E.164 form.
    """
    if not value:
        return None
    digits = _SEPARATORS.sub("", value.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+"):
        number = digits[1:]
        if not number.isdigit():
            return None
        if number.startswith("420"):
            national = number[3:]
            return "+" + number if _is_czech_mobile(national) else None
        return "+" + number if 8 <= len(number) <= 15 and number[0] != "0" else None
    if _is_czech_mobile(digits):
        return "+420" + digits
    return None


def _is_czech_mobile(national):
    return len(national) == 9 and national.isdigit() and national[0] in "67"


def normalize_email(value):
    """The e-mail address without surrounding blanks, or ``None``."""
    if not value:
        return None
    value = value.strip()
    return value if len(value) <= 254 and _EMAIL.match(value) else None


def normalize_hr_no(value):
    """The business partner's HR number: digits only, starting with 9."""
    if not value:
        return None
    value = _SEPARATORS.sub("", value.strip())
    return value if _HR_NO.match(value) else None


def normalize_advisor_code(value):
    """The advisor's identification (commission) number within their company."""
    if not value:
        return None
    value = value.strip()
    return value if _ADVISOR_CODE.match(value) else None


def normalize_ppz_no(value):
    """Registration number of an insurance intermediary in the register kept by
    the Czech National Bank, e.g. ``123456PPZ``."""
    if not value:
        return None
    value = _SEPARATORS.sub("", value.strip()).upper()
    return value if _PPZ_NO.match(value) else None


def normalize_change_contract_no(value):
    """Number of an existing contract that a change request may amend: only
    contracts whose number starts with 7 can be amended on-line."""
    if not value:
        return None
    value = _SEPARATORS.sub("", value.strip())
    return value if _CHANGE_CONTRACT_NO.match(value) else None


def normalize_birth_number(value):
    """A Czech birth number (rodné číslo) as ``YYMMDD/XXXX`` or ``None``.

    Ten-digit numbers (born from 1954) are divisible by 11, or their first nine
    digits leave 10 and the check digit is 0; nine-digit numbers (before 1954)
    have no check digit.
    """
    if not value:
        return None
    match = _BIRTH_NUMBER.match(value.strip().replace(" ", ""))
    if not match:
        return None
    head, tail = match.groups()
    month = int(head[2:4])
    for offset in (70, 50, 20, 0):
        if month > offset:
            month -= offset
            break
    day = int(head[4:6])
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if len(tail) == 4:
        number = int(head + tail)
        if number % 11 and not (int(head + tail[:3]) % 11 == 10 and tail[3] == "0"):
            return None
    return "%s/%s" % (head, tail)
