# SPDX-License-Identifier: GPL-2.0-or-later
# `make deb`: $(BUILD)/deb/wireboot_<version>_amd64.deb with debhelper (debian/), built in
# debian/build (removed afterwards).  dpkg-buildpackage writes next to the source tree; the
# files are moved here.
DEB_VERSION = $(shell scripts/version --debian)
DEB_OUT ?= $(BUILD)/deb

.PHONY: deb
deb:
	$(Q)dpkg-buildpackage -b -us -uc -tc
	$(Q)mkdir -p $(DEB_OUT) && v=$(DEB_VERSION) && c=$$(dpkg-parsechangelog -S Version) && \
		for f in ../wireboot_$${v}_amd64.deb ../wireboot-dbgsym_$${v}_amd64.deb \
			../wireboot_$${c}_amd64.buildinfo ../wireboot_$${c}_amd64.changes; do \
			[ ! -e $$f ] || mv -f $$f $(DEB_OUT)/; done && \
		echo "make deb: $(DEB_OUT)/wireboot_$${v}_amd64.deb"
