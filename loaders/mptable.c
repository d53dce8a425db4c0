// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MADT -> MP configuration table (see loaders/mptable.h).  The MADT is walked once per kind
 * of MP entry, so entries come out in the order MP spec 1.4 section 4 wants without any
 * intermediate arrays; every entry is bounds-checked against the MADT's own Length.
 *
 * MADT (ACPI 6.5 section 5.2.12): header (36), Local APIC Address (36..39), Flags (40..43,
 * bit 0 PCAT_COMPAT), then entries of (type, length, ...).
 */
#include "loaders/mptable.h"

#include <stdbool.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "loaders/acpi_rsdp.h"

#define MADT_LAPIC_ADDR 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44
#define MADT_PCAT_COMPAT 0x1

/* MADT entry types and their minimum lengths */
#define MADT_LAPIC 0          /* uid, APIC ID, flags(4) */
#define MADT_LAPIC_LEN 8
#define MADT_IOAPIC 1         /* id, reserved, address(4), GSI base(4) */
#define MADT_IOAPIC_LEN 12
#define MADT_OVERRIDE 2       /* bus, source IRQ, GSI(4), flags(2) */
#define MADT_OVERRIDE_LEN 10
#define MADT_NMI_SOURCE 3     /* flags(2), GSI(4) */
#define MADT_NMI_SOURCE_LEN 8
#define MADT_LAPIC_NMI 4      /* uid, flags(2), LINT# */
#define MADT_LAPIC_NMI_LEN 6
#define MADT_LAPIC_OVERRIDE 5 /* reserved(2), address(8) */
#define MADT_LAPIC_OVERRIDE_LEN 12
#define MADT_X2APIC 9         /* reserved(2), x2APIC ID(4), flags(4), uid(4) */
#define MADT_X2APIC_LEN 16
#define MADT_X2APIC_NMI 10
#define MADT_LAPIC_ENABLED 0x1

/* MP entry types, sizes and values */
#define MP_PROCESSOR 0
#define MP_PROCESSOR_LEN 20
#define MP_BUS 1
#define MP_IOAPIC 2
#define MP_IOINT 3
#define MP_LOCALINT 4
#define MP_ENTRY_LEN 8
#define MP_CPU_EN 0x1
#define MP_CPU_BP 0x2
#define MP_INT 0
#define MP_NMI 1
#define MP_EXTINT 3
#define MP_ISA_BUS 0
#define MP_ALL_LAPICS 0xFF
#define MP_SPEC_REV 4       /* 1.4 */
#define LAPIC_VERSION 0x14  /* integrated local APIC */
#define IOAPIC_VERSION 0x11 /* 82093AA */
#define IOAPIC_MAX_PINS 240 /* redirection entries an I/O APIC can have */
#define ISA_IRQS 16

struct madt {
	const uint8_t *p;
	uint32_t len;
};

/*
 * The next entry of `type` at or after *off with at least `min` bytes, or NULL.  An entry
 * shorter than 2 bytes or running past the table ends the walk (nothing after it can be
 * trusted to be aligned on entries).
 */
static const uint8_t *madt_next(const struct madt *m, uint32_t *off, uint8_t type, uint8_t min)
{
	while (*off + 2 <= m->len) {
		const uint8_t *e = m->p + *off;

		if (e[1] < 2 || e[1] > m->len - *off) {
			*off = m->len;
			return NULL;
		}
		*off += e[1];
		if (e[0] == type && e[1] >= min)
			return e;
	}
	return NULL;
}

/* Iterate over the MADT entries of one type: for (off = 0; (e = NEXT(...));) */
#define MADT_EACH(m, off, e, type, min)                                                    \
	for (uint32_t off = MADT_ENTRIES; ((e) = madt_next((m), &off, (type), (min)));)

/* The ISA IRQ's Interrupt Source Override, or NULL. */
static const uint8_t *isa_override(const struct madt *m, uint8_t irq)
{
	const uint8_t *e;

	MADT_EACH(m, off, e, MADT_OVERRIDE, MADT_OVERRIDE_LEN)
		if (e[2] == MP_ISA_BUS && e[3] == irq)
			return e;
	return NULL;
}

/* Is `gsi` where an override sends some other ISA IRQ? */
static bool gsi_taken_by_override(const struct madt *m, uint32_t gsi, uint8_t irq)
{
	const uint8_t *e;

	MADT_EACH(m, off, e, MADT_OVERRIDE, MADT_OVERRIDE_LEN)
		if (e[2] == MP_ISA_BUS && e[3] != irq && get_le32(e + 4) == gsi)
			return true;
	return false;
}

/* The I/O APIC (ID and pin) serving `gsi`: the one with the highest GSI base at or below it. */
static bool ioapic_pin(const struct madt *m, uint32_t gsi, uint8_t *id, uint8_t *pin)
{
	const uint8_t *e, *best = NULL;

	MADT_EACH(m, off, e, MADT_IOAPIC, MADT_IOAPIC_LEN)
		if (get_le32(e + 8) <= gsi && (!best || get_le32(e + 8) > get_le32(best + 8)))
			best = e;
	if (!best || gsi - get_le32(best + 8) >= IOAPIC_MAX_PINS)
		return false;
	*id = best[2];
	*pin = (uint8_t)(gsi - get_le32(best + 8));
	return true;
}

/* The local APIC ID of ACPI processor `uid` (0xFF: all of them). */
static bool apic_id_of_uid(const struct madt *m, uint8_t uid, uint8_t *id)
{
	const uint8_t *e;

	if (uid == 0xFF) {
		*id = MP_ALL_LAPICS;
		return true;
	}
	MADT_EACH(m, off, e, MADT_LAPIC, MADT_LAPIC_LEN)
		if (e[2] == uid) {
			*id = e[3];
			return true;
		}
	return false;
}

/* The table under construction; `full` once an entry did not fit. */
struct writer {
	uint8_t *p;
	size_t cap, len;
	unsigned entries;
	bool full;
};

/* Room for one zeroed entry of `n` bytes, or NULL (and w->full). */
static uint8_t *emit(struct writer *w, size_t n, uint8_t type)
{
	uint8_t *e;

	if (n > w->cap - w->len) {
		w->full = true;
		return NULL;
	}
	e = w->p + w->len;
	memset(e, 0, n);
	e[0] = type;
	w->len += n;
	w->entries++;
	return e;
}

/* An 8-byte I/O or local interrupt entry (same layout). */
static void emit_int(struct writer *w, uint8_t kind, uint8_t type, uint16_t flags, uint8_t irq,
		     uint8_t dest, uint8_t pin)
{
	uint8_t *e = emit(w, MP_ENTRY_LEN, kind);

	if (!e)
		return;
	e[1] = type;
	put_le16(e + 2, flags);
	e[4] = MP_ISA_BUS;
	e[5] = irq;
	e[6] = dest;
	e[7] = pin;
}

static void emit_processor(struct writer *w, const struct mptable_cpu *cpu, uint8_t apic_id,
			   bool enabled, struct mptable_info *info)
{
	uint8_t *e = emit(w, MP_PROCESSOR_LEN, MP_PROCESSOR);

	if (!e)
		return;
	e[1] = apic_id;
	e[2] = LAPIC_VERSION;
	e[3] = (uint8_t)((enabled ? MP_CPU_EN : 0) | (apic_id == cpu->bsp_apic_id ? MP_CPU_BP : 0));
	put_le32(e + 4, cpu->signature);
	put_le32(e + 8, cpu->features);
	info->cpus++;
	info->cpus_enabled += enabled;
}

static void emit_processors(struct writer *w, const struct madt *m, const struct mptable_cpu *cpu,
			    struct mptable_info *info)
{
	const uint8_t *e;

	MADT_EACH(m, off, e, MADT_LAPIC, MADT_LAPIC_LEN)
		emit_processor(w, cpu, e[3], get_le32(e + 4) & MADT_LAPIC_ENABLED, info);
	MADT_EACH(m, off, e, MADT_X2APIC, MADT_X2APIC_LEN) {
		if (get_le32(e + 4) < 0xFF)
			emit_processor(w, cpu, (uint8_t)get_le32(e + 4),
				       get_le32(e + 8) & MADT_LAPIC_ENABLED, info);
		else
			info->skipped++;
	}
}

static void emit_ioapics(struct writer *w, const struct madt *m, struct mptable_info *info)
{
	const uint8_t *e;

	MADT_EACH(m, off, e, MADT_IOAPIC, MADT_IOAPIC_LEN) {
		uint8_t *o = emit(w, MP_ENTRY_LEN, MP_IOAPIC);

		if (!o)
			return;
		o[1] = e[2];
		o[2] = IOAPIC_VERSION;
		o[3] = 1; /* enabled */
		memcpy(o + 4, e + 4, 4);
		info->ioapics++;
	}
}

static void emit_io_interrupts(struct writer *w, const struct madt *m, struct mptable_info *info)
{
	const uint8_t *e;
	uint8_t id, pin;

	for (uint8_t irq = 0; irq < ISA_IRQS; irq++) {
		const uint8_t *o = isa_override(m, irq);
		uint32_t gsi = o ? get_le32(o + 4) : irq;

		if (!o && gsi_taken_by_override(m, gsi, irq))
			continue;
		if (!ioapic_pin(m, gsi, &id, &pin)) {
			info->skipped += o != NULL;
			continue;
		}
		emit_int(w, MP_IOINT, MP_INT, o ? get_le16(o + 8) : 0, irq, id, pin);
		info->irq_entries++;
	}
	MADT_EACH(m, off, e, MADT_NMI_SOURCE, MADT_NMI_SOURCE_LEN) {
		if (!ioapic_pin(m, get_le32(e + 4), &id, &pin)) {
			info->skipped++;
			continue;
		}
		emit_int(w, MP_IOINT, MP_NMI, get_le16(e + 2), 0, id, pin);
		info->irq_entries++;
	}
}

static void emit_local_interrupts(struct writer *w, const struct madt *m,
				  struct mptable_info *info)
{
	const uint8_t *e;
	bool lint0_nmi = false;
	uint8_t id;

	MADT_EACH(m, off, e, MADT_LAPIC_NMI, MADT_LAPIC_NMI_LEN)
		lint0_nmi |= e[5] == 0;
	/* Virtual wire mode: the 8259s reach the CPUs through LINT0. */
	if ((get_le32(m->p + MADT_FLAGS) & MADT_PCAT_COMPAT) && !lint0_nmi) {
		emit_int(w, MP_LOCALINT, MP_EXTINT, 0, 0, MP_ALL_LAPICS, 0);
		info->lint_entries++;
	}
	MADT_EACH(m, off, e, MADT_LAPIC_NMI, MADT_LAPIC_NMI_LEN) {
		if (!apic_id_of_uid(m, e[2], &id)) {
			info->skipped++;
			continue;
		}
		emit_int(w, MP_LOCALINT, MP_NMI, get_le16(e + 3), 0, id, e[5]);
		info->lint_entries++;
	}
	MADT_EACH(m, off, e, MADT_X2APIC_NMI, 2)
		info->skipped++;
}

/* The local APIC address: the MADT's, or its 64-bit override when that is below 4 GiB. */
static uint32_t lapic_address(const struct madt *m)
{
	const uint8_t *e;
	uint32_t addr = get_le32(m->p + MADT_LAPIC_ADDR);

	MADT_EACH(m, off, e, MADT_LAPIC_OVERRIDE, MADT_LAPIC_OVERRIDE_LEN)
		if (get_le64(e + 4) < (1ull << 32))
			addr = (uint32_t)get_le64(e + 4);
	return addr;
}

int mptable_build(const uint8_t *madt, size_t madt_len, const struct mptable_cpu *cpu,
		  uint8_t *dst, size_t cap, struct mptable_info *info)
{
	struct madt m = { .p = madt };
	struct writer w = { .p = dst, .cap = cap, .len = MP_HEADER_LEN };
	uint8_t *bus;

	*info = (struct mptable_info){ 0 };
	if (madt_len < MADT_ENTRIES || memcmp(madt, "APIC", 4))
		return -WB_EBADMAGIC;
	m.len = get_le32(madt + 4);
	if (m.len < MADT_ENTRIES || m.len > madt_len)
		return -WB_ETRUNCATED;
	if (acpi_checksum(madt, m.len))
		return -WB_EBADMAGIC;
	if (cap < MP_HEADER_LEN || cap > 0xFFFF)
		return cap < MP_HEADER_LEN ? -WB_ETOOBIG : -WB_EINVAL;

	emit_processors(&w, &m, cpu, info);
	if (!info->cpus_enabled && !w.full)
		return -WB_ENOENT;
	bus = emit(&w, MP_ENTRY_LEN, MP_BUS);
	if (bus) {
		bus[1] = MP_ISA_BUS;
		memcpy(bus + 2, "ISA   ", 6);
	}
	emit_ioapics(&w, &m, info);
	emit_io_interrupts(&w, &m, info);
	emit_local_interrupts(&w, &m, info);
	if (w.full)
		return -WB_ETOOBIG;

	memset(dst, 0, MP_HEADER_LEN);
	memcpy(dst, "PCMP", 4);
	put_le16(dst + 4, (uint16_t)w.len);
	dst[6] = MP_SPEC_REV;
	memcpy(dst + 8, madt + 10, 6); /* the MADT's OEM ID, space-padded to 8 */
	memcpy(dst + 14, "  ", 2);
	memcpy(dst + 16, "WIREBOOT MP ", 12);
	put_le16(dst + 34, (uint16_t)w.entries);
	put_le32(dst + 36, lapic_address(&m));
	dst[7] = acpi_checksum(dst, w.len);
	info->len = w.len;
	return (int)w.len;
}

void mptable_floating_pointer(uint8_t fp[MP_FLOATING_LEN], uint32_t table)
{
	memset(fp, 0, MP_FLOATING_LEN);
	memcpy(fp, "_MP_", 4);
	put_le32(fp + 4, table);
	fp[8] = 1; /* length in 16-byte units */
	fp[9] = MP_SPEC_REV;
	/* feature byte 1 = 0: a configuration table is present; byte 2 = 0: virtual wire mode */
	fp[10] = acpi_checksum(fp, MP_FLOATING_LEN);
}
