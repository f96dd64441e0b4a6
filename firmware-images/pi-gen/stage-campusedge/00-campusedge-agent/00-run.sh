#!/bin/bash -e
# Installs the CampusEdge agent package into the image with apt, which also brings Raspberry Pi
# OS's Java 17 runtime. The service stays idle until a technician provisions the gateway
# (campusedge-agent provision): the unit waits for /etc/campusedge/agent.yaml.
deb="${CAMPUSEDGE_DEB:-files/campusedge-agent.deb}"
if [ ! -f "${deb}" ]; then
	echo "CampusEdge stage: no agent package at ${deb}; build it (./mvnw package) and set CAMPUSEDGE_DEB" >&2
	exit 1
fi
install -m 644 "${deb}" "${ROOTFS_DIR}/tmp/campusedge-agent.deb"
on_chroot <<CHROOT
apt-get install -y --no-install-recommends /tmp/campusedge-agent.deb
rm -f /tmp/campusedge-agent.deb
CHROOT
install -m 644 files/motd-campusedge "${ROOTFS_DIR}/etc/motd"
