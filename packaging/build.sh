#!/usr/bin/env bash
# Build the one-folder app dist/sspdesk/ (executables `sspdesk` and `sspdesk-cli`) with PyInstaller, then
# smoke-test the built folder. Exit status non-zero when the build or any smoke test fails.
#
#   bash packaging/build.sh [--venv DIR] [--smoke-only]
#
#   --venv DIR     virtualenv with the project and PyInstaller: pip install -e '.[build]'  (default: .venv,
#                  or $SSPDESK_VENV)
#   --smoke-only   skip the build; test the existing dist/sspdesk/
#
# Linux (Debian/Ubuntu) also installs the build tools it needs (binutils for objdump, the shared libpython of a
# distribution Python) and Qt's runtime libraries, with apt-get (sudo when not root). Works in Git Bash / MSYS2
# on Windows and on macOS too (the smoke test then runs the executables in the same way; untested here).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${SSPDESK_VENV:-.venv}
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --venv) VENV=$2; shift 2 ;;
    --smoke-only) BUILD=0; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ -x "$VENV/bin/python" ]; then PY=$VENV/bin/python; else PY=$VENV/Scripts/python.exe; fi  # POSIX / Windows
[ -x "$PY" ] || { echo "build.sh: no Python in $VENV (create it and pip install -e '.[build]')" >&2; exit 2; }
PY=$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")  # absolute: the smoke test runs elsewhere
DIST=$ROOT/dist/sspdesk
case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) EXE=.exe ;;
  *) EXE= ;;
esac

ensure_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  # binutils: PyInstaller needs objdump. The rest: Qt's xcb platform plugin needs them; present at build time they
  # are bundled, so the app also starts on desktops without them.
  local wanted=(binutils libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0
                libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0)
  # A Debian/Ubuntu Python links libpython statically; PyInstaller needs the shared one from libpython3.X.
  local soname libdir
  soname=$("$PY" -c 'import sysconfig; print(sysconfig.get_config_var("INSTSONAME") or "")')
  libdir=$("$PY" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')
  if [ -n "$soname" ] && [ ! -e "$libdir/$soname" ] && ! ldconfig -p 2>/dev/null | grep -qF "$soname"; then
    wanted+=("libpython$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')")
  fi
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "build.sh: installing system packages: ${missing[*]}" >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

now() { "$PY" -c 'import time; print(time.monotonic())'; }
elapsed() { "$PY" -c "print(f'{$(now) - $1:.1f}')"; }

if [ "$BUILD" = 1 ]; then
  [ "$(uname -s)" = Linux ] && ensure_debian_packages
  "$PY" -c 'import PyInstaller' 2>/dev/null \
    || { echo "build.sh: PyInstaller missing: $PY -m pip install -e '.[build]'" >&2; exit 2; }
  rm -rf "$DIST" "$ROOT/dist/sspdesk.app" "$ROOT/build/pyinstaller"
  start=$(now)
  "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/sspdesk.spec
  echo "build.sh: build took $(elapsed "$start") s"
fi
[ -x "$DIST/sspdesk$EXE" ] && [ -x "$DIST/sspdesk-cli$EXE" ] || { echo "build.sh: $DIST is incomplete" >&2; exit 1; }

version=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

# -- smoke test ----------------------------------------------------------------------------------------------
# Everything the built programs write goes into a throw-away home; nothing comes from the source tree.
SMOKE=$(mktemp -d)
trap 'rm -rf "$SMOKE"' EXIT
export HOME=$SMOKE/home XDG_DATA_HOME=$SMOKE/data XDG_CONFIG_HOME=$SMOKE/config XDG_CACHE_HOME=$SMOKE/cache
export APPDATA=$SMOKE/appdata LOCALAPPDATA=$SMOKE/localappdata
mkdir -p "$HOME"
unset SSPDESK_VAULT SSPDESK_PASSPHRASE SSPDESK_NEW_PASSPHRASE SSPDESK_DEBUG PYTHONPATH PYTHONHOME
cd "$SMOKE"
fail() { echo "build.sh: SMOKE TEST FAILED: $*" >&2; exit 1; }
run() {  # run CMD… with a time limit; its output goes to $SMOKE/out
  local code=0
  if command -v timeout >/dev/null 2>&1; then timeout 180 "$@" >"$SMOKE/out" 2>&1 || code=$?
  else "$@" >"$SMOKE/out" 2>&1 || code=$?; fi
  return $code
}

# Linux: no Qt library or plugin may miss a Qt library (guards the plugin pruning in sspdesk.spec).
if [ "$(uname -s)" = Linux ]; then
  missing=$(find "$DIST/_internal" -name '*.so*' -type f -print0 | xargs -0 -n 50 ldd 2>/dev/null \
            | grep -E 'lib(Qt6|pyside6|shiboken6|python)[^ ]* => not found' | sort -u || true)
  [ -z "$missing" ] || fail "unresolved libraries in the bundle:"$'\n'"$missing"
fi

# The window program: create a vault in a temporary folder, unlock it through the real dialogs, lock it; then
# (SSPDESK_PACKAGING_CHECK, see packaging/entry_gui.py) Danish Qt translations, SVG rendering, holidays, zxcvbn.
start=$(now)
QT_QPA_PLATFORM=offscreen SSPDESK_PACKAGING_CHECK=1 run "$DIST/sspdesk$EXE" --self-test \
  || { cat "$SMOKE/out" >&2; fail "sspdesk --self-test exited non-zero"; }
gui_time=$(elapsed "$start")
if [ -z "$EXE" ] || [ -s "$SMOKE/out" ]; then  # Windows: a windowed .exe may have no stdout; the exit code counts
  grep -q "sspdesk self-test: ok" "$SMOKE/out" || { cat "$SMOKE/out" >&2; fail "self-test printed no ok"; }
  grep -q "sspdesk packaging check: ok" "$SMOKE/out" || { cat "$SMOKE/out" >&2; fail "packaging check printed no ok"; }
fi
echo "build.sh: sspdesk --self-test ok in $gui_time s (process start to exit)"

# The command line: version, create a vault, open it (keys, a case with deadlines in Danish working days),
# print two PDFs (reportlab, templates), and refuse a wrong passphrase with exit code 3.
CLI=$DIST/sspdesk-cli$EXE
run "$CLI" --version || fail "sspdesk-cli --version: $(cat "$SMOKE/out")"
grep -qx "sspdesk $version" "$SMOKE/out" || fail "sspdesk-cli --version printed '$(cat "$SMOKE/out")', not 'sspdesk $version'"
export SSPDESK_VAULT=$SMOKE/smoke.sspvault SSPDESK_PASSPHRASE="pakketest æøå 7f3k9q2m"
run "$CLI" init --user "Pakke Test" || fail "init: $(cat "$SMOKE/out")"
[ -s "$SSPDESK_VAULT" ] || fail "init wrote no vault file"
run "$CLI" keys show || fail "keys show: $(cat "$SMOKE/out")"
grep -q "age1" "$SMOKE/out" || fail "keys show printed no age recipient"
run "$CLI" --json cases add --level I --subject "Pakketest" --registered 2026-12-21 || fail "cases add: $(cat "$SMOKE/out")"
number=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["number"])' "$SMOKE/out")
# 2026-12-21 + 10 working days skips the Christmas and New Year closing days (2027-01-04 without them): the
# deadline proves that the holidays data and sspdesk.workdays work in the frozen build.
grep -q '"due": "2027-01-08"' "$SMOKE/out" || fail "contact deadline is not 2027-01-08 (holidays?): $(cat "$SMOKE/out")"
run "$CLI" cases show "$number" || fail "cases show: $(cat "$SMOKE/out")"
run "$CLI" pdf journal "$number" --out "$SMOKE/journal.pdf" || fail "pdf journal: $(cat "$SMOKE/out")"
run "$CLI" pdf consent --blank --out "$SMOKE/consent.pdf" || fail "pdf consent --blank: $(cat "$SMOKE/out")"
for pdf in journal consent; do
  head -c 5 "$SMOKE/$pdf.pdf" | grep -q '%PDF-' || fail "$pdf.pdf is not a PDF"
done
code=0
SSPDESK_PASSPHRASE="forkert adgangskode 123" run "$CLI" cases list || code=$?
[ "$code" = 3 ] || fail "wrong passphrase gave exit code $code, not 3: $(cat "$SMOKE/out")"
echo "build.sh: sspdesk-cli ok (version, init, keys, cases, pdf, wrong passphrase)"

size=$(du -sh "$DIST" | cut -f1)
echo "build.sh: dist/sspdesk is $size; smoke test passed"
