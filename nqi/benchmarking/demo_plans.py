"""What the demo compares per featured industry: benchmarks picked and values drawn around real limits.

"good" values meet the plan's key benchmarks (the engine decides the level); other values fall short of
the advanced benchmark while still meeting the national requirement, as most firms entering 对标 do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

GB17657 = ("GB/T 17657-2013", "4.60 1 m³气候箱法")
LABS = (
    "浙江省家具与五金研究所",
    "嘉兴市质量技术监督检测院",
    "浙江省轻工业品质量检验研究院",
    "国家压缩机质量检验检测中心（合肥）",
    "浙江方圆检测集团股份有限公司",
)
ACTIONS = (
    "优化工艺参数并增加出厂检验频次。",
    "更换原材料供应商并送第三方检验验证。",
    "改进结构设计，委托第三方复测。",
)
OWNERS = ("生产部 王工", "质量部 孙丽华", "技术部 李工")
RANKINGS = (
    ("人造板", "formaldehyde_emission_chamber"),
    ("木地板", "formaldehyde_emission_chamber"),
    ("玩具", "migratable_pb"),
    ("家用电器", "leakage_current"),
    ("空气压缩机", "specific_power"),
)


def row(name, quantity, value, unit, method=("", ""), kind="test_result"):
    return {"name": name, "quantity": quantity, "value": value, "unit": unit, "method_standard": method[0],
            "method_variant": method[1], "kind": kind}  # fmt: skip


def _f(rng, low, high, digits=3) -> str:
    return f"{rng.uniform(low, high):.{digits}f}"


@dataclass(frozen=True)
class Plan:
    industry_key: str
    product_names: tuple[str, ...]
    pick: Callable  # (rng, good) -> list[(standard number, grade)]; firms still improving pick domestic ones
    draw: Callable  # (rng, good, picked) -> list[row]: the values depend on the benchmarks picked


def _wood_pick(rng, good):
    picked = [("GB 18580-2017", "E1"), ("GB/T 39600-2021", "ENF" if rng.random() < 0.3 else "E0")]
    if good and rng.random() < 0.35:
        picked += [("EN 13986", "E1 (initial type testing)"), ("JAS / JIS F-star", "F☆☆☆☆")]
    return picked


def _wood_draw(rng, good, picked):
    strict = ("GB/T 39600-2021", "ENF") in picked
    chamber = _f(rng, 0.010, 0.024 if strict else 0.047) if good else _f(rng, 0.052, 0.105)
    rows = [row("甲醛释放量", "formaldehyde_emission_chamber", chamber, "mg/m³", GB17657, "test_result")]
    if ("EN 13986", "E1 (initial type testing)") in picked:
        rows.append(
            row(
                "甲醛释放量（EN 717-1）",
                "formaldehyde_emission_chamber",
                _f(rng, 0.02, 0.09),
                "mg/m³",
                ("EN 717-1", ""),
            )
        )
        rows.append(
            row(
                "甲醛释放量（干燥器法）平均值",
                "formaldehyde_emission_desiccator_mean",
                _f(rng, 0.12, 0.29, 2),
                "mg/L",
                ("JIS A 1460", ""),
            )
        )
        rows.append(
            row(
                "甲醛释放量（干燥器法）最大值",
                "formaldehyde_emission_desiccator_max",
                _f(rng, 0.2, 0.39, 2),
                "mg/L",
                ("JIS A 1460", ""),
            )
        )
    return rows


def _toy_pick(rng, good):
    picked = [
        ("GB 6675.4-2014", "other toy materials (excl. modelling clay and finger paint)"),
        ("GB 6675.2-2014", "electric ride-on toys (电动童车)"),
        ("T/ZZB 0175-2017", "电动童车"),
    ]
    if good:
        picked.append(("IEC 62115:2017", "电玩具"))
    if good and rng.random() < 0.3:
        picked.append(("EN 71-1:2005+A8:2009", "free-wheeling ride-on toys (自由轮童车)"))
    return picked


def _toy_draw(rng, good, picked):
    gb = ("GB 6675.4-2014", "")
    rows = [
        row("可迁移元素 铅", "migratable_pb", _f(rng, 4, 55, 1) if good else _f(rng, 62, 85, 1), "mg/kg", gb),
        row("可迁移元素 镉", "migratable_cd", _f(rng, 1, 20, 1), "mg/kg", gb),
        row("可迁移元素 铬", "migratable_cr", _f(rng, 2, 25, 1), "mg/kg", gb),
        row("可迁移元素 汞", "migratable_hg", _f(rng, 0.5, 8, 1), "mg/kg", gb),
        row("最大设计速度", "max_speed", _f(rng, 3.8, 5.9, 1) if good else _f(rng, 6.2, 7.8, 1), "km/h"),
        row("额定电压", "rated_voltage", rng.choice(("6", "12", "12", "24")), "V"),
    ]
    if any(p[0].startswith("EN 71-1") for p in picked):
        rows.append(
            row(
                "制动试验后位移",
                "brake_displacement",
                _f(rng, 15, 45, 0),
                "mm",
                ("EN 71-1:2005+A8:2009", "制动性能试验"),
            )
        )
    return rows


def _appliance_pick(rng, good):
    return [
        ("GB 4706.1-2005", "I类驻立式电动器具"),
        ("GB 4706.1-2005", "绕组 130(B)级绝缘"),
        ("IEC 60335-1:2004", "I类驻立式电动器具"),
    ]


def _appliance_draw(rng, good, picked):
    method = ("GB 4706.1-2005", "")
    leakage = _f(rng, 0.35, 2.6, 2) if good else _f(rng, 3.6, 4.2, 2)
    return [
        row("泄漏电流", "leakage_current", leakage, "mA", method),
        row("绕组温升（电阻法）", "temp_rise_winding", _f(rng, 58, 90, 0), "K", method),
    ]


def _compressor_pick(rng, good):
    return [
        ("GB 19153-2019", "3级（一般用喷油回转，37 kW，0.8 MPa）"),
        ("GB 19153-2019", "1级（一般用喷油回转，37 kW，0.8 MPa）"),
    ]


def _compressor_draw(rng, good, picked):
    value = _f(rng, 5.65, 6.18, 2) if good else _f(rng, 6.3, 7.4, 2)
    return [row("机组比功率", "specific_power", value, "kW/(m³/min)", ("GB/T 3853-2017", ""))]


INDUSTRY_PLANS = (
    Plan("JX-IND-09", ("胶合板", "实木复合地板", "木家具"), _wood_pick, _wood_draw),
    Plan("JX-IND-18", ("电动童车",), _toy_pick, _toy_draw),
    Plan("JX-IND-07", ("家用电冰箱", "卧式冷柜"), _appliance_pick, _appliance_draw),
    Plan("JX-IND-01", ("一般用喷油螺杆空气压缩机",), _compressor_pick, _compressor_draw),
)
