#!/usr/bin/env bash
# Prepares this machine for wirebook: the Debian packages the native paths, the lab and its qemu guest need,
# 2 MiB hugepages for DPDK (mounted at /dev/hugepages), bpffs for libxdp, and a check for JDK 25.
# Idempotent: a second run changes nothing.
#
#   scripts/setup.sh           do what is missing (as root); as non-root, report what could not be done
#   scripts/setup.sh --check   only report; exit 1 if something is missing
#
# Non-root runs exit 0 after saying what they skipped, so the tests can still run on loopback.
set -euo pipefail

readonly PACKAGES=(dpdk dpdk-dev libdpdk-dev libxdp-dev libbpf-dev xdp-tools bpftool liburing-dev clang llvm sockperf
    iproute2 nftables tcpdump tshark ethtool procps util-linux maven)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE
# The guest of `wirebook vm` and `bench --vm`: Debian's kernel (version in one place, the file below, which the
# Java side reads too), its headers for out-of-tree modules, qemu and a static busybox for the initramfs.
GUEST_KERNEL=$(cat "$HERE/../wirebook-lab/src/main/resources/io/wirebook/vm/guest-kernel")
readonly GUEST_KERNEL
readonly GUEST_PACKAGES=(qemu-system-x86 "linux-image-${GUEST_KERNEL}" "linux-headers-${GUEST_KERNEL}" busybox-static)
readonly HUGEPAGES_WANTED=512
readonly HUGEPAGES_DIR=/dev/hugepages

check_only=false
case ${1:-} in
    --check) check_only=true ;;
    "") ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown argument '$1'; usage: scripts/setup.sh [--check]" >&2; exit 2 ;;
esac

is_root=false
[[ $(id -u) -eq 0 ]] && is_root=true

done_list=()      # what this run changed
ok_list=()        # what was already in place
problems=()       # what is missing and why (each with its fix)

say() { echo "setup: $*"; }

# --- packages ---------------------------------------------------------------------------------------------
missing_packages() {
    local pkg status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
        [[ $status == installed ]] || echo "$pkg"
    done
}

# install_packages WHAT_FAILS_WITHOUT PKG...: installs; a package that cannot be installed is named with WHAT.
install_packages() {
    local skipped=$1
    shift
    local -a missing=("$@") failed=()
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; answer it before apt does.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    say "installing ${missing[*]}"
    if ! apt-get -o DPkg::Lock::Timeout=300 update -qq >/tmp/wirebook-apt.log 2>&1; then
        problems+=("apt-get update failed (see /tmp/wirebook-apt.log); fix: check the network/apt sources")
        return
    fi
    if apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/wirebook-apt.log 2>&1; then
        done_list+=("installed ${#missing[@]} packages")
        return
    fi
    # One unavailable package must not stop the others: retry one by one and name the ones that fail.
    local pkg
    for pkg in "${missing[@]}"; do
        apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$pkg" >>/tmp/wirebook-apt.log 2>&1 || failed+=("$pkg")
    done
    if ((${#failed[@]} > 0)); then
        problems+=("could not install ${failed[*]} (see /tmp/wirebook-apt.log); ${skipped} will be skipped")
    fi
    if ((${#failed[@]} < ${#missing[@]})); then
        done_list+=("installed $((${#missing[@]} - ${#failed[@]})) packages")
    fi
}

if ! command -v dpkg-query >/dev/null 2>&1; then
    problems+=("not a Debian/Ubuntu system (no dpkg); fix: install by hand: ${PACKAGES[*]}")
else
    # want LABEL WHAT_FAILS_WITHOUT PKG...
    want() {
        local label=$1 skipped=$2
        shift 2
        mapfile -t missing < <(missing_packages "$@")
        if ((${#missing[@]} == 0)); then
            ok_list+=("${label}")
        elif $check_only; then
            problems+=("missing ${label}: ${missing[*]}; fix: sudo scripts/setup.sh")
        elif ! $is_root; then
            problems+=("not root, cannot install: ${missing[*]}; fix: sudo scripts/setup.sh")
        else
            install_packages "${skipped}" "${missing[@]}"
        fi
    }
    want packages "the paths that need them" "${PACKAGES[@]}"
    want "guest packages (kernel ${GUEST_KERNEL})" "the guest (wirebook vm, bench --vm)" "${GUEST_PACKAGES[@]}"
fi

# --- hugepages --------------------------------------------------------------------------------------------
nr_file=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
[[ -e $nr_file ]] || nr_file=/proc/sys/vm/nr_hugepages

hugepages_mounted() {
    awk -v d="$HUGEPAGES_DIR" '$2 == d && $3 == "hugetlbfs" { found = 1 } END { exit !found }' /proc/mounts
}

if [[ ! -e $nr_file ]]; then
    problems+=("this kernel has no hugepages (CONFIG_HUGETLBFS); DPDK will be skipped")
else
    have=$(cat "$nr_file")
    if ((have >= HUGEPAGES_WANTED)); then
        ok_list+=("${have} hugepages")
    elif $check_only; then
        problems+=("only ${have} x 2 MiB hugepages reserved, want ${HUGEPAGES_WANTED}; fix: sudo scripts/setup.sh")
    elif ! $is_root; then
        problems+=("not root, cannot reserve hugepages (${have} of ${HUGEPAGES_WANTED}); fix: sudo scripts/setup.sh")
    else
        echo "$HUGEPAGES_WANTED" >"$nr_file" || true
        have=$(cat "$nr_file")
        if ((have >= HUGEPAGES_WANTED)); then
            done_list+=("reserved ${have} x 2 MiB hugepages")
        else
            problems+=("the kernel gave only ${have} of ${HUGEPAGES_WANTED} hugepages (memory is short or fragmented); fix: free memory, or reserve at boot with hugepages=${HUGEPAGES_WANTED}")
        fi
    fi

    if hugepages_mounted; then
        ok_list+=("hugetlbfs at ${HUGEPAGES_DIR}")
    elif $check_only; then
        problems+=("hugetlbfs not mounted at ${HUGEPAGES_DIR}; fix: sudo scripts/setup.sh")
    elif ! $is_root; then
        problems+=("not root, cannot mount hugetlbfs at ${HUGEPAGES_DIR}; fix: sudo scripts/setup.sh")
    else
        mkdir -p "$HUGEPAGES_DIR"
        if mount -t hugetlbfs -o pagesize=2M nodev "$HUGEPAGES_DIR" 2>/dev/null; then
            done_list+=("mounted hugetlbfs at ${HUGEPAGES_DIR}")
        else
            problems+=("cannot mount hugetlbfs at ${HUGEPAGES_DIR}; fix: mount -t hugetlbfs nodev ${HUGEPAGES_DIR}")
        fi
    fi
fi

# --- bpffs (libxdp keeps its XDP dispatcher pinned there) --------------------------------------------------
if awk '$2 == "/sys/fs/bpf" && $3 == "bpf" { found = 1 } END { exit !found }' /proc/mounts; then
    ok_list+=("bpffs")
elif $check_only; then
    problems+=("bpffs not mounted at /sys/fs/bpf (libxdp needs it); fix: sudo scripts/setup.sh")
elif ! $is_root; then
    problems+=("not root, cannot mount bpffs at /sys/fs/bpf; fix: sudo scripts/setup.sh")
elif mkdir -p /sys/fs/bpf && mount -t bpf bpf /sys/fs/bpf 2>/dev/null; then
    done_list+=("mounted bpffs at /sys/fs/bpf")
else
    problems+=("cannot mount bpffs at /sys/fs/bpf; fix: mount -t bpf bpf /sys/fs/bpf")
fi

# --- JDK 25 -----------------------------------------------------------------------------------------------
if java_home=$("$HERE/java-home.sh" 2>&1); then
    ok_list+=("JDK 25 at ${java_home}")
else
    problems+=("$java_home")
fi

# --- summary ----------------------------------------------------------------------------------------------
for p in "${problems[@]+"${problems[@]}"}"; do
    say "$p"
done
join() { local IFS=$'\x1f' joined; joined="${*:-nothing}"; echo "${joined//$'\x1f'/, }"; }
summary="did: $(join "${done_list[@]+"${done_list[@]}"}"); already in place: $(join "${ok_list[@]+"${ok_list[@]}"}")"
if ((${#problems[@]} == 0)); then
    say "ok; ${summary}"
    exit 0
fi
say "incomplete (${#problems[@]} problem(s) above); ${summary}"
if $check_only; then
    exit 1
fi
exit 0
