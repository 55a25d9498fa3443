// Ingress reference of the integrated engine contract (docs/architecture.md, "Integrated engine
// contract"): the frame checks H1-H3 of docs/feature-set.md 3.1 and, for an accepted frame, the
// initial context's hints (parse word, Toeplitz hash, EtherType, event type) and ordering bucket.
// Used by the ISS-level engine model until tb/model/ingress provides the shared reference.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace baton::engine {

// Parse-word fields (contract).
namespace pw {
inline constexpr std::uint32_t kL3KindShift = 18;
inline constexpr std::uint32_t kL4KindShift = 22;
inline constexpr std::uint32_t kTagShift = 16;
inline constexpr std::uint32_t kCsumOk = 1U << 26;
inline constexpr std::uint32_t kMalformed = 1U << 27;
inline constexpr std::uint32_t kFragment = 1U << 28;
}  // namespace pw

struct IngressLimits {
  unsigned min_frame = 60;
  unsigned max_frame = 1522;
  unsigned buckets = 1024;  // NumBuckets, a power of two
};

struct IngressResult {
  std::optional<std::uint8_t> drop;  // H1-H3 hardware reason; no context
  std::uint32_t parse_word = 0;
  std::uint32_t hash = 0;
  std::uint32_t ethertype = 0;
  std::uint8_t event_type = 0;
  std::uint32_t bucket = 0;
};

IngressResult ingress(std::span<const std::uint8_t> frame, unsigned in_port, bool tuser_error,
                      const IngressLimits& lim);

}  // namespace baton::engine
