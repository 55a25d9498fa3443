// SPDX-License-Identifier: Apache-2.0
/* Partition host (FS8, docs/feature-set.md section 4): every to-host verdict ends here, so the
 * control-plane path has one place (rate limits or metadata come here later). */
#include "fw.h"

FW_PARTITION_DEFINE(host, PART_HOST);

FW_PARTITION(host) void host_input(void) { baton_to_host(); }
FW_ENTRY(host, 0, host_input);
