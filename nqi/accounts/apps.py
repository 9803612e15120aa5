from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Who a user is and which organizations they act for, in which role."""

    name = "nqi.accounts"
    label = "accounts"
    verbose_name = "账号与组织"
