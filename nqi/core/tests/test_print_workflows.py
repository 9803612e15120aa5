"""`nqi print_workflows`: one Markdown page per registered workflow, stable output, a --check mode."""

import io

import pytest
from django.core.management import CommandError, call_command

from nqi.core.workflow import all_workflows


def _run(*args, **options):
    out = io.StringIO()
    call_command("print_workflows", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_writes_every_registered_workflow(tmp_path):
    _run(output=str(tmp_path))
    assert {p.stem for p in tmp_path.glob("*.md")} == {w.name for w in all_workflows()}
    page = (tmp_path / "enterprise_claim.md").read_text(encoding="utf-8")
    assert "```mermaid\nstateDiagram-v2" in page
    assert "[*] --> submitted" in page
    assert (
        "| `reject` | 不予通过 | 待核验 (`submitted`) | 未通过 (`rejected`) | `enterprises.verify_enterpriseclaim` | ✔ |"
        in page
    )
    assert "`enterprise_is_active`<br>`claimant_is_active`" in page


def test_output_is_stable_and_check_finds_stale_files(tmp_path):
    with pytest.raises(CommandError):
        _run("--check", output=str(tmp_path))
    assert not list(tmp_path.glob("*.md"))
    _run(output=str(tmp_path))
    assert "0 updated" in _run(output=str(tmp_path))
    assert "0 stale" in _run("--check", output=str(tmp_path))
    page = tmp_path / "enterprise_claim.md"
    page.write_text(page.read_text(encoding="utf-8").replace("不予通过", "驳回"), encoding="utf-8")
    with pytest.raises(CommandError, match="enterprise_claim.md"):
        _run("--check", output=str(tmp_path))
