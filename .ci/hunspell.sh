#!/usr/bin/env bash
# Installs Debian's Hunspell dictionaries (hunspell-ru, hunspell-en-us: /usr/share/hunspell/ru_RU.{aff,dic} and
# en_US.{aff,dic}) that add dictionary lemmas to search, routing and context packs (docs/SEARCH.md, "Lemmas").
#
#   source .ci/hunspell.sh     # from .ci/run; exports KOS_REQUIRE_HUNSPELL=1 once they are installed
#   bash .ci/hunspell.sh       # by hand
#
# Without them KnowledgeOS analyzes with Snowball alone (the documented fallback) and the lemma tests skip, saying
# why; once this script has installed them, KOS_REQUIRE_HUNSPELL=1 makes those tests fail instead of skipping.

kos_hunspell_dir() { echo "${KOS_HUNSPELL_DIR:-/usr/share/hunspell}"; }

kos_hunspell_present() {
    local dir; dir="$(kos_hunspell_dir)"
    [ -f "$dir/ru_RU.aff" ] && [ -f "$dir/ru_RU.dic" ] && [ -f "$dir/en_US.aff" ] && [ -f "$dir/en_US.dic" ]
}

kos_hunspell_main() {
    if kos_hunspell_present; then
        echo "hunspell.sh: ru_RU and en_US are in $(kos_hunspell_dir)" >&2
        return 0
    fi
    if [ "$(id -u)" != "0" ]; then
        echo "hunspell.sh: the dictionaries are missing and this is not root; search uses Snowball alone and the lemma tests skip" >&2
        return 1
    fi
    echo "hunspell.sh: installing hunspell-ru and hunspell-en-us from Debian packages" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hunspell-ru hunspell-en-us >&2 || return 1
    kos_hunspell_present
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    kos_hunspell_main "$@" || { echo "warning: the Hunspell dictionaries could not be installed; the lemma tests will skip" >&2; exit 0; }
else
    if kos_hunspell_main "$@"; then
        export KOS_REQUIRE_HUNSPELL=1
    else
        echo "warning: the Hunspell dictionaries could not be installed; the lemma tests will skip" >&2
    fi
fi
