# Creates .venv with Carebridge and its test tools, once; sourced by the run and test scripts.
if [ ! -x .venv/bin/carebridge ] || [ pyproject.toml -nt .venv/.installed ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[test]'
  touch .venv/.installed
fi
