"""Highlighting (nqi.search.highlighting): what a query matches, marked in the text as displayed."""

import pytest

from nqi.search.analyzer import query_plan
from nqi.search.highlighting import highlight


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        (
            "GB 18580—2017 人造板中甲醛释放限量 <b>",
            "GB 18580 甲醛",
            "<mark>GB 18580—2017</mark> 人造板中<mark>甲醛</mark>释放限量 &lt;b&gt;",
        ),
        ("容积式空气压缩机", "压缩机", "容积式空气<mark>压缩机</mark>"),
        ("离心泵 泵体", "泵", "离心<mark>泵</mark> <mark>泵</mark>体"),
        ("Air Compressors & Fans", "compress", "Air <mark>Compress</mark>ors &amp; Fans"),
        ("Machine-Tools", "machine tools", "<mark>Machine-Tools</mark>"),
        (
            "ＧＢ／Ｔ　１９５８０－２０１２ 评价",
            "gbt19580",
            "<mark>ＧＢ／Ｔ　１９５８０－２０１２</mark> 评价",
        ),
        ("GB/T 19580-2012", "GB/T 19580-20", "<mark>GB/T 19580-2012</mark>"),
        ("nothing here", "压缩机", "nothing here"),
        ("a < b", "", "a &lt; b"),
        ("Cafe\u0301 au lait", "café", "<mark>Cafe\u0301</mark> au lait"),
    ],
)
def test_highlight(text, query, expected):
    assert highlight(text, query_plan(query)) == expected
