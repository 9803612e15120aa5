from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only, hash-chained record of every write."""

    name = "nqi.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self):
        from nqi.audit import services
        from nqi.core import auditing

        auditing.register_recorder(services.auditevent_record, services.auditevent_record_many)
