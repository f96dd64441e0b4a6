#!/bin/bash -e
# CampusEdge stage of pi-gen: starts from the previous stage's root file system.
if [ ! -d "${ROOTFS_DIR}" ]; then
	copy_previous
fi
