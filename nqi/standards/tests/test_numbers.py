"""Standard numbers as the catalog stores them (integration with nqi.search.standard_numbers)."""

import pytest

from nqi.search import registry
from nqi.search.analyzer import CutText, field_terms, index_terms, number_text
from nqi.standards import readers
from nqi.standards.choices import Mandate, StandardFamily
from nqi.standards.numbers import PARSED_NUMBER, edition_key, number_fields, numbers_in
from nqi.standards.synth import synth_rows


@pytest.mark.parametrize(
    ("raw", "canonical", "family", "mandate"),
    [
        ("GB/T19580-2012", "GB/T 19580—2012", StandardFamily.NATIONAL, Mandate.RECOMMENDED),
        ("gbt 19580—2012", "GB/T 19580—2012", StandardFamily.NATIONAL, Mandate.RECOMMENDED),
        ("ＧＢ／Ｔ　１９５８０—２０１２", "GB/T 19580—2012", StandardFamily.NATIONAL, Mandate.RECOMMENDED),
        ("GB 4806.1-2016", "GB 4806.1—2016", StandardFamily.NATIONAL, Mandate.MANDATORY),
        ("GB/Z 19579-2012", "GB/Z 19579—2012", StandardFamily.NATIONAL, Mandate.GUIDANCE),
        ("JB/T 10234.3-2018", "JB/T 10234.3—2018", StandardFamily.SECTOR, Mandate.RECOMMENDED),
        ("DB3304/T 055-2023", "DB3304/T 055—2023", StandardFamily.LOCAL, Mandate.RECOMMENDED),
        ("T/ZZB 0175-2017", "T/ZZB 0175—2017", StandardFamily.GROUP, Mandate.NONE),
        ("Q/JXJX 001-2024", "Q/JXJX 001—2024", StandardFamily.ENTERPRISE, Mandate.NONE),
        ("ISO 9001:2015", "ISO 9001:2015", StandardFamily.INTERNATIONAL, Mandate.NONE),
        ("IEC 60335-2-24:2020", "IEC 60335-2-24:2020", StandardFamily.INTERNATIONAL, Mandate.NONE),
        ("SJ/T 10460-93", "SJ/T 10460—93", StandardFamily.SECTOR, Mandate.RECOMMENDED),
    ],
)
def test_numbers_are_canonical_with_family_and_mandate(raw, canonical, family, mandate):
    fields = number_fields(raw)
    assert (fields["canonical"], fields["family"], fields["mandate"]) == (canonical, family, mandate)
    assert fields["parse_warning"] == ""


def test_every_spelling_of_one_edition_has_one_key():
    keys = {edition_key(s) for s in ("GB/T 19580-2012", "gbt19580—2012", "ＧＢ／Ｔ　１９５８０－２０１２")}
    assert len(keys) == 1
    assert edition_key("GB/T 19580-2004") not in keys
    assert number_fields("SJ/T 10460-93")["edition_key"] == number_fields("SJ/T 10460-1993")["edition_key"]


def test_series_key_ignores_the_year_but_not_the_part():
    assert number_fields("GB 4806.1-2016")["series_key"] == number_fields("GB 4806.1-2007")["series_key"]
    assert number_fields("GB 4806.1-2016")["series_key"] != number_fields("GB 4806.2-2016")["series_key"]


@pytest.mark.parametrize("raw", ["ISO/DIS 9001", "IEC 60335-1:2020 RLV", "企业内部规范第三版", "ABC-??"])
def test_unparseable_numbers_are_kept_verbatim_with_a_warning(raw):
    fields = number_fields(raw)
    assert fields["parse_warning"]
    assert fields["canonical"] == raw.strip() and fields["edition_key"]


def test_numbers_in_product_text():
    found = numbers_in("GB 18580—2017、Q/JX 0012—2024；GB 6675")
    assert [(t, has_year) for t, _k, has_year in found] == [
        ("GB 18580—2017", True),
        ("Q/JX 0012—2024", True),
        ("GB 6675", False),
    ]


def test_indexing_a_parsed_number_gives_the_terms_of_its_canonical_text():
    """Imports index the number validation parsed (`number_text`) instead of analysing the canonical
    text again: the terms must be the same for every number of the shipped catalogs, the curated set
    and a synthetic sample, replaced editions included."""
    compared, differing = 0, []
    for rows in (readers.intl_pack_rows(), readers.curated_rows(), synth_rows(5_000, 3)):
        for row in rows:
            for raw in (row["number"], *(number for number, _kind in row.get("replaces") or ())):
                fields = number_fields(raw)
                if fields[PARSED_NUMBER] is None:
                    continue
                compared += 1
                text = number_text(fields[PARSED_NUMBER])
                if text != fields["canonical"] or text.terms != tuple(index_terms(fields["canonical"])):
                    differing.append(fields["canonical"])
    assert compared > 90_000
    assert differing == []


def test_cut_text_brings_its_own_terms_and_unreadable_numbers_have_none():
    text = number_text(number_fields("GB/T 19580-2012")[PARSED_NUMBER])
    assert isinstance(text, CutText) and field_terms(text) is text.terms
    assert "gbt_19580_y2012" in text.terms
    assert number_fields("ISO/DIS 9001")[PARSED_NUMBER] is None


def test_the_standards_index_reuses_the_number_an_import_row_carries():
    index = registry.get("standards.standard")
    fields = number_fields("GB/T 19580-2012")
    texts = index.texts(fields, (fields["canonical"], "卓越绩效评价准则", ""))
    assert type(texts[0]) is CutText and texts[1:] == ("卓越绩效评价准则", "")
    read_back = {"canonical": fields["canonical"]}  # a row read from the database carries no number
    assert type(index.texts(read_back, (fields["canonical"], "", ""))[0]) is str
