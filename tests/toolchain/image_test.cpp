// SPDX-License-Identifier: Apache-2.0
// baton_image on its own: serialize/parse round trips of random images, the documented header
// layout, CRC and bounds checks on corrupt or truncated files, and the $readmemh codec against
// hand-written vectors.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "baton/image/image.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"

namespace {

using baton::image::Image;
using baton::image::ImageError;
using baton::image::Partition;

std::string where(std::uint64_t seed) {
  return fmt::format("\n  seed: {}\n  repro: {}", seed, baton::tb::repro_command(seed, false));
}

Image random_image(baton::tb::Rng& rng) {
  Image img;
  img.page_bytes = 1U << rng.range(6, 11);
  img.stack_bytes = 2048;
  img.flags = static_cast<std::uint32_t>(rng.range(0, 1));
  const auto nparts = static_cast<unsigned>(rng.range(1, 6));
  std::uint32_t base = img.page_bytes;
  std::uint32_t page = 0;
  std::uint8_t id = static_cast<std::uint8_t>(rng.range(0, 3));
  for (unsigned i = 0; i < nparts; ++i) {
    Partition p;
    p.id = id;
    id = static_cast<std::uint8_t>(id + rng.range(1, 20));
    p.base = base;
    p.code_bytes = static_cast<std::uint32_t>(rng.range(4, 3 * img.page_bytes)) & ~3U;
    p.num_pages = (p.code_bytes + img.page_bytes - 1) / img.page_bytes;
    p.first_page = page;
    page += p.num_pages;
    base += (p.num_pages + static_cast<std::uint32_t>(rng.range(0, 2))) * img.page_bytes;
    const auto nent = rng.range(0, 4);
    for (unsigned e = 0; e < nent; ++e) p.entries.push_back(p.base + 4 * static_cast<std::uint32_t>(rng.range(0, p.code_bytes / 4 - 1)));
    img.pages.resize(static_cast<std::size_t>(page) * img.page_bytes);
    for (std::uint32_t k = 0; k < p.code_bytes; ++k) img.pages[p.first_page * img.page_bytes + k] = static_cast<std::uint8_t>(rng.next());
    img.partitions.push_back(p);
  }
  img.initial_partition = img.partitions.front().id;
  img.partitions.front().initial = true;
  img.rodata.resize(rng.range(0, 300) * 4);
  for (auto& b : img.rodata) b = static_cast<std::uint8_t>(rng.next());
  img.fn_table_addr = baton::image::kRodataBase;
  img.fn_table_slots = static_cast<std::uint32_t>(img.rodata.size() / 4);
  img.data.resize(rng.range(0, 100));
  for (auto& b : img.data) b = static_cast<std::uint8_t>(rng.next());
  return img;
}

void expect_same(const Image& a, const Image& b, std::uint64_t seed) {
  EXPECT_EQ(a.page_bytes, b.page_bytes) << where(seed);
  EXPECT_EQ(a.flags, b.flags) << where(seed);
  EXPECT_EQ(a.initial_partition, b.initial_partition) << where(seed);
  EXPECT_EQ(a.fn_table_addr, b.fn_table_addr) << where(seed);
  EXPECT_EQ(a.fn_table_slots, b.fn_table_slots) << where(seed);
  EXPECT_EQ(a.pages, b.pages) << where(seed);
  EXPECT_EQ(a.rodata, b.rodata) << where(seed);
  EXPECT_EQ(a.data, b.data) << where(seed);
  ASSERT_EQ(a.partitions.size(), b.partitions.size()) << where(seed);
  for (std::size_t i = 0; i < a.partitions.size(); ++i) {
    const auto& x = a.partitions[i];
    const auto& y = b.partitions[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.initial, y.initial);
    EXPECT_EQ(x.base, y.base);
    EXPECT_EQ(x.code_bytes, y.code_bytes);
    EXPECT_EQ(x.first_page, y.first_page);
    EXPECT_EQ(x.num_pages, y.num_pages);
    EXPECT_EQ(x.entries, y.entries) << where(seed);
  }
}

class ImageRoundTrip : public ::testing::TestWithParam<int> {};

TEST_P(ImageRoundTrip, ParseGivesBackWhatWasSerialized) {
  const std::uint64_t seed = baton::tb::test_seed();
  baton::tb::Rng rng(seed);
  for (int n = 0; n < 50; ++n) {
    const Image img = random_image(rng);
    const auto bytes = img.serialize();
    const Image back = Image::parse(bytes, "round-trip");
    expect_same(img, back, seed);
    EXPECT_EQ(back.serialize(), bytes) << where(seed);
    // Every code word a partition holds reads back at its code address.
    for (const auto& p : img.partitions) {
      const auto w = back.code_word(p.base + (p.code_bytes & ~3U) - 4);
      ASSERT_TRUE(w.has_value()) << where(seed);
    }
    if (HasFailure()) return;
  }
}
INSTANTIATE_TEST_SUITE_P(Seeds, ImageRoundTrip, ::testing::Range(0, 4));

TEST(ImageFormat, HeaderWordsAtDocumentedOffsets) {
  Image img;
  img.page_bytes = 256;
  img.initial_partition = 5;
  img.fn_table_addr = 0x8000'0010U;
  img.fn_table_slots = 2;
  img.rodata.assign(24, 0xab);
  img.data.assign(3, 0xcd);
  Partition p;
  p.id = 5;
  p.initial = true;
  p.base = 0x400;
  p.code_bytes = 260;
  p.num_pages = 2;
  p.entries = {0x400, 0x500};
  img.partitions.push_back(p);
  img.pages.assign(512, 0x13);
  const auto b = img.serialize();
  auto w = [&](std::size_t off) {
    std::uint32_t v;
    std::memcpy(&v, b.data() + off, 4);
    return v;
  };
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(b.data()), 4), "BTNI");
  EXPECT_EQ(w(0x04), 1U);
  EXPECT_EQ(w(0x08), 96U);
  EXPECT_EQ(w(0x0c), b.size());
  EXPECT_EQ(w(0x14), 256U);
  EXPECT_EQ(w(0x18), 1U);
  EXPECT_EQ(w(0x1c), 96U);               // partition table right after the header
  EXPECT_EQ(w(0x20), 96U + 32U);         // entry table after one 32-byte record
  EXPECT_EQ(w(0x24), 2U);
  EXPECT_EQ(w(0x28), 256U);              // pages at the next page boundary of the file
  EXPECT_EQ(w(0x2c), 2U);
  EXPECT_EQ(w(0x30), 256U + 512U);       // rodata after the pages, 64-byte aligned
  EXPECT_EQ(w(0x34), 24U);
  EXPECT_EQ(w(0x38), 256U + 512U + 64U); // data
  EXPECT_EQ(w(0x3c), 3U);
  EXPECT_EQ(w(0x40), 5U);
  EXPECT_EQ(w(0x4c), 0x8000'0010U);
  EXPECT_EQ(w(0x50), 2U);
  // Partition record: id | initial << 8, base, bytes, first page, pages, first entry, entries.
  EXPECT_EQ(w(96 + 0), 0x105U);
  EXPECT_EQ(w(96 + 4), 0x400U);
  EXPECT_EQ(w(96 + 8), 260U);
  EXPECT_EQ(w(96 + 12), 0U);
  EXPECT_EQ(w(96 + 16), 2U);
  EXPECT_EQ(w(96 + 20), 0U);
  EXPECT_EQ(w(96 + 24), 2U);
  EXPECT_EQ(w(128), 0x400U);
  EXPECT_EQ(w(132), 0x500U);
  EXPECT_EQ(b[256], 0x13);
  EXPECT_EQ(b[768], 0xab);
  EXPECT_EQ(b[832], 0xcd);
  EXPECT_EQ(*Image::parse(b, "x").fn_slot(1), 0xababababU);
  EXPECT_FALSE(Image::parse(b, "x").fn_slot(2).has_value());
}

// Found by fuzz_image: the reader accepted images against the layout of docs/firmware.md section 8
// (the CRC was right, so only the structural checks could catch them).
TEST(ImageFormat, PageStoreOrderAndInitialFlagAreChecked) {
  auto two = [] {
    Image img;
    img.page_bytes = 64;
    img.initial_partition = 1;
    for (std::uint8_t id : {1, 2}) {
      Partition p;
      p.id = id;
      p.initial = id == 1;
      p.base = 0x400U * id;
      p.code_bytes = 64;
      p.first_page = id - 1U;
      p.num_pages = 1;
      img.partitions.push_back(p);
    }
    img.pages.assign(128, 0x13);
    return img;
  };
  auto error = [](const Image& img) -> std::string {
    try {
      (void)Image::parse(img.serialize(), "x");
    } catch (const ImageError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(error(two()), "");
  auto flag = two();
  flag.partitions[1].initial = true;  // a second partition flagged initial
  EXPECT_NE(error(flag).find("partition 2 initial flag disagrees"), std::string::npos) << error(flag);
  auto shared = two();
  shared.partitions[1].first_page = 0;  // both partitions on page 0, page 1 unused
  EXPECT_NE(error(shared).find("partition 2 starts at page 0"), std::string::npos) << error(shared);
}

class ImageCorruption : public ::testing::TestWithParam<int> {};

// Any flipped byte is caught (CRC or a structural check); any truncation too. Never a crash.
TEST_P(ImageCorruption, FlippedOrTruncatedImagesAreRejected) {
  const std::uint64_t seed = baton::tb::test_seed();
  baton::tb::Rng rng(seed);
  const auto good = random_image(rng).serialize();
  for (int n = 0; n < 300; ++n) {
    auto bad = good;
    const auto at = rng.range(0, bad.size() - 1);
    bad[at] ^= static_cast<std::uint8_t>(rng.range(1, 255));
    EXPECT_THROW((void)Image::parse(bad, "flip"), ImageError) << "byte " << at << where(seed);
    const auto len = rng.range(0, good.size() - 1);
    EXPECT_THROW((void)Image::parse(std::span(good).first(len), "cut"), ImageError) << "length " << len << where(seed);
    if (HasFailure()) return;
  }
}
INSTANTIATE_TEST_SUITE_P(Seeds, ImageCorruption, ::testing::Range(0, 2));

TEST(ImageFormat, ReadmemhVectors) {
  const std::vector<std::uint8_t> bytes{0x01, 0x02, 0x03, 0x04, 0xaa, 0xbb};
  const std::string h4 = baton::image::to_readmemh(bytes, 4);
  EXPECT_EQ(h4.substr(h4.find('\n') + 1), "04030201\n0000bbaa\n");
  const std::string h8 = baton::image::to_readmemh(bytes, 8);
  EXPECT_EQ(h8.substr(h8.find('\n') + 1), "0000bbaa04030201\n");
  auto padded = bytes;
  padded.resize(8, 0);
  EXPECT_EQ(baton::image::from_readmemh(h4, 4), padded);
  EXPECT_EQ(baton::image::from_readmemh(h8, 8), padded);
  EXPECT_THROW((void)baton::image::from_readmemh("0403020\n", 4), ImageError);
  EXPECT_THROW((void)baton::image::from_readmemh("0403020g\n", 4), ImageError);
}

// The manifest names the partitions of its own image and is refused for another one.
TEST(ImageFormat, ManifestMustDescribeTheImage) {
  Image img;
  img.page_bytes = 256;
  Partition p;
  p.id = 3;
  p.initial = true;
  p.base = 0x400;
  p.code_bytes = 8;
  p.num_pages = 1;
  img.initial_partition = 3;
  img.partitions.push_back(p);
  img.pages.assign(256, 0);
  const std::string path = fmt::format("manifest-test-{}.json", ::testing::UnitTest::GetInstance()->random_seed());
  auto write = [&](const std::string& text) { std::ofstream(path) << text; };
  write(R"({"format": "baton-image", "version": 1, "page_bytes": 256, "partitions": [{"id": 3, "name": "ipv4", "base": 1024, "bytes": 8}]})");
  baton::image::apply_manifest(img, path);
  EXPECT_EQ(img.partitions[0].name, "ipv4");
  EXPECT_EQ(img.find("ipv4"), &img.partitions[0]);
  write(R"({"format": "baton-image", "version": 1, "page_bytes": 512, "partitions": []})");
  EXPECT_THROW(baton::image::apply_manifest(img, path), ImageError) << "page size differs";
  write(R"({"format": "baton-image", "version": 1, "page_bytes": 256, "partitions": [{"id": 3, "name": "x", "base": 2048, "bytes": 8}]})");
  EXPECT_THROW(baton::image::apply_manifest(img, path), ImageError) << "base differs";
  write(R"({"format": "something-else", "version": 1})");
  EXPECT_THROW(baton::image::apply_manifest(img, path), ImageError);
  write("{ not json");
  EXPECT_THROW(baton::image::apply_manifest(img, path), ImageError);
  std::remove(path.c_str());
}

TEST(ImageFormat, CrcKnownAnswer) {
  const std::string s = "123456789";  // the CRC-32/IEEE check value
  EXPECT_EQ(baton::image::crc32(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())), 0xcbf43926U);
}

}  // namespace
