// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/mptable.c on the MADTs QEMU gives its machines (tests/data/madt/, captured with
 * scripts/capture-madt: i440fx and q35, -smp 1/2/4 and 2 of 4 CPUs enabled), read back
 * with an MP table walker written here from the MP spec 1.4, and on hostile MADTs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "loaders/mptable.h"

static const struct mptable_cpu CPU = { .bsp_apic_id = 0, .signature = 0x663,
					.features = 0x0781abfd };

static uint8_t *read_madt(const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof(path), "tests/data/madt/%s.bin", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t *buf = malloc(4096);
	assert_non_null(buf);
	*len = fread(buf, 1, 4096, f);
	fclose(f);
	assert_true(*len >= 44);
	return buf;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* What an MP table reader sees in a table. */
struct seen {
	unsigned cpus, enabled, bsp, buses, ioapics, ints, lints;
	uint8_t cpu_ids[16];
	int irq_pin[16];          /* ISA IRQ -> I/O APIC pin, -1 when absent */
	uint16_t irq_flags[16];
	int nmi_lint, extint_lint; /* LINT# of the local NMI / ExtINT entries, -1 when absent */
};

static struct seen walk(const uint8_t *t, size_t len)
{
	struct seen s = { .nmi_lint = -1, .extint_lint = -1 };
	int last_type = 0;

	for (int i = 0; i < 16; i++)
		s.irq_pin[i] = -1;
	assert_memory_equal(t, "PCMP", 4);
	assert_int_equal(t[4] | t[5] << 8, len);
	assert_int_equal(t[6], 4);
	assert_int_equal(sum(t, len), 0);
	size_t off = 44;
	for (unsigned n = 0; n < (unsigned)(t[34] | t[35] << 8); n++) {
		const uint8_t *e = t + off;
		assert_true(e[0] >= last_type); /* spec order: by entry type */
		last_type = e[0];
		switch (e[0]) {
		case 0:
			assert_true(s.cpus < 16);
			s.cpu_ids[s.cpus++] = e[1];
			s.enabled += e[3] & 1;
			s.bsp += (e[3] & 2) != 0;
			assert_int_equal(le32(e + 4), CPU.signature);
			assert_int_equal(le32(e + 8), CPU.features);
			off += 20;
			continue;
		case 1:
			assert_memory_equal(e + 2, "ISA   ", 6);
			s.buses++;
			break;
		case 2:
			assert_int_equal(e[1], 0);
			assert_int_equal(e[3], 1);
			assert_int_equal(le32(e + 4), 0xFEC00000);
			s.ioapics++;
			break;
		case 3:
			assert_int_equal(e[1], 0); /* INT */
			assert_int_equal(e[4], 0); /* ISA bus */
			assert_true(e[5] < 16);
			assert_int_equal(s.irq_pin[e[5]], -1);
			s.irq_pin[e[5]] = e[7];
			s.irq_flags[e[5]] = e[2] | e[3] << 8;
			s.ints++;
			break;
		case 4:
			assert_int_equal(e[6], 0xFF); /* every local APIC */
			if (e[1] == 1)
				s.nmi_lint = e[7];
			else if (e[1] == 3)
				s.extint_lint = e[7];
			else
				fail_msg("local interrupt type %u", e[1]);
			s.lints++;
			break;
		default:
			fail_msg("entry type %u", e[0]);
		}
		off += 8;
	}
	assert_int_equal(off, len);
	return s;
}

/* One captured machine: `cpus` listed, `enabled` of them usable; QEMU's routing. */
static void check_qemu(const char *name, unsigned cpus, unsigned enabled)
{
	size_t madt_len;
	uint8_t *madt = read_madt(name, &madt_len);
	uint8_t table[3072];
	struct mptable_info info;

	int len = mptable_build(madt, madt_len, &CPU, table, sizeof(table), &info);
	assert_int_equal(len, 44 + 20 * cpus + 8 * (1 + 1 + 15 + 2));
	assert_int_equal(info.len, (size_t)len);
	assert_memory_equal(table + 8, "BOCHS   ", 8);
	assert_int_equal(le32(table + 36), 0xFEE00000);
	struct seen s = walk(table, (size_t)len);
	assert_int_equal(s.cpus, cpus);
	assert_int_equal(info.cpus, cpus);
	assert_int_equal(s.enabled, enabled);
	assert_int_equal(info.cpus_enabled, enabled);
	assert_int_equal(s.bsp, 1);
	for (unsigned i = 0; i < cpus; i++)
		assert_int_equal(s.cpu_ids[i], i);
	assert_int_equal(s.buses, 1);
	assert_int_equal(s.ioapics, 1);
	/* IRQ0 is overridden to GSI 2, so IRQ2 (the cascade) gets no pin of its own */
	assert_int_equal(s.irq_pin[0], 2);
	assert_int_equal(s.irq_pin[2], -1);
	for (int irq = 1; irq < 16; irq++) {
		if (irq == 2)
			continue;
		assert_int_equal(s.irq_pin[irq], irq);
		/* PCI-routed IRQs: active high, level (0xd), as the overrides say */
		bool pci = irq == 5 || irq == 9 || irq == 10 || irq == 11;
		assert_int_equal(s.irq_flags[irq], pci ? 0xd : 0);
	}
	assert_int_equal(s.ints, 15);
	assert_int_equal(info.irq_entries, 15);
	assert_int_equal(s.extint_lint, 0);
	assert_int_equal(s.nmi_lint, 1);
	assert_int_equal(info.lint_entries, 2);
	assert_int_equal(info.skipped, 0);
	free(madt);
}

static void test_i440fx_smp1(void **state) { (void)state; check_qemu("i440fx-smp1", 1, 1); }
static void test_i440fx_smp2(void **state) { (void)state; check_qemu("i440fx-smp2", 2, 2); }
static void test_i440fx_smp4(void **state) { (void)state; check_qemu("i440fx-smp4", 4, 4); }
static void test_i440fx_smp2_of_4(void **state) { (void)state; check_qemu("i440fx-smp2-max4", 4, 2); }
static void test_q35_smp1(void **state) { (void)state; check_qemu("q35-smp1", 1, 1); }
static void test_q35_smp2(void **state) { (void)state; check_qemu("q35-smp2", 2, 2); }
static void test_q35_smp4(void **state) { (void)state; check_qemu("q35-smp4", 4, 4); }
static void test_q35_smp2_of_4(void **state) { (void)state; check_qemu("q35-smp2-max4", 4, 2); }

static void test_floating_pointer(void **state)
{
	(void)state;
	uint8_t fp[16];
	mptable_floating_pointer(fp, 0x9F000);
	assert_memory_equal(fp, "_MP_", 4);
	assert_int_equal(le32(fp + 4), 0x9F000);
	assert_int_equal(fp[8], 1);
	assert_int_equal(fp[9], 4);
	assert_int_equal(fp[11], 0); /* a configuration table follows, no default config */
	assert_int_equal(sum(fp, 16), 0);
}

static void fix_checksum(uint8_t *madt)
{
	uint32_t len = le32(madt + 4);
	madt[9] = 0;
	madt[9] = (uint8_t)-sum(madt, len);
}

/* The BSP flag follows CPUID's APIC ID, not the first entry. */
static void test_bsp_is_the_running_cpu(void **state)
{
	(void)state;
	size_t madt_len;
	uint8_t *madt = read_madt("q35-smp4", &madt_len), table[3072];
	struct mptable_cpu cpu = CPU;
	struct mptable_info info;
	cpu.bsp_apic_id = 2;
	int len = mptable_build(madt, madt_len, &cpu, table, sizeof(table), &info);
	assert_true(len > 0);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(table[44 + 20 * i + 3], i == 2 ? 3 : 1);
	free(madt);
}

static void test_hostile(void **state)
{
	(void)state;
	size_t madt_len;
	uint8_t *madt = read_madt("q35-smp2", &madt_len), table[3072];
	struct mptable_info info;

	/* wrong checksum, signature, Length beyond the buffer or below the header */
	madt[9] ^= 1;
	assert_int_equal(mptable_build(madt, madt_len, &CPU, table, sizeof(table), &info),
			 -WB_EBADMAGIC);
	madt[9] ^= 1;
	assert_int_equal(mptable_build(madt, madt_len - 1, &CPU, table, sizeof(table), &info),
			 -WB_ETRUNCATED);
	assert_int_equal(mptable_build(madt, 40, &CPU, table, sizeof(table), &info),
			 -WB_EBADMAGIC);
	/* not enough room: the header alone, then all but the last entry */
	assert_int_equal(mptable_build(madt, madt_len, &CPU, table, 43, &info), -WB_ETOOBIG);
	int full = mptable_build(madt, madt_len, &CPU, table, sizeof(table), &info);
	assert_true(full > 0);
	assert_int_equal(mptable_build(madt, madt_len, &CPU, table, (size_t)full - 1, &info),
			 -WB_ETOOBIG);
	assert_int_equal(mptable_build(madt, madt_len, &CPU, table, 44 + 19, &info),
			 -WB_ETOOBIG);

	/* a zero-length entry ends the walk: only the first CPU is seen (entries at 44, 52) */
	madt[52 + 1] = 0;
	fix_checksum(madt);
	assert_true(mptable_build(madt, madt_len, &CPU, table, sizeof(table), &info) > 0);
	assert_int_equal(info.cpus, 1);
	assert_int_equal(info.ioapics, 0);
	assert_int_equal(info.irq_entries, 0); /* no I/O APIC: no pins to route to */
	/* an entry claiming more bytes than the table has ends it too */
	madt[52 + 1] = 0xFF;
	fix_checksum(madt);
	assert_true(mptable_build(madt, madt_len, &CPU, table, sizeof(table), &info) > 0);
	assert_int_equal(info.cpus, 1);

	/* no enabled CPU: no MP table (a kernel would boot on nothing) */
	free(madt);
	madt = read_madt("q35-smp2", &madt_len);
	madt[44 + 4] = 0;
	madt[52 + 4] = 0;
	fix_checksum(madt);
	assert_int_equal(mptable_build(madt, madt_len, &CPU, table, sizeof(table), &info),
			 -WB_ENOENT);
	free(madt);
}

/* Entries the MP table cannot express are counted, not mangled. */
static void test_unrepresentable_entries(void **state)
{
	(void)state;
	uint8_t madt[256] = { 'A', 'P', 'I', 'C' }, table[3072];
	struct mptable_info info;
	size_t n = 44;

	madt[40] = 0; /* no 8259s: no ExtINT entry */
	uint8_t lapic[] = { 0, 8, 0, 0, 1, 0, 0, 0 };
	memcpy(madt + n, lapic, sizeof(lapic)), n += sizeof(lapic);
	uint8_t x2big[16] = { 9, 16, 0, 0, 0x00, 0x01, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0 }; /* ID 256 */
	memcpy(madt + n, x2big, 16), n += 16;
	uint8_t x2small[16] = { 9, 16, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0 };    /* ID 7 */
	memcpy(madt + n, x2small, 16), n += 16;
	uint8_t ioapic[] = { 1, 12, 0, 0, 0, 0, 0xC0, 0xFE, 16, 0, 0, 0 };             /* GSI 16.. */
	memcpy(madt + n, ioapic, sizeof(ioapic)), n += sizeof(ioapic);
	uint8_t ovr[] = { 2, 10, 0, 4, 20, 0, 0, 0, 0x0f, 0 };                         /* IRQ4->GSI20 */
	memcpy(madt + n, ovr, sizeof(ovr)), n += sizeof(ovr);
	uint8_t nmi[] = { 4, 6, 9, 5, 0, 1 };                                           /* unknown uid */
	memcpy(madt + n, nmi, sizeof(nmi)), n += sizeof(nmi);
	madt[4] = (uint8_t)n;
	fix_checksum(madt);

	int len = mptable_build(madt, n, &CPU, table, sizeof(table), &info);
	assert_true(len > 0);
	assert_int_equal(info.cpus, 2); /* APIC ID 0 and x2APIC 7 */
	assert_int_equal(table[44 + 20 + 1], 7);
	assert_int_equal(info.ioapics, 1);
	/* ISA IRQs 0-15 have no pin below GSI 16; IRQ4's override lands on pin 4 */
	assert_int_equal(info.irq_entries, 1);
	assert_int_equal(info.lint_entries, 0);
	assert_int_equal(info.skipped, 2); /* x2APIC 256, NMI of an unknown processor */
	walk(table, (size_t)len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_i440fx_smp1),
		cmocka_unit_test(test_i440fx_smp2),
		cmocka_unit_test(test_i440fx_smp4),
		cmocka_unit_test(test_i440fx_smp2_of_4),
		cmocka_unit_test(test_q35_smp1),
		cmocka_unit_test(test_q35_smp2),
		cmocka_unit_test(test_q35_smp4),
		cmocka_unit_test(test_q35_smp2_of_4),
		cmocka_unit_test(test_floating_pointer),
		cmocka_unit_test(test_bsp_is_the_running_cpu),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_unrepresentable_entries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
