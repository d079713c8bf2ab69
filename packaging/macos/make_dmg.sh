#!/usr/bin/env bash
# Pack "dist/Language Model Studio.app" into dist/LanguageModelStudio-VERSION-macos-arm64.dmg:
# the app beside a link to /Applications, so installing is one drag. macOS only (hdiutil).
set -euo pipefail
cd "$(dirname "$0")/../.."

APP="dist/Language Model Studio.app"
PY=${PY:-python3}
[ -d "$APP" ] || { echo "no $APP: run PyInstaller first" >&2; exit 1; }
VERSION=$("$PY" -c 'import lmstudio_app; print(lmstudio_app.__version__)')
ARCH=$(uname -m)
DMG="dist/LanguageModelStudio-${VERSION}-macos-${ARCH}.dmg"

# Unsigned builds: an ad-hoc signature keeps Apple silicon willing to run the binaries
# (PyInstaller signs ad hoc already; this re-signs the whole bundle after BUNDLE moved files).
codesign --force --deep --sign - "$APP"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
# ULMO (LZMA) is the smallest format and opens on macOS 10.15 and later.
hdiutil create -volname "Language Model Studio" -srcfolder "$STAGE" -fs HFS+ \
  -format ULMO -ov "$DMG"
ls -l "$DMG"
