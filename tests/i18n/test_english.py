"""English must be complete: every source string (Simplified Chinese) has a reviewed English translation.

Rules checked here (house rule: Chinese is the source language, English comes from ``locale/en``):

* every ``msgid`` in ``locale/en/LC_MESSAGES/django.po`` has a non-empty ``msgstr`` (all plural forms);
* no entry is marked ``#, fuzzy`` (a fuzzy entry is skipped by msgfmt, so the page would show Chinese);
* translations keep the placeholders of the source exactly (``%(n)s``, ``{0}``, HTML tags);
* the committed ``django.mo`` holds exactly the messages of the ``.po`` (it was recompiled after the last edit),
  compared by content, not by file time, so a fresh checkout without GNU gettext still serves English;
* canonical glossary terms (docs/glossary.md) are rendered with their canonical English.

Parsing uses a few lines of code instead of polib so the test runs on any machine.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

PLACEHOLDER = re.compile(r"%\([A-Za-z_0-9]+\)[sdfr]|%[sdfr]|\{[A-Za-z_0-9]*\}|</?[a-zA-Z][^>]*>")
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    def where(self) -> str:
        return f"django.po:{self.line} {self.msgid!r}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[Entry]:
    """Read the entries of a .po file (obsolete ``#~`` entries are ignored)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    pending_flags: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
                current = Entry(line=number, flags=pending_flags)
                entries.append(current)
                pending_flags = set()
            assert current is not None, f"django.po:{number}: {keyword} before msgid"
            if keyword.startswith("msgstr"):
                slot = int(index) if index is not None else 0
                current.msgstr[slot] = value
                target = ("msgstr", slot)
            else:
                setattr(current, keyword, value)
                target = (keyword, None)
            continue
        if line.startswith('"') and current is not None and target is not None:
            name, slot = target
            if name == "msgstr":
                current.msgstr[slot] += _unquote(line)
            else:
                setattr(current, name, getattr(current, name) + _unquote(line))
            continue
        raise AssertionError(f"django.po:{number}: cannot parse {raw!r}")
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO_PATH.exists(), "locale/en/LC_MESSAGES/django.po is missing"
    return parse_po(PO_PATH)


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    return [e for e in entries if e.msgid != ""]


def test_header_declares_english_plural_forms(entries):
    header = next(e for e in entries if e.msgid == "")
    assert "fuzzy" not in header.flags, "the header is fuzzy: msgfmt would ignore Plural-Forms"
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_catalogue_is_not_empty(messages):
    assert len(messages) > 100


def test_every_message_is_translated(messages):
    untranslated = [
        e.where() for e in messages if not e.msgstr or any(not text.strip() for text in e.msgstr.values())
    ]
    assert not untranslated, f"{len(untranslated)} untranslated messages:\n" + "\n".join(untranslated[:50])


def test_no_fuzzy_messages(messages):
    fuzzy = [e.where() for e in messages if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy messages need review:\n" + "\n".join(fuzzy[:50])


def test_plural_messages_have_both_english_forms(messages):
    broken = [e.where() for e in messages if e.msgid_plural is not None and set(e.msgstr) != {0, 1}]
    assert not broken, "plural messages need msgstr[0] and msgstr[1]:\n" + "\n".join(broken)


def test_no_chinese_left_in_translations(messages):
    han = re.compile(r"[\u4e00-\u9fff]")
    leftover = [e.where() for e in messages if any(han.search(t) for t in e.msgstr.values())]
    assert not leftover, "translations still contain Chinese:\n" + "\n".join(leftover[:50])


def test_translations_keep_placeholders(messages):
    broken = []
    for e in messages:
        expected = sorted(PLACEHOLDER.findall(e.msgid))
        for slot, text in e.msgstr.items():
            if sorted(PLACEHOLDER.findall(text)) != expected:
                broken.append(f"{e.where()} msgstr[{slot}]={text!r}")
    assert not broken, "placeholders differ from the source:\n" + "\n".join(broken[:50])


def test_compiled_catalogue_matches_po(messages):
    """django.mo must be recompiled after every .po change (compare content: git does not keep mtimes)."""
    assert MO_PATH.exists(), "run: python manage.py compilemessages -l en"
    with MO_PATH.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # the parsed message table
    expected: dict[object, str] = {}
    for e in messages:
        if e.msgid_plural is None:
            expected[e.key] = e.msgstr.get(0, "")
        else:
            for slot, text in e.msgstr.items():
                expected[(e.key, slot)] = text
    compiled = {k: v for k, v in catalog.items() if k != ""}
    missing = sorted(str(k) for k in expected.keys() - compiled.keys())
    stale = sorted(str(k) for k in compiled.keys() - expected.keys())
    changed = sorted(str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    problems = missing[:20] + stale[:20] + changed[:20]
    assert not (missing or stale or changed), (
        f"django.mo is out of date (missing {len(missing)}, stale {len(stale)}, changed {len(changed)}); "
        "run: python manage.py compilemessages -l en\n" + "\n".join(problems)
    )


# Canonical English of glossary terms (docs/glossary.md): an exact msgid must render this way.
GLOSSARY = [
    ("统一社会信用代码", "Unified Social Credit Code"),
    ("特色产业", "Featured industry"),
    ("质量管家", "Quality housekeeper"),
    ("监督抽查", "Supervisory spot checks"),
    ("行政区划", "Administrative division"),
    ("企业认领", "Enterprise claims"),
    ("领跑者", "Forerunner"),
    ("分级分类监管", "Graded and classified supervision"),
    ("工作日", "Working day"),
    ("执行标准", "Standard applied"),
    ("一站式服务", "One-stop service"),
    ("对标达标", "Benchmarking"),
    ("双随机抽取", "Double-random draw"),
]


@pytest.mark.parametrize(("source", "english"), GLOSSARY)
def test_glossary_terms_render_in_english(source, english):
    with translation.override("en"):
        assert translation.gettext(source) == english
    with translation.override("zh-hans"):
        assert translation.gettext(source) == source


def test_plural_forms_select_by_count():
    source = "%(n)d 个工作日后到期"
    with translation.override("en"):
        assert translation.ngettext(source, source, 1) % {"n": 1} == "Due in 1 working day"
        assert translation.ngettext(source, source, 3) % {"n": 3} == "Due in 3 working days"
