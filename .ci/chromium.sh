#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard's browser tests (tests/KnowledgeOs.Tests/Dashboard), if missing.
#
#   source .ci/chromium.sh     # from .ci/run
#   bash .ci/chromium.sh       # by hand
#
# Playwright drives /usr/bin/chromium; it never downloads a browser of its own (no 'playwright install').
# Tolerant like postgres.sh: when the install fails, it warns and the browser tests skip with the reason.

kos_chromium_main() {
    if [ -x /usr/bin/chromium ]; then
        echo "chromium.sh: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) is installed" >&2
        return 0
    fi
    if [ "$(id -u)" != "0" ]; then
        echo "chromium.sh: /usr/bin/chromium is missing and this is not root; the browser tests will be skipped" >&2
        return 1
    fi
    echo "chromium.sh: installing Chromium from Debian packages" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2 || return 1
    [ -x /usr/bin/chromium ]
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    kos_chromium_main "$@" || { echo "warning: Chromium could not be installed; the browser tests will be skipped" >&2; exit 0; }
else
    kos_chromium_main "$@" || echo "warning: Chromium could not be installed; the browser tests will be skipped" >&2
fi
