// SPDX-License-Identifier: Apache-2.0
// Helper of case ms17: a typedef at compilation-unit ($unit) scope in a file of its own.
typedef logic [5:0] ms17_word_t;
