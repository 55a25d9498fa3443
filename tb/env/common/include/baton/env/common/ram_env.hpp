// SPDX-License-Identifier: Apache-2.0
// Testbench for baton_ram_1p and baton_ram_2p against the RAM reference models. Every cycle each
// port's rdata is compared with the model on every bit the model knows (bits never written, and
// reads the specification leaves undefined, are not compared). Ports are driven raw, every cycle,
// from a seeded generator that concentrates addresses on a few hot words so reads after writes,
// partial byte writes and same-address collisions happen often.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include <fmt/format.h>

#include "baton/model/common/ram.hpp"
#include "baton/tb/log.hpp"
#include "baton/env/common/common_env.hpp"

namespace baton::env::common {

struct RamConfig {
  unsigned width;
  unsigned depth;
  bool byte_en;
  bool true_dual_port;    // 2p only
  std::string init_file;  // empty: no init file
};

using model::common::RamPortOp;

// Seeded port operations.
class RamOpGen {
 public:
  RamOpGen(Rng rng, const RamConfig& cfg) : rng_(rng), cfg_(cfg) {
    for (auto& h : hot_) h = static_cast<unsigned>(rng_.range(0, cfg.depth - 1));
  }
  RamPortOp next(double p_req, double p_we) {
    RamPortOp op;
    op.req = rng_.chance(p_req);
    op.we = rng_.chance(p_we);
    op.addr = rng_.chance(0.6) ? hot_[rng_.range(0, hot_.size() - 1)]
                               : static_cast<unsigned>(rng_.range(0, cfg_.depth - 1));
    op.wdata = rng_.bits(cfg_.width);
    op.be = cfg_.byte_en ? rng_.bits(cfg_.width / 8) : 1;
    return op;
  }

 private:
  Rng rng_;
  RamConfig cfg_;
  std::array<unsigned, 4> hot_{};
};

template <typename D>
void drive_port_1p(D& d, const RamPortOp& op) {
  d.req_i = op.req;
  d.we_i = op.we;
  write_port(d.addr_i, op.addr);
  write_port(d.wdata_i, op.wdata);
  write_port(d.be_i, op.be);
}

#define BATON_RAM_PORT_IO(P)                                                   \
  template <typename D>                                                        \
  void drive_##P(D& d, const RamPortOp& op) {                                  \
    d.P##_req_i = op.req;                                                      \
    d.P##_we_i = op.we;                                                        \
    write_port(d.P##_addr_i, op.addr);                                         \
    write_port(d.P##_wdata_i, op.wdata);                                       \
    write_port(d.P##_be_i, op.be);                                             \
  }                                                                            \
  template <typename D>                                                        \
  RamPortOp sample_##P(const D& d) {                                           \
    return {d.P##_req_i != 0, d.P##_we_i != 0, static_cast<unsigned>(d.P##_addr_i), \
            read_port<std::uint64_t>(d.P##_wdata_i), read_port<std::uint64_t>(d.P##_be_i)}; \
  }
BATON_RAM_PORT_IO(a)
BATON_RAM_PORT_IO(b)
#undef BATON_RAM_PORT_IO

template <typename D>
RamPortOp sample_port_1p(const D& d) {
  return {d.req_i != 0, d.we_i != 0, static_cast<unsigned>(d.addr_i), read_port<std::uint64_t>(d.wdata_i),
          read_port<std::uint64_t>(d.be_i)};
}

inline std::string describe_word(const model::common::MaybeWord& w) {
  return fmt::format("0x{:x} (known bits 0x{:x})", w.value, w.known);
}

template <typename V>
class Ram1pEnv {
 public:
  explicit Ram1pEnv(RamConfig cfg) : cfg_(cfg), model_(cfg.width, cfg.depth, cfg.byte_en), gen_(sim_.rng().fork(3), cfg) {
    if (!cfg.init_file.empty()) model_.array().load_hex(cfg.init_file);
    sim_.on_sample([this] { check_cycle(); });
    sim_.on_drive([this] { drive_port_1p(sim_.dut(), source_ ? source_() : RamPortOp{}); });
  }
  PrimSim<V>& sim() { return sim_; }
  model::common::Ram1pModel& model() { return model_; }
  RamOpGen& gen() { return gen_; }
  std::uint64_t compared_reads() const { return compared_; }

  // Runs `cycles` cycles with operations from `source`.
  bool run(std::uint64_t cycles, std::function<RamPortOp()> source) {
    source_ = std::move(source);
    return sim_.advance(cycles);
  }

 private:
  void check_cycle() {
    auto& d = sim_.dut();
    const auto& exp = model_.rdata();
    const auto got = read_port<std::uint64_t>(d.rdata_o);
    if (!exp.matches(got)) {
      sim_.fail(fmt::format("cycle model: rdata_o: expected {}, got 0x{:x}", describe_word(exp), got));
    }
    compared_ += exp.known != 0;
    model_.clock(sample_port_1p(d));
  }

  RamConfig cfg_;
  PrimSim<V> sim_;
  model::common::Ram1pModel model_;
  RamOpGen gen_;
  std::function<RamPortOp()> source_;
  std::uint64_t compared_ = 0;
};

template <typename V>
class Ram2pEnv {
 public:
  using Ops = std::pair<RamPortOp, RamPortOp>;

  explicit Ram2pEnv(RamConfig cfg)
      : cfg_(cfg), model_(cfg.width, cfg.depth, cfg.byte_en, cfg.true_dual_port),
        gen_a_(sim_.rng().fork(3), cfg), gen_b_(sim_.rng().fork(4), cfg) {
    if (!cfg.init_file.empty()) model_.array().load_hex(cfg.init_file);
    sim_.on_sample([this] { check_cycle(); });
    sim_.on_drive([this] {
      const Ops ops = source_ ? source_() : Ops{};
      drive_a(sim_.dut(), ops.first);
      drive_b(sim_.dut(), ops.second);
    });
  }
  PrimSim<V>& sim() { return sim_; }
  model::common::Ram2pModel& model() { return model_; }
  RamOpGen& gen_a() { return gen_a_; }
  RamOpGen& gen_b() { return gen_b_; }
  std::uint64_t compared_reads() const { return compared_; }

  bool run(std::uint64_t cycles, std::function<Ops()> source) {
    source_ = std::move(source);
    return sim_.advance(cycles);
  }

  // Random traffic on both ports; on a true dual port two writes to one word are avoided (illegal).
  Ops random_ops() {
    RamPortOp a = gen_a_.next(0.8, 0.5);
    RamPortOp b = gen_b_.next(0.8, cfg_.true_dual_port ? 0.5 : 0.0);
    if (!cfg_.true_dual_port) a.we = true;  // port A only writes; its req alone decides
    if (cfg_.true_dual_port && a.req && a.we && b.req && b.we && a.addr == b.addr) b.we = false;
    return {a, b};
  }

 private:
  void check_cycle() {
    auto& d = sim_.dut();
    const auto got_b = read_port<std::uint64_t>(d.b_rdata_o);
    if (!model_.b_rdata().matches(got_b)) {
      sim_.fail(fmt::format("cycle model: b_rdata_o: expected {}, got 0x{:x}", describe_word(model_.b_rdata()), got_b));
    }
    compared_ += model_.b_rdata().known != 0;
    if (cfg_.true_dual_port) {
      const auto got_a = read_port<std::uint64_t>(d.a_rdata_o);
      if (!model_.a_rdata().matches(got_a)) {
        sim_.fail(fmt::format("cycle model: a_rdata_o: expected {}, got 0x{:x}", describe_word(model_.a_rdata()), got_a));
      }
      compared_ += model_.a_rdata().known != 0;
    } else if (read_port<std::uint64_t>(d.a_rdata_o) != 0) {
      sim_.fail("a_rdata_o must be zero on a simple dual-port RAM");
    }
    model_.clock(sample_a(d), sample_b(d));
  }

  RamConfig cfg_;
  PrimSim<V> sim_;
  model::common::Ram2pModel model_;
  RamOpGen gen_a_;
  RamOpGen gen_b_;
  std::function<Ops()> source_;
  std::uint64_t compared_ = 0;
};

}  // namespace baton::env::common
