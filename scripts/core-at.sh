#!/usr/bin/env bash
# core-at.sh REV: builds wirebook-core as it was at commit REV, in a temporary worktree that it removes again, and
# prints the path of the jar (kept as .wirebook/cores/wirebook-core-SHA.jar), for bookbench --against:
#   ./wirebook bookbench --against "$(scripts/core-at.sh 95fd049)" --out results/paired
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-}
if [[ -z $rev || $# -ne 1 ]]; then
    echo "usage: scripts/core-at.sh REV (a commit of this clone, e.g. 95fd049)" >&2
    exit 2
fi
if ! sha=$(git -C "$ROOT" rev-parse --verify --quiet "$rev^{commit}"); then
    echo "core-at: no commit '$rev' in this clone; fix: give a commit that git log shows" >&2
    exit 2
fi
jar=$ROOT/.wirebook/cores/wirebook-core-${sha:0:12}.jar
if [[ ! -f $jar ]]; then
    jh=$("$ROOT/scripts/java-home.sh")
    tmp=$(mktemp -d /tmp/wirebook-core-at.XXXXXX)
    trap 'git -C "$ROOT" worktree remove --force "$tmp/tree" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
    git -C "$ROOT" worktree add --detach --quiet "$tmp/tree" "$sha"
    if ! (cd "$tmp/tree" && JAVA_HOME="$jh" mvn -B -q -pl wirebook-core -am package -DskipTests \
            -Dcheckstyle.skip) >"$tmp/build.log" 2>&1; then
        tail -n 20 "$tmp/build.log" >&2
        echo "core-at: wirebook-core at ${sha:0:12} did not build (last lines above)" >&2
        exit 1
    fi
    mkdir -p "$(dirname "$jar")"
    cp "$tmp"/tree/wirebook-core/target/wirebook-core-*.jar "$jar.part"
    mv -f "$jar.part" "$jar"
fi
echo "$jar"
