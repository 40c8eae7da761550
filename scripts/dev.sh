#!/usr/bin/env bash
# One entry point for a fresh machine: it sets itself up, then does what it is asked.
#   scripts/dev.sh serve   build and serve the site at http://127.0.0.1:8000 (checker included)
#   scripts/dev.sh test    lint, type-check and run the whole test suite (browser tests included)
#   scripts/dev.sh setup   only install (venv from requirements/dev.lock, npm ci, Chromium for tests)
# Environment: PYTHON=/path/to/python3.12+ picks the interpreter; DEV_PORT changes the port.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
export NO_MKDOCS_2_WARNING=1  # known: Material for MkDocs is maintained until 2027-05-05 (see README)

say() { printf '%s\n' "$*" >&2; }
die() { say "错误：$*"; exit 2; }

python_ok() {  # the Pyodide tooling needs Python >= 3.12
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null
}

find_python() {
  local candidates=()
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  candidates+=(python3.14 python3.13 python3.12 python3)
  for v in /root/.pyenv/versions/3.1[2-9]*/bin/python3 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3; do
    [ -x "$v" ] && candidates+=("$v")
  done
  local c
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

ensure_venv() {
  local stamp="$VENV/.installed"
  if [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" && [ -f "$stamp" ] \
     && cmp -s "$stamp" requirements/dev.lock; then
    return 0
  fi
  local py
  py=$(find_python) || die "没有找到 Python 3.12 或更高版本（构建 Pyodide 锁文件需要）。
请先安装 Python 3.12+（例如 Debian: apt-get install python3.12 python3.12-venv，或用 pyenv），
或者用 PYTHON=/path/to/python3.12 scripts/dev.sh ... 指定解释器。"
  python_ok "$py" || die "$py 的版本低于 3.12"
  "$py" -c 'import venv, ensurepip' 2>/dev/null \
    || die "$py 缺少 venv/ensurepip 模块。Debian 上请安装 python3-venv。"
  say "==> 用 $py 创建虚拟环境 .venv"
  rm -rf "$VENV"
  "$py" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -r requirements/dev.lock
  cp requirements/dev.lock "$stamp"
}

ensure_node() {
  command -v node >/dev/null 2>&1 || die "没有找到 Node.js（需要 Node 20+，用于提供 Pyodide 运行时）。"
  if [ ! -f node_modules/pyodide/pyodide.mjs ] || ! cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null; then
    say "==> npm ci（固定版本的 Pyodide 运行时）"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.installed-lock
  fi
}

ensure_chromium() {
  if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "==> apt-get install chromium（浏览器端到端测试需要）"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    die "浏览器测试需要 Debian 的 chromium（/usr/bin/chromium）。请以 root 运行 apt-get install chromium，
或用 CHROMIUM=/path/to/chromium 指定。"
  fi
}

cmd=${1:-help}
shift || true
case "$cmd" in
  setup)
    ensure_venv; ensure_node; ensure_chromium ;;
  serve)
    ensure_venv; ensure_node
    say "==> 本地预览：http://127.0.0.1:${DEV_PORT:-8000}/  （Ctrl+C 结束）"
    exec "$VENV/bin/mkdocs" serve --dev-addr "127.0.0.1:${DEV_PORT:-8000}" "$@" ;;
  build)
    ensure_venv; ensure_node
    exec "$VENV/bin/mkdocs" build --strict "$@" ;;
  lint)
    ensure_venv
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    "$VENV/bin/mypy" ;;
  test)
    ensure_venv; ensure_node; ensure_chromium
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    "$VENV/bin/mypy"
    exec "$VENV/bin/python" -m pytest "$@" ;;
  eval)
    ensure_venv
    exec "$VENV/bin/python" scripts/eval.py "$@" ;;
  train)
    ensure_venv
    exec "$VENV/bin/python" scripts/train_wording.py "$@" ;;
  bench)
    ensure_venv
    exec "$VENV/bin/python" scripts/bench.py "$@" ;;
  bench-browser)
    ensure_venv; ensure_node; ensure_chromium
    exec "$VENV/bin/python" scripts/bench_browser.py "$@" ;;
  audit)
    ensure_venv; ensure_node; ensure_chromium
    exec "$VENV/bin/python" scripts/audit.py "$@" ;;
  help|-h|--help)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
  *)
    die "未知命令：$cmd（可用：serve test setup build lint eval train bench bench-browser audit）" ;;
esac
