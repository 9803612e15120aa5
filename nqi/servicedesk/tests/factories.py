"""Test data for the one-stop window, built through the real services (never raw .create)."""

from __future__ import annotations

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from nqi.accounts import services as account_services
from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.uscc import with_check_chars
from nqi.enterprises.services import enterprise_link_organization
from nqi.enterprises.tests.factories import make_enterprise
from nqi.institutions import services as institution_services
from nqi.institutions.choices import InstitutionKind
from nqi.regions.models import Region
from nqi.servicedesk.choices import DocumentKind, ServiceDomain, StaffRole
from nqi.servicedesk.services import platforms

_serial = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "材料.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_institution(system, kind=InstitutionKind.TESTING_LAB, region="330402", name=None, with_org=False):
    n = next(_serial)
    data = {
        "kind": kind,
        "name": name or f"测试机构{n}",
        "uscc": with_check_chars(f"12{region[:6]}MB{n:06d}"),
        "region": region,
    }
    if kind == InstitutionKind.TESTING_LAB:
        data |= {
            "cma_number": f"2211{n:08d}",
            "cma_valid_from": "2022-01-01",
            "cma_valid_until": "2030-01-01",
        }
    institution = institution_services.institution_create(actor=system, data=data)
    if with_org:
        org = account_services.organization_create(
            actor=system, kind=OrganizationKind.INSTITUTION, name=institution.name
        )
        institution = institution_services.institution_link_organization(
            actor=system, institution=institution, organization=org
        )
    return institution


class Desk:
    """One platform with a host, two labs (one with users) and a standards institute, plus its catalog."""

    def __init__(self, system, make_member, region="330402"):
        self.system = system
        self.host = make_institution(system, InstitutionKind.PLATFORM_HOST, region)
        self.lab = make_institution(system, InstitutionKind.TESTING_LAB, region, with_org=True)
        self.lab2 = make_institution(system, InstitutionKind.TESTING_LAB, region, with_org=True)
        self.standards = make_institution(system, InstitutionKind.STANDARDS_INSTITUTE, region, with_org=True)
        self.outsider = make_institution(system, InstitutionKind.TESTING_LAB, region, with_org=True)
        self.platform = platforms.platform_create(
            actor=system,
            data={
                "code": f"P{next(_serial)}",
                "name": "测试压缩机一站式服务平台",
                "host": self.host,
                "region": Region.objects.get(pk=region),
                "opening_hours": "工作日 9:00–12:00，13:30–17:30",
            },
            participants=[self.lab, self.lab2, self.standards],
        )
        self.testing, self.drafting = platforms.serviceitem_bulk_create(
            actor=system,
            platform=self.platform,
            rows=[
                (
                    {
                        "code": "T01",
                        "domain": ServiceDomain.TESTING,
                        "name": "压缩机能效委托检验",
                        "is_free": False,
                        "fee_note": "按检验机构收费标准",
                        "promised_working_days": 5,
                        "required_documents": [DocumentKind.BUSINESS_LICENCE, DocumentKind.TEST_COMMISSION],
                    },
                    [self.lab, self.lab2],
                ),
                (
                    {
                        "code": "S01",
                        "domain": ServiceDomain.STANDARDS,
                        "name": "企业标准编制辅导",
                        "promised_working_days": 10,
                        "required_documents": [DocumentKind.BUSINESS_LICENCE],
                    },
                    [self.standards],
                ),
            ],
        )
        self.clerk = make_member(OrganizationKind.BUREAU, Role.WINDOW, "330400")
        platforms.platformstaff_assign(
            actor=system, platform=self.platform, user=self.clerk, role=StaffRole.CLERK
        )
        self.manager = make_member(OrganizationKind.BUREAU, Role.WINDOW, "330400")
        platforms.platformstaff_assign(
            actor=system, platform=self.platform, user=self.manager, role=StaffRole.MANAGER
        )
        self.enterprise = make_enterprise(system, "330402")
        org = account_services.organization_create(
            actor=system, kind=OrganizationKind.ENTERPRISE, name=self.enterprise.name
        )
        self.enterprise = enterprise_link_organization(
            actor=system, enterprise=self.enterprise, organization=org
        )
        self.owner = make_member(OrganizationKind.ENTERPRISE, Role.OWNER, organization=org)
        self.lab_user = make_member(
            OrganizationKind.INSTITUTION, Role.ANALYST, organization=self.lab.organization
        )
        self.lab2_user = make_member(
            OrganizationKind.INSTITUTION, Role.MANAGER, organization=self.lab2.organization
        )
        self.standards_user = make_member(
            OrganizationKind.INSTITUTION, Role.MANAGER, organization=self.standards.organization
        )
        self.outsider_user = make_member(
            OrganizationKind.INSTITUTION, Role.MANAGER, organization=self.outsider.organization
        )

    def uploads(self, *kinds):
        return {kind: pdf(f"{kind}.pdf") for kind in kinds}
