#!/bin/sh
# Install the built bundle (dist/accomp-desktop) with its menu entry and icon; or remove it.
#
#   sh packaging/linux/install.sh             as root: for every user (/opt, /usr/local); else for you (~/.local)
#   sh packaging/linux/install.sh --uninstall remove the program; the data folders of the users are kept
#
# The data (database, backups, keys) lives in each user's ~/.local/share/accomp-desktop and is never touched.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUNDLE=${BUNDLE:-$ROOT/dist/accomp-desktop}
if [ "$(id -u)" -eq 0 ]; then
  PREFIX=/opt/accomp-desktop BIN=/usr/local/bin SHARE=/usr/local/share
else
  PREFIX=$HOME/.local/opt/accomp-desktop BIN=$HOME/.local/bin SHARE=$HOME/.local/share
fi
if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$PREFIX" "$BIN/accomp-desktop" "$SHARE/applications/accomp-desktop.desktop" \
    "$SHARE/icons/hicolor/scalable/apps/accomp-desktop.svg" "$SHARE/icons/hicolor/256x256/apps/accomp-desktop.png"
  echo "Accomp Desktop désinstallé ; les données des utilisateurs sont conservées."
  exit 0
fi
[ -x "$BUNDLE/accomp-desktop" ] || { echo "Paquet introuvable : $BUNDLE (lancez d'abord make bundle)" >&2; exit 1; }
rm -rf "$PREFIX"
mkdir -p "$PREFIX" "$BIN" "$SHARE/applications" "$SHARE/icons/hicolor/scalable/apps" "$SHARE/icons/hicolor/256x256/apps"
cp -a "$BUNDLE/." "$PREFIX/"
ln -sf "$PREFIX/accomp-desktop" "$BIN/accomp-desktop"  # on Linux the window program also prints
cp "$HERE/accomp-desktop.desktop" "$SHARE/applications/"
cp "$ROOT/resources/icons/accomp-desktop.svg" "$SHARE/icons/hicolor/scalable/apps/"
cp "$ROOT/resources/icons/accomp-desktop-256.png" "$SHARE/icons/hicolor/256x256/apps/accomp-desktop.png"
echo "Accomp Desktop installé dans $PREFIX (commande : $BIN/accomp-desktop)."
