// SPDX-License-Identifier: Apache-2.0
#include "baton/bytes.hpp"
#include "baton/image/image.hpp"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace baton::image {

namespace {

// Header word offsets (docs/firmware.md, "Image format").
enum HeaderWord : std::uint32_t {
  kHMagic = 0x00,
  kHVersion = 0x04,
  kHHeaderBytes = 0x08,
  kHTotalBytes = 0x0c,
  kHCrc = 0x10,
  kHPageBytes = 0x14,
  kHNumParts = 0x18,
  kHPartOff = 0x1c,
  kHEntryOff = 0x20,
  kHNumEntries = 0x24,
  kHPagesOff = 0x28,
  kHNumPages = 0x2c,
  kHRodataOff = 0x30,
  kHRodataBytes = 0x34,
  kHDataOff = 0x38,
  kHDataBytes = 0x3c,
  kHInitial = 0x40,
  kHFlags = 0x44,
  kHStackBytes = 0x48,
  kHFnTableAddr = 0x4c,
  kHFnTableSlots = 0x50,
};

using bytes::load_le32;
using bytes::store_le32;

std::uint32_t align_up(std::uint32_t v, std::uint32_t a) { return (v + a - 1) / a * a; }

bool is_pow2(std::uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }

}  // namespace

std::uint32_t crc32(std::span<const std::uint8_t> bytes) {
  uLong c = ::crc32(0L, Z_NULL, 0);
  std::size_t done = 0;
  while (done < bytes.size()) {  // zlib takes uInt lengths
    const auto n = static_cast<uInt>(std::min<std::size_t>(bytes.size() - done, 1U << 30));
    c = ::crc32(c, bytes.data() + done, n);
    done += n;
  }
  return static_cast<std::uint32_t>(c);
}

const Partition* Image::find(std::uint8_t id) const {
  for (const auto& p : partitions) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Partition* Image::find(const std::string& name) const {
  for (const auto& p : partitions) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::span<const std::uint8_t> Image::page(const Partition& p, std::uint32_t pg) const {
  if (pg >= p.num_pages) throw ImageError(fmt::format("partition {} has no page {}", p.id, pg));
  const std::size_t off = static_cast<std::size_t>(p.first_page + pg) * page_bytes;
  return std::span<const std::uint8_t>(pages).subspan(off, page_bytes);
}

std::optional<std::uint32_t> Image::code_word(std::uint32_t pc) const {
  for (const auto& p : partitions) {
    if (pc >= p.base && static_cast<std::uint64_t>(pc - p.base) + 4 <= static_cast<std::uint64_t>(p.num_pages) * page_bytes) {
      const std::size_t off = static_cast<std::size_t>(p.first_page) * page_bytes + (pc - p.base);
      return load_le32(pages, off);
    }
  }
  return std::nullopt;
}

std::optional<std::uint32_t> Image::fn_slot(std::uint32_t fn) const {
  if (fn >= fn_table_slots) return std::nullopt;
  const std::uint64_t off = static_cast<std::uint64_t>(fn_table_addr - kRodataBase) + 4ULL * fn;
  if (off + 4 > rodata.size()) return std::nullopt;
  return load_le32(rodata, static_cast<std::size_t>(off));
}

std::vector<std::uint8_t> Image::serialize() const {
  std::uint32_t num_entries = 0;
  std::uint32_t num_pages = 0;
  for (const auto& p : partitions) {
    num_entries += static_cast<std::uint32_t>(p.entries.size());
    num_pages += p.num_pages;
  }
  if (pages.size() != static_cast<std::size_t>(num_pages) * page_bytes) {
    throw ImageError("image: page store size does not match the partition table");
  }
  const std::uint32_t part_off = kHeaderBytes;
  const std::uint32_t entry_off = part_off + kPartRecordBytes * static_cast<std::uint32_t>(partitions.size());
  // Pages start on a page boundary of the file so a loader can copy them whole.
  const std::uint32_t pages_off = align_up(entry_off + 4 * num_entries, page_bytes);
  const std::uint32_t rodata_off = align_up(pages_off + static_cast<std::uint32_t>(pages.size()), 64);
  const std::uint32_t data_off = align_up(rodata_off + static_cast<std::uint32_t>(rodata.size()), 64);
  const std::uint32_t total = align_up(data_off + static_cast<std::uint32_t>(data.size()), 64);

  std::vector<std::uint8_t> b(total, 0);
  store_le32(b, kHMagic, kMagic);
  store_le32(b, kHVersion, kVersion);
  store_le32(b, kHHeaderBytes, kHeaderBytes);
  store_le32(b, kHTotalBytes, total);
  store_le32(b, kHPageBytes, page_bytes);
  store_le32(b, kHNumParts, static_cast<std::uint32_t>(partitions.size()));
  store_le32(b, kHPartOff, part_off);
  store_le32(b, kHEntryOff, entry_off);
  store_le32(b, kHNumEntries, num_entries);
  store_le32(b, kHPagesOff, pages_off);
  store_le32(b, kHNumPages, num_pages);
  store_le32(b, kHRodataOff, rodata_off);
  store_le32(b, kHRodataBytes, static_cast<std::uint32_t>(rodata.size()));
  store_le32(b, kHDataOff, data_off);
  store_le32(b, kHDataBytes, static_cast<std::uint32_t>(data.size()));
  store_le32(b, kHInitial, initial_partition);
  store_le32(b, kHFlags, flags);
  store_le32(b, kHStackBytes, stack_bytes);
  store_le32(b, kHFnTableAddr, fn_table_addr);
  store_le32(b, kHFnTableSlots, fn_table_slots);

  std::uint32_t entry_index = 0;
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    const auto& p = partitions[i];
    const std::size_t r = part_off + kPartRecordBytes * i;
    store_le32(b, r + 0, p.id | (p.initial ? 0x100U : 0U));
    store_le32(b, r + 4, p.base);
    store_le32(b, r + 8, p.code_bytes);
    store_le32(b, r + 12, p.first_page);
    store_le32(b, r + 16, p.num_pages);
    store_le32(b, r + 20, entry_index);
    store_le32(b, r + 24, static_cast<std::uint32_t>(p.entries.size()));
    for (auto pc : p.entries) store_le32(b, entry_off + 4 * entry_index++, pc);
  }
  std::copy(pages.begin(), pages.end(), b.begin() + pages_off);
  std::copy(rodata.begin(), rodata.end(), b.begin() + rodata_off);
  std::copy(data.begin(), data.end(), b.begin() + data_off);
  store_le32(b, kHCrc, crc32(b));  // computed with the CRC word zero
  return b;
}

Image Image::parse(std::span<const std::uint8_t> b, const std::string& what) {
  auto fail = [&](const std::string& msg) { return ImageError(fmt::format("{}: {}", what, msg)); };
  if (b.size() < kHeaderBytes) throw fail(fmt::format("{} bytes is too short for an image header", b.size()));
  if (load_le32(b, kHMagic) != kMagic) throw fail("not a Baton image (bad magic)");
  if (load_le32(b, kHVersion) != kVersion) {
    throw fail(fmt::format("image version {} is not supported (expected {})", load_le32(b, kHVersion), kVersion));
  }
  const std::uint32_t total = load_le32(b, kHTotalBytes);
  if (load_le32(b, kHHeaderBytes) != kHeaderBytes) throw fail("bad header size");
  if (total != b.size()) throw fail(fmt::format("image says {} bytes, file has {} (truncated?)", total, b.size()));
  std::vector<std::uint8_t> copy(b.begin(), b.end());
  store_le32(copy, kHCrc, 0);
  if (crc32(copy) != load_le32(b, kHCrc)) throw fail("CRC mismatch (corrupt image)");

  Image img;
  img.page_bytes = load_le32(b, kHPageBytes);
  if (!is_pow2(img.page_bytes) || img.page_bytes < 64) throw fail(fmt::format("bad page size {}", img.page_bytes));
  img.flags = load_le32(b, kHFlags);
  img.stack_bytes = load_le32(b, kHStackBytes);
  img.initial_partition = static_cast<std::uint8_t>(load_le32(b, kHInitial));
  img.fn_table_addr = load_le32(b, kHFnTableAddr);
  img.fn_table_slots = load_le32(b, kHFnTableSlots);

  // Every table must lie inside the file; 64-bit sums so corrupt sizes cannot wrap.
  auto region = [&](std::uint32_t off, std::uint64_t bytes, const char* name) {
    if (static_cast<std::uint64_t>(off) + bytes > total) throw fail(fmt::format("{} lies beyond the end of the image", name));
    return b.subspan(off, static_cast<std::size_t>(bytes));
  };
  const std::uint32_t nparts = load_le32(b, kHNumParts);
  if (nparts > 256) throw fail(fmt::format("{} partitions (at most 256)", nparts));
  const auto parts = region(load_le32(b, kHPartOff), 1ULL * kPartRecordBytes * nparts, "partition table");
  const std::uint32_t nentries = load_le32(b, kHNumEntries);
  const auto entries = region(load_le32(b, kHEntryOff), 4ULL * nentries, "entry table");
  const std::uint32_t npages = load_le32(b, kHNumPages);
  const auto pages = region(load_le32(b, kHPagesOff), 1ULL * npages * img.page_bytes, "page store");
  const auto rodata = region(load_le32(b, kHRodataOff), load_le32(b, kHRodataBytes), "rodata");
  const auto data = region(load_le32(b, kHDataOff), load_le32(b, kHDataBytes), "data");
  img.pages.assign(pages.begin(), pages.end());
  img.rodata.assign(rodata.begin(), rodata.end());
  img.data.assign(data.begin(), data.end());

  std::uint32_t next_page = 0;  // the page store holds the partitions' pages in id order
  for (std::uint32_t i = 0; i < nparts; ++i) {
    const auto r = parts.subspan(i * kPartRecordBytes, kPartRecordBytes);
    Partition p;
    const std::uint32_t w0 = load_le32(r, 0);
    p.id = static_cast<std::uint8_t>(w0 & 0xffU);
    p.initial = (w0 & 0x100U) != 0;
    p.base = load_le32(r, 4);
    p.code_bytes = load_le32(r, 8);
    p.first_page = load_le32(r, 12);
    p.num_pages = load_le32(r, 16);
    const std::uint32_t e0 = load_le32(r, 20);
    const std::uint32_t ne = load_le32(r, 24);
    if ((w0 >> 9) != 0) throw fail(fmt::format("partition record {} has reserved bits set", i));
    if (img.find(p.id) != nullptr) throw fail(fmt::format("partition id {} appears twice", p.id));
    if (p.base % img.page_bytes != 0) throw fail(fmt::format("partition {} base {:#x} is not page aligned", p.id, p.base));
    if (static_cast<std::uint64_t>(p.first_page) + p.num_pages > npages ||
        static_cast<std::uint64_t>(p.code_bytes) > static_cast<std::uint64_t>(p.num_pages) * img.page_bytes ||
        static_cast<std::uint64_t>(p.code_bytes) + img.page_bytes <= static_cast<std::uint64_t>(p.num_pages) * img.page_bytes) {
      throw fail(fmt::format("partition {} page range is inconsistent", p.id));
    }
    if (p.first_page != next_page) {
      throw fail(fmt::format("partition {} starts at page {}, not after the pages of the partitions before it ({})", p.id,
                             p.first_page, next_page));
    }
    next_page += p.num_pages;
    if (p.initial != (p.id == img.initial_partition)) {
      throw fail(fmt::format("partition {} initial flag disagrees with the header's initial partition {}", p.id,
                             img.initial_partition));
    }
    if (static_cast<std::uint64_t>(e0) + ne > nentries) throw fail(fmt::format("partition {} entry range is inconsistent", p.id));
    for (std::uint32_t k = 0; k < ne; ++k) {
      const std::uint32_t pc = load_le32(entries, 4ULL * (e0 + k));
      if ((pc & 3U) != 0 || pc < p.base || pc >= p.end()) {
        throw fail(fmt::format("partition {} entry {} ({:#x}) lies outside it", p.id, k, pc));
      }
      p.entries.push_back(pc);
    }
    if (!img.partitions.empty() && img.partitions.back().id >= p.id) throw fail("partition table is not sorted by id");
    img.partitions.push_back(std::move(p));
  }
  if (next_page != npages) throw fail(fmt::format("page store holds {} pages, the partitions {}", npages, next_page));
  if (img.find(img.initial_partition) == nullptr) {
    throw fail(fmt::format("initial partition {} is not in the partition table", img.initial_partition));
  }
  return img;
}

Image Image::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImageError(fmt::format("{}: cannot open", path));
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse(bytes, path);
}

std::string to_readmemh(std::span<const std::uint8_t> bytes, unsigned word_bytes) {
  if (word_bytes == 0 || word_bytes > 64) throw ImageError(fmt::format("bad hex word width {} bytes", word_bytes));
  std::string out = fmt::format("// Baton image, {} bytes, {}-bit little-endian words, word 0 = image offset 0\n",
                                bytes.size(), 8 * word_bytes);
  const std::size_t words = (bytes.size() + word_bytes - 1) / word_bytes;
  out.reserve(out.size() + words * (2 * word_bytes + 1));
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t w = 0; w < words; ++w) {
    for (unsigned i = word_bytes; i-- > 0;) {  // most significant byte first in the text
      const std::size_t k = w * word_bytes + i;
      const std::uint8_t v = k < bytes.size() ? bytes[k] : 0;
      out.push_back(kHex[v >> 4]);
      out.push_back(kHex[v & 15]);
    }
    out.push_back('\n');
  }
  return out;
}

std::vector<std::uint8_t> from_readmemh(const std::string& text, unsigned word_bytes) {
  std::vector<std::uint8_t> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with("//")) continue;
    if (line.size() != 2 * word_bytes) throw ImageError(fmt::format("hex line '{}' is not {} digits", line, 2 * word_bytes));
    for (unsigned k = 0; k < word_bytes; ++k) {  // byte k is the k-th pair from the right
      const std::string pair = line.substr(2 * (word_bytes - 1 - k), 2);
      if (pair.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        throw ImageError(fmt::format("hex line '{}' has a non-hex digit", line));
      }
      out.push_back(static_cast<std::uint8_t>(std::stoul(pair, nullptr, 16)));
    }
  }
  return out;
}

void apply_manifest(Image& img, const std::string& manifest_path) {
  std::ifstream in(manifest_path);
  if (!in) throw ImageError(fmt::format("{}: cannot open", manifest_path));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
    if (j.at("format").get<std::string>() != "baton-image") throw ImageError(fmt::format("{}: not a Baton image manifest", manifest_path));
    if (j.at("version").get<unsigned>() != kVersion) throw ImageError(fmt::format("{}: manifest version is not {}", manifest_path, kVersion));
    if (j.at("page_bytes").get<std::uint32_t>() != img.page_bytes) {
      throw ImageError(fmt::format("{}: page size differs from the image", manifest_path));
    }
    for (const auto& jp : j.at("partitions")) {
      const auto id = jp.at("id").get<unsigned>();
      auto it = std::find_if(img.partitions.begin(), img.partitions.end(), [&](const Partition& p) { return p.id == id; });
      if (it == img.partitions.end() || it->base != jp.at("base").get<std::uint32_t>() ||
          it->code_bytes != jp.at("bytes").get<std::uint32_t>()) {
        throw ImageError(fmt::format("{}: partition {} does not match the image", manifest_path, id));
      }
      it->name = jp.at("name").get<std::string>();
    }
  } catch (const nlohmann::json::exception& e) {
    throw ImageError(fmt::format("{}: bad manifest: {}", manifest_path, e.what()));
  }
}

Image load(const std::string& bin_path, const std::optional<std::string>& manifest_path) {
  Image img = Image::read_file(bin_path);
  if (manifest_path) apply_manifest(img, *manifest_path);
  return img;
}

}  // namespace baton::image
