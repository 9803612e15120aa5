"""Masking of personal data for roles that do not need it (PIPL art. 6 data minimisation).

Phones keep the first 3 and last 4 digits (the common Chinese government display form, 138****5678);
identity numbers keep the first and last 4 characters.
"""


def mask_phone(value) -> str:
    text = str(value or "")
    if len(text) < 7:
        return "*" * len(text)
    return f"{text[:3]}{'*' * (len(text) - 7)}{text[-4:]}"


def mask_identifier(value) -> str:
    text = str(value or "")
    if len(text) <= 8:
        return "*" * len(text)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"
