"""Enterprise-claim test data, built through the real services."""

from __future__ import annotations

import itertools

_serial = itertools.count(1)


def make_claimant(system, username: str | None = None):
    """A signed-up user with no organization yet (the usual claimant)."""
    from nqi.accounts.services import user_create

    n = next(_serial)
    return user_create(
        actor=system, username=username or f"claimant-{n}", password=None, display_name=f"申请人{n}"
    )


def claim_data(enterprise, **overrides) -> dict:
    data = {
        "uscc": enterprise.uscc,
        "applicant_name": "张三",
        "applicant_position": "法定代表人",
        "contact_phone": "13900001111",
        "statement": "本人为法定代表人。",
    }
    data.update(overrides)
    return data


def make_claim(claimant, enterprise, **overrides):
    from nqi.enterprises.claims import enterpriseclaim_submit

    return enterpriseclaim_submit(actor=claimant, data=claim_data(enterprise, **overrides))
