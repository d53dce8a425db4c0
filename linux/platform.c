// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/platform.h on Linux (see linux/linux_platform.h).  There is no physical memory to
 * place images in: image memory is anonymous mmap, its "physical" address is its virtual
 * one, and address limits do not apply (kexec places the images itself).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/console.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "linux/linux_platform.h"
#include "loaders/boot.h"
#include "loaders/boot_plan.h"
#include "net/netdev.h"

#define LINUX_MAX_NETDEVS 8

static struct netdev *netdevs[LINUX_MAX_NETDEVS];
static int netdev_count;
static bool kexec_enabled;

uint64_t platform_time_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static size_t page_round(size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	return (len + page - 1) & ~(page - 1);
}

void *platform_image_alloc(size_t len, uint64_t max_end, int top_down)
{
	(void)max_end;
	(void)top_down;
	if (len == 0 || len > SIZE_MAX / 2)
		return NULL;
	void *p = mmap(NULL, page_round(len), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void platform_image_free(void *p, size_t len)
{
	if (p)
		munmap(p, page_round(len));
}

uint64_t platform_phys_addr(const void *p) { return (uint64_t)(uintptr_t)p; }

int linux_platform_add_netdev(struct netdev *dev)
{
	if (netdev_count == LINUX_MAX_NETDEVS)
		return -WB_ENOMEM;
	netdevs[netdev_count++] = dev;
	return 0;
}

int platform_netdevs(struct netdev **devs, int max)
{
	int n = netdev_count < max ? netdev_count : max;
	for (int i = 0; i < n; i++)
		devs[i] = netdevs[i];
	return n;
}

void linux_platform_enable_kexec(bool enable) { kexec_enabled = enable; }

/* An in-memory file holding buf, for kexec_file_load; -1 on failure. */
static int memfd_with(const char *name, const void *buf, size_t len)
{
	int fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, (const char *)buf + off, len - off);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	return fd;
}

/* Load the plan into the running kernel with kexec_file_load and reboot into it. */
static int kexec_boot(const struct boot_plan *plan)
{
	int kfd = memfd_with("wireboot-kernel", plan->kernel, plan->kernel_len);
	int ifd = plan->initrd ? memfd_with("wireboot-initrd", plan->initrd, plan->initrd_len) : -1;
	if (kfd < 0 || (plan->initrd && ifd < 0)) {
		fprintf(stderr, "kexec: cannot stage the images: %s\n", strerror(errno));
		return -WB_ENOMEM;
	}
	unsigned long flags = ifd < 0 ? KEXEC_FILE_NO_INITRAMFS : 0;
	if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(plan->cmdline) + 1, plan->cmdline,
		    flags) != 0) {
		int e = errno;
		fprintf(stderr, "kexec_file_load: %s%s\n", strerror(e),
			e == EPERM ? " (needs root; lockdown or Secure Boot may refuse unsigned "
				     "kernels)" : "");
		close(kfd);
		if (ifd >= 0)
			close(ifd);
		return e == EPERM ? -WB_EACCES : -WB_EIO;
	}
	fprintf(stderr, "kexec: loaded, rebooting into the new kernel\n");
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	fprintf(stderr, "kexec reboot: %s\n", strerror(errno));
	return -WB_EIO;
}

int platform_boot(const struct boot_plan *plan)
{
	boot_plan_print(plan);
	if (plan->kind != BOOT_KIND_LINUX) {
		wb_printf("not booting: a %s cannot be started from Linux\n",
			  boot_kind_name(plan->kind));
		return -WB_ENOTSUP;
	}
	if (!kexec_enabled) {
		wb_printf("not booting: kexec was not asked for (--kexec)\n");
		return -WB_ENOTSUP;
	}
	for (int i = 0; i < netdev_count; i++)
		if (netdevs[i]->close)
			netdevs[i]->close(netdevs[i]);
	return kexec_boot(plan);
}

int platform_local_boot(int type)
{
	(void)type;
	wb_printf("LOCALBOOT: nothing to do on Linux\n");
	return -WB_ENOTSUP;
}

static void stdout_write(struct console_sink *sink, const char *s, size_t n)
{
	(void)sink;
	fwrite(s, 1, n, stdout);
	fflush(stdout);
}

static struct console_sink stdout_sink = {
	.name = "stdout",
	.write = stdout_write,
};

void linux_platform_init(void)
{
	/* A log file or pipe is treated like a slow serial line: fewer progress redraws. */
	stdout_sink.flags = isatty(STDOUT_FILENO) ? CONSOLE_ANSI : CONSOLE_SERIAL;
	console_add(&stdout_sink);
}

int platform_wall_clock(uint64_t *unix_seconds)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0 || ts.tv_sec < 0)
		return -WB_EIO;
	*unix_seconds = (uint64_t)ts.tv_sec;
	return 0;
}

size_t platform_random(void *buf, size_t len)
{
	ssize_t n = getrandom(buf, len, GRND_NONBLOCK);
	return n > 0 ? (size_t)n : 0;
}

int platform_serial_configure(unsigned port, uint32_t baud)
{
	(void)port;
	(void)baud;
	return -WB_ENOTSUP; /* the console is stdout */
}
