#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Link launcher of the libFuzzer executables (cmake/BatonFuzz.cmake, RULE_LAUNCH_LINK):
#   fuzz_link.sh <clang++> <the project's C++ compiler> <link arguments...>
# runs the link CMake generated with clang++ and the fuzzer and sanitizer runtimes instead.
clang=$1
shift 2
exec "$clang" "$@" -fsanitize=fuzzer,address,undefined
