# shellcheck shell=bash
# apt_quiet ARGS...: apt-get ARGS quietly, waiting for apt's lock when another process holds it
# (an unattended upgrade, another install) instead of failing; its output is shown only when it
# fails for another reason. Sourced by scripts/install.sh. APT_WAIT_SECONDS (default 600) bounds
# the wait, checked every APT_WAIT_STEP seconds (5); APT_GET names the program (a test stands
# a fake one in).
apt_quiet() {
  local waited=0 out
  local limit=${APT_WAIT_SECONDS:-600} step=${APT_WAIT_STEP:-5}
  while :; do
    if out=$(DEBIAN_FRONTEND=noninteractive "${APT_GET:-apt-get}" -o DPkg::Lock::Timeout="$limit" -qq "$@" 2>&1); then
      return 0
    fi
    if grep -qiE "could not get lock|unable to acquire the dpkg frontend lock|is another process using it" <<<"$out" \
        && [ "$waited" -lt "$limit" ]; then
      [ "$waited" -eq 0 ] && echo "waiting for apt's lock (held by another process)..." >&2
      sleep "$step"
      waited=$((waited + step))
      continue
    fi
    printf '%s\n' "$out" >&2
    return 1
  done
}
