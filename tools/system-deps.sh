#!/bin/sh
# Checks the system packages the tests drive: Debian's chromium (browser tests, PDF) and Hunspell with
# its French dictionary (spell check). Installs them with apt when missing and run as root; otherwise
# stops and says exactly what to install. Playwright never downloads a browser of its own.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v hunspell >/dev/null 2>&1 || missing="$missing hunspell"
[ -f /usr/share/hunspell/fr_FR.dic ] || missing="$missing hunspell-fr"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation des paquets système manquants :$missing"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
else
    echo "Paquets système manquants :$missing" >&2
    echo "Installez-les puis relancez : sudo apt-get install$missing" >&2
    exit 1
fi
