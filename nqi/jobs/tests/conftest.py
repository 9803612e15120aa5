import pytest

from nqi.jobs.registry import JobFailed, JobKind, _kinds, register


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploads, reports and the SQLite progress board of each test live in its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NQI_JOBS_PROGRESS_FILE = tmp_path / "progress.sqlite3"


def _toy(context):
    mode = context.payload.get("mode", "ok")
    context.report(1, 2, "half way")
    if mode == "refuse":
        raise JobFailed("数据不完整：缺少第 3 行。", result={"rows": [3]})
    if mode == "crash":
        raise ValueError("boom")
    context.report(2, 2, "done")
    return {"echo": context.payload.get("value"), "actor": context.actor.username}


def _authorize(actor, payload):
    from nqi.core.errors import PermissionDenied

    if payload.get("forbidden"):
        raise PermissionDenied("不允许")


@pytest.fixture
def toy_kind():
    """A registered job kind `toy` whose payload says whether it succeeds, refuses or crashes."""
    kind = register(JobKind(key="toy", label="玩具任务", handler=_toy, authorize=_authorize))
    yield kind
    _kinds.pop("toy", None)
