// SPDX-License-Identifier: Apache-2.0
// The image reader as the testbench, the ISS and the FPGA flow call it: baton::image::load(bin,
// manifest). One input holds both files: the manifest JSON text, a NUL byte, the binary image (no
// NUL: the whole input is the image and there is no manifest). So that mutations get past the
// checksum, a CRC word of 0 in the image is replaced by the right CRC, and a total-bytes word of 0
// by the size, before the files are written; inputs with other values test those checks.
// A rejection is one ImageError line. An accepted image obeys the format of docs/firmware.md
// section 8 and survives serialize() and parse() unchanged.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <typeinfo>
#include <cstring>

#include "baton/image/image.hpp"
#include "fuzz_check.hpp"

namespace baton::fuzz {

namespace {

using image::Image;
using image::ImageError;

std::uint32_t rd32(const std::vector<std::uint8_t>& b, std::size_t off) {
  return std::uint32_t{b[off]} | std::uint32_t{b[off + 1]} << 8 | std::uint32_t{b[off + 2]} << 16 |
         std::uint32_t{b[off + 3]} << 24;
}
void wr32(std::vector<std::uint8_t>& b, std::size_t off, std::uint32_t v) {
  for (unsigned i = 0; i < 4; ++i) b[off + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void check_accepted(const Image& img) {
  // Section 8: partitions sorted by id; the initial one exists and is the only one flagged; each
  // partition's pages, in id order, inside the page store; entries inside their partition.
  std::uint32_t next_page = 0;
  for (std::size_t i = 0; i < img.partitions.size(); ++i) {
    const auto& p = img.partitions[i];
    if (i > 0 && img.partitions[i - 1].id >= p.id) bug("accepted a partition table not sorted by id");
    if (p.initial != (p.id == img.initial_partition)) {
      bug(fmt::format("accepted partition {} whose initial bit disagrees with the header (initial {})", p.id,
                      img.initial_partition));
    }
    if (p.first_page != next_page) {
      bug(fmt::format("accepted partition {} at page {}, not after the pages of the partitions before it (page {})",
                      p.id, p.first_page, next_page));
    }
    next_page += p.num_pages;
    if (static_cast<std::uint64_t>(p.first_page + p.num_pages) * img.page_bytes > img.pages.size()) {
      bug("accepted a partition beyond the page store");
    }
    for (const auto pc : p.entries) {
      if (pc < p.base || pc - p.base >= p.code_bytes) bug("accepted an entry outside its partition");
    }
    (void)img.code_word(p.base);
  }
  if (static_cast<std::uint64_t>(next_page) * img.page_bytes != img.pages.size()) {
    bug(fmt::format("accepted a page store of {} bytes that the partitions' {} pages do not fill", img.pages.size(),
                    next_page));
  }
  if (img.find(img.initial_partition) == nullptr) bug("accepted an image without its initial partition");
  for (std::uint32_t fn = 0; fn < std::min<std::uint32_t>(img.fn_table_slots, 64); ++fn) (void)img.fn_slot(fn);

  std::vector<std::uint8_t> bytes;
  try {
    bytes = img.serialize();
  } catch (const ImageError& e) {
    bug(fmt::format("serialize() rejects an image that parse() accepted: {}", e.what()));
  }
  Image back;
  try {
    back = Image::parse(bytes, "rewritten");
  } catch (const ImageError& e) {
    bug(fmt::format("parse() rejects what serialize() wrote: {}", e.what()));
  }
  bool same = back.page_bytes == img.page_bytes && back.stack_bytes == img.stack_bytes && back.flags == img.flags &&
              back.initial_partition == img.initial_partition && back.fn_table_addr == img.fn_table_addr &&
              back.fn_table_slots == img.fn_table_slots && back.pages == img.pages && back.rodata == img.rodata &&
              back.data == img.data && back.partitions.size() == img.partitions.size();
  for (std::size_t i = 0; same && i < img.partitions.size(); ++i) {
    const auto& a = img.partitions[i];
    const auto& b = back.partitions[i];
    same = a.id == b.id && a.initial == b.initial && a.base == b.base && a.code_bytes == b.code_bytes &&
           a.first_page == b.first_page && a.num_pages == b.num_pages && a.entries == b.entries;
  }
  if (!same) bug("serialize() and parse() do not give the image back");
}

}  // namespace

void check_image(Input in) {
  const auto nul = std::find(in.begin(), in.end(), std::uint8_t{0});
  std::optional<Input> manifest;
  Input bin = in;
  if (nul != in.end()) {
    manifest = in.first(static_cast<std::size_t>(nul - in.begin()));
    bin = in.subspan(manifest->size() + 1);
  }
  std::vector<std::uint8_t> b(bin.begin(), bin.end());
  if (b.size() >= image::kHeaderBytes) {
    if (rd32(b, 0x0c) == 0) wr32(b, 0x0c, static_cast<std::uint32_t>(b.size()));
    if (rd32(b, 0x10) == 0) wr32(b, 0x10, image::crc32(b));
  }
  const std::string bin_path = scratch_file("image-bin", b);
  std::optional<std::string> json_path;
  if (manifest) json_path = scratch_file("image-json", *manifest);
  Image img;
  try {
    img = image::load(bin_path, json_path);
  } catch (const ImageError& e) {
    expect_one_line("ImageError", e.what());
    return;
  } catch (const std::exception& e) {
    bug(fmt::format("image::load threw a {} instead of ImageError: {}", typeid(e).name(), e.what()));
  }
  check_accepted(img);
}

}  // namespace baton::fuzz
