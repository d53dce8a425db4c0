# SPDX-License-Identifier: GPL-2.0-or-later
# `make install` / `make uninstall` (docs/quickstart.md "Install"), the layout the Debian
# package uses too (PREFIX=/usr UNITDIR=/lib/systemd/system):
#   $(PREFIX)/sbin/            wireboot-server, wireboot-check
#   $(PREFIX)/bin/             wireboot-mkconfig, wireboot-convert-dhcpd, rom-set-ids
#   $(PREFIX)/lib/wireboot/    the boot images (as the ipxe package's /usr/lib/ipxe/)
#   $(PREFIX)/share/man/       wireboot-server(8), wireboot-check(8), wireboot(7) and the
#                              scripts' pages (1), generated from docs/man/*.md
#   $(PREFIX)/share/doc/wireboot/  README.md and docs/ (the links between them keep working)
#   $(UNITDIR)/wireboot-server.service
#   $(SYSCONFDIR)/wireboot/server.conf  the example settings (an existing file is kept)
# DESTDIR is prepended to every path (staging for packages and tests).
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
INSTALL ?= install

SBINDIR := $(PREFIX)/sbin
BINDIR := $(PREFIX)/bin
IMAGEDIR := $(PREFIX)/lib/wireboot
MANDIR := $(PREFIX)/share/man
DOCDIR := $(PREFIX)/share/doc/wireboot

INSTALL_SBIN := wireboot-server wireboot-check
INSTALL_SCRIPTS := wireboot-mkconfig wireboot-convert-dhcpd rom-set-ids
INSTALL_IMAGES := wireboot.pxe wireboot-pxetftp.pxe wireboot-virtio.rom wireboot-e1000.rom wireboot-virtio-ipv6.rom \
	wireboot-e1000-ipv6.rom wireboot.usb wireboot.iso wireboot.lkrn wireboot.efi
MAN_PAGES := wireboot-server.8 wireboot-check.8 wireboot.7 $(addsuffix .1,$(INSTALL_SCRIPTS))
INSTALL_DOCS := $(wildcard docs/*.md docs/*.png)

.PHONY: install uninstall man
man: $(addprefix $(BUILD)/man/,$(MAN_PAGES))

# The OPTIONS sections come from the programs' own --help (scripts/mkman).
MAN_HELP_OF := $(foreach p,$(INSTALL_SBIN),--help-of $(p)=$(BUILD)/$(p)) \
	$(foreach p,$(INSTALL_SCRIPTS),--help-of $(p)=scripts/$(p))
$(BUILD)/man/%: docs/man/%.md scripts/mkman $(addprefix $(BUILD)/,$(INSTALL_SBIN)) \
		$(addprefix scripts/,$(INSTALL_SCRIPTS)) $(VERSION_H)
	@mkdir -p $(@D)
	@echo "  MAN     $@"
	$(Q)scripts/mkman $< $(WB_VERSION) $(MAN_HELP_OF) > $@.tmp && mv $@.tmp $@

$(BUILD)/wireboot-server.service: packaging/wireboot-server.service.in
	$(Q)sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' $< > $@

# Everything installed comes from one build of one version (it is brought up to date first).
install: all man $(BUILD)/wireboot-server.service
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(IMAGEDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DOCDIR)/docs \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/wireboot
	$(INSTALL) -m 755 $(addprefix $(BUILD)/,$(INSTALL_SBIN)) $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 755 $(addprefix scripts/,$(INSTALL_SCRIPTS)) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 644 $(addprefix $(BUILD)/,$(INSTALL_IMAGES)) $(DESTDIR)$(IMAGEDIR)/
	$(INSTALL) -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 644 $(BUILD)/man/*.7 $(DESTDIR)$(MANDIR)/man7/
	$(INSTALL) -m 644 $(BUILD)/man/*.8 $(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -m 644 README.md $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 644 $(INSTALL_DOCS) $(DESTDIR)$(DOCDIR)/docs/
	$(INSTALL) -m 644 $(BUILD)/wireboot-server.service $(DESTDIR)$(UNITDIR)/
	[ -e $(DESTDIR)$(SYSCONFDIR)/wireboot/server.conf ] || \
		$(INSTALL) -m 644 packaging/server.conf $(DESTDIR)$(SYSCONFDIR)/wireboot/server.conf

# Leaves server.conf (it may hold the admin's settings) and /var/lib/wireboot (leases).
uninstall:
	rm -f $(addprefix $(DESTDIR)$(SBINDIR)/,$(INSTALL_SBIN)) \
		$(addprefix $(DESTDIR)$(BINDIR)/,$(INSTALL_SCRIPTS)) \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/,$(filter %.1,$(MAN_PAGES))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man7/,$(filter %.7,$(MAN_PAGES))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(filter %.8,$(MAN_PAGES))) \
		$(DESTDIR)$(UNITDIR)/wireboot-server.service
	rm -rf $(DESTDIR)$(IMAGEDIR) $(DESTDIR)$(DOCDIR)
