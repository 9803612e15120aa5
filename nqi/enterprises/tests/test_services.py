import pytest

from nqi.audit.models import AuditEvent
from nqi.core.errors import Conflict, PermissionDenied, ValidationFailed
from nqi.enterprises import services
from nqi.enterprises.models import Enterprise
from nqi.enterprises.tests.factories import enterprise_data, make_enterprise, valid_uscc

pytestmark = pytest.mark.django_db


class TestEnterpriseCreate:
    def test_derives_region_from_uscc_and_audits(self, city_officer):
        enterprise = make_enterprise(city_officer, "330421")
        assert enterprise.region_id == "330421"
        assert not enterprise.region_overridden
        event = AuditEvent.objects.get(
            event_type="enterprises.enterprise_created", target_id=str(enterprise.pk)
        )
        assert event.actor_id == city_officer.pk
        assert event.after["uscc"] == enterprise.uscc

    def test_township_inside_uscc_division_is_not_an_override(self, city_officer):
        enterprise = make_enterprise(city_officer, "330402", region="330402100")
        assert enterprise.region_id == "330402100" and not enterprise.region_overridden

    def test_region_outside_uscc_division_is_an_override(self, city_officer):
        enterprise = make_enterprise(city_officer, "330421", region="330402100")
        assert enterprise.region_overridden

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"uscc": "91330402MA0000001X"}, "uscc"),
            ({"uscc": "123"}, "uscc"),
            ({"region": "999999"}, "region"),
            ({"industry": "9999"}, "industry"),
            ({"name": ""}, "name"),
            ({"scale": "huge"}, "scale"),
            ({"founded_on": "2010-13-01"}, "founded_on"),
            ({"contact_phone": "call me"}, "contact_phone"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, city_officer, overrides, field):
        before = Enterprise.objects.count(), AuditEvent.objects.count()
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_create(actor=city_officer, data=enterprise_data(**overrides))
        assert field in caught.value.errors
        assert (Enterprise.objects.count(), AuditEvent.objects.count()) == before

    def test_duplicate_uscc_refused(self, city_officer):
        code = valid_uscc()
        make_enterprise(city_officer, uscc=code)
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_create(actor=city_officer, data=enterprise_data(uscc=code.lower()))
        assert "uscc" in caught.value.errors

    def test_district_officer_cannot_register_outside_jurisdiction(self, nanhu_officer):
        with pytest.raises(PermissionDenied):
            make_enterprise(nanhu_officer, "330421")
        assert make_enterprise(nanhu_officer, "330402").region_id == "330402"

    def test_leader_cannot_register(self, city_leader):
        with pytest.raises(PermissionDenied):
            make_enterprise(city_leader)


class TestEnterpriseUpdate:
    def test_records_only_changed_fields(self, city_officer):
        enterprise = make_enterprise(city_officer)
        updated = services.enterprise_update(
            actor=city_officer, enterprise=enterprise, data={"address": "新地址 1 号"}
        )
        assert updated.version == 2
        event = AuditEvent.objects.filter(event_type="enterprises.enterprise_updated").latest("id")
        assert event.before == {"address": ""} and event.after == {"address": "新地址 1 号"}

    def test_stale_version_conflicts(self, city_officer):
        enterprise = make_enterprise(city_officer)
        services.enterprise_update(
            actor=city_officer, enterprise=enterprise, data={"address": "A"}, expected_version=1
        )
        with pytest.raises(Conflict):
            services.enterprise_update(
                actor=city_officer, enterprise=enterprise, data={"address": "B"}, expected_version=1
            )

    def test_cannot_move_enterprise_out_of_own_jurisdiction(self, nanhu_officer):
        enterprise = make_enterprise(nanhu_officer, "330402")
        with pytest.raises(PermissionDenied):
            services.enterprise_update(actor=nanhu_officer, enterprise=enterprise, data={"region": "330421"})
        assert Enterprise.objects.get(pk=enterprise.pk).region_id == "330402"


class TestBulkCreate:
    def test_all_or_nothing_with_row_numbers(self, city_officer):
        rows = [
            enterprise_data(),
            enterprise_data(uscc="bad"),
            enterprise_data(),
            enterprise_data(industry="0000"),
        ]
        with pytest.raises(services.BulkValidationFailed) as caught:
            services.enterprise_bulk_create(actor=city_officer, rows=rows)
        assert set(caught.value.row_errors) == {2, 4}
        assert Enterprise.objects.filter(uscc__in=[r["uscc"] for r in rows]).count() == 0

    def test_duplicate_within_batch(self, city_officer):
        row = enterprise_data()
        with pytest.raises(services.BulkValidationFailed) as caught:
            services.enterprise_bulk_create(actor=city_officer, rows=[row, dict(row)])
        assert set(caught.value.row_errors) == {2}

    def test_creates_and_chains_audit(self, city_officer):
        created = services.enterprise_bulk_create(
            actor=city_officer, rows=[enterprise_data() for _ in range(5)]
        )
        assert len(created) == 5 and all(e.pk for e in created)
        ids = {str(e.pk) for e in created}
        assert (
            AuditEvent.objects.filter(event_type="enterprises.enterprise_created", target_id__in=ids).count()
            == 5
        )


class TestProducts:
    def test_enterprise_staff_manage_own_products_only(self, city_officer, make_member):
        from nqi.accounts.choices import OrganizationKind, Role

        own = make_enterprise(city_officer)
        other = make_enterprise(city_officer)
        staff = make_member(OrganizationKind.ENTERPRISE, Role.STAFF)
        own = services.enterprise_link_organization(
            actor=city_officer, enterprise=own, organization=staff.memberships.get().organization
        )
        product = services.product_create(
            actor=staff, enterprise=own, data={"name": "压缩机", "standard_code": "GB/T 9098—2021"}
        )
        assert product.enterprise_id == own.pk
        with pytest.raises(PermissionDenied):
            services.product_create(actor=staff, enterprise=other, data={"name": "x"})
        with pytest.raises(ValidationFailed):
            services.product_create(actor=staff, enterprise=own, data={"name": ""})
