// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Intel e1000 family (82540EM 8086:100E as QEMU's `-device e1000`, 82545EM 100F, 82574L
 * 10D3 as `-device e1000e`), polled: legacy RX/TX descriptor rings in memory below 4 GiB,
 * registers through the MMIO BAR 0.  The MAC comes from RAL0/RAH0 (loaded from the EEPROM
 * by the reset), else from the EEPROM through EERD.  close() resets the chip: rings and DMA
 * stop and the kernel's driver starts from power-on state.
 */
#include "rom/nic_probe.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/time.h"
#include "net/netdev.h"
#include "rom/io.h"

#define E1000_CTRL 0x0000
#define E1000_STATUS 0x0008
#define E1000_EERD 0x0014
#define E1000_ICR 0x00C0
#define E1000_IMC 0x00D8
#define E1000_RCTL 0x0100
#define E1000_TCTL 0x0400
#define E1000_TIPG 0x0410
#define E1000_RDBAL 0x2800
#define E1000_RDBAH 0x2804
#define E1000_RDLEN 0x2808
#define E1000_RDH 0x2810
#define E1000_RDT 0x2818
#define E1000_TDBAL 0x3800
#define E1000_TDBAH 0x3804
#define E1000_TDLEN 0x3808
#define E1000_TDH 0x3810
#define E1000_TDT 0x3818
#define E1000_MTA 0x5200
#define E1000_RAL0 0x5400
#define E1000_RAH0 0x5404

#define CTRL_ASDE (1u << 5)
#define CTRL_SLU (1u << 6)
#define CTRL_RST (1u << 26)
#define STATUS_LU (1u << 1)
#define RAH_AV (1u << 31)
#define RCTL_EN (1u << 1)
#define RCTL_MPE (1u << 4)  /* every multicast frame: IPv6 NDP and RAs (33:33:...) */
#define RCTL_BAM (1u << 15)
#define RCTL_SECRC (1u << 26) /* BSIZE 00 = 2048-byte buffers */
#define TCTL_EN (1u << 1)
#define TCTL_PSP (1u << 3)
#define TCTL_CT (0x10u << 4)
#define TCTL_COLD (0x40u << 12)
#define TIPG_DEFAULT 0x0060200Au /* IPGT 10, IPGR1 8, IPGR2 6 (copper) */

#define RXD_STAT_DD 0x01
#define RXD_STAT_EOP 0x02
#define TXD_CMD_EOP 0x01
#define TXD_CMD_IFCS 0x02
#define TXD_CMD_RS 0x08
#define TXD_STAT_DD 0x01

#define RX_DESCS 128 /* multiples of 8: ring lengths are multiples of 128 bytes */
#define TX_DESCS 16
#define BUF_SIZE 2048
#define ETH_ZLEN 60
#define RESET_TIMEOUT_US 20000
#define EERD_TIMEOUT_US 10000
#define TX_TIMEOUT_US 100000

struct rx_desc {
	uint64_t addr;
	uint16_t length, csum;
	uint8_t status, errors;
	uint16_t special;
};
struct tx_desc {
	uint64_t addr;
	uint16_t length;
	uint8_t cso, cmd, status, css;
	uint16_t special;
};
_Static_assert(sizeof(struct rx_desc) == 16 && sizeof(struct tx_desc) == 16, "e1000 descriptors are 16 bytes");

struct e1000 {
	struct netdev dev;
	struct pci_device pci;
	uintptr_t mmio;
	bool eerd_82574; /* EERD: done bit 1, address at bit 2 (else done bit 4, address at bit 8) */
	volatile struct rx_desc *rx;
	volatile struct tx_desc *tx;
	uint8_t *rx_bufs, *tx_bufs;
	unsigned rx_next, tx_next;
	void *mem;
	size_t mem_len;
};

static struct e1000 e1000_0;

static uint32_t rd(struct e1000 *e, uint32_t reg) { return mmio_read32(e->mmio + reg); }
static void wr(struct e1000 *e, uint32_t reg, uint32_t v) { mmio_write32(e->mmio + reg, v); }

/* Full reset; interrupts masked and acknowledged. */
static void chip_reset(struct e1000 *e)
{
	wr(e, E1000_IMC, 0xFFFFFFFF);
	wr(e, E1000_RCTL, 0);
	wr(e, E1000_TCTL, 0);
	wr(e, E1000_CTRL, rd(e, E1000_CTRL) | CTRL_RST);
	io_delay_us(1000); /* no register access right after RST (82540 manual: 1 us, be generous) */
	uint64_t end = time_now_us() + RESET_TIMEOUT_US;
	while ((rd(e, E1000_CTRL) & CTRL_RST) && !time_after_us(time_now_us(), end))
		;
	wr(e, E1000_IMC, 0xFFFFFFFF);
	(void)rd(e, E1000_ICR);
}

/* One EEPROM word through EERD, or -1. */
static int eeprom_read(struct e1000 *e, unsigned word)
{
	uint32_t done = e->eerd_82574 ? 1u << 1 : 1u << 4;
	uint32_t shift = e->eerd_82574 ? 2 : 8;
	wr(e, E1000_EERD, (uint32_t)word << shift | 1);
	uint64_t end = time_now_us() + EERD_TIMEOUT_US;
	uint32_t v;
	while (!((v = rd(e, E1000_EERD)) & done))
		if (time_after_us(time_now_us(), end))
			return -1;
	return (int)(v >> 16);
}

static int read_mac(struct e1000 *e)
{
	uint32_t ral = rd(e, E1000_RAL0), rah = rd(e, E1000_RAH0);
	if ((rah & RAH_AV) && (ral || (rah & 0xFFFF))) {
		for (int i = 0; i < 4; i++)
			e->dev.mac[i] = (uint8_t)(ral >> (8 * i));
		e->dev.mac[4] = (uint8_t)rah;
		e->dev.mac[5] = (uint8_t)(rah >> 8);
		return 0;
	}
	for (unsigned w = 0; w < 3; w++) {
		int v = eeprom_read(e, w);
		if (v < 0)
			return -WB_EIO;
		e->dev.mac[2 * w] = (uint8_t)v;
		e->dev.mac[2 * w + 1] = (uint8_t)(v >> 8);
	}
	/* Make the receive filter match what we read. */
	wr(e, E1000_RAL0, (uint32_t)e->dev.mac[0] | (uint32_t)e->dev.mac[1] << 8 |
				  (uint32_t)e->dev.mac[2] << 16 | (uint32_t)e->dev.mac[3] << 24);
	wr(e, E1000_RAH0, (uint32_t)e->dev.mac[4] | (uint32_t)e->dev.mac[5] << 8 | RAH_AV);
	return 0;
}

static bool e1000_link_up(struct netdev *dev)
{
	struct e1000 *e = dev->priv;
	return rd(e, E1000_STATUS) & STATUS_LU;
}

static int e1000_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct e1000 *e = dev->priv;
	if (len > BUF_SIZE)
		return -WB_ETOOBIG;
	volatile struct tx_desc *d = &e->tx[e->tx_next];
	/* A slot is free when it was never used or the chip reported it done. */
	uint64_t end = time_now_us() + TX_TIMEOUT_US;
	while (d->cmd && !(d->status & TXD_STAT_DD))
		if (time_after_us(time_now_us(), end))
			return -WB_EBUSY;
	uint8_t *buf = e->tx_bufs + (size_t)e->tx_next * BUF_SIZE;
	memcpy(buf, frame, len);
	if (len < ETH_ZLEN) {
		memset(buf + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	d->length = (uint16_t)len;
	d->status = 0;
	d->cmd = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS;
	dma_barrier();
	e->tx_next = (e->tx_next + 1) % TX_DESCS;
	wr(e, E1000_TDT, e->tx_next);
	return 0;
}

static int e1000_receive(struct netdev *dev, void *out, size_t cap)
{
	struct e1000 *e = dev->priv;
	volatile struct rx_desc *d = &e->rx[e->rx_next];
	if (!(d->status & RXD_STAT_DD))
		return 0;
	dma_barrier();
	int n = 0;
	/* Frames never span buffers (2048 > largest frame); drop anything odd. */
	if ((d->status & RXD_STAT_EOP) && !d->errors) {
		size_t len = d->length;
		if (len > cap)
			len = cap;
		memcpy(out, e->rx_bufs + (size_t)e->rx_next * BUF_SIZE, len);
		n = (int)len;
	}
	d->status = 0;
	dma_barrier();
	/* Give the descriptor back: the tail is the last descriptor the chip may fill. */
	wr(e, E1000_RDT, e->rx_next);
	e->rx_next = (e->rx_next + 1) % RX_DESCS;
	return n;
}

static void e1000_close(struct netdev *dev)
{
	struct e1000 *e = dev->priv;
	chip_reset(e);
	pci_disable(&e->pci, PCI_COMMAND_MASTER);
	if (e->mem)
		platform_image_free(e->mem, e->mem_len);
	e->mem = NULL;
}

struct netdev *e1000_probe(const struct pci_device *pci)
{
	struct e1000 *e = &e1000_0;
	*e = (struct e1000){ .pci = *pci, .eerd_82574 = pci->device == 0x10D3 };
	struct pci_bar bar;
	if (pci_bar_decode(&e->pci, 0, &bar) < 0 || bar.io || !bar.addr || bar.addr + bar.size > 0x100000000ull ||
	    bar.size < 0x10000) {
		wb_printf("e1000 %02x:%02x.%x: register BAR 0 missing or above 4 GiB\n", PCI_BUS(pci->bdf),
			  PCI_SLOT(pci->bdf), PCI_FUNC(pci->bdf));
		return NULL;
	}
	e->mmio = (uintptr_t)bar.addr;
	pci_enable(&e->pci, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	chip_reset(e);
	if (read_mac(e) < 0) {
		wb_printf("e1000 %02x:%02x.%x: cannot read the MAC address (EEPROM does not answer)\n",
			  PCI_BUS(pci->bdf), PCI_SLOT(pci->bdf), PCI_FUNC(pci->bdf));
		return NULL;
	}

	size_t rx_ring = RX_DESCS * sizeof(struct rx_desc), tx_ring = TX_DESCS * sizeof(struct tx_desc);
	e->mem_len = rx_ring + tx_ring + (RX_DESCS + TX_DESCS) * (size_t)BUF_SIZE;
	e->mem = platform_image_alloc(e->mem_len, 0x100000000ull, 1);
	if (!e->mem) {
		wb_printf("e1000: no memory below 4 GiB for the descriptor rings\n");
		return NULL;
	}
	memset(e->mem, 0, e->mem_len);
	uint8_t *m = e->mem;
	e->rx = (volatile struct rx_desc *)m;
	e->tx = (volatile struct tx_desc *)(m + rx_ring);
	e->rx_bufs = m + rx_ring + tx_ring;
	e->tx_bufs = e->rx_bufs + RX_DESCS * (size_t)BUF_SIZE;
	for (unsigned i = 0; i < RX_DESCS; i++)
		e->rx[i].addr = platform_phys_addr(e->rx_bufs + (size_t)i * BUF_SIZE);
	for (unsigned i = 0; i < TX_DESCS; i++)
		e->tx[i].addr = platform_phys_addr(e->tx_bufs + (size_t)i * BUF_SIZE);

	for (unsigned i = 0; i < 128; i++)
		wr(e, E1000_MTA + 4 * i, 0);
	uint64_t rx_phys = platform_phys_addr((const void *)e->rx), tx_phys = platform_phys_addr((const void *)e->tx);
	wr(e, E1000_RDBAL, (uint32_t)rx_phys);
	wr(e, E1000_RDBAH, (uint32_t)(rx_phys >> 32));
	wr(e, E1000_RDLEN, (uint32_t)rx_ring);
	wr(e, E1000_RDH, 0);
	wr(e, E1000_RDT, RX_DESCS - 1); /* all but one descriptor belong to the chip */
	wr(e, E1000_TDBAL, (uint32_t)tx_phys);
	wr(e, E1000_TDBAH, (uint32_t)(tx_phys >> 32));
	wr(e, E1000_TDLEN, (uint32_t)tx_ring);
	wr(e, E1000_TDH, 0);
	wr(e, E1000_TDT, 0);
	wr(e, E1000_TIPG, TIPG_DEFAULT);
	wr(e, E1000_TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
	wr(e, E1000_RCTL, RCTL_EN | RCTL_MPE | RCTL_BAM | RCTL_SECRC);
	wr(e, E1000_CTRL, (rd(e, E1000_CTRL) | CTRL_SLU | CTRL_ASDE) & ~CTRL_RST);

	e->dev.name = "e1000";
	e->dev.mtu = 1500;
	e->dev.transmit = e1000_transmit;
	e->dev.receive = e1000_receive;
	e->dev.link_up = e1000_link_up;
	e->dev.close = e1000_close;
	e->dev.priv = e;
	wb_printf("e1000 %02x:%02x.%x: %04x:%04x, registers at %#x, link %s\n", PCI_BUS(pci->bdf),
		  PCI_SLOT(pci->bdf), PCI_FUNC(pci->bdf), pci->vendor, pci->device, (unsigned)e->mmio,
		  e1000_link_up(&e->dev) ? "up" : "down");
	return &e->dev;
}
