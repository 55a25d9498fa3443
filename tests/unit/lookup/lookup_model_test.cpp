// SPDX-License-Identifier: Apache-2.0
// The reference model's own building blocks against external references: the CRC-32C hash
// against its published check value, and the table policy on hand-worked examples.
#include <gtest/gtest.h>

#include <cstring>

#include "baton/model/lookup/lookup_model.hpp"

namespace {

using namespace baton::model::lookup;

// RFC 3720 (iSCSI) B.4 / the CRC catalogue: CRC-32C("123456789") = 0xE3069283, and 32 zero bytes
// give 0x8A9136AA.
TEST(LookupModel, Crc32cMatchesPublishedVectors) {
  const char* s = "123456789";
  EXPECT_EQ(crc32c(reinterpret_cast<const std::uint8_t*>(s), std::strlen(s)), 0xe3069283U);
  const std::array<std::uint8_t, 32> zeros{};
  EXPECT_EQ(crc32c(zeros.data(), zeros.size()), 0x8a9136aaU);
}

TEST(LookupModel, KeySerializationRoundTrips) {
  FlowKey k;
  k.src_addr[15] = 1;
  k.dst_addr[0] = 0xfe;
  k.src_port = 0x1234;
  k.dst_port = 0xabcd;
  k.proto = 17;
  k.vlan = 0xfff;
  k.in_class = 5;
  k.ipv6 = true;
  EXPECT_EQ(FlowKey::from_bytes(k.bytes()), k);
  EXPECT_EQ(k.bytes()[32], 0x12);
  EXPECT_EQ(k.bytes()[38], 0xfb);  // vlan low nibble f, class 5, ipv6 1
}

// d-left placement: the less loaded bucket, ties to bank 0; then the stash; then Full.
TEST(LookupModel, TablePolicyOnWeakHash) {
  Config c;
  c.buckets_per_bank = 4;
  c.ways = 2;
  c.stash = 1;
  c.hash_kind = 1;  // bucket = src_port % 4 in both banks
  FlowTable t(c);
  auto key = [](unsigned n) {
    FlowKey k;
    k.src_port = static_cast<std::uint16_t>(4 * n + 1);  // all in bucket 1
    k.dst_port = static_cast<std::uint16_t>(n);
    return k;
  };
  // Flow index = (bank * 4 + bucket) * 2 + way; stash at 16.
  EXPECT_EQ(t.lookup(key(0), true).flow, 2U);   // tie: bank 0, way 0
  EXPECT_EQ(t.lookup(key(1), true).flow, 10U);  // bank 1 less loaded
  EXPECT_EQ(t.lookup(key(2), true).flow, 3U);   // tie again: bank 0, way 1
  EXPECT_EQ(t.lookup(key(3), true).flow, 11U);
  EXPECT_EQ(t.lookup(key(4), true).flow, 16U);  // both full: stash
  EXPECT_EQ(t.lookup(key(5), true).status, Status::kFull);
  EXPECT_EQ(t.lookup(key(2), false).status, Status::kHit);
  EXPECT_TRUE(t.erase(2));
  EXPECT_FALSE(t.erase(2));
  EXPECT_EQ(t.lookup(key(5), true).flow, 2U);
  EXPECT_EQ(t.used(), 5U);
  EXPECT_EQ(t.stash_used(), 1U);
}

}  // namespace
