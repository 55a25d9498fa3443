// SPDX-License-Identifier: Apache-2.0
/* Sorts input.v[0 .. input.n) as signed 32-bit integers with a non-recursive quicksort that
 * falls back to insertion sort on short runs, then writes the result to the signature.
 * Signature: [0] n, [1] 1 if the output is ordered, [2..] the sorted values. */
#include <stdint.h>

#define MAX_N 256

struct input {
  uint32_t n;
  int32_t v[MAX_N];
};

struct input input = {8, {5, -3, 2147483647, 0, -2147483647 - 1, 7, 7, -1}};

uint32_t sig[2 + MAX_N] __attribute__((section(".signature")));

static void insertion(int32_t* a, int lo, int hi) {
  for (int i = lo + 1; i <= hi; ++i) {
    int32_t x = a[i];
    int j = i - 1;
    while (j >= lo && a[j] > x) {
      a[j + 1] = a[j];
      --j;
    }
    a[j + 1] = x;
  }
}

static void quicksort(int32_t* a, int n) {
  int stack[64];
  int sp = 0;
  stack[sp++] = 0;
  stack[sp++] = n - 1;
  while (sp > 0) {
    int hi = stack[--sp];
    int lo = stack[--sp];
    if (hi - lo < 8) {
      if (lo < hi) insertion(a, lo, hi);
      continue;
    }
    int32_t pivot = a[lo + (hi - lo) / 2];
    int i = lo;
    int j = hi;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) {
        int32_t t = a[i];
        a[i] = a[j];
        a[j] = t;
        ++i;
        --j;
      }
    }
    /* push the larger part first so the stack stays logarithmic */
    if (j - lo > hi - i) {
      stack[sp++] = lo; stack[sp++] = j;
      stack[sp++] = i; stack[sp++] = hi;
    } else {
      stack[sp++] = i; stack[sp++] = hi;
      stack[sp++] = lo; stack[sp++] = j;
    }
  }
}

int main(void) {
  uint32_t n = input.n > MAX_N ? MAX_N : input.n;
  static int32_t a[MAX_N];
  for (uint32_t i = 0; i < n; ++i) a[i] = input.v[i];
  if (n > 1) quicksort(a, (int)n);
  uint32_t ordered = 1;
  for (uint32_t i = 1; i < n; ++i) ordered &= a[i - 1] <= a[i];
  sig[0] = n;
  sig[1] = ordered;
  for (uint32_t i = 0; i < n; ++i) sig[2 + i] = (uint32_t)a[i];
  return ordered ? 0 : 1;
}
