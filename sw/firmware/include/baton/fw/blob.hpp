// SPDX-License-Identifier: Apache-2.0
// The config compiler: RouterConfig -> the binary blob the reference firmware reads at FWC_BASE
// (layout in blob_layout.h and docs/firmware.md), plus host-side readers of a blob that the
// tests use to check the tables against a plain longest-prefix match.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "baton/fw/blob_layout.h"
#include "baton/fw/config.hpp"

namespace baton::fw {

// Throws ConfigError ("routes_ipv4: ...") when the tables do not fit FWC_MAX_BYTES.
std::vector<std::uint8_t> compile_blob(const RouterConfig& cfg);

struct BlobResult {
  unsigned index = 0;
  Mac dmac{};
  Mac smac{};
  unsigned port = 0;
  unsigned kind = FWC_K_NO_ROUTE;
  unsigned reason = 0;
};

// The record the firmware's lookup finds for a destination address (same walk as the firmware).
BlobResult blob_lookup4(std::span<const std::uint8_t> blob, V4 dst);
BlobResult blob_lookup6(std::span<const std::uint8_t> blob, const V6& dst);

}  // namespace baton::fw
