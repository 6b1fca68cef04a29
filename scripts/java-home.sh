#!/usr/bin/env bash
# Prints the home of a JDK 25 (or newer) for wirebook to build and run with. Looks, in order, at
# $WIREBOOK_JAVA_HOME, $JAVA_HOME (if it is 25+), /usr/lib/jvm/temurin-25-jdk-amd64, then the newest
# /usr/lib/jvm/* whose java reports 25 or later. Exits 1 with a one-line fix when there is none.
set -euo pipefail

# Feature version of the JDK at $1 (25 for "25.0.1"), or nothing if $1 has no working java.
feature_version() {
    local home=$1 line version
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
    line=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | grep -m1 'java.specification.version' || true)
    version=${line##*= }
    version=${version%%.*}
    [[ $version =~ ^[0-9]+$ ]] && echo "$version"
    return 0
}

is_25_plus() {
    local v
    v=$(feature_version "$1")
    [[ -n $v && $v -ge 25 ]]
}

if [[ -n ${WIREBOOK_JAVA_HOME:-} ]]; then
    if is_25_plus "$WIREBOOK_JAVA_HOME"; then
        echo "$WIREBOOK_JAVA_HOME"
        exit 0
    fi
    echo "WIREBOOK_JAVA_HOME=$WIREBOOK_JAVA_HOME is not a JDK 25+; fix: point it at a JDK 25 home or unset it" >&2
    exit 1
fi

if [[ -n ${JAVA_HOME:-} ]] && is_25_plus "$JAVA_HOME"; then
    echo "$JAVA_HOME"
    exit 0
fi

if is_25_plus /usr/lib/jvm/temurin-25-jdk-amd64; then
    echo /usr/lib/jvm/temurin-25-jdk-amd64
    exit 0
fi

best=""
best_version=0
for home in /usr/lib/jvm/*; do
    [[ -d $home && ! -L $home ]] || continue
    v=$(feature_version "$home")
    if [[ -n $v && $v -ge 25 && $v -gt $best_version ]]; then
        best=$home
        best_version=$v
    fi
done
if [[ -n $best ]]; then
    echo "$best"
    exit 0
fi

echo "no JDK 25 found (tried \$WIREBOOK_JAVA_HOME, \$JAVA_HOME, /usr/lib/jvm/*); fix: install Temurin 25 (https://adoptium.net) or set WIREBOOK_JAVA_HOME=/path/to/jdk-25" >&2
exit 1
