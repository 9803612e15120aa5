"""Chinese standard codes (标准代号): national, sector (行业) and metrology prefixes, as data.

Used by nqi.search.standard_numbers to recognise numbers such as "JB/T 4113—2017". The /T (recommended)
and /Z (guidance) suffixes are not listed: they combine with every code (GB/T 1.1-2020 §8.2; 《行业标准管理
办法》). Local (DB33, DB3304), group (T/<org>) and enterprise (Q/<code>) codes are open-ended patterns
handled by the parser, not lists.
"""

# National (国家标准) and sector (行业标准) codes with the issuing administration, copied from
# relaton/relaton-gb lib/relaton_gb/yaml/prefixes.yaml @3d86ccfd (BSD-2-Clause, © 2018 Ribose);
# see /shared/data/standards-cn/SOURCE.md. Administrations are the historical ones.
NATIONAL_PREFIXES: dict[str, str] = {
    "GB": "national",
    "GBn": "confidential",
    "GJB": "military",
    "GSB": "physical",
}
SECTOR_PREFIXES: dict[str, tuple[str, str]] = {
    "NY": ("agriculture", "农业部"),
    "SC": ("aquatic", "农业部"),
    "SL": ("water_resources", "水利部"),
    "QB": ("light_industry", "国家发改委"),
    "FZ": ("textile", "国家发改委"),
    "YY": ("medicine", "国家食品药品监督管理局"),
    "MZ": ("civil_affairs", "民政部"),
    "JY": ("education", "教育部"),
    "YC": ("tobacco", "国家烟草专卖局"),
    "YB": ("ferrous_metallurgy", "国家发改委"),
    "YS": ("nonferrous_metallurgy", "国家发改委"),
    "SY": ("natural_gas", "国家发改委"),
    "HG": ("chemical_industry", "国家发改委"),
    "SH": ("petrochemical", "国家发改委"),
    "JC": ("building_materials", "国家发改委"),
    "DZ": ("geological", "国土资源部"),
    "TD": ("land_management", "国土资源部"),
    "CH": ("surveying", "国家测绘局"),
    "JB": ("mechanical", "国家发改委"),
    "QC": ("automotile", "国家发改委"),
    "MH": ("civil_aviation", "中国民航管理总局"),
    "WJ": ("ordnance", "国防科学工业委员会"),
    "CB": ("ships", "国防科学工业委员会"),
    "HB": ("aviation", "国防科学工业委员会"),
    "QJ": ("aerospace", "国防科学工业委员会"),
    "EJ": ("nuclear_industry", "国防科学工业委员会"),
    "TB": ("rail_transport", "铁道部"),
    "JT": ("traffic", "交通部"),
    "LD": ("work_safety", "劳动和社会保障部"),
    "SJ": ("electronics", "信息产业部"),
    "YD": ("communication", "信息产业部"),
    "GY": ("media", "国家广播电视总局"),
    "DY": ("film", "国家电影局"),
    "DL": ("electricity", "国家发改委"),
    "JR": ("financial", "中国人民银行"),
    "HY": ("oceanic", "国家海洋局"),
    "DA": ("archiving", "国家档案局"),
    "SN": ("inspection", "国家质量监督检验检疫总局"),
    "WH": ("culture", "文化部"),
    "TY": ("sports", "国家体育总局"),
    "SB": ("business", "商务部"),
    "WB": ("materials_management", "国家发改委"),
    "HJ": ("environment_protection", "国家环境保护总局"),
    "XB": ("rare_earth", "国家发改委稀土办公室"),
    "CJ": ("town_construction", "建设部"),
    "JG": ("construction_industry", "建设部"),
    "CY": ("news_publishing", "国家新闻出版总署"),
    "MT": ("coal", "国家发改委"),
    "WS": ("health", "卫生部"),
    "GA": ("public_safety", "公安部"),
    "BB": ("packaging", "国家发改委"),
    "DB": ("seismology", "中国地震局"),
    "LB": ("tourism", "国家旅游局"),
    "QX": ("meteorological", "中国气象局"),
    "WM": ("foreign_trade", "外经贸部科技司"),
    "HS": ("customs", "海关总署"),
    "YZ": ("postal", "国家邮政局"),
    "GM": ("cryptography", "国家密码管理局"),
    "AQ": ("production_safety", "国家安全生产管理局"),
    "GH": ("supply_marketing", "中华全国供销合作总社"),
    "LS": ("food", "国家粮食局"),
    "TJ": ("railway_traffic", "铁道部标准所"),
    "ZY": ("chinese_medicine", "国家中医药管理局"),
    # Not in the relaton list, added because NQI data uses them (RB/T 214-2017 in curated_standards.csv).
    "RB": ("certification_accreditation", "国家认证认可监督管理委员会"),
    "NB": ("energy", "国家能源局"),
    "XF": ("fire_rescue", "应急管理部"),
}
# Metrology technical specifications and verification regulations (国家计量技术规范 / 检定规程).
METROLOGY_PREFIXES: dict[str, str] = {"JJF": "metrology_specification", "JJG": "verification_regulation"}
