"""USCC validation against the shipped GB 32100 test vectors (data/uscc_test_vectors.csv)."""

import csv
from pathlib import Path

import pytest

from nqi.core import uscc

with open(Path(__file__).parents[1] / "data" / "uscc_test_vectors.csv", encoding="utf-8") as _fh:
    VECTORS = list(csv.DictReader(_fh))


@pytest.mark.parametrize("row", VECTORS, ids=[r["code"] for r in VECTORS])
def test_vectors(row):
    code, problem = uscc.check(row["code"])
    assert (problem is None) == (row["expected_valid"] == "true"), problem
    if problem is None:
        assert uscc.division_code(code) == row["admin_division"]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91110000600037341", "uscc_length"),
        ("91110000600037341LL", "uscc_length"),
        ("9111000060003734IL", "uscc_charset"),
        ("91110000600037341N", "uscc_checksum"),
        ("", "uscc_length"),
    ],
)
def test_problems_have_codes(value, code):
    assert uscc.check(value)[1].code == code


def test_embedded_organization_code_check():
    # A code whose final check character is right but whose GB 11714 check (position 17) is wrong.
    from stdnum.cn import uscc as stdnum_uscc

    body = "9133040200000000"  # organisation body 00000000 → check char 0
    bad17 = body + "1"
    bad = bad17 + stdnum_uscc.calc_check_digit(bad17)
    assert uscc.check(bad)[1].code == "uscc_org_code"
    good = uscc.with_check_chars(body)
    assert uscc.check(good)[1] is None


def test_canonical_folds_case_fullwidth_and_spaces():
    assert uscc.check("９１１１００００６０００３７３４１ｌ")[0] == "91110000600037341L"
    assert uscc.check(" 91110000-600037341l ")[1] is None


def test_agrees_with_python_stdnum_on_random_and_mutated_codes():
    """python-stdnum implements GB 32100 independently: both must accept and reject the same codes."""
    import random

    from stdnum.cn import uscc as stdnum_uscc

    rng = random.Random(32100)
    alphabet = uscc.ALPHABET + "IOSVZ"
    for _n in range(3000):
        body = "".join(rng.choice("0123456789") for _i in range(8))
        body += "".join(rng.choice(uscc.ALPHABET) for _i in range(8))
        code = uscc.with_check_chars(body)
        assert stdnum_uscc.is_valid(code), code
        mutated = list(code)
        mutated[rng.randrange(18)] = rng.choice(alphabet)
        mutated = "".join(mutated)
        ours = uscc.check(mutated)[1]
        if stdnum_uscc.is_valid(mutated):
            assert ours is None or ours.code == "uscc_org_code", (mutated, ours)
        else:
            assert ours is not None and ours.code != "uscc_org_code", (mutated, ours)
