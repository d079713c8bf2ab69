#!/usr/bin/env bash
# `make package-test`: check the frozen app and the .deb that `make package` built.
#
# 1. every shared library the bundle needs from the system is declared in the .deb's
#    Depends (ldd of every bundled ELF file, dpkg -S for the package that provides it);
# 2. the frozen binary passes `--smoke-test` offscreen;
# 3. ... and under xvfb-run, with the real xcb platform plugin;
# 4. the .deb installs into a scratch root (dpkg --root) with the expected layout, its
#    .desktop file and metainfo validate, and the installed copy runs --smoke-test.
# Installs xvfb, xauth and the .deb's Depends with apt-get when they are missing (as root).
set -euo pipefail
cd "$(dirname "$0")/../.."

APP_ID=io.github.lmstudio_app.LanguageModelStudio
APP=dist/lmstudio-app
DEB=$(ls -t dist/lmstudio-app_*.deb 2>/dev/null | head -1 || true)
[ -x "$APP/lmstudio-app" ] && [ -n "$DEB" ] || { echo "run 'make package' first" >&2; exit 1; }
fail() { echo "package-test FAILED: $*" >&2; exit 1; }

# ---- system packages the test needs: xvfb, the .deb's Depends, validators
depends=$(dpkg-deb --field "$DEB" Depends | tr ',' '\n' | sed 's/(.*)//; s/ //g' | grep -v '^$')
wanted=(xvfb xauth desktop-file-utils appstream $depends)
missing=()
for deb in "${wanted[@]}"; do
  dpkg -s "$deb" >/dev/null 2>&1 || missing+=("$deb")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- 1. the system libraries the bundle links against are all declared
echo "== system libraries"
# as at run time: the bootloader puts _internal/ first on the library path
libs=$(find "$APP" -type f \( -name '*.so*' -o -name lmstudio-app \) -exec sh -c \
  'file -b "$1" | grep -q ELF && LD_LIBRARY_PATH="$2" ldd "$1" 2>/dev/null' _ {} "$(realpath "$APP")/_internal" \; \
  | awk '/=>/ {print $1, $3}' | grep -v "$(realpath "$APP")" | sort -u)
if echo "$libs" | grep -q "not"; then
  echo "$libs" | grep "not" | sort -u
  fail "some libraries are not found on this system"
fi
# dpkg knows a library by one of its paths (merged /usr: /lib or /usr/lib, link or target)
owner() {
  local path
  for path in "$1" "$(realpath "$1")" "${1#/usr}" "/usr$1" "$(realpath "$1" | sed 's|^/usr||')"; do
    dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 && return 0
  done
  echo "?$1"
}
providers=$(for lib in $(echo "$libs" | awk '{print $2}' | sort -u); do owner "$lib"; done | sort -u)
# declared: the Depends and everything they depend on, recursively
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
  --no-replaces --no-enhances $depends 2>/dev/null | sed -n 's/^\([^ <][^ ]*\)$/\1/p; s/^  *Depends: \([^ <]*\)$/\1/p' \
  | sed 's/:.*//' | sort -u)
undeclared=()
for pkg in $providers; do
  echo "$closure" | grep -qx "$pkg" || undeclared+=("$pkg")
done
[ "${#undeclared[@]}" -eq 0 ] || fail "used but not in Depends (even indirectly): ${undeclared[*]}"
echo "ok: $(echo "$providers" | wc -w) system packages provide the libraries, all in Depends or theirs"

SCRATCH=$(mktemp -d /tmp/lmstudio-package-test.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
export LMSTUDIO_DATA_DIR="$SCRATCH/data" XDG_CONFIG_HOME="$SCRATCH/config"

# ---- 2. offscreen
echo "== smoke test, offscreen"
QT_QPA_PLATFORM=offscreen timeout 300 "$APP/lmstudio-app" --smoke-test 2>"$SCRATCH/offscreen.err" \
  || { cat "$SCRATCH/offscreen.err" >&2; fail "smoke test offscreen"; }

# ---- 3. xcb under Xvfb (QT_DEBUG_PLUGINS would say why the plugin failed)
echo "== smoke test, xcb under xvfb-run"
env -u WAYLAND_DISPLAY QT_QPA_PLATFORM=xcb timeout 300 \
  xvfb-run -a -s "-screen 0 1280x1024x24" "$APP/lmstudio-app" --smoke-test 2>"$SCRATCH/xcb.err" \
  || { cat "$SCRATCH/xcb.err" >&2; fail "smoke test under xvfb-run"; }

# ---- 4. the .deb in a scratch root
echo "== dpkg --root $SCRATCH/root -i $(basename "$DEB")"
ROOT="$SCRATCH/root"
mkdir -p "$ROOT/var/lib/dpkg/info" "$ROOT/var/lib/dpkg/updates" "$ROOT/var/lib/dpkg/triggers"
touch "$ROOT/var/lib/dpkg/status"
# --force-depends: the scratch root has no libc; the real system checked the libraries above.
dpkg --root="$ROOT" --log=/dev/null --force-depends --force-script-chrootless -i "$DEB" \
  >/dev/null 2>"$SCRATCH/dpkg.err" || { cat "$SCRATCH/dpkg.err" >&2; fail "dpkg -i"; }
dpkg --root="$ROOT" -s lmstudio-app | grep -q "^Status: install ok installed" \
  || fail "dpkg does not list lmstudio-app as installed in the scratch root"
for path in \
  usr/bin/lmstudio-app \
  opt/lmstudio-app/lmstudio-app \
  opt/lmstudio-app/_internal/resources/corpora/tinyshakespeare.txt \
  "usr/share/applications/$APP_ID.desktop" \
  "usr/share/metainfo/$APP_ID.metainfo.xml" \
  "usr/share/mime/packages/$APP_ID.xml" \
  "usr/share/icons/hicolor/scalable/apps/$APP_ID.svg" \
  usr/share/doc/lmstudio-app/copyright; do
  [ -e "$ROOT/$path" ] || fail "missing /$path"
done
for size in 16 22 24 32 48 64 128 256 512; do
  png="$ROOT/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
  file -b "$png" | grep -q "PNG image data, $size x $size" || fail "bad icon $png"
done
ls "$ROOT"/opt/lmstudio-app/_internal/resources/translations/*.qm >/dev/null 2>&1 \
  || echo "warning: no compiled translations (.qm) in the package"
[ "$(readlink -f "$ROOT/usr/bin/lmstudio-app")" = "$(readlink -f "$ROOT/opt/lmstudio-app/lmstudio-app")" ] \
  || fail "/usr/bin/lmstudio-app does not point at /opt/lmstudio-app/lmstudio-app"
desktop-file-validate "$ROOT/usr/share/applications/$APP_ID.desktop"
appstreamcli validate --no-net "$ROOT/usr/share/metainfo/$APP_ID.metainfo.xml" >/dev/null \
  || fail "appstreamcli validate"
echo "ok: layout, icons, .desktop and metainfo"
echo "== smoke test of the installed copy (through /usr/bin/lmstudio-app)"
QT_QPA_PLATFORM=offscreen timeout 300 "$ROOT/usr/bin/lmstudio-app" --smoke-test 2>/dev/null \
  || fail "the installed copy's smoke test"
echo "package-test passed: $(du -sh "$APP" | cut -f1) unpacked, $(du -h "$DEB" | cut -f1) .deb"
