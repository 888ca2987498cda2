"""scripts/install.sh waits for apt's lock instead of failing, and apt's output shows only on a
failure (scripts/apt-quiet.sh, run with a stand-in apt-get that reports the lock held)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FAKE_APT = """#!/usr/bin/env bash
n=$(cat "$COUNT" 2>/dev/null || echo 0); echo $((n + 1)) > "$COUNT"
echo "$*" >> "$CALLS"
if [ "$n" -lt "$HELD" ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
[ "$FAIL" = 1 ] && { echo "E: Unable to locate package nosuch" >&2; exit 100; }
echo "Reading package lists..."
exit 0
"""


def _run(tmp_path: Path, held: int, fail: bool = False, limit: int = 30) -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "apt-get"
    fake.write_text(FAKE_APT)
    fake.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "APT_GET": str(fake), "COUNT": str(tmp_path / "count"),
           "CALLS": str(tmp_path / "calls"), "HELD": str(held), "FAIL": "1" if fail else "0",
           "APT_WAIT_STEP": "1", "APT_WAIT_SECONDS": str(limit)}
    return subprocess.run(["bash", "-c", f"source {ROOT / 'scripts' / 'apt-quiet.sh'}; apt_quiet install -y x"],
                          capture_output=True, text=True, env=env, timeout=120)


def test_waits_for_the_lock_then_installs_quietly(tmp_path: Path) -> None:
    res = _run(tmp_path, held=2)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "" and res.stderr.strip() == "waiting for apt's lock (held by another process)..."
    assert (tmp_path / "count").read_text().strip() == "3"
    assert "DPkg::Lock::Timeout=30" in (tmp_path / "calls").read_text()


def test_gives_up_after_the_wait_and_shows_why(tmp_path: Path) -> None:
    res = _run(tmp_path, held=100, limit=2)
    assert res.returncode == 1 and "Could not get lock" in res.stderr


def test_other_failures_are_shown_at_once(tmp_path: Path) -> None:
    res = _run(tmp_path, held=0, fail=True)
    assert res.returncode == 1 and "Unable to locate package nosuch" in res.stderr
    assert (tmp_path / "count").read_text().strip() == "1"


def test_install_script_uses_it_and_keeps_pip_quiet() -> None:
    script = (ROOT / "scripts" / "install.sh").read_text()
    assert "source scripts/apt-quiet.sh" in script and "apt-get" not in script.replace("apt-get ARGS", "")
    assert '>"$log" 2>&1' in script
