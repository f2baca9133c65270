"""Starting and stopping headless Chromium for the browser tests (the
portal's driver in tests/portal and the XSS suite's in tests/xss): a fresh
profile each time, and nothing left behind."""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time


def start(binary, args, prefix):
    """Starts `binary` with a new profile (a temporary folder named
    `prefix`...) and `args` after it; returns (process, profile)."""
    profile = tempfile.mkdtemp(prefix=prefix)
    proc = subprocess.Popen(
        [binary, f"--user-data-dir={profile}", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    return proc, profile


def stop(proc, profile):
    """Stops the browser and removes its profile."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # its helper processes (in the session start() made) can outlive it and
    # still write into the profile: stop them, then remove the profile,
    # again while files reappear
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    for _ in range(50):
        shutil.rmtree(profile, ignore_errors=True)
        if not os.path.exists(profile):
            break
        time.sleep(0.1)
