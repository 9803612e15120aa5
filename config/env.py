"""The only module that reads the process environment.

Every setting NQI Hub takes from outside is named here with its default, so an operator can see the whole
surface on one screen (ARCHITECTURE.md §1, "settings from the environment").
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NQI_VAR_DIR", BASE_DIR / "var"))


def flag(name: str, default: bool = False) -> bool:
    """Read a boolean environment flag: 1/true/yes/on are true, anything else false."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def secret_key() -> str:
    """NQI_SECRET_KEY, or a key generated once and kept under var/ so sessions survive restarts."""
    key = os.environ.get("NQI_SECRET_KEY")
    if key:
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Several processes may start at once (gunicorn's workers, the job worker): the key is written whole
        # under a private name and linked into place, so exactly one key wins and none reads a partial file.
        draft = VAR_DIR / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def database_url() -> str:
    default = f"sqlite:///{VAR_DIR / 'nqi.sqlite3'}"
    return os.environ.get("NQI_DATABASE_URL", default)
