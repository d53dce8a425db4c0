/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loaders/pxe_api.c: checks of what a chained program passes, dispatch, GET_CACHED_INFO. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "loaders/pxe_api.h"

#define MEM_SIZE 0x100000u
#define OWN_LO 0x57C00u
#define OWN_HI 0x9FC00u
#define PACKET_AT 0x60000u /* inside wireboot's own memory, as on BIOS */
#define BLOCK_AT 0x1000u   /* seg:off 0100:0000 */
#define BLOCK_FAR 0x01000000u
#define BUF_AT 0x2000u
#define BUF_FAR 0x00002000u /* 0000:2000 */

static uint8_t mem[MEM_SIZE];
static int stops;

static void count_stop(struct pxe_api *api)
{
	(void)api;
	stops++;
}

static struct pxe_api make_api(void)
{
	memset(mem, 0xAA, sizeof(mem));
	for (unsigned i = 0; i < 300; i++)
		mem[PACKET_AT + i] = (uint8_t)i;
	stops = 0;
	return (struct pxe_api){
		.mem = { .base = mem, .size = MEM_SIZE, .own_lo = OWN_LO, .own_hi = OWN_HI },
		.packet = mem + PACKET_AT,
		.packet_len = 300,
		.stop = count_stop,
	};
}

static uint16_t status_at(uint32_t linear)
{
	uint16_t st;
	memcpy(&st, mem + linear, 2);
	return st;
}

static void test_ptr_checks(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	const struct pxe_api_mem *m = &api.mem;
	assert_ptr_equal(pxe_api_ptr(m, 0x7C00, 16), mem + 0x7C00);
	assert_ptr_equal(pxe_api_ptr(m, OWN_LO - 16, 16), mem + OWN_LO - 16);
	assert_ptr_equal(pxe_api_ptr(m, OWN_HI, 16), mem + OWN_HI);
	assert_null(pxe_api_ptr(m, OWN_LO - 15, 16));          /* touches wireboot's memory */
	assert_null(pxe_api_ptr(m, OWN_LO + 0x100, 1));
	assert_null(pxe_api_ptr(m, MEM_SIZE - 15, 16));        /* past the end */
	assert_null(pxe_api_ptr(m, 0xFFFFFFF0u, 0x20));        /* wraps */
	assert_ptr_equal(pxe_api_ptr(m, MEM_SIZE, 0), mem + MEM_SIZE);
	/* FFFF:FFFF is 0x10FFEF: beyond 1 MiB. */
	assert_null(pxe_api_farptr(m, 0xFFFFFFFFu, 1));
	assert_ptr_equal(pxe_api_farptr(m, 0x07C00010u, 4), mem + 0x7C10);
}

static void put_cached_info(uint16_t type, uint16_t size, uint32_t buffer)
{
	struct pxenv_get_cached_info p = { .status = 0x5555, .packet_type = type,
					   .buffer_size = size, .buffer = buffer };
	memcpy(mem + BLOCK_AT, &p, sizeof(p));
}

static void test_cached_info_copy(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	put_cached_info(2, 4096, BUF_FAR);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	struct pxenv_get_cached_info p;
	memcpy(&p, mem + BLOCK_AT, sizeof(p));
	assert_int_equal(p.status, PXENV_STATUS_SUCCESS);
	assert_int_equal(p.buffer_size, 300);
	assert_memory_equal(mem + BUF_AT, mem + PACKET_AT, 300);
	assert_int_equal(mem[BUF_AT + 300], 0xAA); /* nothing beyond the packet */

	/* A smaller buffer gets the packet's start only. */
	put_cached_info(3, 100, BUF_FAR);
	memset(mem + BUF_AT, 0xAA, 300);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(mem[BUF_AT + 99], 99);
	assert_int_equal(mem[BUF_AT + 100], 0xAA);
}

static void test_cached_info_by_reference(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	put_cached_info(1, 0, 0);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	struct pxenv_get_cached_info p;
	memcpy(&p, mem + BLOCK_AT, sizeof(p));
	assert_int_equal(p.buffer_size, 300);
	assert_int_equal(p.buffer, (PACKET_AT >> 4) << 16);
}

static void test_cached_info_refuses_bad_buffers(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	put_cached_info(2, 300, (OWN_LO >> 4) << 16); /* into wireboot's memory */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_BAD_FUNC);
	assert_int_equal(mem[OWN_LO], 0xAA);
	put_cached_info(2, 300, 0xFFFF0000u | 0xFF00u); /* FFFF:FF00 + 300 crosses 1 MiB + 64 KiB */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_FAILURE);
	put_cached_info(4, 300, BUF_FAR); /* no such packet type */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_UNSUPPORTED);
}

static void test_block_outside_gets_no_answer(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	/* The block itself in wireboot's memory, or running past the end: nothing is written. */
	uint32_t own_far = (OWN_LO >> 4) << 16;
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, own_far), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(OWN_LO), 0xAAAA);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_CLOSE, 0xFFFFFFFFu), PXENV_EXIT_FAILURE);
	/* Just below wireboot's memory with a block that reaches into it. */
	uint32_t edge = OWN_LO - 4;
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, (edge >> 4) << 16 | (edge & 15)),
			 PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(edge), 0xAAAA);
}

static void test_unsupported_and_udp_closed(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	assert_int_equal(pxe_api_call(&api, 0x00E6, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_UNSUPPORTED);
	struct pxenv_udp_rw rw = { .buffer_size = 512, .buffer = BUF_FAR };
	memcpy(mem + BLOCK_AT, &rw, sizeof(rw));
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_READ, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_UDP_CLOSED);
	/* No network (host): UDP_OPEN fails. */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_OPEN, BLOCK_FAR), PXENV_EXIT_FAILURE);
}

static void test_stop_undi_ends_the_api(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_SHUTDOWN, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNLOAD_STACK, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(stops, 0);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_STOP_UNDI, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(stops, 1);
	put_cached_info(2, 300, BUF_FAR);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_FAILURE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ptr_checks),
		cmocka_unit_test(test_cached_info_copy),
		cmocka_unit_test(test_cached_info_by_reference),
		cmocka_unit_test(test_cached_info_refuses_bad_buffers),
		cmocka_unit_test(test_block_outside_gets_no_answer),
		cmocka_unit_test(test_unsupported_and_udp_closed),
		cmocka_unit_test(test_stop_undi_ends_the_api),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
