#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs the Python packages into .venv,
# installs and starts PostgreSQL and Kafka on 127.0.0.1 (infra/), runs every test, and the
# linters. Integration tests fail, never skip, when a server is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/venv.sh
bash infra/start.sh
trap 'bash infra/stop.sh' EXIT
export CAREBRIDGE_TEST_KEEP_SERVERS=1
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# Every integration test must run: a skip in that tier counts as a failure.
.venv/bin/pytest -q -m "not integration" "$@"
# The integration tier, verbosely so the log names each test that ran against the real servers.
# A skip there counts as a failure.
rm -f tests/artifacts/fault-report.txt
.venv/bin/pytest -v -rs -m integration "$@" | tee .pytest-report.txt
cat tests/artifacts/fault-report.txt
if grep -qE 'SKIPPED' .pytest-report.txt; then
  echo "integration tests were skipped: failing" >&2
  exit 1
fi
# Once more with the event stores encrypted (the discharge store holds NHS numbers).
CAREBRIDGE_TEST_CIPHER_KEY="$(.venv/bin/python -c 'from eventsourcing.cipher import AESCipher; print(AESCipher.create_key(32))')" \
  .venv/bin/pytest -q -m "not faults" tests/discharge tests/vacancies tests/broker tests/integration "$@"
