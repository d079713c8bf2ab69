#!/usr/bin/env bash
# Build dist/lmstudio-app_VERSION_ARCH.deb from the frozen app in dist/lmstudio-app/.
#
#   /opt/lmstudio-app/                 the PyInstaller one-folder app
#   /usr/bin/lmstudio-app              -> ../../opt/lmstudio-app/lmstudio-app
#   /usr/share/applications/           the .desktop file (Start menu entry, .lmlesson files)
#   /usr/share/metainfo/               AppStream metainfo (software centres)
#   /usr/share/icons/hicolor/          SVG and PNG icons, 16..512
#   /usr/share/mime/packages/          the application/x-lmstudio-lesson type
#
# No maintainer scripts: dpkg's file triggers (desktop-file-utils, shared-mime-info,
# hicolor-icon-theme) refresh the menus, MIME and icon caches.
set -euo pipefail
cd "$(dirname "$0")/../.."

APP_ID=io.github.lmstudio_app.LanguageModelStudio
PY=${PY:-.venv/bin/python}
APP=dist/lmstudio-app
ICONS=build/icons
[ -x "$APP/lmstudio-app" ] || { echo "no $APP/lmstudio-app: run PyInstaller first (make package)" >&2; exit 1; }
[ -d "$ICONS/hicolor" ] || "$PY" packaging/make_icons.py "$ICONS"

VERSION=$("$PY" -c 'import lmstudio_app; print(lmstudio_app.__version__)')
ARCH=$(dpkg --print-architecture)
ROOT=build/deb/root
rm -rf build/deb
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
  "$ROOT/usr/share/metainfo" "$ROOT/usr/share/mime/packages" "$ROOT/usr/share/icons" \
  "$ROOT/usr/share/doc/lmstudio-app"

cp -a "$APP" "$ROOT/opt/lmstudio-app"
ln -s ../../opt/lmstudio-app/lmstudio-app "$ROOT/usr/bin/lmstudio-app"
install -m 644 "packaging/linux/$APP_ID.desktop" "$ROOT/usr/share/applications/"
install -m 644 "packaging/linux/$APP_ID.metainfo.xml" "$ROOT/usr/share/metainfo/"
install -m 644 "packaging/linux/$APP_ID.xml" "$ROOT/usr/share/mime/packages/"
cp -r "$ICONS/hicolor" "$ROOT/usr/share/icons/"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: Language Model Studio"
  echo
  echo "Files: *"
  echo "License: MIT"
  sed 's/^$/./; s/^/ /' LICENSE
  echo
  echo "Files: opt/lmstudio-app/_internal/resources/corpora/*"
  echo "Comment: see resources/corpora/SOURCES.md (public domain and MIT texts)"
} > "$ROOT/usr/share/doc/lmstudio-app/copyright"
cp resources/corpora/SOURCES.md "$ROOT/usr/share/doc/lmstudio-app/"
find "$ROOT" -type d -exec chmod 755 {} +
chmod -R u+rw,go+r,go-w "$ROOT"

# What the bundled Qt needs from the system. PyInstaller bundles Qt, ICU, Python and torch,
# but not the X11/xcb, GL, font and D-Bus libraries, which must match the running desktop:
# the xcb platform plugin refuses to load without libxcb-cursor0 (Qt >= 6.5) and the other
# xcb libraries below. Checked by `make package-test` (ldd of every bundled library).
DEPENDS="libc6 (>= 2.28), libstdc++6, libgcc-s1, zlib1g, libglib2.0-0, libdbus-1-3, \
libfontconfig1, libfreetype6, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, \
libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-render0, \
libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-xfixes0, libxcb-xinput0, libxcb-xkb1, \
libxkbcommon0, libxkbcommon-x11-0, libegl1, libgl1, libopengl0, libwayland-client0, \
libwayland-cursor0, libwayland-egl1"
INSTALLED_KB=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: lmstudio-app
Version: $VERSION
Architecture: $ARCH
Maintainer: Language Model Studio developers <lmstudio-app@users.noreply.github.com>
Installed-Size: $INSTALLED_KB
Section: education
Priority: optional
Depends: $DEPENDS
Recommends: fonts-noto-cjk, xdg-utils
Description: see how a language model learns, from tokens to generated text
 Language Model Studio is a desktop application for seeing how a language model
 learns, made for teachers and students: load a text or a bundled sample, cut it
 into tokens, train an n-gram, RNN, LSTM or GRU model while the loss curve moves,
 and generate text with it. Everything runs offline on the CPU.
 .
 The application is self-contained under /opt/lmstudio-app (Python, Qt and the
 CPU build of PyTorch included). fonts-noto-cjk shows the Chinese samples and
 the Chinese translation.
CONTROL

DEB="dist/lmstudio-app_${VERSION}_${ARCH}.deb"
rm -f "$DEB"
# xz: about a third smaller than the default zstd on torch's libraries (packaging/README.md).
nice dpkg-deb --root-owner-group -Zxz -z${DEB_XZ_LEVEL:-6} --threads-max=${DEB_THREADS:-2} \
  --build "$ROOT" "$DEB"
ls -l "$DEB"
du -sh "$APP"
