// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom/pci.c against a fake configuration space: enumeration (multi-function, sparse
 * functions, bridges, unreachable buses, extra host bridges), BAR decoding and sizing
 * (I/O, 32- and 64-bit memory, unimplemented, upper halves), command bits, capabilities.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/errors.h"
#include "rom/pci.h"

#define MAX_FAKE 16

struct fake_fn {
	uint16_t bdf;
	uint8_t cfg[256];
	uint32_t bar_mask[6]; /* writable bits of each BAR (0 = not implemented) */
};

static struct fake_fn fns[MAX_FAKE];
static int nfns;
static int writes;

static struct fake_fn *find(uint16_t bdf)
{
	for (int i = 0; i < nfns; i++)
		if (fns[i].bdf == bdf)
			return &fns[i];
	return NULL;
}

static uint32_t fake_read(void *ctx, uint16_t bdf, uint16_t reg, int size)
{
	(void)ctx;
	struct fake_fn *f = find(bdf);
	assert_true(reg % size == 0 && reg + size <= 256);
	if (!f)
		return size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFFFFFF;
	uint32_t v = 0;
	memcpy(&v, f->cfg + reg, (size_t)size);
	return v;
}

static void fake_write(void *ctx, uint16_t bdf, uint16_t reg, int size, uint32_t val)
{
	(void)ctx;
	struct fake_fn *f = find(bdf);
	assert_true(reg % size == 0 && reg + size <= 256);
	writes++;
	if (!f)
		return;
	if (reg >= PCI_BAR0 && reg < PCI_BAR0 + 24) {
		assert_int_equal(size, 4);
		int i = (reg - PCI_BAR0) / 4;
		uint32_t old;
		memcpy(&old, f->cfg + reg, 4);
		/* Sizing must happen with decoding off. */
		if (val == 0xFFFFFFFF)
			assert_int_equal(f->cfg[PCI_COMMAND] & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY), 0);
		uint32_t ro = ~f->bar_mask[i];
		uint32_t nv = (old & ro) | (val & f->bar_mask[i]);
		memcpy(f->cfg + reg, &nv, 4);
		return;
	}
	memcpy(f->cfg + reg, &val, (size_t)size);
}

static const struct pci_access fake = { "fake", fake_read, fake_write, NULL };

static struct fake_fn *add(unsigned bus, unsigned dev, unsigned fn, uint16_t vendor, uint16_t device,
			   uint32_t class_code, uint8_t header)
{
	struct fake_fn *f = &fns[nfns++];
	memset(f, 0, sizeof(*f));
	f->bdf = PCI_BDF(bus, dev, fn);
	memcpy(f->cfg + PCI_VENDOR_ID, &vendor, 2);
	memcpy(f->cfg + PCI_DEVICE_ID, &device, 2);
	uint32_t cr = class_code << 8 | 0x01;
	memcpy(f->cfg + PCI_CLASS_REVISION, &cr, 4);
	f->cfg[PCI_HEADER_TYPE] = header;
	return f;
}

static void set_bar(struct fake_fn *f, int i, uint32_t value, uint32_t mask)
{
	memcpy(f->cfg + PCI_BAR0 + 4 * i, &value, 4);
	f->bar_mask[i] = mask;
}

/*
 * 00:00.0 host bridge; 00:01.0/.1/.3 a multi-function device (fn 2 absent); 00:02.0 a
 * virtio NIC with BARs and capabilities; 00:03.0 a bridge to bus 2 with 02:05.0 behind it;
 * 01:00.0 sits on a bus no bridge leads to (only found when 00:00.1 is a host bridge).
 */
static int setup(void **state)
{
	(void)state;
	nfns = 0;
	writes = 0;
	add(0, 0, 0, 0x8086, 0x1237, 0x060000, 0);
	add(0, 1, 0, 0x8086, 0x7000, 0x060100, PCI_HEADER_MULTIFUNCTION);
	add(0, 1, 1, 0x8086, 0x7010, 0x010180, 0);
	add(0, 1, 3, 0x8086, 0x7113, 0x068000, 0);
	struct fake_fn *nic = add(0, 2, 0, 0x1AF4, 0x1000, 0x020000, 0);
	set_bar(nic, 0, 0xC001, 0xFFFFFFE0);             /* I/O, 32 ports */
	set_bar(nic, 1, 0xFEBD1000, 0xFFFFF000);         /* 32-bit memory, 4 KiB */
	set_bar(nic, 4, 0xFE00000C, 0xFFFFC000);         /* 64-bit prefetchable, 16 KiB */
	set_bar(nic, 5, 0x00000001, 0xFFFFFFFF);         /* ... at 0x1FE000000 */
	nic->cfg[PCI_COMMAND] = PCI_COMMAND_IO | PCI_COMMAND_MEMORY;
	nic->cfg[PCI_STATUS] = PCI_STATUS_CAP_LIST;
	nic->cfg[PCI_CAP_PTR] = 0x40;
	nic->cfg[0x40] = PCI_CAP_ID_VENDOR, nic->cfg[0x41] = 0x50;
	nic->cfg[0x50] = 0x11, nic->cfg[0x51] = 0x62; /* MSI-X; low bits of the pointer ignored */
	nic->cfg[0x60] = PCI_CAP_ID_VENDOR, nic->cfg[0x61] = 0x00;
	struct fake_fn *bridge = add(0, 3, 0, 0x1B36, 0x0001, 0x060400, PCI_HEADER_TYPE_BRIDGE);
	bridge->cfg[PCI_SECONDARY_BUS] = 2;
	bridge->cfg[PCI_SUBORDINATE_BUS] = 2;
	add(2, 5, 0, 0x8086, 0x100E, 0x020000, 0);
	add(1, 0, 0, 0x8086, 0x10D3, 0x020000, 0);
	return 0;
}

struct seen {
	uint16_t bdf[MAX_FAKE];
	int n;
	uint16_t stop_at;
};

static int record(struct pci_device *d, void *arg)
{
	struct seen *s = arg;
	s->bdf[s->n++] = d->bdf;
	return d->bdf == s->stop_at ? 42 : 0;
}

static void test_scan_order_and_reach(void **state)
{
	(void)state;
	struct seen s = { .stop_at = 0xFFFF };
	assert_int_equal(pci_scan(&fake, record, &s), 0);
	const uint16_t want[] = { PCI_BDF(0, 0, 0), PCI_BDF(0, 1, 0), PCI_BDF(0, 1, 1), PCI_BDF(0, 1, 3),
				  PCI_BDF(0, 2, 0), PCI_BDF(0, 3, 0), PCI_BDF(2, 5, 0) };
	assert_int_equal(s.n, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(s.bdf[i], want[i]);
}

static void test_scan_stops_and_returns_visit_value(void **state)
{
	(void)state;
	struct seen s = { .stop_at = PCI_BDF(0, 2, 0) };
	assert_int_equal(pci_scan(&fake, record, &s), 42);
	assert_int_equal(s.n, 5);
}

static void test_scan_second_host_bridge(void **state)
{
	(void)state;
	/* A multi-function host bridge: function 1 is the host bridge of root bus 1. */
	fns[0].cfg[PCI_HEADER_TYPE] = PCI_HEADER_MULTIFUNCTION;
	add(0, 0, 1, 0x8086, 0x1237, 0x060000, 0);
	struct seen s = { .stop_at = 0xFFFF };
	assert_int_equal(pci_scan(&fake, record, &s), 0);
	assert_int_equal(s.n, 9);
	assert_int_equal(s.bdf[1], PCI_BDF(0, 0, 1));
	assert_int_equal(s.bdf[7], PCI_BDF(1, 0, 0)); /* buses in discovery order */
}

static void test_scan_bridge_loop_visits_each_bus_once(void **state)
{
	(void)state;
	struct fake_fn *b = add(2, 6, 0, 0x1B36, 0x0001, 0x060400, PCI_HEADER_TYPE_BRIDGE);
	b->cfg[PCI_SECONDARY_BUS] = 0; /* back to bus 0: a broken or hostile topology */
	struct seen s = { .stop_at = 0xFFFF };
	assert_int_equal(pci_scan(&fake, record, &s), 0);
	assert_int_equal(s.n, 8);
}

static void test_device_init(void **state)
{
	(void)state;
	struct pci_device d;
	assert_int_equal(pci_device_init(&d, &fake, PCI_BDF(0, 2, 0)), 0);
	assert_int_equal(d.vendor, 0x1AF4);
	assert_int_equal(d.device, 0x1000);
	assert_int_equal(d.class_code, 0x020000);
	assert_int_equal(d.revision, 1);
	assert_int_equal(d.header_type, PCI_HEADER_TYPE_NORMAL);
	assert_int_equal(pci_device_init(&d, &fake, PCI_BDF(0, 9, 0)), -WB_ENODEV);
}

static void test_bar_decode(void **state)
{
	(void)state;
	struct pci_device d;
	struct pci_bar bar;
	assert_int_equal(pci_device_init(&d, &fake, PCI_BDF(0, 2, 0)), 0);

	assert_int_equal(pci_bar_decode(&d, 0, &bar), 0);
	assert_true(bar.io && !bar.is64);
	assert_int_equal(bar.addr, 0xC000);
	assert_int_equal(bar.size, 32);

	assert_int_equal(pci_bar_decode(&d, 1, &bar), 0);
	assert_true(!bar.io && !bar.is64 && !bar.prefetch);
	assert_int_equal(bar.addr, 0xFEBD1000);
	assert_int_equal(bar.size, 0x1000);

	assert_int_equal(pci_bar_decode(&d, 4, &bar), 0);
	assert_true(!bar.io && bar.is64 && bar.prefetch);
	assert_int_equal(bar.addr, 0x1FE000000ull);
	assert_int_equal(bar.size, 0x4000);

	assert_int_equal(pci_bar_decode(&d, 2, &bar), -WB_ENODEV);
	assert_int_equal(bar.size, 0);
	assert_int_equal(pci_bar_decode(&d, 5, &bar), -WB_EINVAL); /* upper half of BAR 4 */
	assert_int_equal(pci_bar_decode(&d, 6, &bar), -WB_EINVAL);
	assert_int_equal(pci_bar_decode(&d, -1, &bar), -WB_EINVAL);

	/* Sizing restored the BARs and the command register. */
	assert_int_equal(fake_read(NULL, d.bdf, PCI_BAR0, 4), 0xC001);
	assert_int_equal(fake_read(NULL, d.bdf, PCI_BAR0 + 16, 4), 0xFE00000C);
	assert_int_equal(fake_read(NULL, d.bdf, PCI_BAR0 + 20, 4), 1);
	assert_int_equal(pci_read16(&d, PCI_COMMAND), PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
}

static void test_bar_16bit_io_decode(void **state)
{
	(void)state;
	/* An I/O BAR that implements only the low 16 address bits still sizes correctly. */
	set_bar(find(PCI_BDF(0, 2, 0)), 2, 0xD001, 0x0000FF00);
	struct pci_device d;
	struct pci_bar bar;
	assert_int_equal(pci_device_init(&d, &fake, PCI_BDF(0, 2, 0)), 0);
	assert_int_equal(pci_bar_decode(&d, 2, &bar), 0);
	assert_true(bar.io);
	assert_int_equal(bar.addr, 0xD000);
	assert_int_equal(bar.size, 256);
}

static void test_enable_disable(void **state)
{
	(void)state;
	struct pci_device d;
	assert_int_equal(pci_device_init(&d, &fake, PCI_BDF(0, 2, 0)), 0);
	pci_enable(&d, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	assert_int_equal(pci_read16(&d, PCI_COMMAND), 7);
	int before = writes;
	pci_enable(&d, PCI_COMMAND_MASTER); /* already on: no write */
	assert_int_equal(writes, before);
	pci_disable(&d, PCI_COMMAND_MASTER);
	assert_int_equal(pci_read16(&d, PCI_COMMAND), 3);
	assert_int_equal(pci_read8(&d, PCI_STATUS), PCI_STATUS_CAP_LIST); /* untouched */
}

static void test_capabilities(void **state)
{
	(void)state;
	struct pci_device d;
	assert_int_equal(pci_device_init(&d, &fake, PCI_BDF(0, 2, 0)), 0);
	assert_int_equal(pci_find_cap(&d, PCI_CAP_ID_VENDOR, 0), 0x40);
	assert_int_equal(pci_find_cap(&d, PCI_CAP_ID_VENDOR, 0x40), 0x60);
	assert_int_equal(pci_find_cap(&d, PCI_CAP_ID_VENDOR, 0x60), 0);
	assert_int_equal(pci_find_cap(&d, 0x11, 0), 0x50);
	assert_int_equal(pci_find_cap(&d, 0x05, 0), 0);

	/* A list that loops on itself ends; so does one pointing into the header. */
	struct fake_fn *f = find(PCI_BDF(0, 2, 0));
	f->cfg[0x61] = 0x40;
	assert_int_equal(pci_find_cap(&d, 0x05, 0), 0);
	f->cfg[0x61] = 0x10;
	assert_int_equal(pci_find_cap(&d, 0x05, 0), 0);

	/* Without the status bit there is no list at all. */
	f->cfg[PCI_STATUS] = 0;
	assert_int_equal(pci_find_cap(&d, PCI_CAP_ID_VENDOR, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_scan_order_and_reach, setup),
		cmocka_unit_test_setup(test_scan_stops_and_returns_visit_value, setup),
		cmocka_unit_test_setup(test_scan_second_host_bridge, setup),
		cmocka_unit_test_setup(test_scan_bridge_loop_visits_each_bus_once, setup),
		cmocka_unit_test_setup(test_device_init, setup),
		cmocka_unit_test_setup(test_bar_decode, setup),
		cmocka_unit_test_setup(test_bar_16bit_io_decode, setup),
		cmocka_unit_test_setup(test_enable_disable, setup),
		cmocka_unit_test_setup(test_capabilities, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
