#!/usr/bin/env bash
# Installs Debian's python3 for the tests that run ATRA's own scripts (tests/KnowledgeOs.Tests/Atra), if missing.
#
#   source .ci/python.sh     # from .ci/run
#   bash .ci/python.sh       # by hand
#
# Unlike Chromium, a missing python3 is not a skip: those tests fail saying python3 is not installed.

kos_python_main() {
    if command -v python3 > /dev/null; then
        echo "python.sh: $(python3 --version 2>&1) is installed" >&2
        return 0
    fi
    if [ "$(id -u)" != "0" ]; then
        echo "python.sh: python3 is missing and this is not root; the ATRA script tests will fail" >&2
        return 1
    fi
    echo "python.sh: installing python3 from Debian packages" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 >&2 || return 1
    command -v python3 > /dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    kos_python_main "$@" || { echo "warning: python3 could not be installed; the ATRA script tests will fail" >&2; exit 0; }
else
    kos_python_main "$@" || echo "warning: python3 could not be installed; the ATRA script tests will fail" >&2
fi
