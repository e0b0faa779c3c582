# flags.mk — how the loadable library is compiled, written once: the
# Makefile includes this file and python/setup.py reads it, so the wheel's
# library is compiled exactly as `make` compiles dist/crossentropy.so
# (crossentropy_debug() reports the same "cflags" for both).
#
# Only lines `NAME ?= words` (a value in the environment wins) and
# `NAME := words`, which is all setup.py's reader understands.

CFLAGS         ?= -O2
WARN_FLAGS     := -Wall -Wextra -std=c99
# Added to WARN_FLAGS when the environment sets CI: warnings are errors.
CI_WARN_FLAGS  := -Werror
LOADABLE_FLAGS := -fPIC -fvisibility=hidden
# The library's sources are every .c file of these, each also an -I.
LIBRARY_DIRS   := ext/core ext/sqlite
LIBS           := -lm
