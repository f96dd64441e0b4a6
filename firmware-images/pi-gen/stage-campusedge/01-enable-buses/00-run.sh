#!/bin/bash -e
# Turns on the buses the classroom sensors and card readers use: I2C (sensors), SPI (MFRC522
# reader, MCP3008 sound input), with the i2c-dev module loaded at boot so /dev/i2c-1 exists.
# Edits the files directly (raspi-config needs a running Pi); running it twice changes nothing.
config="${ROOTFS_DIR}/boot/firmware/config.txt"
[ -f "${config}" ] || config="${ROOTFS_DIR}/boot/config.txt"
for line in dtparam=i2c_arm=on dtparam=spi=on; do
	key="${line%%=on}"
	if grep -q "^#\?${key}=" "${config}"; then
		sed -i "s/^#\?${key}=.*/${line}/" "${config}"
	else
		echo "${line}" >>"${config}"
	fi
done
modules="${ROOTFS_DIR}/etc/modules"
grep -qx "i2c-dev" "${modules}" 2>/dev/null || echo "i2c-dev" >>"${modules}"
