// SPDX-License-Identifier: Apache-2.0
// Cycle-level reference models of the RAM wrappers (baton_ram_1p, baton_ram_2p), written from
// their specification, for words up to 64 bits. Every bit carries a "known" flag: contents are
// unknown until written (or loaded from an init file), and a read the specification leaves
// undefined yields unknown bits, which a checker must not compare.
//
//   - synchronous read: the data of a read appears on the port's rdata in the next cycle and stays
//     until that port's next read;
//   - a write cycle does not read (that port's rdata holds);
//   - byte enables: lane i is bits 8i+7..8i; without byte enables the lane is the whole word;
//   - dual port: a read of the address the other port writes in the same cycle is undefined;
//     two writes to one address in one cycle are illegal (the written word becomes unknown).
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace baton::model::common {

// A value with a per-bit "known" mask.
struct MaybeWord {
  std::uint64_t value = 0;
  std::uint64_t known = 0;  // bit set: the corresponding value bit is defined

  // True when `actual` agrees with every known bit.
  [[nodiscard]] bool matches(std::uint64_t actual) const { return ((actual ^ value) & known) == 0; }
};

struct RamPortOp {
  bool req = false;
  bool we = false;
  unsigned addr = 0;
  std::uint64_t wdata = 0;
  std::uint64_t be = 0;  // one bit per byte lane; ignored without byte enables
};

class RamArray {
 public:
  RamArray(unsigned width, unsigned depth, bool byte_en)
      : width_(width), depth_(depth), byte_en_(byte_en), words_(depth) {
    if (width == 0 || width > 64) throw std::invalid_argument("RamArray: width must be 1..64");
    if (byte_en && width % 8 != 0) throw std::invalid_argument("RamArray: byte enables need width % 8 == 0");
  }

  [[nodiscard]] std::uint64_t word_mask() const {
    return width_ >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width_) - 1;
  }
  // Bits a write with these byte enables changes.
  [[nodiscard]] std::uint64_t write_mask(std::uint64_t be) const {
    if (!byte_en_) return word_mask();
    std::uint64_t m = 0;
    for (unsigned lane = 0; lane < width_ / 8; ++lane) {
      if ((be >> lane) & 1U) m |= std::uint64_t{0xff} << (8 * lane);
    }
    return m;
  }

  [[nodiscard]] const MaybeWord& at(unsigned addr) const { return words_.at(addr); }

  void write(unsigned addr, std::uint64_t data, std::uint64_t be) {
    MaybeWord& w = words_.at(addr);
    const std::uint64_t m = write_mask(be);
    w.value = (w.value & ~m) | (data & m);
    w.known |= m;
  }
  void make_unknown(unsigned addr) { words_.at(addr).known = 0; }

  // Loads a $readmemh file: one hex word per line from address 0; '//' comments and blank lines
  // are skipped (the subset of the format the tests use).
  void load_hex(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("RamArray: cannot open " + path);
    std::string line;
    unsigned addr = 0;
    while (std::getline(in, line)) {
      if (const auto c = line.find("//"); c != std::string::npos) line.erase(c);
      std::istringstream ss(line);
      std::string tok;
      while (ss >> tok) {
        if (addr >= depth_) throw std::runtime_error("RamArray: init file longer than the memory");
        words_[addr].value = std::stoull(tok, nullptr, 16) & word_mask();
        words_[addr].known = word_mask();
        ++addr;
      }
    }
  }

  [[nodiscard]] unsigned depth() const { return depth_; }
  [[nodiscard]] unsigned width() const { return width_; }

 private:
  unsigned width_;
  unsigned depth_;
  bool byte_en_;
  std::vector<MaybeWord> words_;
};

class Ram1pModel {
 public:
  Ram1pModel(unsigned width, unsigned depth, bool byte_en) : mem_(width, depth, byte_en) {}
  RamArray& array() { return mem_; }
  [[nodiscard]] const MaybeWord& rdata() const { return rdata_; }

  void clock(const RamPortOp& op) {
    if (!op.req) return;
    if (op.we) {
      mem_.write(op.addr, op.wdata, op.be);
    } else {
      rdata_ = mem_.at(op.addr);
    }
  }

 private:
  RamArray mem_;
  MaybeWord rdata_;  // unknown until the first read
};

class Ram2pModel {
 public:
  Ram2pModel(unsigned width, unsigned depth, bool byte_en, bool true_dual_port)
      : mem_(width, depth, byte_en), tdp_(true_dual_port) {}
  RamArray& array() { return mem_; }
  [[nodiscard]] const MaybeWord& a_rdata() const { return a_rdata_; }
  [[nodiscard]] const MaybeWord& b_rdata() const { return b_rdata_; }
  [[nodiscard]] std::uint64_t undefined_reads() const { return undefined_reads_; }
  [[nodiscard]] std::uint64_t write_collisions() const { return write_collisions_; }

  void clock(RamPortOp a, RamPortOp b) {
    if (!tdp_) {
      a.req = a.req && a.we;  // port A only writes
      b.we = false;           // port B only reads
    }
    const bool a_wr = a.req && a.we;
    const bool b_wr = b.req && b.we;
    // Reads see the contents before this cycle's writes, except where the spec says undefined.
    if (a.req && !a.we) a_rdata_ = read_against(a.addr, b_wr, b.addr);
    if (b.req && !b.we) b_rdata_ = read_against(b.addr, a_wr, a.addr);
    if (a_wr) mem_.write(a.addr, a.wdata, a.be);
    if (b_wr) mem_.write(b.addr, b.wdata, b.be);
    if (a_wr && b_wr && a.addr == b.addr) {
      ++write_collisions_;
      mem_.make_unknown(a.addr);
    }
  }

 private:
  MaybeWord read_against(unsigned addr, bool other_writes, unsigned other_addr) {
    if (other_writes && other_addr == addr) {
      ++undefined_reads_;
      return {};
    }
    return mem_.at(addr);
  }

  RamArray mem_;
  bool tdp_;
  MaybeWord a_rdata_;
  MaybeWord b_rdata_;
  std::uint64_t undefined_reads_ = 0;
  std::uint64_t write_collisions_ = 0;
};

}  // namespace baton::model::common
