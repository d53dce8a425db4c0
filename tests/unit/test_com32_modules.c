// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The built-in modules' argument parsers (chain.c32, ifcpu64.c32), the CPUID facts they
 * read through the fake platform, and loaders/pe.c on headers built here like gnu-efi's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/errors.h"
#include "loaders/boot_plan.h"
#include "loaders/com32_modules.h"
#include "loaders/pe.h"
#include "tests/unit/fake_platform.h"

static void test_chain_disks_and_partitions(void **state)
{
	(void)state;
	struct boot_disk d;
	char err[200];
	assert_int_equal(com32_chain_parse("hd0", &d, err, sizeof(err)), 0);
	assert_int_equal(d.bios_drive, 0x80);
	assert_int_equal(d.partition, 0);
	assert_int_equal(d.efi_boot_option, -1);
	assert_int_equal(com32_chain_parse("  hd1 2 ", &d, err, sizeof(err)), 0);
	assert_int_equal(d.bios_drive, 0x81);
	assert_int_equal(d.index, 1);
	assert_int_equal(d.partition, 2);
	assert_int_equal(com32_chain_parse("HD0,4", &d, err, sizeof(err)), 0);
	assert_int_equal(d.partition, 4);
	assert_int_equal(com32_chain_parse("hd0 5", &d, err, sizeof(err)), 0);
	assert_int_equal(d.partition, 5);
	assert_int_equal(com32_chain_parse("fd0", &d, err, sizeof(err)), 0);
	assert_int_equal(d.bios_drive, 0);
	assert_int_equal(com32_chain_parse("boot=000a", &d, err, sizeof(err)), 0);
	assert_int_equal(d.efi_boot_option, 10);
}

static void test_chain_refuses(void **state)
{
	(void)state;
	struct boot_disk d;
	char err[200];
	assert_int_equal(com32_chain_parse("", &d, err, sizeof(err)), -WB_EINVAL);
	assert_non_null(strstr(err, "hdN [partition]"));
	assert_int_equal(com32_chain_parse("fd0 1", &d, err, sizeof(err)), -WB_ERANGE);
	assert_non_null(strstr(err, "floppies have no partitions"));
	assert_int_equal(com32_chain_parse("hd128", &d, err, sizeof(err)), -WB_EINVAL);
	assert_int_equal(com32_chain_parse("hdx", &d, err, sizeof(err)), -WB_EINVAL);
	assert_int_equal(com32_chain_parse("hd0 1 swap", &d, err, sizeof(err)), -WB_EINVAL);
	assert_int_equal(com32_chain_parse("boot=12", &d, err, sizeof(err)), -WB_EINVAL);
	assert_int_equal(com32_chain_parse("boot=00012", &d, err, sizeof(err)), -WB_EINVAL);
}

static void test_ifcpu64_choice(void **state)
{
	(void)state;
	char out[64];
	struct cpu_facts lm = { .long_mode = true, .pae = true }, pae = { .pae = true }, none = { 0 };
	assert_int_equal(com32_ifcpu64_choose("l64 -- l32 -- lnopae", &lm, out, sizeof(out)), 0);
	assert_string_equal(out, "l64");
	assert_int_equal(com32_ifcpu64_choose("l64 -- l32 -- lnopae", &pae, out, sizeof(out)), 0);
	assert_string_equal(out, "l32");
	assert_int_equal(com32_ifcpu64_choose("l64 -- l32 -- lnopae", &none, out, sizeof(out)), 0);
	assert_string_equal(out, "lnopae");
	assert_int_equal(com32_ifcpu64_choose("l64 -- l32", &none, out, sizeof(out)), 0);
	assert_string_equal(out, "l32");
	/* a part may be a command with arguments */
	assert_int_equal(com32_ifcpu64_choose(" linux64 quiet --  linux32  ", &lm, out, sizeof(out)), 0);
	assert_string_equal(out, "linux64 quiet");
	assert_int_equal(com32_ifcpu64_choose("only64", &lm, out, sizeof(out)), -WB_EINVAL);
	assert_int_equal(com32_ifcpu64_choose("a -- ", &lm, out, sizeof(out)), -WB_EINVAL);
	assert_int_equal(com32_ifcpu64_choose("a--b -- c", &lm, out, sizeof(out)), 0);
	assert_string_equal(out, "a--b");
}

static void test_cpu_facts_from_cpuid(void **state)
{
	(void)state;
	struct cpu_facts f;
	fake_cpuid_edx1 = 1u << 6;
	fake_cpuid_edx_ext = 1u << 29;
	cpu_facts_read(&f);
	assert_true(f.long_mode && f.pae);
	fake_cpuid_edx_ext = 0;
	fake_cpuid_edx1 = 0;
	cpu_facts_read(&f);
	assert_false(f.long_mode || f.pae);
	fake_cpuid_edx1 = 1u << 6;
	fake_cpuid_edx_ext = 1u << 29;
}

/* A minimal PE32+ header: MZ, e_lfanew 0x80, COFF, optional header of 240 bytes. */
static size_t make_pe(uint8_t *buf, uint16_t machine, uint16_t magic, uint16_t subsystem)
{
	memset(buf, 0, 0x200);
	buf[0] = 'M';
	buf[1] = 'Z';
	buf[0x3C] = 0x80;
	memcpy(buf + 0x80, "PE\0\0", 4);
	memcpy(buf + 0x84, &machine, 2);
	uint16_t opt_len = 240;
	memcpy(buf + 0x84 + 16, &opt_len, 2);
	memcpy(buf + 0x98, &magic, 2);
	uint32_t entry = 0x1000, size = 0x5000;
	memcpy(buf + 0x98 + 16, &entry, 4);
	memcpy(buf + 0x98 + 56, &size, 4);
	memcpy(buf + 0x98 + 68, &subsystem, 2);
	return 0x98 + 240;
}

static void test_pe_header(void **state)
{
	(void)state;
	uint8_t buf[0x200];
	struct pe_info pe;
	size_t len = make_pe(buf, PE_MACHINE_X64, 0x20B, 10);
	assert_int_equal(pe_parse(buf, len, &pe), 0);
	assert_int_equal(pe.machine, PE_MACHINE_X64);
	assert_int_equal(pe.subsystem, 10);
	assert_int_equal(pe.size_of_image, 0x5000);
	assert_int_equal(pe.entry_point, 0x1000);
	assert_true(pe.pe32_plus);
	assert_string_equal(pe_machine_name(pe.machine), "x86-64");
	len = make_pe(buf, PE_MACHINE_I386, 0x10B, 10);
	assert_int_equal(pe_parse(buf, len, &pe), 0);
	assert_string_equal(pe_machine_name(pe.machine), "IA-32");
	assert_false(pe.pe32_plus);
	assert_int_equal(pe_parse(buf, len - 1, &pe), -WB_ETRUNCATED);
	len = make_pe(buf, PE_MACHINE_X64, 0x20B, 3); /* a Windows console program */
	assert_int_equal(pe_parse(buf, len, &pe), -WB_ENOEXEC);
	len = make_pe(buf, PE_MACHINE_X64, 0x107, 10);
	assert_int_equal(pe_parse(buf, len, &pe), -WB_EBADMAGIC);
	make_pe(buf, PE_MACHINE_X64, 0x20B, 10);
	buf[0x3C] = 0xFF; /* e_lfanew past the end */
	buf[0x3D] = 0xFF;
	assert_int_equal(pe_parse(buf, sizeof(buf), &pe), -WB_ETRUNCATED);
	assert_int_equal(pe_parse(buf, 10, &pe), -WB_EBADMAGIC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_disks_and_partitions),
		cmocka_unit_test(test_chain_refuses),
		cmocka_unit_test(test_ifcpu64_choice),
		cmocka_unit_test(test_cpu_facts_from_cpuid),
		cmocka_unit_test(test_pe_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
