"""Settings read from the environment: the generated secret key."""

import multiprocessing

from config import env


def _read_key(var_dir, barrier, keys):
    env.VAR_DIR = var_dir
    barrier.wait()
    keys.put(env.secret_key())


def test_processes_starting_together_share_one_secret_key(tmp_path):
    """Gunicorn's workers and the job worker may all generate the key on a fresh var/ at once: they must all
    end with the same key (else a session signed by one worker is refused by the next), none with a partial
    file, and no draft is left behind."""
    context = multiprocessing.get_context("fork")
    starters = 12
    barrier, keys = context.Barrier(starters), context.Queue()
    processes = [context.Process(target=_read_key, args=(tmp_path, barrier, keys)) for _ in range(starters)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(30)
    found = {keys.get(timeout=5) for _ in processes}
    assert len(found) == 1
    assert len(found.pop()) >= 50
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
