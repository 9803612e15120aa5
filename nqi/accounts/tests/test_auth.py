import pyotp
import pytest
from django.core.cache import cache
from django.urls import reverse

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.models import TotpDevice
from nqi.accounts.services import user_create

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-Horse-42"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def officer(system, make_member):
    user = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330400")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def admin(system, make_member):
    user = make_member(OrganizationKind.BUREAU, Role.ADMIN, "330400")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_and_logout(client, officer):
    assert _login(client, officer.username).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_throttle_after_repeated_failures(client, officer, settings):
    settings.NQI_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert "不正确" in _login(client, officer.username, "wrong").content.decode()
    locked = _login(client, officer.username)  # even the right password is refused while locked
    assert "次数过多" in locked.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_system_actor_cannot_sign_in(client, system):
    assert "不正确" in _login(client, "system", "anything").content.decode()


def test_open_redirect_is_refused(client, officer):
    response = client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_admin_must_pass_totp_before_any_page(client, admin):
    response = _login(client, admin.username)
    assert reverse("accounts:two_factor") in response["Location"]
    assert reverse("accounts:two_factor") in client.get(reverse("enterprises:enterprise_list"))["Location"]
    page = client.get(reverse("accounts:two_factor"))
    secret = page.context["secret"]
    bad = client.post(reverse("accounts:two_factor"), {"code": "000000"})
    assert bad.status_code == 200 and bad.context["form"].errors
    good = client.post(reverse("accounts:two_factor"), {"code": pyotp.TOTP(secret).now()})
    assert good.status_code == 302
    assert client.get(reverse("enterprises:enterprise_list")).status_code == 200
    assert TotpDevice.objects.get(user=admin).confirmed_at is not None


def test_totp_code_cannot_be_replayed(client, admin):
    _login(client, admin.username)
    secret = client.get(reverse("accounts:two_factor")).context["secret"]
    code = pyotp.TOTP(secret).now()
    assert client.post(reverse("accounts:two_factor"), {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    _login(client, admin.username)
    replay = client.post(reverse("accounts:two_factor"), {"code": code})
    assert replay.status_code == 200


def test_api_token_page_shows_secret_once_and_stores_digest(client, officer):
    client.force_login(officer)
    response = client.post(reverse("accounts:apitoken_list"), {"name": "ERP 对接"})
    secret = response.context["new_secret"]
    assert secret.startswith("nqi_")
    token = officer.api_tokens.get()
    assert secret not in (token.digest, token.prefix) and len(token.digest) == 64
    assert secret not in client.get(reverse("accounts:apitoken_list")).content.decode()


def test_weak_password_is_refused(system):
    from nqi.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as caught:
        user_create(actor=system, username="weak", password="12345678")
    assert "password" in caught.value.errors
