#!/usr/bin/env bash
# The fresh-machine check: the README's set-up, followed literally on a minimal Debian 12, as a new user would.
#
#   sudo packaging/fresh_machine.sh make test    (run so by .ci/run; needs root, debootstrap and the network)
#   sudo FRESH_MACHINE_RELEASE=noble packaging/fresh_machine.sh make test    the same on a minimal Ubuntu 24.04
#
# The arguments are the README's test command, run in the fresh root: refused if the README does not give it.
#
# It makes a minimal Debian 12 root (debootstrap --variant=minbase), clones the current commit into it, runs the
# README's system-package block there, then — with an empty environment — the README's test command, `make run`'s
# installation and window, the bundle's build and smoke test, and a plain `pip install .` into a new virtual
# environment with its smoke test (the plan printed in PDF). A package or an install step missing from the README fails here, not on a user's desk.
# The host's own certificate authorities are copied in, so the package registries are reached as on the host.
# Each step's time is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE=$PWD
RELEASE=${FRESH_MACHINE_RELEASE:-bookworm}
WORK=${FRESH_MACHINE_DIR:-$SOURCE/build/fresh-machine-$RELEASE}
ROOT=$WORK/root
case $RELEASE in
  bookworm) MIRROR=http://deb.debian.org/debian DEBOOTSTRAP_ARGS=() ;;
  # Ubuntu's keyring is not a Debian package: the base is fetched unchecked, then apt inside checks as usual;
  # universe is enabled, as on every standard installation.
  noble) MIRROR=http://archive.ubuntu.com/ubuntu
         DEBOOTSTRAP_ARGS=(--no-check-gpg --components=main,universe) ;;
  *) echo "fresh_machine.sh: bookworm or noble, not $RELEASE" >&2; exit 1 ;;
esac
MIRROR=${FRESH_MACHINE_MIRROR:-$MIRROR}
CODE=/root/accomp-desktop
TIMES=()
TEST_COMMAND="$*"

[ "$(id -u)" -eq 0 ] || { echo "fresh_machine.sh: root is needed (debootstrap, chroot)" >&2; exit 1; }
[ -n "$TEST_COMMAND" ] && grep -q "^$TEST_COMMAND  *#" "$SOURCE/README.md" \
  || { echo "fresh_machine.sh: give the README's test command (« make test »), not « $TEST_COMMAND »" >&2; exit 1; }

step() {  # step NAME COMMAND...: run, time and record one step
  local name=$1 started=$SECONDS
  shift
  echo "== $name"
  "$@"
  TIMES+=("$(printf '%-58s %4d s' "$name" $((SECONDS - started)))")
}

# The README's block after its system-packages marker, as written; `sudo` dropped (root here, no sudo installed).
readme_packages() {
  awk '/<!-- system-packages/ { marked = 1; next }
       marked && /^```sh/ { inside = 1; next }
       inside && /^```/ { exit }
       inside { print }' "$SOURCE/README.md" | sed 's/^sudo //'
}

# A command inside the root with an empty environment: only what a login shell of a new machine has.
in_root() {
  chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -euo pipefail -c "$1" </dev/null
}

unmount_all() {
  for point in dev/shm dev/pts dev sys proc; do
    mountpoint -q "$ROOT/$point" 2>/dev/null && umount -l "$ROOT/$point"
  done
  return 0
}

make_root() {
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
  unmount_all
  if grep -q " $ROOT/" /proc/mounts; then  # never delete through a mount (the host's /dev is bound in here)
    echo "fresh_machine.sh: $ROOT still has mounts; unmount them first" >&2
    return 1
  fi
  rm -rf --one-file-system "$WORK"
  mkdir -p "$WORK"
  local script=()
  [ "$RELEASE" = noble ] && script=(/usr/share/debootstrap/scripts/gutsy)  # Debian 12's debootstrap: Ubuntu's
  debootstrap --variant=minbase "${DEBOOTSTRAP_ARGS[@]}" "$RELEASE" "$ROOT" "$MIRROR" "${script[@]}" \
    >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; return 1; }
  if [ "$RELEASE" = noble ]; then
    printf 'deb %s noble main universe\ndeb %s noble-updates main universe\n' "$MIRROR" "$MIRROR" \
      >"$ROOT/etc/apt/sources.list"
  fi
  # Services are not started inside a build root (PostgreSQL's package would try).
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
  chmod +x "$ROOT/usr/sbin/policy-rc.d"
  # The host's own certificate authorities; ca-certificates, installed by the README's line, adds them.
  mkdir -p "$ROOT/usr/local/share/ca-certificates"
  if [ -d /usr/local/share/ca-certificates ]; then
    cp -r /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
  fi
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  mount -t proc proc "$ROOT/proc"
  mount -t sysfs sys "$ROOT/sys"
  mount --bind /dev "$ROOT/dev"
  mount -t devpts devpts "$ROOT/dev/pts" -o newinstance,ptmxmode=0666
  mount -t tmpfs shm "$ROOT/dev/shm"
}

clone_commit() {
  git clone --quiet --no-hardlinks "$SOURCE" "$ROOT$CODE"
  git -C "$ROOT$CODE" checkout --quiet --detach "$(git -C "$SOURCE" rev-parse HEAD)"
}

# The README's packages, as a user runs them; apt's long output goes to a log, shown when it fails.
system_packages() {
  in_root "$(readme_packages)" >"$WORK/packages.log" 2>&1 || { tail -30 "$WORK/packages.log" >&2; return 1; }
  grep -E '^[0-9]+ upgraded' "$WORK/packages.log"
}

# Qt's libraries and the plugins a window and printing load (X11, Wayland, GL, CUPS) must find every library they
# link to: the offscreen tests would not notice a missing one. Not checked: plugins that load only where their
# libraries are (the GTK theme on a GTK desktop) or that this application never loads (QML, SQL drivers, QtPdf).
qt_libraries_complete() {
  in_root "cd $CODE/.venv/lib/python3*/site-packages/PySide6/Qt
    missing=\$(find lib plugins/platforms plugins/printsupport plugins/xcbglintegrations plugins/wayland-* \
      -name '*.so*' | xargs ldd 2>/dev/null | grep 'not found' | sort -u || true)
    [ -z \"\$missing\" ] || { echo \"\$missing\"; exit 1; }"
}

pip_install_from_source() {
  in_root "python3 -m venv /root/installed && /root/installed/bin/pip install --quiet $CODE \
    && cd /tmp && QT_QPA_PLATFORM=offscreen /root/installed/bin/python $CODE/packaging/smoke_test.py /root/installed/bin/accomp-desktop"
}

# `make run` in a clean clone: the application's libraries only (no test tools), then the demo in a real X window
# (Xvfb), signed in through the documented passphrase, painted, and closed.
make_run_installs_only_the_application() {
  in_root "git clone --quiet $CODE /root/run-only && cd /root/run-only && make --no-print-directory .venv/.run
    for tool in pytest mypy PyInstaller; do
      if .venv/bin/python -c \"import \$tool\" 2>/dev/null; then echo \"make run a installé \$tool\"; exit 1; fi
    done
    Xvfb :7 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & server=\$!
    trap 'kill \$server' EXIT
    for _ in \$(seq 50); do [ -e /tmp/.X11-unix/X7 ] && break; sleep 0.1; done
    DISPLAY=:7 ACCOMP_PASSPHRASE=demonstration .venv/bin/accomp-desktop --demo --data-dir /tmp/run-only-data \
      --quit-after 2
    grep -q 'window painted' /tmp/run-only-data/logs/accomp.log"
}

trap unmount_all EXIT
step "racine $RELEASE minimale (debootstrap)" make_root
step "clone du commit" clone_commit
step "paquets système du README" system_packages
step "$TEST_COMMAND (installation comprise)" in_root "cd $CODE && $TEST_COMMAND"
step "bibliothèques de Qt toutes présentes (ldd)" qt_libraries_complete
step "make run : l'application seule, la démo dans une fenêtre X" make_run_installs_only_the_application
step "make bundle-test" in_root "cd $CODE && make bundle-test"
step "pip install . dans un nouvel environnement, plan-pdf" pip_install_from_source
echo "== durées sur une machine neuve"
printf '%s\n' "${TIMES[@]}"
