/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An Intel MultiProcessor Specification 1.4 table synthesised from an ACPI MADT, for kernels
 * that find CPUs and interrupt routing only through the MP table a BIOS leaves in low
 * memory (Kitten; Linux before ACPI).  UEFI firmware provides the MADT alone.
 *
 * What goes in, in the order the spec asks for:
 *   - a processor entry per MADT Local APIC (and x2APIC with an ID below 255), enabled as
 *     the MADT says, the bootstrap processor flagged;
 *   - one bus, ISA (bus 0);
 *   - an I/O APIC entry per MADT I/O APIC;
 *   - interrupt entries for ISA IRQs 0-15: identity mapped to the I/O APIC pin of the same
 *     GSI unless an Interrupt Source Override redirects it (with its polarity/trigger
 *     flags; MADT and MP use the same encoding); a pin another IRQ was redirected to is not
 *     given to its own IRQ (QEMU: IRQ0 -> GSI2, so IRQ2 has no entry); NMI sources as NMI;
 *   - local interrupt entries: ExtINT on LINT0 (when the MADT says PC-AT compatible 8259s
 *     exist) and each Local APIC NMI entry.
 */
#ifndef WB_LOADERS_MPTABLE_H
#define WB_LOADERS_MPTABLE_H

#include <stddef.h>
#include <stdint.h>

#define MP_FLOATING_LEN 16
#define MP_HEADER_LEN 44

/* What only the running CPU can tell (CPUID leaf 1). */
struct mptable_cpu {
	uint8_t bsp_apic_id;  /* initial APIC ID of the CPU we run on: EBX[31:24] */
	uint32_t signature;   /* EAX: family/model/stepping */
	uint32_t features;    /* EDX: feature flags */
};

/* What the table holds, for the log line and the tests. */
struct mptable_info {
	size_t len;             /* bytes of the configuration table */
	unsigned cpus;          /* processor entries */
	unsigned cpus_enabled;  /* of them enabled */
	unsigned ioapics;
	unsigned irq_entries;   /* I/O interrupt entries */
	unsigned lint_entries;  /* local interrupt entries */
	unsigned skipped;       /* MADT entries that have no MP form (x2APIC IDs >= 255, ...) */
};

/*
 * Build the configuration table ("PCMP") from the `madt_len`-byte MADT into `dst` (`cap`
 * bytes), checksummed.  -WB_EBADMAGIC when the MADT's signature or checksum is wrong,
 * -WB_ETRUNCATED when its Length does not fit `madt_len`, -WB_ETOOBIG when `cap` is too
 * small, -WB_ENOENT when it lists no enabled processor.  Malformed entries end the walk.
 */
int mptable_build(const uint8_t *madt, size_t madt_len, const struct mptable_cpu *cpu,
		  uint8_t *dst, size_t cap, struct mptable_info *info);

/* The 16-byte floating pointer ("_MP_") naming the table at physical address `table`. */
void mptable_floating_pointer(uint8_t fp[MP_FLOATING_LEN], uint32_t table);

#endif
