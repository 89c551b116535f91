#!/usr/bin/env bash
# Install Frontier Review Desk from this offline bundle: no network, no package index.
#
#   ./install.sh [--venv DIR]      (default DIR: $HOME/.local/share/reviewer-app/venv)
#
# Order matters: every file of the bundle is checked against SHA256SUMS FIRST;
# if one check fails, or a wheel is not listed there, nothing is installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${REVIEWER_APP_VENV:-$HOME/.local/share/reviewer-app/venv}"
while [ $# -gt 0 ]; do
  case "$1" in
    --venv) venv="$2"; shift 2 ;;
    --venv=*) venv="${1#--venv=}"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

fail() { echo "install.sh: $*" >&2; echo "install.sh: nothing was installed." >&2; exit 1; }

# 1. Checksums, before anything else touches the bundle's files.
cd "$here"
[ -f SHA256SUMS ] || fail "SHA256SUMS is missing: this bundle cannot be checked."
command -v sha256sum >/dev/null || fail "sha256sum (coreutils) is needed to check the bundle."
echo "Checking the bundle against SHA256SUMS (sha256 of SHA256SUMS itself: $(sha256sum SHA256SUMS | cut -c1-64))"
if ! report="$(LC_ALL=C sha256sum --strict -c SHA256SUMS 2>&1)"; then
  bad="$(printf '%s\n' "$report" | grep -v ': OK$' | sed 's/^/  /')"
  fail "checksum verification FAILED: the bundle is damaged or was altered:
$bad
Copy the bundle again from its source and compare SHA256SUMS with the published value."
fi
# A wheel that SHA256SUMS does not list would still be picked up by pip: refuse it.
for f in wheels/*; do
  [ -e "$f" ] || fail "the bundle holds no wheels/ folder."
  awk -v f="$f" '$2 == f { found = 1 } END { exit !found }' SHA256SUMS || fail "checksum verification FAILED: $f is not listed in SHA256SUMS."
done
echo "All $(wc -l < SHA256SUMS) files match SHA256SUMS."

# 2. Python 3.11 and its venv module.
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PY="$candidate"; break
    fi
  done
fi
[ -n "$PY" ] || fail "Python 3.11 is needed (set PYTHON=/path/to/python3.11)."
"$PY" -c 'import venv, ensurepip' 2>/dev/null ||
  fail "$PY cannot make virtual environments: install the Debian package python3.11-venv."

# 3. Qt's libraries (only the window needs them; headless commands work without).
if command -v dpkg-query >/dev/null && [ -f debian-packages.txt ]; then
  missing=""
  for p in $(grep -v '^#' debian-packages.txt); do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "Note: the window needs these Debian packages, not installed here:$missing" >&2
    echo "      (install them from your offline Debian mirror: apt-get install$missing)" >&2
  fi
fi

# 4. The virtual environment, from the bundle's wheels alone.
echo "Installing into $venv"
"$PY" -m venv "$venv"
# --isolated and PIP_CONFIG_FILE=/dev/null: no pip configuration of this machine
# (an extra index, find-links, constraints) can add a source besides the bundle.
# The dependencies are exactly the lock's (requirements.txt, every wheel checked
# against its sha256 there); then our own wheel, checked by SHA256SUMS above.
pip_install() {
  PIP_CONFIG_FILE=/dev/null "$venv/bin/python" -m pip --isolated install --quiet \
    --disable-pip-version-check --no-index --find-links "$here/wheels" "$@"
}
pip_install --require-hashes --only-binary=:all: -r "$here/requirements.txt"
pip_install --no-deps "$here"/wheels/reviewer_app-*.whl
echo "Installed: $("$venv/bin/reviewer-app" --version 2>/dev/null || echo reviewer-app)"
echo "Run it:    $venv/bin/reviewer-app --demo   (or --workspace DIR)"
