#!/bin/busybox sh
# The guest's /init (busybox sh): loads the 9p modules, mounts the host's root read-only over virtio-9p as the
# guest's root with a tmpfs on /tmp and /run, mounts the run's read-write share at its host path, loads the NIC's
# driver, then runs each command the host drops into the share (cmd-N.sh -> out-N, status-N) until it finds
# "halt", and powers off. /guest.conf (written by InitramfsBuilder) sets the variables used below.
export PATH=/bin
/bin/busybox mkdir -p /proc /sys /dev /root
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
. /guest.conf
log() { echo "wirebook-guest: $*" > /dev/console; }
fail() { log "$*"; sync; poweroff -f; }
for m in $MODULES; do insmod "/modules/$m" || fail "insmod $m failed"; done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot /root || fail "cannot mount the host's root"
mount -t tmpfs -o mode=1777 tmp /root/tmp
mount -t tmpfs run /root/run
mount -t proc proc /root/proc
mount -t sysfs sys /root/sys
mount -t devtmpfs dev /root/dev
mkdir -p /root/dev/shm /root/dev/pts /root/dev/hugepages
mount -t tmpfs -o mode=1777 shm /root/dev/shm
mount -t devpts devpts /root/dev/pts
if [ "$HUGEPAGES" -gt 0 ]; then
  echo "$HUGEPAGES" > /proc/sys/vm/nr_hugepages
  mount -t hugetlbfs -o pagesize=2M nodev /root/dev/hugepages
fi
mkdir -p "/root$SHARE"
mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=512000 wbshare "/root$SHARE" || fail "cannot mount the share"
i=0
for d in $EXTRA_DIRS; do
  # A directory under /tmp exists only on the host; on the read-only root the mount point is there already.
  mkdir -p "/root$d" 2>/dev/null
  mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=512000 "wbdir$i" "/root$d" || fail "cannot mount $d"
  i=$((i + 1))
done
chroot /root /sbin/modprobe "$NIC_DRIVER" || fail "modprobe $NIC_DRIVER failed"
chroot /root /sbin/ip link set lo up
if [ -n "$ADDRESS" ]; then
  # IPv6 off: no router solicitations, DAD or MLD reports on the wire, as on the lab's veths.
  echo 1 > /proc/sys/net/ipv6/conf/eth0/disable_ipv6 2>/dev/null
  chroot /root /sbin/ip addr add "$ADDRESS" dev eth0 || fail "cannot set $ADDRESS on eth0"
  chroot /root /sbin/ip link set eth0 up
  chroot /root /sbin/ip route add 224.0.0.0/4 dev eth0
  for r in $ROUTES; do chroot /root /sbin/ip route add ${r%%,*} via ${r##*,} dev eth0; done
fi
if [ -n "$RECOVERY_ADDRESS" ]; then
  echo 1 > /proc/sys/net/ipv6/conf/eth1/disable_ipv6 2>/dev/null
  chroot /root /sbin/ip addr add "$RECOVERY_ADDRESS" dev eth1 || fail "cannot set $RECOVERY_ADDRESS on eth1"
  chroot /root /sbin/ip link set eth1 up
fi
s="/root$SHARE"
uname -r > "$s/ready.tmp" && mv "$s/ready.tmp" "$s/ready"
n=1
while :; do
  if [ -e "$s/cmd-$n.sh" ]; then
    chroot /root /usr/bin/env -i HOME=/tmp PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
      /bin/sh "$SHARE/cmd-$n.sh" > "$s/out-$n" 2>&1 < /dev/null
    echo $? > "$s/status-$n.tmp"
    mv "$s/status-$n.tmp" "$s/status-$n"
    n=$((n + 1))
  elif [ -e "$s/halt" ]; then
    break
  else
    usleep 50000
  fi
done
sync
umount "/root$SHARE"
poweroff -f
