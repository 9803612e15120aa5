"""Live requests of the demo enterprise, made through the real services so every role has work to click:
one waiting for the window, one routed to two providers, one where the lab waits for the enterprise."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from nqi.accounts.models import User
from nqi.servicedesk.choices import DocumentKind
from nqi.servicedesk.services import requests, tasks

PDF = b"%PDF-1.4\n% NQI Hub demo upload\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_live(context, platform) -> None:
    from nqi.enterprises.models import Enterprise

    if context.made.get("demo_enterprise") is None:
        return
    enterprise = Enterprise.objects.get(pk=context.made["demo_enterprise"].pk)
    owner, window = User.objects.get(username="ent_owner"), User.objects.get(username="window")
    lab_user, std_user = User.objects.get(username="lab_manager"), User.objects.get(username="std_expert")
    items = {i.code: i for i in platform.items.all()}
    lab = next(p for p in items["JC01"].providers.all() if p.name == "嘉兴市质量检验检测研究院")
    standards = next(p for p in items["BZ01"].providers.all() if p.name == "嘉兴市标准化研究院")
    uploads = {
        DocumentKind.TEST_COMMISSION: _pdf("检验委托单.pdf"),
        DocumentKind.PRODUCT_INFO: _pdf("压缩机产品说明.pdf"),
        DocumentKind.PRODUCT_STANDARD: _pdf("Q-JXDH 001-2026 企业标准.pdf"),
    }
    requests.servicerequest_submit(
        actor=owner,
        enterprise=enterprise,
        platform=platform,
        item_ids=[items["JC01"].pk, items["BZ01"].pk],
        data={
            "title": "变频压缩机能效检验及企业标准自我声明",
            "description": "新款变频压缩机上市前能效检验，并辅导企业标准公开。",
        },
        uploads=uploads,
    )
    routed = requests.servicerequest_submit(
        actor=owner,
        enterprise=enterprise,
        platform=platform,
        item_ids=[items["ZL01"].pk, items["BZ02"].pk],
        data={"title": "噪声超标问题诊断与对标分析", "priority": "urgent"},
    )
    requests.servicerequest_transition(actor=window, request=routed, name="accept")
    tasks.servicerequest_route(
        actor=window,
        request=routed,
        assignments=[(items["ZL01"].pk, lab.pk, "上门诊断噪声问题"), (items["BZ02"].pk, standards.pk, "")],
    )
    waiting = requests.servicerequest_submit(
        actor=owner,
        enterprise=enterprise,
        platform=platform,
        item_ids=[items["JC01"].pk],
        data={"title": "出口批次压缩机委托检验"},
    )
    requests.servicerequest_transition(actor=window, request=waiting, name="accept")
    tasks.servicerequest_route(actor=window, request=waiting, assignments=[(items["JC01"].pk, lab.pk, "")])
    task = waiting.tasks.get()
    task = tasks.servicetask_transition(actor=lab_user, task=task, name="accept")
    tasks.servicetask_transition(
        actor=lab_user, task=task, name="request_info", comment="请补充出口目的国标准要求及样品 3 台。"
    )
    context.log(f"  live demo requests for {enterprise.name}; providers {lab_user}, {std_user}")
