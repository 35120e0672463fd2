#!/usr/bin/env bash
# Installs what Thresig needs to build and test: the C libraries (Debian -dev packages)
# and a Python venv with the independent implementations the tests cross-check against.
# Idempotent: when everything is present it only checks, in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libgmp-dev libssl-dev libsodium-dev pkg-config python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-venv is only needed when the interpreter lacks ensurepip (Debian's own python).
if [ ${#missing[@]} -gt 0 ] && [ "${missing[*]}" = "python3-venv" ] && python3 -c 'import ensurepip' 2>/dev/null; then
  missing=()
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The venv is rebuilt when it cannot import the tools or was made from another version of
# the requirements (a stamp holds the requirements file's hash); --clear also repairs a
# venv whose interpreter has gone away.
stamp=".venv/.requirements.sha256"
want=$(sha256sum scripts/requirements-test.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || ! .venv/bin/python -c 'import coincurve, py_ecc, pyblst' 2>/dev/null; then
  echo "deps: creating .venv with the Python test tools"
  python3 -m venv --clear .venv
  .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements-test.txt
  echo "$want" > "$stamp"
fi
echo "deps: ok (gmp $(pkg-config --modversion gmp 2>/dev/null || echo ?), openssl $(pkg-config --modversion openssl), libsodium $(pkg-config --modversion libsodium), $(.venv/bin/python --version))"
