// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-net, polled: legacy/transitional devices (1AF4:1000) through the legacy I/O BAR,
 * modern devices (1AF4:1041, and transitional ones that offer it) through the virtio PCI
 * capabilities.  Modern registers are memory-mapped when their BAR lies below 4 GiB (the C
 * code runs flat with paging off); a BAR above 4 GiB is reached through the
 * VIRTIO_PCI_CAP_PCI_CFG window in configuration space instead.
 *
 * Two split virtqueues: RX with up to RX_BUFS two-descriptor buffers (header + frame) kept
 * posted, so a burst of TFTP window packets finds room; TX with TX_BUFS slots.  Features:
 * MAC (and VERSION_1 on modern devices), nothing else: no checksum offload, no mergeable
 * buffers, no control queue.  close() resets the device, so DMA stops.
 */
#include "rom/nic_probe.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/time.h"
#include "net/netdev.h"
#include "rom/io.h"

/* Legacy I/O BAR registers. */
#define VL_DEVICE_FEATURES 0x00
#define VL_GUEST_FEATURES 0x04
#define VL_QUEUE_PFN 0x08
#define VL_QUEUE_SIZE 0x0C
#define VL_QUEUE_SELECT 0x0E
#define VL_QUEUE_NOTIFY 0x10
#define VL_STATUS 0x12
#define VL_CONFIG 0x14 /* device config without MSI-X */

/* Modern common configuration (virtio 1.0 §4.1.4.3). */
#define VC_DFSELECT 0x00
#define VC_DF 0x04
#define VC_GFSELECT 0x08
#define VC_GF 0x0C
#define VC_STATUS 0x14
#define VC_Q_SELECT 0x16
#define VC_Q_SIZE 0x18
#define VC_Q_ENABLE 0x1C
#define VC_Q_NOFF 0x1E
#define VC_Q_DESCLO 0x20
#define VC_Q_DESCHI 0x24
#define VC_Q_AVAILLO 0x28
#define VC_Q_AVAILHI 0x2C
#define VC_Q_USEDLO 0x30
#define VC_Q_USEDHI 0x34
#define VC_COMMON_LEN 0x38

/* Virtio PCI capability (vendor-specific, ID 9). */
#define VCAP_CFG_TYPE 3
#define VCAP_BAR 4
#define VCAP_OFFSET 8
#define VCAP_LENGTH 12
#define VCAP_NOTIFY_MULT 16
#define VCAP_PCI_CFG_DATA 16
#define VIRTIO_PCI_CAP_COMMON 1
#define VIRTIO_PCI_CAP_NOTIFY 2
#define VIRTIO_PCI_CAP_DEVICE 4
#define VIRTIO_PCI_CAP_PCI_CFG 5

#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define STATUS_FAILED 0x80

#define F_MAC 5
#define F_VERSION_1 32

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_USED_F_NO_NOTIFY 1
#define VRING_ALIGN 4096

#define RXQ 0
#define TXQ 1
#define RX_BUFS 128
#define TX_BUFS 16
#define BUF_SIZE 2048
#define QUEUE_MAX 256
#define TX_TIMEOUT_US 100000
#define RESET_TIMEOUT_US 100000

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};
struct vring_used_elem {
	uint32_t id, len;
};

/* One split virtqueue and its buffers, in one physically contiguous block. */
struct vq {
	uint16_t size;       /* descriptors */
	uint16_t nbufs;      /* buffers in use (2 descriptors each) */
	volatile struct vring_desc *desc;
	volatile uint16_t *avail; /* flags, idx, ring[size] */
	volatile uint16_t *used;  /* flags, idx, then struct vring_used_elem[size] */
	uint8_t *bufs;       /* nbufs * BUF_SIZE */
	uint16_t avail_idx, last_used;
	uint8_t tx_busy[TX_BUFS]; /* TX: buffer in flight */
	uint32_t notify;     /* modern: offset of the queue's doorbell in the notify region */
	void *mem;
	size_t mem_len;
};

/* Where a register block lives: I/O ports, MMIO, or a BAR reached through configuration space. */
enum { REG_IO, REG_MMIO, REG_CFGWIN };
struct regs {
	int kind;
	uint32_t base; /* port, address, or offset inside `bar` */
	uint8_t bar;
};

struct vnet {
	struct netdev dev;
	struct pci_device pci;
	bool modern;
	struct regs common, device, notify;
	uint32_t notify_mult;
	uint8_t cfgwin; /* offset of the PCI_CFG capability (REG_CFGWIN) */
	size_t hdr_len; /* struct virtio_net_hdr: 10 bytes legacy, 12 with VERSION_1 */
	struct vq q[2];
};

static struct vnet vnet0;

/* Point the PCI_CFG capability's window at `size` bytes at `a` of register block r. */
static void cfgwin_select(struct vnet *v, const struct regs *r, uint32_t a, int size)
{
	pci_write8(&v->pci, v->cfgwin + VCAP_BAR, r->bar);
	pci_write32(&v->pci, v->cfgwin + VCAP_OFFSET, a);
	pci_write32(&v->pci, v->cfgwin + VCAP_LENGTH, (uint32_t)size);
}

/* Read or write `size` bytes at `off` of a register block. */
static uint32_t reg_read(struct vnet *v, const struct regs *r, uint32_t off, int size)
{
	uint32_t a = r->base + off;
	if (r->kind == REG_IO)
		return io_read((uint16_t)a, size);
	if (r->kind == REG_MMIO)
		return mmio_read(a, size);
	cfgwin_select(v, r, a, size);
	uint32_t val = pci_read32(&v->pci, v->cfgwin + VCAP_PCI_CFG_DATA);
	return size == 1 ? (val & 0xFF) : size == 2 ? (val & 0xFFFF) : val;
}

static void reg_write(struct vnet *v, const struct regs *r, uint32_t off, int size, uint32_t val)
{
	uint32_t a = r->base + off;
	if (r->kind == REG_IO) {
		io_write((uint16_t)a, size, val);
	} else if (r->kind == REG_MMIO) {
		mmio_write(a, size, val);
	} else {
		cfgwin_select(v, r, a, size);
		pci_write(&v->pci, v->cfgwin + VCAP_PCI_CFG_DATA, size, val);
	}
}

static uint8_t get_status(struct vnet *v)
{
	return (uint8_t)reg_read(v, &v->common, v->modern ? VC_STATUS : VL_STATUS, 1);
}

static void set_status(struct vnet *v, uint8_t status)
{
	reg_write(v, &v->common, v->modern ? VC_STATUS : VL_STATUS, 1, status);
}

/* Reset the device: it stops all DMA and forgets its queues.  Modern devices confirm by
 * reading back 0. */
static void device_reset(struct vnet *v)
{
	set_status(v, 0);
	uint64_t end = time_now_us() + RESET_TIMEOUT_US;
	while (get_status(v) != 0 && !time_after_us(time_now_us(), end))
		;
}

static void notify(struct vnet *v, int qi)
{
	struct vq *q = &v->q[qi];
	if (q->used[0] & VRING_USED_F_NO_NOTIFY)
		return;
	if (v->modern)
		reg_write(v, &v->notify, q->notify, 2, (uint32_t)qi);
	else
		reg_write(v, &v->common, VL_QUEUE_NOTIFY, 2, (uint32_t)qi);
}

/* Make buffer `i` (descriptors 2i, 2i+1) available to the device. */
static void post(struct vq *q, uint16_t i)
{
	q->avail[2 + q->avail_idx % q->size] = (uint16_t)(2 * i);
	dma_barrier();
	q->avail_idx++;
	q->avail[1] = q->avail_idx;
	dma_barrier();
}

/* Lay out queue memory (legacy layout, also valid for modern) and chain the descriptor pairs. */
static int vq_alloc(struct vnet *v, struct vq *q, uint16_t size, bool rx)
{
	size_t avail_off = 16u * size;
	size_t used_off = (avail_off + 6 + 2u * size + VRING_ALIGN - 1) & ~(size_t)(VRING_ALIGN - 1);
	size_t bufs_off = (used_off + 6 + 8u * size + VRING_ALIGN - 1) & ~(size_t)(VRING_ALIGN - 1);
	q->size = size;
	q->nbufs = (uint16_t)(size / 2 < (rx ? RX_BUFS : TX_BUFS) ? size / 2 : (rx ? RX_BUFS : TX_BUFS));
	q->mem_len = bufs_off + (size_t)q->nbufs * BUF_SIZE;
	q->mem = platform_image_alloc(q->mem_len, 0x100000000ull, 1);
	if (!q->mem)
		return -WB_ENOMEM;
	memset(q->mem, 0, q->mem_len);
	uint8_t *base = q->mem;
	q->desc = (volatile struct vring_desc *)base;
	q->avail = (volatile uint16_t *)(base + avail_off);
	q->used = (volatile uint16_t *)(base + used_off);
	q->bufs = base + bufs_off;
	q->avail_idx = q->last_used = 0;
	memset(q->tx_busy, 0, sizeof(q->tx_busy));
	for (uint16_t i = 0; i < q->nbufs; i++) {
		uint64_t buf = platform_phys_addr(q->bufs + (size_t)i * BUF_SIZE);
		uint16_t w = rx ? VRING_DESC_F_WRITE : 0;
		q->desc[2 * i] = (struct vring_desc){ buf, (uint32_t)v->hdr_len, (uint16_t)(w | VRING_DESC_F_NEXT),
						      (uint16_t)(2 * i + 1) };
		q->desc[2 * i + 1] = (struct vring_desc){ buf + v->hdr_len, (uint32_t)(BUF_SIZE - v->hdr_len), w, 0 };
	}
	return 0;
}

static void vq_free(struct vq *q)
{
	if (q->mem)
		platform_image_free(q->mem, q->mem_len);
	q->mem = NULL;
}

/* Tell the device where queue `qi` is; 0 or -WB_ENODEV when the device has no such queue. */
static int setup_queue(struct vnet *v, int qi)
{
	struct vq *q = &v->q[qi];
	uint16_t size;
	if (v->modern) {
		reg_write(v, &v->common, VC_Q_SELECT, 2, (uint32_t)qi);
		size = (uint16_t)reg_read(v, &v->common, VC_Q_SIZE, 2);
		if (size > QUEUE_MAX)
			size = QUEUE_MAX; /* modern queue sizes may be lowered (powers of two) */
	} else {
		reg_write(v, &v->common, VL_QUEUE_SELECT, 2, (uint32_t)qi);
		size = (uint16_t)reg_read(v, &v->common, VL_QUEUE_SIZE, 2);
	}
	if (size < 2 || (size & (size - 1)))
		return -WB_ENODEV;
	int rc = vq_alloc(v, q, size, qi == RXQ);
	if (rc < 0)
		return rc;
	uint64_t desc = platform_phys_addr(q->mem);
	if (v->modern) {
		uint64_t avail = platform_phys_addr((const void *)q->avail);
		uint64_t used = platform_phys_addr((const void *)q->used);
		reg_write(v, &v->common, VC_Q_SIZE, 2, size);
		reg_write(v, &v->common, VC_Q_DESCLO, 4, (uint32_t)desc);
		reg_write(v, &v->common, VC_Q_DESCHI, 4, (uint32_t)(desc >> 32));
		reg_write(v, &v->common, VC_Q_AVAILLO, 4, (uint32_t)avail);
		reg_write(v, &v->common, VC_Q_AVAILHI, 4, (uint32_t)(avail >> 32));
		reg_write(v, &v->common, VC_Q_USEDLO, 4, (uint32_t)used);
		reg_write(v, &v->common, VC_Q_USEDHI, 4, (uint32_t)(used >> 32));
		q->notify = reg_read(v, &v->common, VC_Q_NOFF, 2) * v->notify_mult;
		reg_write(v, &v->common, VC_Q_ENABLE, 2, 1);
	} else {
		reg_write(v, &v->common, VL_QUEUE_PFN, 4, (uint32_t)(desc / VRING_ALIGN));
	}
	return 0;
}

/* Reclaim the TX buffers the device has finished with; returns a free one or -1. */
static int tx_reclaim(struct vq *q)
{
	while (q->last_used != q->used[1]) {
		dma_barrier();
		const volatile struct vring_used_elem *e =
			(const volatile struct vring_used_elem *)(q->used + 2) + q->last_used % q->size;
		uint32_t i = e->id / 2;
		if (i < q->nbufs)
			q->tx_busy[i] = 0;
		q->last_used++;
	}
	for (int i = 0; i < q->nbufs; i++)
		if (!q->tx_busy[i])
			return i;
	return -1;
}

static int vnet_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct vnet *v = dev->priv;
	struct vq *q = &v->q[TXQ];
	if (len > BUF_SIZE - v->hdr_len)
		return -WB_ETOOBIG;
	int i = tx_reclaim(q);
	uint64_t end = time_now_us() + TX_TIMEOUT_US;
	while (i < 0 && !time_after_us(time_now_us(), end))
		i = tx_reclaim(q);
	if (i < 0)
		return -WB_EBUSY;
	uint8_t *buf = q->bufs + (size_t)i * BUF_SIZE;
	memset(buf, 0, v->hdr_len);
	memcpy(buf + v->hdr_len, frame, len);
	q->desc[2 * i + 1].len = (uint32_t)len;
	q->tx_busy[i] = 1;
	post(q, (uint16_t)i);
	notify(v, TXQ);
	return 0;
}

static int vnet_receive(struct netdev *dev, void *out, size_t cap)
{
	struct vnet *v = dev->priv;
	struct vq *q = &v->q[RXQ];
	if (q->last_used == q->used[1])
		return 0;
	dma_barrier();
	const volatile struct vring_used_elem *e =
		(const volatile struct vring_used_elem *)(q->used + 2) + q->last_used % q->size;
	uint32_t id = e->id, total = e->len;
	q->last_used++;
	uint16_t i = (uint16_t)(id / 2);
	if (id % 2 || i >= q->nbufs)
		return -WB_EIO; /* the device returned a descriptor we never posted */
	int n = 0;
	if (total > v->hdr_len) {
		size_t len = total - v->hdr_len;
		if (len > BUF_SIZE - v->hdr_len)
			len = BUF_SIZE - v->hdr_len;
		if (len > cap)
			len = cap;
		memcpy(out, q->bufs + (size_t)i * BUF_SIZE + v->hdr_len, len);
		n = (int)len;
	}
	post(q, i);
	notify(v, RXQ);
	return n;
}

static void vnet_close(struct netdev *dev)
{
	struct vnet *v = dev->priv;
	device_reset(v);
	pci_disable(&v->pci, PCI_COMMAND_MASTER);
	vq_free(&v->q[RXQ]);
	vq_free(&v->q[TXQ]);
}

/* Point `r` at the region described by the virtio capability at `cap`. */
static int map_cap(struct vnet *v, uint8_t cap, struct regs *r, uint32_t min_len)
{
	uint8_t bar_index = pci_read8(&v->pci, cap + VCAP_BAR);
	uint32_t off = pci_read32(&v->pci, cap + VCAP_OFFSET);
	uint32_t len = pci_read32(&v->pci, cap + VCAP_LENGTH);
	struct pci_bar bar;
	if (len < min_len || bar_index > 5 || pci_bar_decode(&v->pci, bar_index, &bar) < 0 || bar.io ||
	    (uint64_t)off + len > bar.size)
		return -WB_EINVAL;
	r->bar = bar_index;
	if (bar.addr && bar.addr + bar.size <= 0x100000000ull) {
		r->kind = REG_MMIO;
		r->base = (uint32_t)(bar.addr + off);
	} else {
		r->kind = REG_CFGWIN; /* above 4 GiB (or unassigned): through configuration space */
		r->base = off;
	}
	return 0;
}

/* Find the modern capabilities; 0 when common, notify and device config were all found. */
static int find_modern(struct vnet *v)
{
	bool have_common = false, have_notify = false, have_device = false;
	for (uint8_t cap = pci_find_cap(&v->pci, PCI_CAP_ID_VENDOR, 0); cap;
	     cap = pci_find_cap(&v->pci, PCI_CAP_ID_VENDOR, cap)) {
		switch (pci_read8(&v->pci, cap + VCAP_CFG_TYPE)) {
		case VIRTIO_PCI_CAP_COMMON:
			if (!have_common)
				have_common = map_cap(v, cap, &v->common, VC_COMMON_LEN) == 0;
			break;
		case VIRTIO_PCI_CAP_NOTIFY:
			if (!have_notify && map_cap(v, cap, &v->notify, 2) == 0) {
				have_notify = true;
				v->notify_mult = pci_read32(&v->pci, cap + VCAP_NOTIFY_MULT);
			}
			break;
		case VIRTIO_PCI_CAP_DEVICE:
			if (!have_device)
				have_device = map_cap(v, cap, &v->device, ETH_ALEN) == 0;
			break;
		case VIRTIO_PCI_CAP_PCI_CFG:
			if (!v->cfgwin)
				v->cfgwin = cap;
			break;
		}
	}
	if (!have_common || !have_notify || !have_device)
		return -WB_ENODEV;
	if (!v->cfgwin && (v->common.kind == REG_CFGWIN || v->notify.kind == REG_CFGWIN ||
			   v->device.kind == REG_CFGWIN))
		return -WB_ENOTSUP;
	return 0;
}

/* Feature negotiation; returns the accepted features or a negative WB_E*. */
static int64_t negotiate(struct vnet *v)
{
	if (v->modern) {
		reg_write(v, &v->common, VC_DFSELECT, 4, 0);
		uint64_t have = reg_read(v, &v->common, VC_DF, 4);
		reg_write(v, &v->common, VC_DFSELECT, 4, 1);
		have |= (uint64_t)reg_read(v, &v->common, VC_DF, 4) << 32;
		if (!(have & (1ull << F_VERSION_1)))
			return -WB_ENOTSUP;
		uint64_t want = have & (1ull << F_MAC | 1ull << F_VERSION_1);
		reg_write(v, &v->common, VC_GFSELECT, 4, 0);
		reg_write(v, &v->common, VC_GF, 4, (uint32_t)want);
		reg_write(v, &v->common, VC_GFSELECT, 4, 1);
		reg_write(v, &v->common, VC_GF, 4, (uint32_t)(want >> 32));
		set_status(v, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
		if (!(get_status(v) & STATUS_FEATURES_OK))
			return -WB_ENOTSUP;
		return (int64_t)want;
	}
	uint32_t have = reg_read(v, &v->common, VL_DEVICE_FEATURES, 4);
	uint32_t want = have & (1u << F_MAC);
	reg_write(v, &v->common, VL_GUEST_FEATURES, 4, want);
	return want;
}

static struct netdev *vnet_fail(struct vnet *v, const char *what, int rc)
{
	wb_printf("virtio-net %02x:%02x.%x: %s: %s\n", PCI_BUS(v->pci.bdf), PCI_SLOT(v->pci.bdf),
		  PCI_FUNC(v->pci.bdf), what, wb_strerror(rc));
	set_status(v, STATUS_FAILED);
	vq_free(&v->q[RXQ]);
	vq_free(&v->q[TXQ]);
	return NULL;
}

struct netdev *virtio_net_probe(const struct pci_device *pci)
{
	struct vnet *v = &vnet0;
	*v = (struct vnet){ .pci = *pci };
	int rc;

	/* Modern if the device offers the capabilities (always for 1041), else the legacy BAR. */
	if (find_modern(v) == 0) {
		v->modern = true;
		v->hdr_len = 12;
	} else if (pci->device == 0x1041) {
		wb_printf("virtio-net %02x:%02x.%x: modern device without usable virtio capabilities\n",
			  PCI_BUS(pci->bdf), PCI_SLOT(pci->bdf), PCI_FUNC(pci->bdf));
		return NULL;
	} else {
		struct pci_bar bar;
		if (pci_bar_decode(&v->pci, 0, &bar) < 0 || !bar.io || !bar.addr || bar.size < 0x20) {
			wb_printf("virtio-net %02x:%02x.%x: no legacy I/O BAR\n", PCI_BUS(pci->bdf),
				  PCI_SLOT(pci->bdf), PCI_FUNC(pci->bdf));
			return NULL;
		}
		v->common = (struct regs){ REG_IO, (uint32_t)bar.addr, 0 };
		v->device = (struct regs){ REG_IO, (uint32_t)bar.addr + VL_CONFIG, 0 };
		v->hdr_len = 10;
	}
	pci_enable(&v->pci, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);

	device_reset(v);
	set_status(v, STATUS_ACKNOWLEDGE);
	set_status(v, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
	int64_t features = negotiate(v);
	if (features < 0)
		return vnet_fail(v, "feature negotiation failed", (int)features);
	if (!(features & (1ll << F_MAC)))
		return vnet_fail(v, "the device has no MAC address (VIRTIO_NET_F_MAC)", -WB_ENOTSUP);
	for (int i = 0; i < ETH_ALEN; i++)
		v->dev.mac[i] = (uint8_t)reg_read(v, &v->device, (uint32_t)i, 1);
	if ((rc = setup_queue(v, RXQ)) < 0 || (rc = setup_queue(v, TXQ)) < 0)
		return vnet_fail(v, "cannot set up the virtqueues", rc);
	set_status(v, (uint8_t)(STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK |
				(v->modern ? STATUS_FEATURES_OK : 0)));
	for (uint16_t i = 0; i < v->q[RXQ].nbufs; i++)
		post(&v->q[RXQ], i);
	notify(v, RXQ);

	v->dev.name = "virtio0";
	v->dev.mtu = 1500;
	v->dev.transmit = vnet_transmit;
	v->dev.receive = vnet_receive;
	v->dev.close = vnet_close;
	v->dev.priv = v;
	wb_printf("virtio-net %02x:%02x.%x: %s, %s registers, %u RX buffers\n", PCI_BUS(pci->bdf),
		  PCI_SLOT(pci->bdf), PCI_FUNC(pci->bdf), v->modern ? "virtio 1.0" : "legacy",
		  v->common.kind == REG_IO ? "I/O" : v->common.kind == REG_MMIO ? "MMIO" : "config-window",
		  (unsigned)v->q[RXQ].nbufs);
	return &v->dev;
}
