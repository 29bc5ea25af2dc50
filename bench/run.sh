#!/usr/bin/env bash
# The bench in one command (see bench/README.md):
#   bench/run.sh                  1,000,000 cases (seeded once into the database synpunkt_bench, reused after)
#   bench/run.sh --cases 100000   a quicker run on its own database
set -euo pipefail
cd "$(dirname "$0")/.."
./run manage --version >/dev/null   # installs the locked dependencies, as every ./run command does
exec .venv/bin/python bench/run.py "$@"
