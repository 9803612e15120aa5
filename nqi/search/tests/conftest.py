"""Fixtures of the search tests: a small city of enterprises, products and institutions, made through
the real services (so the signal receivers index them exactly as in production)."""

from __future__ import annotations

import pytest

from nqi.enterprises import services as enterprise_services
from nqi.enterprises.tests.factories import make_enterprise, valid_uscc

NAMES = {
    "330402": [
        "嘉兴市南湖区恒丰压缩机有限公司",
        "嘉兴南湖瑞丰木业家具有限公司",
        "嘉兴市南湖区新宇电子科技有限公司",
    ],
    "330421": ["嘉善县永信压缩机股份有限公司", "嘉善华美木业有限公司"],
    "330481": ["海宁市宏远皮革服饰有限公司", "海宁Sunny智能科技有限公司"],
}


@pytest.fixture
def city(system):
    """{division: [enterprises]}, each with one product."""
    made = {}
    for division, names in NAMES.items():
        for name in names:
            enterprise = make_enterprise(system, division, name=name, address=f"{division}路1号")
            enterprise_services.product_create(
                actor=system,
                enterprise=enterprise,
                data={"name": name[-8:-4] + "产品", "model": "XK-100", "standard_code": "GB/T 9098—2021"},
            )
            made.setdefault(division, []).append(enterprise)
    return made


@pytest.fixture
def lab(system):
    from nqi.institutions import services

    return services.institution_create(
        actor=system,
        data={
            "kind": "testing_lab",
            "name": "嘉兴市质量检验检测研究院",
            "uscc": valid_uscc("330402"),
            "cma_number": "221100340123",
            "cma_valid_from": "2022-01-01",
            "cma_valid_until": "2028-01-01",
            "scope_summary": "压缩机能效检测、家具甲醛释放量检测",
        },
    )
