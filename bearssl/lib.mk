# SPDX-License-Identifier: GPL-2.0-or-later
#
# Compile one variant of BearSSL (run by bearssl/module.mk, after the source is fetched, so
# the wildcard below sees it):  make -f bearssl/lib.mk SRC=dir OUT=dir CC=... CFLAGS=...
# Produces $(OUT)/libbearssl.a from every file in $(SRC)/src; the linker keeps what is used.
SRCS := $(wildcard $(SRC)/src/*.c $(SRC)/src/*/*.c)
OBJS := $(patsubst $(SRC)/src/%.c,$(OUT)/%.o,$(SRCS))

$(OUT)/libbearssl.a: $(OBJS)
	@echo "  AR      $@"
	@rm -f $@ && $(AR) rcs $@ $^

$(OUT)/%.o: $(SRC)/src/%.c
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -I$(SRC)/inc -I$(SRC)/src -c $< -o $@
