// SPDX-License-Identifier: Apache-2.0
/* Must fail at test 3: proves that a wrong result is reported (tohost = 3 << 1 | 1). */
#include "baton_test.h"
TEST_BEGIN
  li a0, 1
  CHECK a0, 1
  li a0, 2
  CHECK a0, 2
  li a0, 3
  CHECK a0, 4
  j test_pass
TEST_END
TEST_DATA
